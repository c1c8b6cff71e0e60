"""Settings shared by every environment. Environment-specific modules import this."""

from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

from config.env import BASE_DIR, env, site_url, trusted_proxy_count

VAR_DIR = Path(env.str("ACADEMY_VAR_DIR", default=str(BASE_DIR / "var")))

DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
# Serve MEDIA_ROOT from Django (the embedded default only; a web server does it elsewhere).
SERVE_MEDIA = False
# The benchmarks' trivial view `/_baseline` (config.views.trivial) is routed only where a
# benchmark runs: the embedded default and tests (local.py), or a stack started with
# ACADEMY_BENCH_BASELINE=1 (bench/load/run_stack.sh); never in production otherwise.
BENCH_BASELINE = env.bool("ACADEMY_BENCH_BASELINE", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])

SITE_NAME = env.str("ACADEMY_SITE_NAME", default="Imaging Informatics Academy")
WAGTAIL_SITE_NAME = SITE_NAME
# The one address users reach the site at (config/site_url.py): certificate verify links
# and QR codes, calendar files, emails and payment callbacks are built from it. `make
# serve` sets it to the address it serves; production requires it.
ACADEMY_BASE_URL = site_url(env.str("ACADEMY_BASE_URL", default="") or "http://127.0.0.1:8000")
WAGTAILADMIN_BASE_URL = ACADEMY_BASE_URL

INSTALLED_APPS = [
    # Our apps first so that their templates override the libraries'.
    "members",
    "members.society",
    "content",
    "courses",
    "courses.exercises",
    "content.webinars",
    "outbox",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "wagtailmedia",
    "modelcluster",
    "taggit",
    "django_filters",
    "payments",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "csp",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # NUL and other control characters in an address: a 400 with a message, for every view.
    "config.middleware.RefuseControlCharactersMiddleware",
    # A number in an address too large to be a database id: 404 for every view.
    "config.middleware.RefuseImpossibleIdsMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # django-csp, with the admin policy under /admin/ (config/csp.py says why).
    "config.csp.SitePolicyCSPMiddleware",
    # Anonymous pages from the cache, before anything reads the session or the database.
    "content.page_cache.AnonymousPageCacheMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "members.middleware.RequireStaffMFAMiddleware",
    # Wagtail's page view finds its site from memory, per content version.
    "content.routing.CachedSiteMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "content.context_processors.navigation",
                "content.context_processors.site_identity",
            ],
        },
    },
]

# SQLite under var/ unless DATABASE_URL says otherwise (PostgreSQL in production and CI).
DATABASE_URL = env.str("DATABASE_URL", default="") or f"sqlite:///{VAR_DIR / 'academy.sqlite3'}"
DATABASES = {"default": environ.Env.db_url_config(DATABASE_URL)}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default serves several requests at once (Wagtail's autosave posts while
    # the author presses Publish): WAL lets readers run beside the writer, IMMEDIATE takes
    # the write lock when a request's transaction begins (so a second writer waits its turn
    # instead of failing with "database is locked" halfway), and the timeout is how long
    # it waits.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": env.int("SQLITE_BUSY_TIMEOUT", default=20),
    }
    # Tests with a live server use a file too: Django's in-memory test database shares one
    # cache between connections, whose table locks no busy timeout waits for.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test_academy.sqlite3")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "members.User"
# Database sessions indexed by user (members.sessions): erasure ends a user's sessions
# with one DELETE instead of decoding every session in the table.
SESSION_ENGINE = "members.sessions"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
# One door in: Wagtail's admin and its private pages send visitors to allauth's sign-in
# (which asks instructors and staff for their authenticator code), and Wagtail offers no
# password or email forms of its own (allauth's verify, rate-limit and re-authenticate).
WAGTAILADMIN_LOGIN_URL = "account_login"
WAGTAIL_FRONTEND_LOGIN_URL = "account_login"
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
WAGTAIL_EMAIL_MANAGEMENT_ENABLED = False
LOGIN_REDIRECT_URL = "members:profile"

# django-allauth: email only, verified before first login, rate-limited.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
# First and last name at sign-up: certificates print them (members.forms.SignupNameForm).
ACCOUNT_SIGNUP_FORM_CLASS = "members.forms.SignupNameForm"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = False
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_ADAPTER = "members.adapters.AccountAdapter"
ACCOUNT_RATE_LIMITS = {
    # Failed sign-ins: 20 per client address, 5 per account from one address (the key is
    # account + address, members.adapters), so nobody can lock others out.
    "login_failed": "20/5m/ip,5/5m/key",
    "login": "30/m/ip",
    "signup": "10/h/ip",
    "reset_password": "5/m/ip,3/m/key",
    "reset_password_from_key": "20/m/ip",
    "confirm_email": "1/3m/key",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
}
# The client's address for rate limits: behind our own proxies (nginx: 1), allauth reads
# X-Forwarded-For that many hops from the right, or a header a trusted proxy sets; with 0
# (the embedded default, no proxy) it takes the connection's address.
ALLAUTH_TRUSTED_PROXY_COUNT = trusted_proxy_count(
    env.str("ACADEMY_TRUSTED_PROXY_COUNT", default="") or "0"
)
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = env.str("ACADEMY_TRUSTED_CLIENT_IP_HEADER", default="") or None
# Subjects begin with the society's name from the site settings (members.adapters).
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = SITE_NAME

