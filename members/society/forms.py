from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from members.models import MembershipCategory
from members.society.models import Period, Profession
from members.society.selectors.pricing import APPROVAL_CATEGORIES, OPEN_CATEGORIES

PROOF_EXTENSIONS = (".pdf", ".jpg", ".jpeg", ".png")
PROOF_MAX_BYTES = 5 * 1024 * 1024


class JoinForm(forms.Form):
    category = forms.ChoiceField(
        label=_("Membership category"),
        choices=[(c.value, c.label) for c in MembershipCategory if c in OPEN_CATEGORIES],
        widget=forms.RadioSelect,
        help_text=_(
            "Junior / resident membership needs a proof of training status and is approved "
            "by the society's office. Honorary membership is by invitation only."
        ),
    )
    period = forms.ChoiceField(
        label=_("Membership period"), choices=Period.choices, widget=forms.RadioSelect
    )
    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100)
    institution = forms.CharField(label=_("Institution"), max_length=200)
    country = forms.CharField(label=_("Country"), max_length=100)
    profession = forms.ChoiceField(label=_("Profession"), choices=Profession.choices)
    proof = forms.FileField(
        label=_("Proof of training status (junior / resident only)"),
        required=False,
        help_text=_(
            "A letter from your programme director or a trainee card: "
            "PDF, JPEG or PNG, at most 5 MB."
        ),
    )
    code = forms.CharField(label=_("Discount code (optional)"), max_length=32, required=False)
    consent_statutes = forms.BooleanField(
        label=_("I accept the society's statutes and agree to pay the membership fee.")
    )
    consent_privacy = forms.BooleanField(
        label=_(
            "I have read the privacy notice: the society keeps my details for my membership "
            "and my invoices for as long as bookkeeping law requires."
        )
    )

    def clean_proof(self):
        proof = self.cleaned_data.get("proof")
        if proof:
            if not proof.name.lower().endswith(PROOF_EXTENSIONS):
                raise forms.ValidationError(_("Upload a PDF, JPEG or PNG file."))
            if proof.size > PROOF_MAX_BYTES:
                raise forms.ValidationError(_("The file is larger than 5 MB."))
        return proof

    def clean(self):
        data = super().clean()
        if data.get("category") in APPROVAL_CATEGORIES and not data.get("proof"):
            self.add_error(
                "proof", _("Junior / resident membership needs a proof of training status.")
            )
        return data


class PayForm(forms.Form):
    method = forms.ChoiceField(label=_("How do you want to pay?"), widget=forms.RadioSelect)
    amount_shown = forms.DecimalField(
        max_digits=8, decimal_places=2, min_value=Decimal("0"), widget=forms.HiddenInput
    )

    def __init__(self, *args, methods: list[tuple[str, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["method"].choices = methods
        if len(methods) == 1:
            self.fields["method"].initial = methods[0][0]


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve")), ("decline", _("Decline"))],
        widget=forms.RadioSelect,
    )
    message = forms.CharField(
        label=_("Message to the applicant"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("Sent by email; required when you decline."),
    )


class TransferReceivedForm(forms.Form):
    amount = forms.DecimalField(
        label=_("Amount received (EUR)"), max_digits=8, decimal_places=2, min_value=Decimal("0")
    )
    received_on = forms.DateField(
        label=_("Received on"), widget=forms.DateInput(attrs={"type": "date"})
    )
