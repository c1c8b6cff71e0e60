"""Site search costs the same number of queries whether 5 or 50 pages and cues match.

Issue 17 item 3 (timings are in bench/bench_search.py, never here). On PostgreSQL the
search reads the full-text indexes: pages through Wagtail's index table, transcripts
through the cues' stored search vector; the second test checks they are what is used.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from content.models import StandardPage
from content.webinars.models import TranscriptCue
from tests.webinars import factories

pytestmark = pytest.mark.django_db

WORD = "zygapophysis"


def _add_matches(parent, recording, start: int, stop: int) -> None:
    for n in range(start, stop):
        parent.add_child(
            instance=StandardPage(
                title=f"Scale page {n}", slug=f"scale-{n}", introduction=f"The {WORD} {n}."
            )
        )
    TranscriptCue.objects.bulk_create(
        TranscriptCue(recording=recording, start=n * 5.0, end=n * 5.0 + 4, text=f"The {WORD} {n}")
        for n in range(start, stop)
    )


def _queries_for_search(client) -> int:
    client.get("/search/", {"q": WORD})  # warm: site root paths, content types
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/search/", {"q": WORD})
    assert response.status_code == 200
    return len(queries)


def test_search_queries_do_not_grow_with_the_number_of_matches(client):
    root = Site.objects.get(is_default_site=True).root_page
    parent = root.add_child(instance=StandardPage(title="Scale", slug="scale"))
    recording = factories.recording(access="public", vtt=None, title="Scale talk")

    _add_matches(parent, recording, 0, 5)
    small = _queries_for_search(client)
    html_small = client.get("/search/", {"q": WORD}).content.decode()
    _add_matches(parent, recording, 5, 50)
    large = _queries_for_search(client)
    html_large = client.get("/search/", {"q": WORD}).content.decode()

    assert small == large
    assert "Page 1 of" not in html_small
    assert "Page 1 of 5" in html_large  # 50 pages, ten a page: counted, not just listed
    assert html_large.count("Scale talk at") == 20  # transcript moments are capped


def test_postgresql_search_reads_the_full_text_indexes(client):
    if connection.vendor != "postgresql":
        pytest.skip("the full-text indexes are PostgreSQL's; SQLite uses Wagtail's FTS5 table")
    recording = factories.recording(access="public", vtt=None, title="Indexed talk")
    TranscriptCue.objects.create(recording=recording, start=1, end=2, text=f"A {WORD} here")

    with CaptureQueriesContext(connection) as queries:
        html = client.get("/search/", {"q": WORD}).content.decode()

    assert "Indexed talk at 0:01" in html
    assert "<mark>" in html  # the matched word is highlighted in the snippet
    sql = "\n".join(q["sql"] for q in queries)
    assert "LIKE" not in sql.upper().replace("ILIKE", "LIKE")  # no substring scan
    assert '"webinars_transcriptcue"."search_vector" @@' in sql
    assert '"wagtailsearch_indexentry"."title" @@' in sql
    cue = TranscriptCue.objects.get(recording=recording)
    with connection.cursor() as cursor:  # the trigger keeps the stored vector
        cursor.execute(
            "SELECT search_vector::text FROM webinars_transcriptcue WHERE id = %s", [cue.pk]
        )
        assert "zygapophysi" in cursor.fetchone()[0]