LANGUAGE_CODE = "en"
# The languages the site's strings are marked for (English, the source, first). No
# LocaleMiddleware yet: the anonymous page cache keys by path, so how a visitor picks a
# language (a prefix in the path, most likely) is decided before any switching is on.
LANGUAGES = [
    ("en", _("English")),
    ("de", _("German")),
    ("fr", _("French")),
    ("it", _("Italian")),
    ("es", _("Spanish")),
    ("nl", _("Dutch")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("ACADEMY_MEDIA_ROOT", default=str(VAR_DIR / "media")))
# Files that must never be public (DICOM cases, members-only recordings) live here and
# are only served through views that check access.
PRIVATE_MEDIA_ROOT = Path(env.str("ACADEMY_PRIVATE_MEDIA_ROOT", default=str(VAR_DIR / "private")))
PROTECTED_MEDIA_DELIVERY = env.str("PROTECTED_MEDIA_DELIVERY", default="django")
PROTECTED_MEDIA_NGINX_PREFIX = env.str("PROTECTED_MEDIA_NGINX_PREFIX", default="/protected/")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {
            "location": str(PRIVATE_MEDIA_ROOT),
            # nginx's `internal` location: reachable only through X-Accel-Redirect.
            "base_url": PROTECTED_MEDIA_NGINX_PREFIX,
        },
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

# Uploads: refuse oversized bodies before they reach a view.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2_000
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "txt", "xlsx", "zip", "vtt"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILMEDIA = {"MEDIA_MODEL": "wagtailmedia.Media"}
# The text search configuration is named (not the database default) so that the index
# and the site search's own queries (content.search) parse words alike.
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "wagtail.search.backends.database", "SEARCH_CONFIG": "english"}
}

# Cache: rate limits (sign-in, sign-up, questions) and cached fragments must be shared by
# every web process in production, so REDIS_CACHE_URL points at Redis there.
REDIS_CACHE_URL = env.str("REDIS_CACHE_URL", default="")
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_CACHE_URL,
    }
    if REDIS_CACHE_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    # The layout's shared fragments (templates/base.html), in each process's memory: their
    # keys hold the shared content version, so no process shows an old one, and a page
    # does not pay a Redis round trip for each of them.
    "layout": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "layout",
        "OPTIONS": {"MAX_ENTRIES": 2000},
    },
}

# Email: console by default; SMTP (or any backend) by configuration.
EMAIL_BACKEND = env.str(
    "DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=587)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=True)
# Where django.core.mail.backends.filebased.EmailBackend writes (one file per message).
EMAIL_FILE_PATH = env.str("EMAIL_FILE_PATH", default=str(VAR_DIR / "mail"))
# The sender of every email (production requires a real one).
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default=f"{SITE_NAME} <academy@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

from config.settings.tasks import *  # noqa: E402, F403

CELERY_TIMEZONE = TIME_ZONE

from config.settings.security import *  # noqa: E402, F403

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
    },
}

# --- The society's membership lifecycle (members/society) ---------------------------------
# Promotion windows start and end at midnight here, and membership dates are counted here.
SOCIETY_TIME_ZONE = env.str("SOCIETY_TIME_ZONE", default=TIME_ZONE)
# Members-only access continues this many days after a membership's end date.
SOCIETY_RENEWAL_GRACE_DAYS = env.int("SOCIETY_RENEWAL_GRACE_DAYS", default=30)
# Invoices are kept this long for bookkeeping, also after an account is erased.
SOCIETY_INVOICE_RETENTION_YEARS = env.int("SOCIETY_INVOICE_RETENTION_YEARS", default=10)
# Fees are gross amounts; with a rate of 0 the invoice prints the exemption statement.
SOCIETY_VAT_RATE = env.str("SOCIETY_VAT_RATE", default="0")
SOCIETY_VAT_EXEMPT_STATEMENT = env.str(
    "SOCIETY_VAT_EXEMPT_STATEMENT",
    default="VAT exempt: membership subscription of a non-profit organisation "
    "(Article 132(1)(l) of Council Directive 2006/112/EC).",
)
SOCIETY_MEMBER_NUMBER_PREFIX = env.str("SOCIETY_MEMBER_NUMBER_PREFIX", default="M-")

# django-payments: card payments through Stripe Checkout when STRIPE_SECRET_KEY is set;
# bank transfer (SEPA) always, marked as received by the treasurer in the admin. The
# embedded default (local.py) uses the library's development provider for cards.
PAYMENT_MODEL = "society.Payment"
PAYMENT_HOST = ACADEMY_BASE_URL.split("://", 1)[-1]
PAYMENT_USES_SSL = ACADEMY_BASE_URL.startswith("https://")
STRIPE_SECRET_KEY = env.str("STRIPE_SECRET_KEY", default="")
STRIPE_WEBHOOK_SECRET = env.str("STRIPE_WEBHOOK_SECRET", default="")


def payment_variants(*, development_card_provider: bool) -> dict:
    variants = {"sepa": ("members.society.providers.BankTransferProvider", {})}
    if STRIPE_SECRET_KEY:
        variants["card"] = (
            "members.society.stripe_provider.CheckedStripeProvider",
            {"api_key": STRIPE_SECRET_KEY, "endpoint_secret": STRIPE_WEBHOOK_SECRET},
        )
    elif development_card_provider:
        variants["card"] = ("members.society.providers.DevelopmentCardProvider", {})
    return variants


PAYMENT_VARIANTS = payment_variants(development_card_provider=False)
