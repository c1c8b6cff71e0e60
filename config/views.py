"""Site-wide views that belong to no feature: health and the benchmark baseline."""

from django.conf import settings
from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


def _database_ok() -> tuple[bool, str]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # any driver error means "down" for a health check
        return False, type(error).__name__
    return True, connection.vendor


def _broker_ok() -> tuple[bool, str]:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return True, "eager (tasks run in the web process)"
    from config.celery_app import app

    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception as error:  # kombu raises many kinds; all mean unreachable
        return False, type(error).__name__
    return True, "reachable"


@never_cache
@require_GET
@transaction.non_atomic_requests  # the request transaction would fail before we could report
def healthz(request: HttpRequest) -> JsonResponse:
    db_ok, db_detail = _database_ok()
    broker_ok, broker_detail = _broker_ok()
    healthy = db_ok and broker_ok
    return JsonResponse(
        {
            "status": "ok" if healthy else "unavailable",
            "database": {"ok": db_ok, "detail": db_detail},
            "broker": {"ok": broker_ok, "detail": broker_detail},
        },
        status=200 if healthy else 503,
    )


@require_GET
@transaction.non_atomic_requests  # a baseline must not open a database transaction
def trivial(request: HttpRequest) -> HttpResponse:
    """The benchmarks' baseline: the cheapest response the same stack can give."""
    return HttpResponse("ok", content_type="text/plain")


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """400 handler: say what was wrong with the request (config.inputs.InvalidInput carries
    a message for a person); a JSON client gets ``{"error": ...}``."""
    from django.shortcuts import render
    from django.utils.translation import gettext as _

    from config.inputs import CONTROL_CHARACTERS, InvalidInput

    if isinstance(exception, InvalidInput):
        message = exception.message
    else:
        message = _("The request could not be understood. Check the address and try again.")
    if _wants_json(request):
        return JsonResponse({"error": message}, status=400)
    # The same page without its query string, unless the path itself is what was wrong.
    retry = None if CONTROL_CHARACTERS.search(request.path) else request.path
    context = {"message": message, "retry": retry, "show_wagtail_userbar": False}
    return render(request, "400.html", context, status=400)


def _wants_json(request: HttpRequest) -> bool:
    if request.content_type == "application/json":
        return True
    accept = request.headers.get("Accept", "")
    return "application/json" in accept and "text/html" not in accept


def server_error(request: HttpRequest) -> HttpResponse:
    """500 handler: a database that cannot be reached is a friendly 503, not an error page.

    Rendered without a request context: context processors would query the database.
    """
    import sys

    from django.db.utils import InterfaceError, OperationalError
    from django.template import loader

    error = sys.exc_info()[1]
    if isinstance(error, OperationalError | InterfaceError):
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = "60"
        return response
    return HttpResponse(loader.get_template("500.html").render(), status=500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: the site's own page, whatever DEBUG says (Django's shows its
    debugging help when DEBUG is on)."""
    from django.shortcuts import render
    from django.utils.http import url_has_allowed_host_and_scheme

    referer = request.headers.get("Referer", "")
    same_site = url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    # No editor bar on an error page: there is nothing to edit, and rendering it would
    # write the editor's Wagtail profile on a request that must change nothing.
    context = {"retry": referer if same_site else None, "show_wagtail_userbar": False}
    return render(request, "403_csrf.html", context, status=403)
