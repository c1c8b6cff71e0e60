"""Course evaluation, certificate download and public verification."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
)
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from courses import selectors, services
from courses.forms import (
    CertificateNameForm,
    EvaluationForm,
    VerifyForm,
)
from courses.models import (
    Certificate,
)
from members.roles import Role
from members.selectors import has_role

from .common import _error, _live_course

# --- Evaluation and certificates --------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def evaluation(request: HttpRequest, course_id: int) -> HttpResponse:
    course = _live_course(course_id)
    enrolment = selectors.enrolment_for(request.user, course)
    if enrolment is None:
        return _error(request, _("Enrol in the course first."), 403, course.get_url(request))
    form = EvaluationForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.submit_evaluation(user=request.user, course=course, **form.cleaned_data)
            except services.CourseError as error:
                return _error(request, str(error), 409, course.get_url(request))
            messages.success(request, _("Thank you for your feedback."))
            if services.awaiting_name_confirmation(user=request.user, course=course):
                return redirect("course-certificate-name", course_id=course.id)
            return redirect(course.get_url(request))
        status = 400
    return render(
        request,
        "courses/evaluation.html",
        {
            "form": form,
            "course": course,
            "progress": selectors.course_progress(request.user, course),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def confirm_certificate_name(request: HttpRequest, course_id: int) -> HttpResponse:
    course = _live_course(course_id)
    enrolment = services.awaiting_name_confirmation(user=request.user, course=course)
    if enrolment is None:
        message = _(
            "There is no certificate waiting for you in this course: it is issued "
            "already, or the course (and its evaluation) is not complete yet."
        )
        return _error(request, message, 409, course.get_url(request))
    user = request.user
    initial = enrolment.certificate_name or (user.name if user.has_name else "")
    form = CertificateNameForm(request.POST or None, initial={"name": initial})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.confirm_certificate_name(
                    user=user, course=course, name=form.cleaned_data["name"]
                )
            except services.CourseError as error:
                form.add_error("name", str(error))
            else:
                messages.success(
                    request,
                    _("Your certificate is being issued to %(name)s.")
                    % {"name": form.cleaned_data["name"]},
                )
                return redirect(course.get_url(request))
        status = 400
    return render(
        request,
        "courses/certificate_name.html",
        {
            "form": form,
            "course": course,
            "progress": selectors.course_progress(user, course),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "HEAD"])
def cme_transcript_pdf(request: HttpRequest) -> HttpResponse:
    from courses.pdf import render_transcript_pdf
    from members.emails import society_name

    today = timezone.localdate()
    data = render_transcript_pdf(
        transcript=selectors.cme_transcript(request.user),
        learner_name=request.user.name,
        provider=society_name(),
        issued_on=today,
    )
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="cme-transcript-{today}.pdf"'
    return response


@login_required
def certificate_download(request: HttpRequest, code: str) -> HttpResponse:
    certificate = Certificate.objects.filter(code=code).first()
    if certificate is None:
        raise Http404("No such certificate.")
    if certificate.user_id != request.user.id and not has_role(request.user, Role.STAFF):
        raise PermissionDenied(_("This certificate belongs to someone else."))
    if not certificate.pdf:
        return _error(
            request, _("The certificate PDF is still being prepared; try again soon."), 404
        )
    return FileResponse(
        certificate.pdf.open("rb"),
        as_attachment=True,
        filename=f"certificate-{certificate.code}.pdf",
        content_type="application/pdf",
    )


def certificate_verify_form(request: HttpRequest) -> HttpResponse:
    form = VerifyForm(request.GET or None)
    if request.GET and form.is_valid():
        return redirect("certificate-verify", code=form.cleaned_data["code"])
    status = 400 if request.GET else 200
    return render(request, "courses/verify_form.html", {"form": form}, status=status)


def certificate_verify(request: HttpRequest, code: str) -> HttpResponse:
    certificate = Certificate.objects.filter(code=code).first()
    if certificate is None:
        return render(
            request,
            "courses/verify_unknown.html",
            {"form": VerifyForm(), "code": code},
            status=404,
        )
    return render(request, "courses/verify.html", {"certificate": certificate})
