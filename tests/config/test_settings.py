"""Settings: the embedded default needs nothing; production refuses to start half-set."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "DJANGO_SECRET_KEY": "x" * 30 + "-production-secret-key-for-tests-only-0123456789",
    "DJANGO_ALLOWED_HOSTS": "academy.example.org",
    "REDIS_CACHE_URL": "redis://127.0.0.1:6379/1",
    "ACADEMY_TRUSTED_PROXY_COUNT": "1",
    "ACADEMY_BASE_URL": "https://academy.example.org",
    "DEFAULT_FROM_EMAIL": "Academy <academy@example.org>",
}


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_platform_folder_does_not_shadow_the_standard_library():
    result = _run(["-c", "import platform; print(platform.system())"], {})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == os.uname().sysname


@pytest.mark.parametrize(
    "missing",
    [
        "DJANGO_SECRET_KEY",
        "DJANGO_ALLOWED_HOSTS",
        "REDIS_CACHE_URL",
        "ACADEMY_TRUSTED_PROXY_COUNT",
        "ACADEMY_BASE_URL",
        "DEFAULT_FROM_EMAIL",
    ],
)
def test_production_refuses_to_start_without_a_required_variable(missing):
    # Set empty rather than left out, so that a developer's .env cannot fill it in.
    env = {**PRODUCTION_ENV, missing: ""}
    result = _run(["manage.py", "check"], env)
    assert result.returncode != 0
    assert f"{missing} must be set in production" in result.stderr
    assert "Traceback" not in result.stderr.splitlines()[-1]


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("REDIS_CACHE_URL", "locmem://", "REDIS_CACHE_URL must be a redis://"),
        ("ACADEMY_TRUSTED_PROXY_COUNT", "nginx", "must be a whole number"),
        ("ACADEMY_TRUSTED_PROXY_COUNT", "-1", "must be a whole number"),
        ("ACADEMY_BASE_URL", "academy.example.org", "ACADEMY_BASE_URL must be the address"),
        ("ACADEMY_BASE_URL", "https://academy.example.org/learn", "with no path"),
        ("DEFAULT_FROM_EMAIL", "Academy <academy@localhost>", "not @localhost"),
        ("PROTECTED_MEDIA_DELIVERY", "apache", "must be nginx, s3 or django"),
        ("PROTECTED_MEDIA_DELIVERY", "django", "with sync workers every viewer holds a worker"),
    ],
)
def test_production_refuses_settings_that_cannot_work(variable, value, message):
    result = _run(["manage.py", "check"], {**PRODUCTION_ENV, variable: value})
    assert result.returncode != 0
    assert message in result.stderr


def test_production_streams_protected_files_itself_only_from_threaded_workers():
    env = {**PRODUCTION_ENV, "PROTECTED_MEDIA_DELIVERY": "django"}
    refused = _run(["manage.py", "check"], {**env, "GUNICORN_THREADS": "1"})
    assert refused.returncode != 0 and "GUNICORN_THREADS=8 or more" in refused.stderr
    threaded = _run(["manage.py", "check"], {**env, "GUNICORN_THREADS": "16"})
    assert threaded.returncode == 0, threaded.stderr
    default = _run(["manage.py", "check"], {**PRODUCTION_ENV, "PROTECTED_MEDIA_DELIVERY": ""})
    assert default.returncode == 0, default.stderr  # nginx by default


# Questions answered by a production process (a Python start and django.setup() take about
# two seconds, so the questions asked with the very same environment share one process).
LOCKOUT_PROBE = (
    "from django.conf import settings as s\n"
    "print(s.CACHES['default']['BACKEND'], s.CACHES['default']['LOCATION'],"
    " s.ALLAUTH_TRUSTED_PROXY_COUNT)"
)
BASELINE_PROBE = (
    "from django.urls import Resolver404, resolve\n"
    "try:\n    print(resolve('/_baseline').url_name)\n"
    "except Resolver404:\n    print('not-routed')"
)
DEPLOY_PROBE = (
    "from django.core.management import call_command\n"
    "call_command('check', '--deploy', '--fail-level', 'WARNING')"
)
_ANSWER_ALL = """
import contextlib, io, json, sys
import django
django.setup()
answers = {}
for name, code in json.loads(sys.argv[1]).items():
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(code, {})
    answers[name] = out.getvalue()
