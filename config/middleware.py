"""Site-wide request checks that belong to no feature."""

from __future__ import annotations

from urllib.parse import unquote

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from config.inputs import CONTROL_CHARACTERS, InvalidInput, is_storable_id


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


class RefuseImpossibleIdsMiddleware:
    """A whole number in an address beyond what a database id can be (a bigint) names
    nothing: 404, for every view at once, before a lookup that SQLite would answer with
    an OverflowError (a 500)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs) -> None:
        for value in (*view_args, *view_kwargs.values()):
            if isinstance(value, int) and not isinstance(value, bool) and not is_storable_id(value):
                raise Http404(_("No such page."))
