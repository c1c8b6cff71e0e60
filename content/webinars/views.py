"""Thin views: check who is asking, call a selector or service, answer."""

from __future__ import annotations

import posixpath

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    JsonResponse,
)
from django.shortcuts import get_object_or_404, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_POST
from wagtail.models import Page

from config.inputs import InvalidInput, load_json_object
from config.site_url import absolute_url
from content.webinars import selectors, services
from content.webinars.delivery import serve_protected
from content.webinars.ics import webinar_ics
from content.webinars.models import (
    Question,
    RecordingPage,
    WebinarIndexPage,
    WebinarPage,
    private_storage,
)

MAX_PROGRESS_BODY = 2048


def webinars_entry(request: HttpRequest) -> HttpResponse:
    """`/webinars/`: the Wagtail index page served there, or a redirect to wherever the
    editors put it."""
    from wagtail.views import serve

    try:
        return serve(request, request.path.lstrip("/"))
    except Http404:
        index = WebinarIndexPage.objects.live().first()
        if index is None or not index.url or index.url == request.path:
            raise
        return HttpResponseRedirect(index.url)


def _refusal(request: HttpRequest, message: str, status: int, page: Page | None = None):
    return render(
        request,
        "webinars/refusal.html",
        {"message": message, "back_url": page.url if page else "/webinars/"},
        status=status,
    )


def _denied(request: HttpRequest) -> HttpResponse:
    message = (
        gettext("Sign in to watch this recording.")
        if not request.user.is_authenticated
        else gettext("This recording is for active society members.")
    )
    return HttpResponse(message, status=403, content_type="text/plain; charset=utf-8")


# --- Protected media ---------------------------------------------------------------------


def _refused_media(request: HttpRequest, access: selectors.RecordingAccess) -> HttpResponse:
    if access.recording is None:
        raise Http404("No such recording.")
    return _denied(request)


@require_GET
def video(request: HttpRequest, recording_id: int) -> HttpResponse:
    access = selectors.recording_access(user=request.user, recording_id=recording_id)
    if not access.allowed:
        return _refused_media(request, access)
    recording = access.recording
    if not recording.private_video_name:
        raise Http404("This recording has no video yet.")
    return serve_protected(
        request,
        private_storage(),
        recording.private_video_name,
        recording.video_content_type or None,
    )


@require_GET
def slides(request: HttpRequest, recording_id: int) -> HttpResponse:
    access = selectors.recording_access(user=request.user, recording_id=recording_id)
    if not access.allowed:
        return _refused_media(request, access)
    recording = access.recording
    if not recording.private_slides_name:
        raise Http404("This recording has no slides.")
    name = recording.private_slides_name
    response = serve_protected(request, private_storage(), name)
    filename = posixpath.basename(name).replace('"', "")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
def caption(request: HttpRequest, recording_id: int, caption_id: int) -> HttpResponse:
    access = selectors.recording_access(user=request.user, recording_id=recording_id)
    if not access.allowed:
        return _refused_media(request, access)
    recording = access.recording
    track = selectors.recording_caption(recording=recording, caption_id=caption_id)
    if track is None:
        raise Http404("No such caption track.")
    return serve_protected(
        request, track.file.storage, track.file.name, "text/vtt; charset=utf-8", ranges=False
    )


# --- Resume ------------------------------------------------------------------------------


@require_POST
def progress(request: HttpRequest, recording_id: int) -> JsonResponse:
    """The player reports its position: JSON with an X-CSRFToken header, or (from
    navigator.sendBeacon on pagehide) a form body carrying csrfmiddlewaretoken."""
    if not request.user.is_authenticated:
        return JsonResponse({"error": gettext("Sign in to save your place.")}, status=403)
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > MAX_PROGRESS_BODY:
        return JsonResponse({"error": gettext("Request body too large.")}, status=413)
    access = selectors.recording_access(user=request.user, recording_id=recording_id)
    if access.recording is None:
        return JsonResponse({"error": gettext("No such recording.")}, status=404)
    if not access.allowed:
        return JsonResponse({"error": gettext("You may not watch this recording.")}, status=403)
    recording = access.recording
    if request.content_type == "application/json":
        try:
            data = load_json_object(request.body or b"{}")
        except InvalidInput as error:
            return JsonResponse({"error": error.message}, status=400)
    else:
        data = request.POST
    if "position" not in data:
        return JsonResponse({"error": "'position' is required."}, status=400)
    try:
        saved = services.record_progress(
            request.user, recording, data.get("position"), data.get("duration") or None
        )
    except ValidationError as error:
        return JsonResponse({"error": " ".join(error.messages)}, status=400)
    return JsonResponse(
        {
            "position": saved.position_seconds,
            "max_fraction": round(saved.max_fraction, 4),
            "watched": saved.watched_at is not None,
        }
    )


