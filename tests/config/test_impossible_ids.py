"""A number in an address that no database id can be answers 404 on every route, never
a 500 (SQLite raises OverflowError on integers beyond 64 bits)."""

from __future__ import annotations

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

HUGE = 2**70


def _int_routes(patterns, prefix: str = "") -> list[str]:
    routes = []
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            routes += _int_routes(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern) and "<int:" in route:
            routes.append(route)
    return routes


def _filled(route: str) -> str:
    path = re.sub(r"<int:\w+>", str(HUGE), route)
    path = re.sub(r"<(?:str|slug):\w+>", "x", path)
    path = re.sub(r"<uuid:\w+>", "00000000-0000-0000-0000-000000000000", path)
    return "/" + path.replace("^", "").replace("$", "")


ROUTES = _int_routes(get_resolver().url_patterns)


def test_the_site_has_routes_with_ids_to_check():
    assert any("webinars" in r for r in ROUTES) and any("learn/" in r for r in ROUTES)


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["get", "post"])
def test_every_route_answers_404_to_an_id_beyond_a_bigint(client, method):
    answers = {route: getattr(client, method)(_filled(route)).status_code for route in ROUTES}
    assert {route: status for route, status in answers.items() if status != 404} == {}
