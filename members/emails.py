"""Emails: who they are from and how they are signed, for allauth's and the site's own.

`queue_email` queues one from a service: rendered now, recorded in the outbox with the
caller's transaction and sent by the `members.send_email` task after the commit (a
rolled-back change sends nothing; a broker that is down delays the email, outbox.flush
sends it). Every email names the society as the site settings give it and comes from
DEFAULT_FROM_EMAIL."""

from __future__ import annotations

from django.conf import settings

from config.site_url import site_host


def society_name() -> str:
    """The society's name from the default site's settings (the site's name, when there
    is no site yet)."""
    from wagtail.models import Site

    from content.models import SiteSettings

    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return settings.SITE_NAME
    return SiteSettings.for_site(site).society_name or site.site_name or settings.SITE_NAME


def subject_line(subject: str, *, society: str | None = None) -> str:
    return f"[{society or society_name()}] {subject}"


def signed(body: str, *, society: str | None = None) -> str:
    """The body with the society's sign-off and the site's address."""
    return f"{body.rstrip()}\n\n-- \n{society or society_name()}\n{settings.ACADEMY_BASE_URL}\n"


def email_identity() -> dict:
    """What allauth's email templates name: the society and the site (current_site is
    what allauth's own templates read; `society_name` and `site_url` ours)."""
    society = society_name()
    return {
        "society_name": society,
        "site_url": settings.ACADEMY_BASE_URL,
        "current_site": _SiteForEmail(name=society, domain=site_host()),
    }


class _SiteForEmail:
    def __init__(self, *, name: str, domain: str) -> None:
        self.name = name
        self.domain = domain


def queue_email(*, subject: str, body: str, to: list[str], html: str | None = None) -> None:
    from outbox.services import enqueue

    society = society_name()
    payload = {
        "subject": subject_line(subject, society=society),
        "body": signed(body, society=society),
        "from_email": settings.DEFAULT_FROM_EMAIL,
        "to": list(to),
        "html": html,
    }
    enqueue(task="members.send_email", kwargs=payload)
