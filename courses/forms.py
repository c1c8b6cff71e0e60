"""Forms of the courses feature; validation of shape only, rules live in services."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from courses.services import MAX_IMPORT_BYTES, parse_cohort_emails

RATING_CHOICES = [
    (5, _("5 - very useful")),
    (4, _("4 - useful")),
    (3, _("3 - neutral")),
    (2, _("2 - of little use")),
    (1, _("1 - not useful")),
]


class CohortEnrolmentForm(forms.Form):
    emails = forms.CharField(
        label=_("Email addresses"),
        help_text=_("One per line. Every address must belong to an existing account."),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=100_000,
    )
    deadline = forms.DateField(
        required=False,
        help_text=_("Optional completion deadline (YYYY-MM-DD)."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def clean_emails(self):
        users, errors = parse_cohort_emails(text=self.cleaned_data["emails"])
        if errors:
            raise forms.ValidationError(errors)
        return users


class DecimalCommaField(forms.DecimalField):
    """A decimal that accepts a comma as well as a point ("2,5" or "2.5" hours): most of
    Europe writes a decimal comma. A text input with a decimal keypad, because a browser's
    number input refuses a comma in an English page before the server sees it."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal"}))
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        # DecimalField adds step/min/max for a number input only; a text input gets none.
        return {
            k: v for k, v in super().widget_attrs(widget).items() if k not in ("step", "min", "max")
        }

    def to_python(self, value):
        if isinstance(value, str) and value.count(",") == 1 and "." not in value:
            value = value.replace(",", ".")
        return super().to_python(value)


class EvaluationForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("How useful was this course for your practice?"),
        choices=RATING_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
    )
    comments = forms.CharField(
        label=_("Comments (optional)"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    hours_spent = DecimalCommaField(
        label=_("Hours you actually spent"),
        help_text=_("EACCME: claim only the hours actually spent (0.5 to 100, e.g. 2,5)."),
        min_value=Decimal("0.5"),
        max_value=Decimal("100"),
        decimal_places=1,
        max_digits=4,
    )


class QuestionImportForm(forms.Form):
    file = forms.FileField(
        label=_("Questions file (.csv or .json, at most 1 MB)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.json"}),
    )

    def clean_file(self):
        file = self.cleaned_data["file"]
        if file.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(_("The file is larger than 1 MB."))
        if not file.name.lower().endswith((".csv", ".json")):
            raise forms.ValidationError(_("Upload a .csv or .json file."))
        return file


class PracticeExamForm(forms.Form):
    count = forms.IntegerField(
        label=_("Number of questions"), min_value=5, max_value=160, initial=20
    )
    minutes = forms.IntegerField(
        label=_("Time limit in minutes (optional)"),
        required=False,
        min_value=1,
        max_value=240,
        help_text=_("Leave empty for an untimed practice."),
    )


class VerifyForm(forms.Form):
    code = forms.CharField(label=_("Verification code"), max_length=32, min_length=8)

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        if not all(ch.isalnum() or ch in "-_" for ch in code):
            raise forms.ValidationError(_("A code has only letters, digits, '-' and '_'."))
        return code


class CertificateNameForm(forms.Form):
    name = forms.CharField(
        label=_("Name on your certificate"),
        max_length=200,
        help_text=_(
            "Exactly as it should be printed, for example “Dr Maria Rossi”. "
            "A certificate cannot be changed once it is issued."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
