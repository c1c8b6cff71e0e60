"""Run sign-in attempts in a process of its own, with the production settings.

Used by test_lockouts.py: each run is one more web process (as gunicorn runs several),
seeing only what the shared cache and the database hold. Every request arrives as it
does behind nginx: from nginx's address, with X-Forwarded-For as nginx writes it (what
the client sent, then the address nginx saw).

    python tests/members/lockout_probe.py '[{"client": "203.0.113.9", "email": "...",
        "password": "...", "spoofed": "1.2.3.4"}]'

prints one word per attempt: signed-in, locked or refused.
"""

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import django  # noqa: E402

django.setup()

from django.test import Client  # noqa: E402
from django.test.utils import override_settings  # noqa: E402

NGINX = "10.0.0.2"
# Only the static files storage differs from production: its manifest needs collectstatic.
STATIC = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}


def attempt(spec: dict) -> str:
    forwarded = ", ".join(part for part in (spec.get("spoofed"), spec["client"]) if part)
    client = Client(REMOTE_ADDR=NGINX, HTTP_X_FORWARDED_FOR=forwarded)
    response = client.post(
        "/accounts/login/", {"login": spec["email"], "password": spec["password"]}, secure=True
    )
    if "_auth_user_id" in client.session:
        return "signed-in"
    # Stopped either by the failed-sign-in lock (a form error) or, once the address has
    # made too many attempts of any kind within the minute, by allauth's 429 page.
    if response.status_code == 429 or "Too many failed login attempts" in response.content.decode():
        return "locked"
    return "refused"


def main() -> None:
    from django.conf import settings

    storages = {**settings.STORAGES, "staticfiles": STATIC}
    with override_settings(STORAGES=storages):
        print(" ".join(attempt(spec) for spec in json.loads(sys.argv[1])))


if __name__ == "__main__":
    main()
