"""Signing test clients in: through allauth's real forms, or straight into a full session.

`sign_in_through_allauth` takes the path a person (or an attacker) takes: the email and
password form, then the authenticator code. `sign_in` is for tests about something
else: it gives the client the session that path ends with (allauth's record of a
password and, for accounts with an authenticator, of the second factor), without the
requests.
"""

from __future__ import annotations

import time

from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.test import Client, RequestFactory

from tests.factories import TEST_PASSWORD


def current_totp_code(secret: str) -> str:
    """The code an authenticator app shows now (waiting out the last seconds of a period,
    since allauth accepts only the current period)."""
    if time.time() % 30 > 27:
        time.sleep(30 - time.time() % 30 + 0.2)
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def sign_in_through_allauth(
    client: Client,
    email: str,
    *,
    password: str = TEST_PASSWORD,
    totp_secret: str | None = None,
    next_url: str = "",
    **extra,
):
    """Post the sign-in form (and the code form when allauth asks for it); return the
    last response."""
    url = "/accounts/login/" + (f"?next={next_url}" if next_url else "")
    response = client.post(url, {"login": email, "password": password}, **extra)
    if (
        totp_secret
        and response.status_code == 302
        and response.url == "/accounts/2fa/authenticate/"
    ):
        response = client.post(
            "/accounts/2fa/authenticate/", {"code": current_totp_code(totp_secret)}, **extra
        )
    return response


def sign_in(client: Client, user, *, second_factor: bool = True) -> Client:
    """Sign the user in with the session allauth's complete sign-in leaves behind (with
    `second_factor=False`: a session that proved the password only)."""
    client.force_login(user)
    request = RequestFactory().get("/")
    request.session = client.session
    request.user = user
    record_authentication(request, user, "password", email=user.email)
    authenticators = Authenticator.objects.filter(user=user).exclude(
        type=Authenticator.Type.RECOVERY_CODES
    )
    for authenticator in authenticators if second_factor else []:
        record_authentication(request, user, "mfa", id=authenticator.pk, type=authenticator.type)
    request.session.save()
    return client
