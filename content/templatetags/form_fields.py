"""`{{ field|described }}`: a form field's widget tied to its help and its errors.

Django adds `aria-describedby` for help text only; a screen reader should also hear the
error when it reaches the control. The ids are the ones templates/includes/field.html
gives the help text (`<id>_helptext`) and the error list (`<id>_error`).
"""

from __future__ import annotations

from django import template
from django.forms import BoundField

register = template.Library()


def description_ids(field: BoundField) -> str:
    ids = []
    if field.help_text:
        ids.append(f"{field.auto_id}_helptext")
    if field.errors:
        ids.append(f"{field.auto_id}_error")
    return " ".join(ids)


@register.filter
def described(field: BoundField):
    attrs = {}
    ids = description_ids(field)
    if ids:
        attrs["aria-describedby"] = ids
    if field.errors:
        attrs["aria-invalid"] = "true"
    return field.as_widget(attrs=attrs)


@register.filter
def description_for(field: BoundField) -> str:
    return description_ids(field)
