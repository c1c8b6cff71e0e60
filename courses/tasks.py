"""Celery tasks of the courses feature."""

from __future__ import annotations

from celery import shared_task

from courses.models import CoursePage
from members.models import User

DEFAULT_PROVIDER = "European Society of Imaging Informatics (demo)"


def _provider_name() -> str:
    from wagtail.models import Site

    from content.models import SiteSettings

    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return DEFAULT_PROVIDER
    return SiteSettings.for_site(site).society_name or DEFAULT_PROVIDER


@shared_task(name="courses.issue_certificate", acks_late=True)
def issue_certificate(user_id: int, course_id: int) -> str | None:
    """Issue the learner's certificate for the course once; returns its code (or None)."""
    from courses import services

    user = User.objects.filter(pk=user_id).first()
    course = CoursePage.objects.filter(pk=course_id).first()
    if user is None or course is None:
        return None
    certificate = services.issue_certificate(user=user, course=course, provider=_provider_name())
    return certificate.code if certificate else None
