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


@pytest.fixture(scope="session")
def django_db_setup(
    request,
    django_test_environment,
    django_db_blocker,
    django_db_use_migrations,
    django_db_keepdb,
    django_db_createdb,
    django_db_modify_db_settings,
):
    """pytest-django's set-up, but a SQLite test file starts as a copy of the migrated
    template of an earlier run when there is one (see tests/support/template_db.py)."""
    from django.test.utils import setup_databases, teardown_databases
    from pytest_django.fixtures import _disable_migrations, _get_databases_for_setup

    from tests.support import template_db

    if not django_db_use_migrations:
        _disable_migrations()
    test_file = template_db.sqlite_test_file()
    use_template = (
        test_file is not None
        and django_db_use_migrations
        and not django_db_keepdb
        and not django_db_createdb
    )
    copied = use_template and template_db.copy_template_into_place(test_file)
    aliases, serialized_aliases = _get_databases_for_setup(request.session.items)
    with django_db_blocker.unblock():
        db_cfg = setup_databases(
            verbosity=request.config.option.verbose,
            interactive=False,
            aliases=aliases,
            serialized_aliases=serialized_aliases,
            # Keep the copied template (Django would delete an existing file first).
            keepdb=copied or (django_db_keepdb and not django_db_createdb),
        )
    if use_template and not copied:
        template_db.keep_as_template(test_file)
    yield
    if not django_db_keepdb:
        with django_db_blocker.unblock():
            teardown_databases(db_cfg, verbosity=request.config.option.verbose)


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
