"""Site-wide request checks that belong to no feature."""

from __future__ import annotations

from urllib.parse import unquote

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from config.inputs import CONTROL_CHARACTERS, InvalidInput


class RefuseControlCharactersMiddleware:
    """No address contains NUL or another control character: PostgreSQL refuses them in
    text, caches warn about them in keys, and no link of the site produces one. One check
    here instead of one in every view that looks a path or query value up."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        query = request.META.get("QUERY_STRING", "")
        if CONTROL_CHARACTERS.search(request.path) or CONTROL_CHARACTERS.search(
            unquote(query.replace("+", " "), errors="replace")
        ):
            from config.views import bad_request

            return bad_request(
                request,
                InvalidInput(_("The address contains a character that is not allowed.")),
            )
        return self.get_response(request)
