"""Lock-outs after failed sign-ins: per account and client address, behind a proxy, shared
by every web process.

The last tests run the production settings in processes of their own against the real
PostgreSQL test database and Redis, as gunicorn workers behind nginx would.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection

from tests.factories import TEST_PASSWORD, UserFactory
from tests.support.services import broker_url, require_postgresql

ROOT = Path(__file__).resolve().parents[2]
PROBE = Path(__file__).with_name("lockout_probe.py")
NGINX = "10.0.0.2"


def _login(client, email: str, password: str, *, client_address: str, spoofed: str = ""):
    """A sign-in as it reaches gunicorn behind nginx ($proxy_add_x_forwarded_for)."""
    forwarded = ", ".join(part for part in (spoofed, client_address) if part)
    return client.post(
        "/accounts/login/",
        {"login": email, "password": password},
        REMOTE_ADDR=NGINX,
        HTTP_X_FORWARDED_FOR=forwarded,
    )


def _outcome(client, response) -> str:
    if "_auth_user_id" in client.session:
        return "signed-in"
    if "Too many failed login attempts" in response.content.decode():
        return "locked"
    return "refused"


@pytest.mark.django_db
def test_failures_lock_the_account_from_that_address_only(client, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    victim = UserFactory()
    for _ in range(6):
        _login(client, victim.email, "guess", client_address="203.0.113.9")
    attacker = _login(client, victim.email, TEST_PASSWORD, client_address="203.0.113.9")
    assert _outcome(client, attacker) == "locked"
    client.logout()
    owner = _login(client, victim.email, TEST_PASSWORD, client_address="198.51.100.7")
    assert _outcome(client, owner) == "signed-in"


@pytest.mark.django_db
def test_a_client_that_tries_many_accounts_is_stopped(client, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    user = UserFactory()
    for n in range(20):
        _login(client, f"nobody{n}@example.org", "guess", client_address="203.0.113.9")
    response = _login(client, user.email, TEST_PASSWORD, client_address="203.0.113.9")
    assert _outcome(client, response) == "locked"


@pytest.mark.django_db
def test_a_forged_forwarded_for_does_not_change_the_address(client, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    victim = UserFactory()
    for n in range(6):
        _login(client, victim.email, "guess", client_address="203.0.113.9", spoofed=f"192.0.2.{n}")
    response = _login(
        client, victim.email, TEST_PASSWORD, client_address="203.0.113.9", spoofed="192.0.2.99"
    )
    assert _outcome(client, response) == "locked"


# --- production settings, several processes, real Redis -----------------------------------


def _redis_url() -> str:
    return os.environ.get("REDIS_CACHE_URL") or broker_url()


def _database_url() -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return (
        f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
        f"/{db['NAME']}"
    )


def _web_process(attempts: list[dict]) -> list[str]:
    """One more web process with the production settings; returns each attempt's outcome."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "ACADEMY_"))}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "DJANGO_SECRET_KEY": "lockout-test-" + "x" * 50,
            "DJANGO_ALLOWED_HOSTS": "testserver",
            "DATABASE_URL": _database_url(),
            "REDIS_CACHE_URL": _redis_url(),
            "ACADEMY_TRUSTED_PROXY_COUNT": "1",
            "ACADEMY_BASE_URL": "http://testserver",
            "DEFAULT_FROM_EMAIL": "Academy <academy@example.org>",
            "DJANGO_LOG_LEVEL": "ERROR",
        }
    )
    result = subprocess.run(
        [sys.executable, str(PROBE), json.dumps(attempts)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout.split()


@pytest.fixture
def redis_cache_keys():
    """The rate-limit keys the processes leave in Redis are removed afterwards."""
    import redis

    url = _redis_url()
    yield
    connection_ = redis.Redis.from_url(url)
    for key in connection_.scan_iter(match="*allauth:rl*"):
        connection_.delete(key)


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_behind_nginx_one_clients_failures_lock_nobody_else_in_any_process(redis_cache_keys):
    """30 failed sign-ins from one client against accounts that do not exist, and six
    against a real account, in one web process; in another, the account's owner signs in
    from their own address while the attacker's address stays locked."""
    require_postgresql()
    _redis_url()
    victim = UserFactory()
    # The test settings hash with MD5 for speed; production checks with its own hashers.
    victim.password = PBKDF2PasswordHasher().encode(TEST_PASSWORD, PBKDF2PasswordHasher().salt())
    victim.save(update_fields=["password"])
    # Fresh addresses each run: nothing another run left in Redis can decide the outcome.
    attacker = f"203.0.113.{random.randint(1, 254)}"
    owner = f"198.51.100.{random.randint(1, 254)}"
    spray = [
        {"client": attacker, "email": f"nobody{n}@example.org", "password": "guess"}
        for n in range(30)
    ]
    guesses = [
        {"client": attacker, "email": victim.email, "password": "guess", "spoofed": f"192.0.2.{n}"}
        for n in range(6)
    ]
    first = _web_process(spray + guesses)
    assert "locked" in first  # the attacker's address is stopped in the first process
    second = _web_process(
        [
            {"client": owner, "email": victim.email, "password": TEST_PASSWORD},
            {"client": attacker, "email": victim.email, "password": TEST_PASSWORD},
        ]
    )
    assert second == ["signed-in", "locked"]
