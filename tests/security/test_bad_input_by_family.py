"""Bad input, endpoint family by endpoint family: random path ids, query strings, form and
JSON bodies and Range headers, sent by every role to every route of the URLconf. Nothing
answers 5xx, and a request refused with a 4xx leaves no row behind.

The families are the view modules (courses, exercises, webinars, members, site search and
pages, allauth): a new endpoint joins its family's property by being in the URLconf.
Requests run in the demo world of the permission matrix, each in a savepoint that is
rolled back, so examples do not see each other's writes.

Budgets are small to keep the suite quick; hunt deeper with FUZZ_EXAMPLES=300
FUZZ_PAGE_EXAMPLES=100. With the pre-fix webinar filters, the page property finds
``?year=-1`` (a 500) at the default budget.
"""

from __future__ import annotations

import json
import os
import re
from collections import defaultdict
from urllib.parse import quote, urlencode

import pytest
from django.apps import apps
from django.core.cache import cache
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver
from hypothesis import event, given
from hypothesis import strategies as st

from tests.robustness.conftest import bounded
from tests.security.conftest import ROLES
from tests.security.matrix import SKIPPED_PREFIXES, _normal

pytestmark = [pytest.mark.django_db, pytest.mark.filterwarnings("ignore::UserWarning")]

# Routes not fuzzed, with the reason.
NOT_FUZZED = {
    "accounts/logout/": "signs the client out (covered by the matrix)",
    "_baseline": "the benchmark's no-database baseline",
}
APPS_WITH_ROWS = ("members", "content", "courses", "exercises", "webinars", "outbox")
PARAM = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")


def _family(callback) -> str:
    module = getattr(callback, "__module__", "") or ""
    view_class = getattr(callback, "view_class", None)
    if view_class is not None:
        module = view_class.__module__
    if module.startswith("allauth"):
        return "allauth"
    if module.startswith(("wagtail", "django.views.static")):
        return "pages"
    # A views package split by audience (courses.exercises.views.trainee) is one family.
    return module.partition(".views")[0] if ".views" in module else module


def _routes_by_family() -> dict[str, list[str]]:
    families: dict[str, list[str]] = defaultdict(list)

    def walk(resolver: URLResolver, prefix: str):
        for pattern in resolver.url_patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                yield from walk(pattern, route)
            elif isinstance(pattern, URLPattern):
                yield _normal(route), pattern.callback

    for route, callback in walk(get_resolver(), ""):
        if route.startswith(SKIPPED_PREFIXES) or route in NOT_FUZZED or "(?P<" in route:
            continue
        if "^" in route or "$" in route:  # regex routes (Wagtail's page serving): below
            continue
        families[_family(callback)].append(route)
    return dict(families)


FAMILIES = _routes_by_family()


# Sessions are the request's own bookkeeping, not what it saves (Django's session table was
# never counted; the site's session model with its user index lives in members).
NOT_SAVED_BY_A_REQUEST = {"members.UserSession"}


def _row_counts() -> dict[str, int]:
    counts = {}
    for label in APPS_WITH_ROWS:
        for model in apps.get_app_config(label).get_models():
            if model._meta.label not in NOT_SAVED_BY_A_REQUEST:
                counts[model._meta.label] = model._default_manager.count()
    return counts


# --- What a client can send -------------------------------------------------------------

NASTY = [
    "",
    "-1",
    "0",
    "9" * 30,
    "9" * 400,
    "1e400",
    "NaN",
    "-inf",
    "0x10",
    "١٢٣",
    "\ufeff",
    "<script>alert(1)</script>",
    "../../etc/passwd",
    "'; DROP TABLE members_user; --",
    "x" * 3000,
]
QUERY_KEYS = ["page", "year", "speaker", "domain", "q", "next", "fragment", "type", "course"]
QUERY_KEYS += ["status", "sort", "lesson", "user", "attempt", "t", "code", "format"]


NUMBERS = ["-1", "0", "9" * 30, "9" * 400, "1e400", "NaN", "-inf", "2147483648", "1.5"]


def text_value():
    # Numbers first (what views parse), NUL rarer: the address check refuses it early.
    return st.one_of(
        st.sampled_from(NUMBERS),
        st.sampled_from(NASTY),
        st.text(st.characters(codec="utf-8", exclude_characters="\x00"), max_size=20),
        st.integers(-(10**40), 10**40).map(str),
        st.sampled_from(["a\x00b", "\x00"]),
    )


def json_values():
    scalars = (
        st.none()
        | st.booleans()
        | st.integers(min_value=-(10**450), max_value=10**450)
        | st.floats()
        | st.text(max_size=10)
    )
    return st.recursive(
        scalars,
        lambda inner: (
            st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
        ),
        max_leaves=10,
    )


RANGES = [
    "bytes=0-",
    "bytes=-1",
    "bytes=5-2",
    "bytes=" + "9" * 30 + "-",
    "bytes=0-" + "9" * 400,
    "bytes=a-b",
    "bytes=0-1,2-3,4-5",
    "items=0-1",
]


FIELD_NAME = re.compile(r'<(?:input|select|textarea|button)\b[^>]*\bname="([^"]+)"')


@pytest.fixture(scope="module")
def field_names(world) -> list[str]:
    """The names of the fields on the site's own pages (filters, forms): what a fuzzer
    should vary first."""
    names = set(QUERY_KEYS)
    for role in ("member", "staff"):
        client = world.client(role)
        for key, url in world.ids[role].items():
            if isinstance(url, str) and url.startswith("/") and key.endswith(("_url", "_index")):
                names.update(FIELD_NAME.findall(client.get(url).content.decode()))
    names.discard("csrfmiddlewaretoken")
    return sorted(names)


