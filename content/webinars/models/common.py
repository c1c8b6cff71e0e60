"""Limits, access levels and storage shared by webinar and recording models."""

from __future__ import annotations

import zoneinfo

from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.db import models
from django.utils.translation import gettext_lazy
from wagtail.models import Page

EVENT_TIME_ZONE = zoneinfo.ZoneInfo("Europe/Amsterdam")
MAX_CAPTION_BYTES = 512 * 1024
MAX_QUESTION_LENGTH = 1000
# /webinars/media/... and /webinars/-/... are the app's own URLs (urls.py).
RESERVED_SLUGS = frozenset({"media", "-"})


def check_reserved_slug(page: Page) -> None:
    if page.slug in RESERVED_SLUGS:
        raise ValidationError(
            {"slug": f"“{page.slug}” is reserved for the webinar files and actions."}
        )


def private_storage():
    """The never-public storage (settings.STORAGES["private"]); a callable so tests and
    deployments can swap it without a migration."""
    return storages["private"]


class AccessLevel(models.TextChoices):
    PUBLIC = "public", gettext_lazy("Everyone")
    SIGNED_IN = "signed_in", gettext_lazy("Signed-in users")
    MEMBERS = "members", gettext_lazy("Active society members")


class WebinarAccess(models.TextChoices):
    PUBLIC = "public", gettext_lazy("Public (anyone signed in may register)")
    MEMBERS = "members", gettext_lazy("Members only")
