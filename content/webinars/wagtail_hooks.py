"""Wagtail hooks of the webinars app."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext
from wagtail import hooks

from content.webinars import selectors
from content.webinars.models import AccessLevel, RecordingPage
from content.webinars.speaker_accounts import speaker_account_chooser


@hooks.register("register_admin_viewset")
def register_speaker_account_chooser():
    return speaker_account_chooser


def _private_copy(document, recordings) -> HttpResponse | None:
    """The public file of a restricted recording's slides is deleted once its private copy
    exists: whoever may open it here (editors in the admin, entitled viewers with an old
    link) is sent to that copy's access-checked URL. A redirect, because Wagtail ignores a
    hook's streaming response."""
    if document.file.storage.exists(document.file.name):
        return None
    for recording in recordings:
        if recording.live and recording.private_slides_source == document.file.name:
            return redirect("webinars-slides", recording.pk)
    return None


@hooks.register("before_serve_document")
def refuse_slides_of_restricted_recordings(document, request):
    """`/documents/<id>/<name>` serves any Wagtail document to anyone. A document that is
    the slides of a recording that is not public is served there only to viewers who may
    watch one of those recordings (and to admin users, who edit them). Entitled viewers
    are given the private copy at /webinars/media/<id>/slides; this closes the side door."""
    recordings = list(RecordingPage.objects.filter(slides=document))
    if not recordings or any(r.access == AccessLevel.PUBLIC for r in recordings):
        return None
    user = request.user
    if user.is_authenticated and user.has_perm("wagtailadmin.access_admin"):
        return _private_copy(document, recordings)
    if any(r.live and selectors.can_watch(user, r) for r in recordings):
        return _private_copy(document, recordings)
    return HttpResponse(
        gettext("These slides belong to a recording you may not watch."),
        status=403,
        content_type="text/plain; charset=utf-8",
    )
