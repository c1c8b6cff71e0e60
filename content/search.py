"""Site search: who may find which page, and features' providers of extra results.

A result is shown only to a visitor who may open the page it points to: pages follow
Wagtail's privacy (login, groups, password), and each provider applies its own rule
(webinar transcripts follow the recording's access level).

A provider is a function (request, query) -> list of dicts with `title`, `url`,
`snippet` and `kind`; webinar transcripts use it to link to a moment in a video.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.conf import settings
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.core.paginator import Page as PaginatorPage
from django.db import connection
from django.db.models import CharField, F, Q, QuerySet
from django.db.models.functions import Cast
from django.http import HttpRequest
from django.utils.html import escape
from django.utils.safestring import mark_safe
from wagtail.models import Page, PageViewRestriction

SearchProvider = Callable[[HttpRequest, str], list[dict]]
_providers: list[SearchProvider] = []


def register_search_provider(provider: SearchProvider) -> SearchProvider:
    if provider not in _providers:
        _providers.append(provider)
    return provider


def extra_search_results(request: HttpRequest, query: str) -> list[dict]:
    results: list[dict] = []
    for provider in _providers:
        results.extend(provider(request, query))
    return results


def hidden_page_paths(request: HttpRequest) -> list[str]:
    """Tree paths of the pages whose view restriction this request does not pass; the
    restriction covers their descendants too. (A handful of rows: restrictions are set
    by hand in the admin.)"""
    restrictions = PageViewRestriction.objects.select_related("page").prefetch_related("groups")
    return [r.page.path for r in restrictions if not r.accept_request(request)]


def outside_hidden_pages(paths: list[str], *, prefix: str = "") -> Q:
    """A filter that keeps rows whose page (at `prefix` + "path") is not under `paths`."""
    if not paths:
        return Q()
    return ~reduce(or_, (Q(**{f"{prefix}path__startswith": path}) for path in paths))


def visible_pages(request: HttpRequest) -> QuerySet[Page]:
    """Live pages this visitor may open."""
    return Page.objects.live().filter(outside_hidden_pages(hidden_page_paths(request)))


# --- Page search --------------------------------------------------------------------------

RESULTS_PER_PAGE = 10
# ts_headline marks matches with these; no indexed text holds them (vtt drops controls).
MARK_START, MARK_STOP = "\x02", "\x03"


@dataclass
class PageHit:
    page: Page
    snippet: str  # plain text, or safe HTML with <mark>ed terms
    title: str = ""  # the page's title, as safe HTML with <mark>ed terms when they are in it

    def __post_init__(self) -> None:
        self.title = self.title or self.page.title


def highlighted(headline: str) -> str:
    """ts_headline's text with its markers turned into <mark>, everything else escaped."""
    escaped = escape(headline)  # leaves the two control characters alone
    # Safe: the text is escaped; the only markup is the <mark> pairs put in here.
    return mark_safe(escaped.replace(MARK_START, "<mark>").replace(MARK_STOP, "</mark>"))  # noqa: S308


def _hidden_page_ids(request: HttpRequest) -> QuerySet:
    """Ids (as the index's text object ids) of pages the visitor may not open: drafts and
    unpublished pages, and those under a view restriction the request does not pass."""
    hidden = Q(live=False)
    for path in hidden_page_paths(request):
        hidden |= Q(path__startswith=path)
    return (
        Page.objects.filter(hidden)
        .annotate(object_id=Cast("id", output_field=CharField()))
        .values("object_id")
    )


def search_config() -> str:
    """The text search configuration of Wagtail's index (settings), named explicitly so
    PostgreSQL parses the query once per statement rather than once per row."""
    return settings.WAGTAILSEARCH_BACKENDS["default"].get("SEARCH_CONFIG") or "english"


def _indexed_matches(request: HttpRequest, terms: str) -> QuerySet:
    """Index entries of pages matching `terms`, best first (PostgreSQL).

    Reads Wagtail's own search index table (kept by Wagtail on every publish): a page
    matches when its title or its body (every other indexed field) holds all the terms,
    which the GIN indexes on `title` and `body` answer. (Wagtail's own query matches
    `title || body`, which no index covers: PostgreSQL concatenates both vectors of every
    row.) The visibility rule is a short exclusion list, the pages the visitor may not
    open, rather than a join with every page; so each match costs one index hit and one
    rank, and titles weigh double."""
    from django.contrib.postgres.search import SearchQuery, SearchRank
    from wagtail.search.models import IndexEntry

    query = SearchQuery(terms, search_type="websearch", config=search_config())
    rank = SearchRank(F("title"), query) * F("title_norm") * 2 + SearchRank(F("body"), query)
    return (
        IndexEntry.objects.filter(Q(title=query) | Q(body=query))
        .filter(content_type_id__in=_page_content_type_ids())
        .exclude(object_id__in=_hidden_page_ids(request))
        .annotate(rank=rank)
        .order_by("-rank", "id")
        .values_list("object_id", flat=True)
    )