# --- Webinars ----------------------------------------------------------------------------


def _webinar(webinar_id: int) -> WebinarPage:
    return get_object_or_404(WebinarPage.objects.live(), pk=webinar_id)


@require_GET
def calendar(request: HttpRequest, webinar_id: int) -> HttpResponse:
    webinar = _webinar(webinar_id)
    body = webinar_ics(webinar, absolute_url(webinar.url or request.path))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{webinar.slug}.ics"'
    return response


@require_POST
def register(request: HttpRequest, webinar_id: int) -> HttpResponse:
    webinar = _webinar(webinar_id)
    if not request.user.is_authenticated:
        return HttpResponseRedirect(f"/accounts/login/?next={webinar.url}")
    try:
        services.register(request.user, webinar)
    except services.WebinarError as error:
        return _refusal(request, error.message, error.status, webinar)
    messages.success(request, gettext("You are registered. The join link is on this page."))
    return HttpResponseRedirect(webinar.url)


@require_POST
def cancel(request: HttpRequest, webinar_id: int) -> HttpResponse:
    webinar = _webinar(webinar_id)
    if not request.user.is_authenticated:
        return HttpResponseRedirect(f"/accounts/login/?next={webinar.url}")
    if services.cancel_registration(request.user, webinar):
        messages.success(request, gettext("Your registration is cancelled."))
    return HttpResponseRedirect(webinar.url)


# --- Questions ---------------------------------------------------------------------------


def _questions_page(page_id: int) -> Page:
    page = get_object_or_404(Page.objects.live(), pk=page_id).specific
    if not isinstance(page, WebinarPage | RecordingPage):
        raise Http404("Questions are asked on webinars and recordings.")
    return page


def _back(request: HttpRequest, page: Page) -> HttpResponseRedirect:
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = ""
    return HttpResponseRedirect(target or f"{page.url}#questions")


@require_POST
def ask(request: HttpRequest, page_id: int) -> HttpResponse:
    page = _questions_page(page_id)
    if not request.user.is_authenticated:
        return HttpResponseRedirect(f"/accounts/login/?next={page.url}")
    try:
        services.ask_question(request.user, page, request.POST.get("text", ""))
    except services.WebinarError as error:
        return _refusal(request, error.message, error.status, page)
    messages.success(request, gettext("Your question is posted."))
    return _back(request, page)


def _question(question_id: int) -> Question:
    return get_object_or_404(Question.objects.select_related("page"), pk=question_id)


@require_POST
def vote(request: HttpRequest, question_id: int) -> HttpResponse:
    question = _question(question_id)
    if not request.user.is_authenticated:
        return HttpResponseRedirect(f"/accounts/login/?next={question.page.url}")
    try:
        services.toggle_vote(request.user, question)
    except services.WebinarError as error:
        return _refusal(request, error.message, error.status, question.page)
    return _back(request, question.page)


@require_POST
def answer(request: HttpRequest, question_id: int) -> HttpResponse:
    question = _question(question_id)
    try:
        services.answer_question(request.user, question, request.POST.get("answer", ""))
    except PermissionDenied as error:
        return _refusal(request, str(error), 403, question.page)
    except services.WebinarError as error:
        return _refusal(request, error.message, error.status, question.page)
    messages.success(request, gettext("Your answer is posted."))
    return _back(request, question.page)


@require_POST
def moderate(request: HttpRequest, question_id: int) -> HttpResponse:
    question = _question(question_id)
    try:
        services.moderate_question(
            request.user, question, request.POST.get("action", ""), request.POST.get("text", "")
        )
    except PermissionDenied as error:
        return _refusal(request, str(error), 403, question.page)
    except services.WebinarError as error:
        return _refusal(request, error.message, error.status, question.page)
    messages.success(request, gettext("The question is updated."))
    return _back(request, question.page)


@require_POST
def lock(request: HttpRequest, page_id: int) -> HttpResponse:
    page = _questions_page(page_id)
    try:
        services.set_qa_locked(request.user, page, request.POST.get("locked") == "1")
    except PermissionDenied as error:
        return _refusal(request, str(error), 403, page)
    return _back(request, page)
