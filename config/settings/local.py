"""The embedded default: no services needed. SQLite, eager Celery, console email."""

from config.env import env
from config.settings.base import *  # noqa: F403
from config.settings.base import VAR_DIR, payment_variants

DEBUG = env.bool("DJANGO_DEBUG", default=True)
# A fixed development key is fine here: this module never runs in production, where
# config.settings.production requires DJANGO_SECRET_KEY.
SECRET_KEY = env.str(
    "DJANGO_SECRET_KEY", default="dev-only-insecure-key-imaging-informatics-academy"
)
VAR_DIR.mkdir(parents=True, exist_ok=True)

# Cards go through django-payments' development provider (no account anywhere) unless
# STRIPE_SECRET_KEY is set.
PAYMENT_VARIANTS = payment_variants(development_card_provider=True)
