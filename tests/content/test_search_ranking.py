"""Site search on the demo content ranks the pages about a term above the home page, and
shows each page hit with a snippet in which the term is highlighted (issue 14 item 7)."""

import re

import pytest

pytestmark = pytest.mark.django_db

RESULT = re.compile(
    r'<li><h3><a href="[^"]*">(?P<title>.*?)</a></h3>\s*<p><span class="badge">'
    r"(?P<kind>[^<]*)</span>(?P<snippet>.*?)</p></li>",
    re.S,
)


def _hits(client, query: str) -> list[dict]:
    html = client.get("/search/", {"q": query}).content.decode()
    results = html.split('<ul class="search-results"', 1)
    assert len(results) == 2, f"no results for {query!r}"
    return [m.groupdict() for m in RESULT.finditer(results[1].split("</ul>", 1)[0])]


@pytest.mark.parametrize("query", ["DICOM", "MRRT"])
def test_the_home_page_does_not_rank_first(client, demo_content, query):
    hits = _hits(client, query)
    assert hits, query
    assert re.sub("<[^>]+>", "", hits[0]["title"]) != "Home", [h["title"] for h in hits]
    # The first hit is about the term: it is in its title or its highlighted snippet.
    assert query.lower() in (hits[0]["title"] + hits[0]["snippet"]).lower()


@pytest.mark.parametrize("query", ["DICOM", "MRRT"])
def test_page_hits_show_the_term_highlighted(client, demo_content, query):
    page_hits = [h for h in _hits(client, query) if h["kind"] != "Transcript"]
    assert len(page_hits) >= 2
    marked = re.compile(rf"<mark>{query}\w*</mark>", re.I)
    for hit in page_hits:
        # In the passage around the term, or in the title when the title alone matched.
        assert marked.search(hit["snippet"]) or marked.search(hit["title"]), hit
    assert any(marked.search(hit["snippet"]) for hit in page_hits)


def test_highlighting_never_lets_markup_through(client, demo_content):
    html = client.get("/search/", {"q": "<b>DICOM</b>"}).content.decode()
    assert "<b>" not in html.split("<main", 1)[1]
