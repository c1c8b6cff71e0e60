"""The pattern page's examples (/patterns/, content.views.patterns).

The page documents the design system in static/css/academy.css: every component as the
site renders it, with a note on when to use it. It shows made-up examples only (no
user's data), so it is open to every visitor in every environment, like a style guide;
it asks search engines not to index it.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from content.card_images import card_image_key
from content.design_tokens import contrast_report


class PatternForm(forms.Form):
    """Every form control the site uses, bound with one wrong answer to show errors."""

    name = forms.CharField(
        label=_("Full name"), max_length=120, help_text=_("As it should appear on certificates.")
    )
    email = forms.EmailField(label=_("Email address"))
    level = forms.ChoiceField(
        label=_("Training level"),
        widget=forms.RadioSelect,
        choices=[
            ("resident", _("Resident")),
            ("radiologist", _("Radiologist")),
            ("other", _("Other imaging professional")),
        ],
    )
    topics = forms.MultipleChoiceField(
        label=_("Topics you are interested in"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        choices=[
            ("dicom", _("DICOM and DICOMweb")),
            ("reporting", _("Structured reporting")),
            ("ai", _("AI in imaging")),
        ],
    )
    country = forms.ChoiceField(
        label=_("Country"),
        choices=[("", _("Choose a country")), ("nl", _("Netherlands")), ("de", _("Germany"))],
    )
    case_file = forms.FileField(
        label=_("Sample case (DICOM-SR)"),
        required=False,
        help_text=_("A .dcm file, at most 20 MB."),
    )
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea(attrs={"rows": 3}))
    agree = forms.BooleanField(label=_("I agree to the course rules"))


PATTERN_FORM_DATA = {
    "name": "Dr Sam Example",
    "email": "not-an-address",
    "level": "resident",
    "topics": ["reporting"],
    "country": "nl",
    "notes": "",
}


def pattern_context() -> dict[str, Any]:
    form = PatternForm(data=PATTERN_FORM_DATA)
    form.is_valid()  # fills the errors the page shows

    def image(title: str, letter: str) -> str:
        key = card_image_key(title=title, domain_letter=letter)
        return reverse("card-image", kwargs={"key": key})

    return {
        "form": form,
        "contrast": contrast_report(),
        "sample_images": {
            "course": image("Structured reporting essentials", "E"),
            "recording": image("DICOMweb in practice", "B"),
            "webinar": image("The AI Act for radiology departments", ""),
        },
        "colour_roles": [
            ("text", _("Text"), _("Body text on the page background.")),
            ("muted", _("Muted text"), _("Secondary text: meta lines, help.")),
            ("primary", _("Primary"), _("Header, primary buttons, headings.")),
            ("link", _("Link"), _("Links in text.")),
            ("success", _("Success"), _("Passed, completed, enrolled.")),
            ("warning", _("Warning"), _("Due soon, needs attention.")),
            ("danger", _("Danger"), _("Errors and destructive actions.")),
            ("border-strong", _("Control border"), _("Edges of inputs and buttons.")),
            ("focus", _("Focus"), _("The focus ring, with a dark inner ring on any background.")),
        ],
        "type_scale": [
            ("4", _("Page title (h1)")),
            ("3", _("Section title (h2)")),
            ("2", _("Card or sub-section title (h3)")),
            ("1", _("Lead paragraph")),
            ("0", _("Body text")),
            ("-1", _("Small print, meta lines, badges")),
        ],
        "space_scale": ["3xs", "2xs", "xs", "s", "m", "l", "xl"],
        "table_rows": [
            (_("Structured reporting and DICOM SR essentials"), "3", "2026-11-14", "92%"),
            (_("DICOMweb in practice"), "1.5", "2026-10-02", "78%"),
            (_("GDPR for imaging AI"), "1", "2026-09-21", "85%"),
        ],
    }
