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
    """Sign a user in on the test client with the session allauth's sign-in leaves (TOTP
    turned on and passed, which instructors and staff need)."""
    from tests.support.signin import sign_in

    def _login(user):
        if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            enable_totp(user)
        return sign_in(client, user)

    return _login
