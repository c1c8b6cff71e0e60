"""Two Content-Security-Policies: the strict one for the site, a documented one for the
Wagtail admin.

Wagtail 8 has no nonce support: its chooser widgets render `<script>new XChooser(...)</script>`
next to their input (wagtail/admin/widgets/chooser.py), InlinePanel "Add" and StreamField
blocks insert those widgets from `<template>`s, and several editors set `style` attributes.
Under `script-src 'self'` those scripts are blocked and the buttons do nothing. Hashes cannot
help (each script names its own field id), so pages under the admin prefix get
ADMIN_CONTENT_SECURITY_POLICY, which adds only `'unsafe-inline'` for script and style;
everything else (own origin only, no eval, no plugins, no framing by others) stays as strict
as the site's. The admin is reached only by staff who passed two-factor sign-in.
"""

from __future__ import annotations

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.http import HttpRequest, HttpResponseBase


def is_admin_path(path: str) -> bool:
    return path.startswith(settings.ADMIN_CSP_URL_PREFIXES)


class SitePolicyCSPMiddleware(CSPMiddleware):
    """django-csp's middleware, with the admin's policy for paths under the admin prefix
    (unless a view chose its own policy with django-csp's decorators)."""

    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and parts.config is None and is_admin_path(request.path_info):
            parts.config = settings.ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"]
        return parts
