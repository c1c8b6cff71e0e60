"""The member-facing pages: join, pay, bank transfer details, invoices, certificate."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from payments import PaymentError, RedirectNeeded

from members.models import MembershipStatus
from members.society.forms import JoinForm, PayForm
from members.society.models import Application, ApplicationStatus, Invoice, Payment
from members.society.models.payments import PaymentMethod
from members.society.pdf import render_certificate_pdf, render_invoice_pdf
from members.society.selectors.memberships import latest_membership
from members.society.selectors.pricing import PricingError, price_table, society_day
from members.society.services.applications import (
    ApplicantDetails,
    ApplicationError,
    start_renewal,
    submit_application,
)
from members.society.services.payments import (
    AmountMismatch,
    PriceChanged,
    available_methods,
    start_payment,
)


def _own_application(request: HttpRequest, pk: int) -> Application:
    return get_object_or_404(
        Application.objects.select_related("promotion", "code", "membership"),
        pk=pk,
        user=request.user,
    )


def _own_payment(request: HttpRequest, token) -> Payment:
    return get_object_or_404(
        Payment.objects.select_related("application"),
        token=str(token),
        application__user=request.user,
    )


@require_http_methods(["GET", "POST"])
def join(request: HttpRequest) -> HttpResponse:
    """The price table for everyone; the application form for signed-in visitors."""
    if request.method == "POST" and not request.user.is_authenticated:
        return redirect(f"{_login_url()}?next={request.path}")
    form = JoinForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                application = submit_application(
                    user=request.user,
                    category=data["category"],
                    period=data["period"],
                    details=ApplicantDetails(
                        first_name=data["first_name"],
                        last_name=data["last_name"],
                        institution=data["institution"],
                        country=data["country"],
                        profession=data["profession"],
                    ),
                    consent_statutes=data["consent_statutes"],
                    consent_privacy=data["consent_privacy"],
                    proof=data.get("proof"),
                    code_text=data.get("code") or "",
                )
            except PricingError as error:
                field = "code" if data.get("code") and "code" in str(error).lower() else None
                form.add_error(field, str(error))
            except ApplicationError as error:
                form.add_error(None, str(error))
            else:
                return redirect("society:application", application.pk)
        status = 400
    elif request.user.is_authenticated:
        form.initial = {"first_name": request.user.first_name, "last_name": request.user.last_name}
    return render(
        request,
        "society/join.html",
        {"form": form, "prices": price_table(), "today": society_day()},
        status=status,
    )


def _login_url() -> str:
    from django.urls import reverse

    return reverse("account_login")


@login_required
@require_GET
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = _own_application(request, pk)
    return _render_application(request, application)


def _render_application(request, application, form=None, status=200) -> HttpResponse:
    methods = available_methods()
    form = form or PayForm(methods=methods, initial={"amount_shown": application.amount_due})
    return render(
        request,
        "society/application.html",
        {
            "application": application,
            "form": form,
            "payments": application.payments.order_by("-created"),
            "can_pay": application.status == ApplicationStatus.AWAITING_PAYMENT,
        },
        status=status,
    )


@login_required
@require_POST
def application_pay(request: HttpRequest, pk: int) -> HttpResponse:
    application = _own_application(request, pk)
    form = PayForm(request.POST, methods=available_methods())
    if not form.is_valid():
        return _render_application(request, application, form=form, status=400)
    try:
        payment = start_payment(
            application=application,
            user=request.user,
            method=form.cleaned_data["method"],
            amount_shown=form.cleaned_data["amount_shown"],
        )
    except PriceChanged as error:
        messages.warning(request, str(error))
        application.refresh_from_db()
        return _render_application(request, application, status=409)
    except (AmountMismatch, ApplicationError) as error:
        form.add_error(None, str(error))
        return _render_application(request, application, form=form, status=400)
    if payment is None:  # nothing to pay
        return redirect("members:profile")
    return redirect("society:payment", payment.token)


@login_required
@require_http_methods(["GET", "POST"])
def payment_page(request: HttpRequest, token) -> HttpResponse:
    """The provider's step: a redirect to Stripe, the bank details, or (embedded default)
    the development provider's form to choose the outcome."""
    payment = _own_payment(request, token)
    if payment.status not in ("waiting", "input"):
        return redirect(
            payment.get_success_url()
            if payment.status == "confirmed"
            else payment.get_failure_url()
        )
    try:
        form = payment.get_form(data=request.POST or None)
    except RedirectNeeded as redirect_to:
        return redirect(str(redirect_to))
    except PaymentError as error:
        messages.error(request, _("The payment could not be started: %(error)s") % {"error": error})
        return redirect("society:application", payment.application_id)
    return render(
        request,
        "society/payment.html",
        {"payment": payment, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_GET
def bank_transfer(request: HttpRequest, token) -> HttpResponse:
    payment = _own_payment(request, token)
    if payment.variant != PaymentMethod.BANK_TRANSFER:
        raise Http404
    from wagtail.models import Site

    from members.society.models import BillingDetails

    site = Site.find_for_request(request) or Site.objects.filter(is_default_site=True).first()
    billing = BillingDetails.for_site(site) if site else None
    return render(request, "society/bank_transfer.html", {"payment": payment, "billing": billing})


@login_required
@require_GET
def payment_done(request: HttpRequest, token) -> HttpResponse:
    payment = _own_payment(request, token)
    payment.application.refresh_from_db()
    return render(request, "society/payment_done.html", {"payment": payment})


@login_required
@require_GET
def payment_failed(request: HttpRequest, token) -> HttpResponse:
    payment = _own_payment(request, token)
    return render(request, "society/payment_failed.html", {"payment": payment})


@login_required
@require_POST
def renew(request: HttpRequest) -> HttpResponse:
    try:
        application = start_renewal(user=request.user)
    except (ApplicationError, PricingError) as error:
        messages.error(request, str(error))
        return redirect("members:profile")
    return redirect("society:application", application.pk)


@login_required
@require_GET
def invoice_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    invoice = get_object_or_404(Invoice, pk=pk, user=request.user)
    return _pdf(render_invoice_pdf(invoice), f"invoice-{invoice.number}.pdf")


@login_required
@require_GET
def certificate_pdf(request: HttpRequest) -> HttpResponse:
    membership = latest_membership(user=request.user)
    if membership is None or membership.status != MembershipStatus.ACTIVE:
        raise Http404
    if not membership.is_valid_on(timezone.localdate()):
        raise Http404
    from content.models import SiteSettings

    society = SiteSettings.for_request(request).society_name
    pdf = render_certificate_pdf(
        membership=membership, society_name=society, name=request.user.name
    )
    return _pdf(pdf, f"membership-{membership.number}.pdf")


def _pdf(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
