from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse

from members.roles import MFA_REQUIRED_ROLES
from members.selectors import granted_roles

# Paths an instructor or staff member may use before enabling two-factor authentication.
_EXEMPT_PREFIXES = (
    "/accounts/2fa/",
    "/accounts/login/",
    "/accounts/logout/",
    "/accounts/reauthenticate/",
    "/static/",
    "/healthz",
)


class RequireStaffMFAMiddleware:
    """Instructors and staff must set up TOTP before they use the site or the admin."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and not request.path.startswith(_EXEMPT_PREFIXES)
            and granted_roles(user) & MFA_REQUIRED_ROLES
            and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
        ):
            messages.warning(
                request,
                "Instructors and staff must turn on two-factor authentication before continuing.",
            )
            return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)
