"""The account area's navigation: one list of its pages, the current one marked."""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

register = template.Library()

# (label, URL name to link to, the views of the pages under it: a name ending in "_" is a
# prefix, allauth's MFA pages all begin with "mfa_")
ACCOUNT_PAGES = (
    (_("Profile and membership"), "members:profile", ("members:profile",)),
    (_("Email addresses"), "account_email", ("account_email", "account_email_change")),
    (
        _("Password"),
        "account_change_password",
        ("account_change_password", "account_set_password"),
    ),
    (_("Two-factor authentication"), "mfa_index", ("mfa_",)),
    (
        _("Your data and privacy"),
        "members:privacy",
        ("members:privacy", "members:delete_my_account"),
    ),
)


def account_pages(view_name: str) -> list[dict]:
    """The account area's pages, each with `current` set for the page `view_name` is in."""
    return [
        {
            "label": label,
            "url": reverse(url_name),
            "current": any(
                view_name == name or (name.endswith("_") and view_name.startswith(name))
                for name in members_of
            ),
        }
        for label, url_name, members_of in ACCOUNT_PAGES
    ]


@register.inclusion_tag("members/includes/account_nav.html", takes_context=True)
def account_navigation(context) -> dict:
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    return {"items": account_pages(match.view_name if match else "")}
