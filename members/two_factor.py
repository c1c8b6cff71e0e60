"""Two-factor sign-in: who must use it, and whether this session has passed it.

allauth records every authentication step of a session (password, authenticator code,
re-authentication) in the session itself. A device on the account proves nothing about
the session in hand; only an "mfa" record in the session does.
"""

from __future__ import annotations

from allauth.account.authentication import get_authentication_records
from allauth.mfa.models import Authenticator
from django.http import HttpRequest

from members.models import User
from members.roles import MFA_REQUIRED_ROLES
from members.selectors import granted_roles


def must_use_two_factor(user: User) -> bool:
    return bool(granted_roles(user) & MFA_REQUIRED_ROLES)


def has_authenticator(user: User) -> bool:
    """A device that gives codes (recovery codes alone are a fallback, not a device)."""
    return (
        Authenticator.objects.filter(user=user)
        .exclude(type=Authenticator.Type.RECOVERY_CODES)
        .exists()
    )


# The session remembers that its user has a device, so instructors and staff do not pay a
# query for it on every page; removing a device in this session forgets it
# (`forget_authenticator`), and a new sign-in starts a new session.
DEVICE_SEEN = "academy_mfa_device"


def session_knows_authenticator(request: HttpRequest) -> bool:
    """Whether the signed-in user has a device, asked once per session."""
    if request.session.get(DEVICE_SEEN) == request.user.pk:
        return True
    if has_authenticator(request.user):
        request.session[DEVICE_SEEN] = request.user.pk
        return True
    return False


def forget_authenticator(sender, request, user, authenticator=None, **kwargs) -> None:
    if request is not None and hasattr(request, "session"):
        request.session.pop(DEVICE_SEEN, None)


def session_passed_second_factor(request: HttpRequest) -> bool:
    records = get_authentication_records(request, request.user)
    return any(record.get("method") == "mfa" for record in records)


def record_new_authenticator(sender, request, user, authenticator, **kwargs) -> None:
    """Proving a new device with one of its codes (allauth's set-up form asks for one) is
    this session's second factor: the instructor carries on without signing in again."""
    from allauth.account.internal.flows.login import record_authentication

    if request is None or authenticator.type == Authenticator.Type.RECOVERY_CODES:
        return
    if getattr(request, "user", None) is None or request.user.pk != user.pk:
        return
    record_authentication(request, user, "mfa", id=authenticator.pk, type=authenticator.type)
