"""View decorators that answer "who may open this page" with the members selectors."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext

from members.selectors import is_teaching_staff


def teaching_staff_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Instructors and staff only: anonymous visitors are sent to sign in, others get 403."""

    @wraps(view)
    @login_required
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not is_teaching_staff(request.user):
            raise PermissionDenied(gettext("Only instructors and staff can open this page."))
        return view(request, *args, **kwargs)

    return wrapper