def _headlines(ids: list[str], terms: str) -> dict[str, tuple[str, str]]:
    """(title, snippet) of each page, with the terms marked: the snippet is the passage of
    the page's text around them, the title is marked whole (a page found by its title
    alone shows the term there)."""
    from django.contrib.postgres.search import SearchHeadline, SearchQuery
    from wagtail.search.models import IndexEntry

    query = SearchQuery(terms, search_type="websearch", config=search_config())
    marks = {"config": search_config(), "start_sel": MARK_START, "stop_sel": MARK_STOP}
    rows = (
        IndexEntry.objects.filter(object_id__in=ids, content_type_id__in=_page_content_type_ids())
        .annotate(
            headline=SearchHeadline("body_text", query, max_words=35, min_words=15, **marks),
            title_headline=SearchHeadline("title_text", query, highlight_all=True, **marks),
        )
        .values_list("object_id", "title_headline", "headline")
    )
    return {
        object_id: (highlighted(title or ""), highlighted(headline) if headline else "")
        for object_id, title, headline in rows
    }


SNIPPET_WORDS = 30


def _marked(text: str, words: list[str]) -> str:
    """`text` escaped, with every word starting with one of `words` marked."""
    text = text.replace(MARK_START, "").replace(MARK_STOP, "")
    if not words:
        return escape(text)
    pattern = re.compile(r"\b(?:" + "|".join(map(re.escape, words)) + r")\w*", re.IGNORECASE)
    return highlighted(pattern.sub(lambda m: f"{MARK_START}{m[0]}{MARK_STOP}", text))


def _passage(text: str, words: list[str]) -> str:
    """About SNIPPET_WORDS words of `text` around the first of `words` found in it."""
    tokens = text.split()
    lowered = [t.lower() for t in tokens]
    first = next(
        (i for i, t in enumerate(lowered) if any(w in t for w in words)),
        0,
    )
    start = max(0, first - SNIPPET_WORDS // 3)
    passage = " ".join(tokens[start : start + SNIPPET_WORDS])
    return ("… " if start else "") + passage + (" …" if start + SNIPPET_WORDS < len(tokens) else "")


def _words(terms: str) -> list[str]:
    return [w.lower() for w in re.findall(r"\w+", terms)][:10]


def _title_hits(title: str, words: list[str]) -> int:
    """How many of `words` begin a word of the title (the FTS index matches prefixes)."""
    title_words = [w.lower() for w in re.findall(r"\w+", title)]
    return sum(any(t.startswith(w) for t in title_words) for w in words)


def _plain_headlines(pages: list[Page], terms: str) -> dict[int, tuple[str, str]]:
    """(title, snippet) with the terms marked, from the SQLite index's stored text (the
    embedded default has no ts_headline): at most one page of results, one query."""
    from wagtail.search.models import IndexEntry

    words = _words(terms)
    bodies = dict(
        IndexEntry.objects.filter(
            object_id__in=[str(p.pk) for p in pages],
            content_type_id__in=_page_content_type_ids(),
        ).values_list("object_id", "body")
    )
    out = {}
    for page in pages:
        body = " ".join((bodies.get(str(page.pk)) or "").split())
        snippet = _marked(_passage(body, words), words) if body else page.search_description
        out[page.pk] = (_marked(page.title, words), snippet)
    return out


def _page_content_type_ids() -> list[int]:
    from modelsearch.utils import get_descendants_content_types_pks

    return get_descendants_content_types_pks(Page)


def search_pages(request: HttpRequest, terms: str, page_number) -> tuple[PaginatorPage, list]:
    """One page of results for `terms`, among the pages this visitor may open.

    Query count and cost do not grow with the number of matches on PostgreSQL: one
    count and one ranked, limited query on the index, then the shown pages only."""
    if connection.vendor != "postgresql":
        # The embedded default: Wagtail's SQLite FTS backend, the same visibility rule. Its
        # BM25 weighs no column, so a short page mentioning a term once (the home page)
        # outranked the pages about it: pages with the terms in their title come first.
        matches = list(visible_pages(request).specific().search(terms).annotate_score("score"))
        words = _words(terms)
        matches.sort(key=lambda page: (-_title_hits(page.title, words), page.score))
        paginator = Paginator(matches, RESULTS_PER_PAGE)
        results = _page_or_first(paginator, page_number)
        shown = list(results)
        marked = _plain_headlines(shown, terms) if shown else {}
        return results, [
            PageHit(page, marked[page.pk][1], title=marked[page.pk][0]) for page in shown
        ]
    paginator = Paginator(_indexed_matches(request, terms), RESULTS_PER_PAGE)
    results = _page_or_first(paginator, page_number)
    ids = list(results)
    pages = Page.objects.filter(pk__in=[int(i) for i in ids]).specific().in_bulk()
    snippets = _headlines(ids, terms) if ids else {}
    hits = [
        PageHit(
            pages[int(i)],
            snippets.get(i, ("", ""))[1] or pages[int(i)].search_description,
            title=snippets.get(i, ("", ""))[0],
        )
        for i in ids
        if int(i) in pages
    ]
    return results, hits


def _page_or_first(paginator: Paginator, number) -> PaginatorPage:
    try:
        return paginator.page(number)
    except (PageNotAnInteger, EmptyPage):
        return paginator.page(1)
