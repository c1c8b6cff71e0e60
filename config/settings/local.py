"""The embedded default: no services needed. SQLite, eager Celery, console email."""

from config.env import env
from config.settings.base import *  # noqa: F403
from config.settings.base import VAR_DIR, payment_variants

# DEBUG stays off by default even here: a newcomer running `make run` must meet the site's
# own 404, 403, CSRF and 500 pages, never Django's debug pages or a traceback (errors are
# logged to the console). DJANGO_DEBUG=1 turns the debug pages on for a developer.
DEBUG = env.bool("DJANGO_DEBUG", default=False)
# With DEBUG off, runserver serves no static files: WhiteNoise serves them from the apps'
# static folders (no collectstatic needed) and picks up edits; Django serves uploads.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
SERVE_MEDIA = True
# The benchmarks (bench/) compare pages with the trivial view `/_baseline` of the same run.
BENCH_BASELINE = env.bool("ACADEMY_BENCH_BASELINE", default=True)
# A fixed development key is fine here: this module never runs in production, where
# config.settings.production requires DJANGO_SECRET_KEY.
SECRET_KEY = env.str(
    "DJANGO_SECRET_KEY", default="dev-only-insecure-key-imaging-informatics-academy"
)
VAR_DIR.mkdir(parents=True, exist_ok=True)

# Cards go through django-payments' development provider (no account anywhere) unless
# STRIPE_SECRET_KEY is set.
PAYMENT_VARIANTS = payment_variants(development_card_provider=True)