print(json.dumps(answers))
"""


def _answers(probes: dict[str, str], env: dict[str, str]) -> dict[str, str]:
    """What each probe printed, all run one after the other in one fresh process."""
    result = _run(["-c", _ANSWER_ALL, json.dumps(probes)], env)
    assert result.returncode == 0, result.stdout + result.stderr
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def production_answers() -> dict[str, str]:
    """The probes asked with PRODUCTION_ENV exactly as it is, in one production process."""
    probes = {"lockouts": LOCKOUT_PROBE, "baseline": BASELINE_PROBE, "deploy": DEPLOY_PROBE}
    return _answers(probes, PRODUCTION_ENV)


def test_production_counts_lockouts_in_redis_by_the_address_nginx_saw(production_answers):
    assert production_answers["lockouts"].split() == [
        "django.core.cache.backends.redis.RedisCache",
        "redis://127.0.0.1:6379/1",
        "1",
    ]


def test_check_deploy_is_clean_with_production_variables(production_answers):
    # call_command raises SystemCheckError (the process exits non-zero) on any warning.
    assert "no issues" in production_answers["deploy"]


def test_embedded_default_uses_sqlite_eager_celery_and_console_email():
    code = (
        "import django; django.setup(); from django.conf import settings as s;"
        "print(s.DATABASES['default']['ENGINE'], s.CELERY_TASK_ALWAYS_EAGER, s.EMAIL_BACKEND,"
        " s.DEBUG)"
    )
    env = {
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "DATABASE_URL": "",
        "CELERY_BROKER_URL": "",
    }
    result = _run(["-c", code], env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.db.backends.sqlite3",
        "True",
        "django.core.mail.backends.console.EmailBackend",
        "False",  # no debug pages for a newcomer (see the next test)
    ]


def test_the_embedded_default_shows_no_debug_pages_yet_serves_static_and_media():
    # `make run` uses config.settings.local: DEBUG must be off unless a developer asks.
    script = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.DEBUG, settings.WHITENOISE_USE_FINDERS, settings.SERVE_MEDIA)"
    )
    result = _run(["-c", script], {"DJANGO_SETTINGS_MODULE": "config.settings.local"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "True", "True"]


def test_the_site_url_in_production_is_the_configured_one():
    code = (
        "import django; django.setup(); from django.conf import settings as s;"
        "print(s.ACADEMY_BASE_URL, s.WAGTAILADMIN_BASE_URL, s.PAYMENT_HOST, s.PAYMENT_USES_SSL)"
    )
    result = _run(["-c", code], {**PRODUCTION_ENV, "ACADEMY_BASE_URL": "https://learn.example.eu/"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "https://learn.example.eu",
        "https://learn.example.eu",
        "learn.example.eu",
        "True",
    ]


def test_make_serve_sets_the_site_url_to_the_address_it_serves():
    result = subprocess.run(
        ["make", "-n", "serve", "HOST=0.0.0.0", "PORT=8123"],
        cwd=ROOT,
        env={k: v for k, v in os.environ.items() if k != "ACADEMY_BASE_URL"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "ACADEMY_BASE_URL=${ACADEMY_BASE_URL:-http://0.0.0.0:8123}" in result.stdout


@pytest.mark.parametrize(("flag", "view"), [(None, "not-routed"), ("1", "baseline")])
def test_the_benchmark_baseline_is_routed_in_production_only_for_a_benchmark(
    flag, view, production_answers
):
    if flag is None:  # PRODUCTION_ENV as it is: answered by the shared production process
        answer = production_answers["baseline"]
    else:
        env = {**PRODUCTION_ENV, "ACADEMY_BENCH_BASELINE": flag}
        answer = _answers({"baseline": BASELINE_PROBE}, env)["baseline"]
    assert answer.split() == [view]
