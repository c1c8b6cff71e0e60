import pytest
from allauth.mfa.models import Authenticator


@pytest.fixture(autouse=True)
def _site_host(settings):
    settings.ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters live in the cache; no test may inherit another's."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def enable_totp(user) -> None:
    """Give the user a TOTP authenticator, as if they had set up two-factor sign-in."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    TOTP.activate(user, generate_totp_secret())


@pytest.fixture
def login_as(client):
    """Sign a user in on the test client; instructors and staff get TOTP turned on."""

    def _login(user):
        if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            enable_totp(user)
        client.force_login(user)
        return client

    return _login