@st.composite
def request_for(draw, routes: list[str], ids: dict, names: list[str]):
    route = draw(st.sampled_from(routes))
    real_ints = sorted({v for v in ids.values() if isinstance(v, int)})
    real_strs = sorted({v for v in ids.values() if isinstance(v, str) and "/" not in v})

    def fill(match: re.Match) -> str:
        converter = match.group("converter") or "str"
        if converter == "int":
            value = draw(
                st.sampled_from(real_ints)
                | st.integers(0, 10**30)
                | st.sampled_from([2**31, 2**63, 10**25])
            )
            return str(value)
        raw = draw(st.sampled_from(real_strs or ["x"]) | text_value().filter(bool))
        return quote(raw, safe="") if converter != "path" else quote(raw, safe="/")

    path = "/" + PARAM.sub(fill, route)
    query = draw(
        st.dictionaries(st.sampled_from(names) | st.text(max_size=6), text_value(), max_size=3)
    )
    if query:
        path += "?" + urlencode(query)
    method = draw(st.sampled_from(["GET", "GET", "POST", "POST_JSON", "POST_BYTES", "HEAD"]))
    headers = {}
    if draw(st.booleans()):
        headers["HTTP_RANGE"] = draw(st.sampled_from(RANGES))
    body = None
    if method == "POST":
        body = draw(
            st.dictionaries(
                st.sampled_from(names) | st.text(max_size=8),
                text_value() | st.lists(text_value(), max_size=3),
                max_size=5,
            )
        )
    elif method == "POST_JSON":
        body = json.dumps(draw(json_values()))
    elif method == "POST_BYTES":
        body = draw(st.binary(max_size=200))
    return path, method, body, headers


def _send(client, path: str, method: str, body, headers: dict):
    if method == "GET":
        return client.get(path, **headers)
    if method == "HEAD":
        return client.head(path, **headers)
    if method == "POST":
        return client.post(path, body, **headers)
    content_type = "application/json" if method == "POST_JSON" else "application/octet-stream"
    return client.post(path, body, content_type=content_type, **headers)


@pytest.fixture
def clients(world):
    made = {}

    def client_for(role: str):
        if role not in made:
            made[role] = world.client(role)
        return made[role]

    return client_for


def test_every_family_has_routes():
    assert {"courses", "courses.exercises", "content.webinars", "members", "allauth"} <= set(
        FAMILIES
    ), FAMILIES.keys()


@pytest.mark.parametrize("family", sorted(FAMILIES))
@bounded(int(os.environ.get("FUZZ_EXAMPLES", "30")))
@given(data=st.data())
def test_no_endpoint_of_the_family_answers_5xx_or_half_saves(
    world, clients, field_names, family, data
):
    role = data.draw(st.sampled_from(ROLES), label="role")
    path, method, body, headers = data.draw(
        request_for(FAMILIES[family], world.ids[role], field_names), label="request"
    )
    cache.clear()  # rate limits start fresh for every request
    with transaction.atomic():
        try:
            before = _row_counts()
            response = _send(clients(role), path, method, body, headers)
            event(f"{family}: {response.status_code}")
            assert response.status_code < 500, (role, method, path, response.status_code)
            if 400 <= response.status_code < 500:
                after = _row_counts()
                changed = {k: (before[k], after[k]) for k in before if before[k] != after[k]}
                assert not changed, (role, method, path, response.status_code, changed)
        finally:
            transaction.set_rollback(True)


PAGES = [
    "home",
    "standard",
    "course_index",
    "course_url",
    "module_url",
    "lesson_url",
    "quiz_lesson_url",
    "exercise_page_url",
    "webinar_index",
    "webinar_url",
    "rec_public_url",
    "rec_members_url",
    "draft_url",
]


@pytest.fixture(scope="module")
def page_fields(world):
    """Per page, the names of the fields of its own forms (filters first)."""
    found: dict[str, list[str]] = {}

    def names(page: str) -> list[str]:
        if page not in found:
            seen = set()
            for role in ("member", "staff"):
                url = world.ids[role][page]
                seen.update(FIELD_NAME.findall(world.client(role).get(url).content.decode()))
            seen.discard("csrfmiddlewaretoken")
            found[page] = sorted(seen) or ["q"]
        return found[page]

    return names


@pytest.mark.parametrize("page", PAGES)
@bounded(int(os.environ.get("FUZZ_PAGE_EXAMPLES", "20")))
@given(data=st.data())
def test_no_site_page_answers_5xx_to_any_path_or_query(world, clients, page_fields, page, data):
    """Wagtail's page serving: each page with its own filters and forms varied, and any
    path below it."""
    role = data.draw(st.sampled_from(ROLES), label="role")
    base = world.ids[role][page]
    tail = data.draw(
        st.sampled_from(["", "", "", "", "", "x/", "%00/", "9" * 30 + "/", "..%2f/"]), label="tail"
    )
    keys = st.sampled_from(page_fields(page)) | st.sampled_from(QUERY_KEYS)
    query = data.draw(st.dictionaries(keys, text_value(), min_size=1, max_size=3), label="query")
    path = base + tail + ("?" + urlencode(query) if query else "")
    with transaction.atomic():
        try:
            response = clients(role).get(path)
            event(f"{page}: {response.status_code}")
            assert response.status_code < 500, (role, path, response.status_code)
        finally:
            transaction.set_rollback(True)
