"""Production: every secret and host comes from the environment; nothing insecure by default."""

from django.core.exceptions import ImproperlyConfigured

from config.env import env, site_url, trusted_proxy_count
from config.settings.base import *  # noqa: F403
from config.settings.base import (
    ADMIN_CONTENT_SECURITY_POLICY,
    CACHES,
    CONTENT_SECURITY_POLICY,
    STORAGES,
)


def _required(name: str, hint: str) -> str:
    value = env.str(name, default="")
    if not value:
        raise ImproperlyConfigured(f"{name} must be set in production: {hint}")
    return value


DEBUG = False
# Threads per gunicorn worker below which "django" media delivery is refused (see below).
MIN_STREAMING_THREADS = 8
SECRET_KEY = _required("DJANGO_SECRET_KEY", "a long random string (50+ characters)")
ALLOWED_HOSTS = [
    host.strip()
    for host in _required(
        "DJANGO_ALLOWED_HOSTS", "a comma-separated list such as academy.example.org"
    ).split(",")
    if host.strip()
]
# Certificates, calendar files and emails carry links built from this (config/site_url.py):
# a guess from the Host header or a development default would print a wrong address on
# every certificate.
ACADEMY_BASE_URL = site_url(
    _required(
        "ACADEMY_BASE_URL",
        "the address users reach the site at, such as https://academy.example.org "
        "(certificate verify links, calendar files and emails are built from it)",
    )
)
WAGTAILADMIN_BASE_URL = ACADEMY_BASE_URL
PAYMENT_HOST = ACADEMY_BASE_URL.split("://", 1)[-1]
PAYMENT_USES_SSL = ACADEMY_BASE_URL.startswith("https://")
# Every email's sender: a real address of the society, not the development default.
DEFAULT_FROM_EMAIL = _required(
    "DEFAULT_FROM_EMAIL", "the sender of every email, such as Academy <academy@example.org>"
)
if DEFAULT_FROM_EMAIL.rstrip(">").endswith("@localhost"):
    raise ImproperlyConfigured(
        "DEFAULT_FROM_EMAIL must be an address mail can be answered at, not @localhost"
    )
SERVER_EMAIL = DEFAULT_FROM_EMAIL
CSRF_TRUSTED_ORIGINS = env.list(
    "DJANGO_CSRF_TRUSTED_ORIGINS", default=[f"https://{host}" for host in ALLOWED_HOSTS]
)

# Rate limits and sign-in lock-outs are counted in the cache: every web process must count
# in the same one (a per-process cache gives each gunicorn worker its own tally).
REDIS_CACHE_URL = _required(
    "REDIS_CACHE_URL",
    "the Redis cache every web process shares (rate limits, lock-outs), "
    "such as redis://127.0.0.1:6379/1",
)
if not REDIS_CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    raise ImproperlyConfigured(
        "REDIS_CACHE_URL must be a redis://, rediss:// or unix:// URL: the cache is shared "
        "by every web process"
    )
CACHES = {
    **CACHES,
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_CACHE_URL,
    },
}

# How many proxies of ours stand in front (nginx: 1): the client's address, which rate
# limits and lock-outs count by, is read from X-Forwarded-For that many hops from the right.
# Required, because a wrong guess either gives every visitor nginx's address (one lock for
# all) or lets clients write their own address.
ALLAUTH_TRUSTED_PROXY_COUNT = trusted_proxy_count(
    _required(
        "ACADEMY_TRUSTED_PROXY_COUNT", "the number of proxies in front of gunicorn (1 for nginx)"
    )
)

# Behind nginx, which terminates TLS and sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=True)
CONTENT_SECURITY_POLICY = {
    **CONTENT_SECURITY_POLICY,
    "DIRECTIVES": {**CONTENT_SECURITY_POLICY["DIRECTIVES"], "upgrade-insecure-requests": True},
}
ADMIN_CONTENT_SECURITY_POLICY = {
    **ADMIN_CONTENT_SECURITY_POLICY,
    "DIRECTIVES": {
        **ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"],
        "upgrade-insecure-requests": True,
    },
}

EMAIL_BACKEND = env.str(
    "DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend"
)

# Optional S3-compatible media (MinIO, Ceph, AWS); otherwise local disk served by nginx.
if env.str("AWS_STORAGE_BUCKET_NAME", default=""):
    _s3_options = {
        "bucket_name": env.str("AWS_STORAGE_BUCKET_NAME"),
        "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default=None),
        "region_name": env.str("AWS_S3_REGION_NAME", default=None),
        "access_key": env.str("AWS_ACCESS_KEY_ID", default=None),
        "secret_key": env.str("AWS_SECRET_ACCESS_KEY", default=None),
        "default_acl": None,
        "querystring_auth": True,
        "querystring_expire": env.int("AWS_QUERYSTRING_EXPIRE", default=300),
        "file_overwrite": False,
    }
    STORAGES = {
        **STORAGES,
        "default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": _s3_options},
        "private": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {**_s3_options, "location": "private"},
        },
    }
    STORAGES["staticfiles"] = {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}
else:
    STORAGES = {
        **STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }

# How protected files reach the client: "django" streams them, "nginx" hands them to
# nginx with X-Accel-Redirect, "s3" redirects to a short-lived signed URL.
PROTECTED_MEDIA_DELIVERY = env.str("PROTECTED_MEDIA_DELIVERY", default="nginx") or "nginx"
PROTECTED_MEDIA_NGINX_PREFIX = env.str("PROTECTED_MEDIA_NGINX_PREFIX", default="/protected/")
if PROTECTED_MEDIA_DELIVERY not in ("nginx", "s3", "django"):
    raise ImproperlyConfigured("PROTECTED_MEDIA_DELIVERY must be nginx, s3 or django")
# "django" streams videos from the web process itself. A sync gunicorn worker would be held
# by each viewer for the whole download (about five viewers take every worker); threaded
# workers (platform/gunicorn.conf.py turns gthread on with GUNICORN_THREADS, the variable
# read here) hold one thread each and keep serving pages.
WEB_THREADS = env.int("GUNICORN_THREADS", default=1)
if PROTECTED_MEDIA_DELIVERY == "django" and WEB_THREADS < MIN_STREAMING_THREADS:
    raise ImproperlyConfigured(
        "PROTECTED_MEDIA_DELIVERY=django streams protected files from the web workers: with "
        "sync workers every viewer holds a worker for the whole download. Use nginx "
        "(X-Accel-Redirect) or s3 (signed URLs), or run threaded workers with "
        f"GUNICORN_THREADS={MIN_STREAMING_THREADS} or more (each viewer holds one thread)."
    )
