"""The office's own admin pages: decide on an application (with its proof), mark a bank
transfer as received, download an invoice."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from members.society.forms import DecisionForm, TransferReceivedForm
from members.society.models import Application, Invoice, Payment
from members.society.pdf import render_invoice_pdf
from members.society.services.applications import (
    ApplicationError,
    approve_application,
    decline_application,
)
from members.society.services.payments import mark_bank_transfer_received


def _require(request: HttpRequest, permission: str) -> None:
    if not request.user.has_perm(permission):
        raise PermissionDenied


@require_http_methods(["GET", "POST"])
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request, "society.change_application")
    application = get_object_or_404(Application.objects.select_related("user"), pk=pk)
    form = DecisionForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            approve = form.cleaned_data["decision"] == "approve"
            action = approve_application if approve else decline_application
            try:
                action(
                    application=application,
                    staff=request.user,
                    message=form.cleaned_data["message"],
                )
            except ApplicationError as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request,
                    _("Application approved; the applicant was told by email.")
                    if approve
                    else _("Application declined; the applicant was told by email."),
                )
                return redirect("wagtailsnippets_society_application:list")
        status = 400
    return render(
        request,
        "society/admin/decide.html",
        {"application": application, "form": form},
        status=status,
    )


@require_GET
def proof(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request, "society.view_application")
    application = get_object_or_404(Application, pk=pk)
    if not application.proof:
        raise Http404
    return FileResponse(
        application.proof.open("rb"),
        as_attachment=True,
        filename=application.proof.name.rsplit("/", 1)[-1],
    )


@require_http_methods(["GET", "POST"])
def transfer_received(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request, "society.change_payment")
    payment = get_object_or_404(Payment.objects.select_related("application"), pk=pk)
    if payment.variant != "sepa":
        raise Http404
    form = TransferReceivedForm(
        request.POST or None,
        initial={"amount": payment.total, "received_on": timezone.localdate()},
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                applied = mark_bank_transfer_received(
                    payment=payment,
                    staff=request.user,
                    amount=form.cleaned_data["amount"],
                    received_on=form.cleaned_data["received_on"],
                )
            except ApplicationError as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request,
                    _("Transfer recorded: the membership is active and the member was emailed.")
                    if applied
                    else _("This transfer was already recorded; nothing changed."),
                )
                return redirect("wagtailsnippets_society_payment:list")
        status = 400
    return render(
        request,
        "society/admin/transfer_received.html",
        {"payment": payment, "form": form},
        status=status,
    )


@require_GET
def invoice_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request, "society.view_invoice")
    invoice = get_object_or_404(Invoice, pk=pk)
    response = HttpResponse(render_invoice_pdf(invoice), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="invoice-{invoice.number}.pdf"'
    return response


urlpatterns = [
    path("applications/<int:pk>/decide/", decide, name="decide"),
    path("applications/<int:pk>/proof/", proof, name="proof"),
    path("payments/<int:pk>/received/", transfer_received, name="transfer-received"),
    path("invoices/<int:pk>/pdf/", invoice_pdf, name="invoice-pdf"),
]
