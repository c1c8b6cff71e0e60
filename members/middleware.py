from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from members.two_factor import (
    must_use_two_factor,
    session_knows_authenticator,
    session_passed_second_factor,
)

# Paths that never need the gate: signing out, assets, the health probe.
_ALWAYS_OPEN = ("/accounts/logout/", "/static/", "/healthz")
# Paths an instructor or staff member without a device needs to set one up.
_SET_UP_PREFIXES = (
    "/accounts/2fa/",
    "/accounts/login/",
    "/accounts/reauthenticate/",
)


class RequireStaffMFAMiddleware:
    """Instructors and staff use the site only in a session that passed the second factor.

    Without a device they are sent to set one up; with one, a session that did not pass
    it (made by any door but allauth's complete sign-in) is signed out and sent to sign in.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and not request.path.startswith(_ALWAYS_OPEN)
            and must_use_two_factor(user)
        ):
            if session_knows_authenticator(request):
                if not session_passed_second_factor(request):
                    logout(request)
                    messages.info(
                        request, _("Sign in again with your password and authenticator code.")
                    )
                    return redirect_to_login(
                        request.get_full_path(), login_url=reverse("account_login")
                    )
            elif not request.path.startswith(_SET_UP_PREFIXES):
                messages.warning(
                    request,
                    _(
                        "Instructors and staff must turn on two-factor authentication "
                        "before continuing."
                    ),
                )
                return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)
