"""Upcoming webinars: registration, join link, calendar file and reminders."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from content.webinars import services
from content.webinars.models import ReminderSent, WebinarRegistration
from tests.factories import member, resident
from tests.webinars import factories

pytestmark = pytest.mark.django_db


def test_member_registers_and_then_sees_the_join_link(client, login_as):
    webinar = factories.webinar(access="members")
    client = login_as(member())
    assert "meet.example.org" not in client.get(webinar.url).content.decode()

    response = client.post(reverse("webinars-register", args=[webinar.pk]))

    assert response.status_code == 302
    assert "meet.example.org/room-secret" in client.get(webinar.url).content.decode()


def test_cancel_removes_the_registration(client, login_as):
    webinar = factories.webinar()
    user = member()
    client = login_as(user)
    client.post(reverse("webinars-register", args=[webinar.pk]))

    client.post(reverse("webinars-cancel", args=[webinar.pk]))

    assert not WebinarRegistration.objects.filter(user=user).exists()


def test_non_member_cannot_register_for_members_only_webinar(client, login_as):
    webinar = factories.webinar(access="members")

    response = login_as(resident()).post(reverse("webinars-register", args=[webinar.pk]))

    assert response.status_code == 403
    assert "members only" in response.content.decode()
    assert not WebinarRegistration.objects.exists()


def test_anyone_signed_in_registers_for_a_public_webinar(client, login_as):
    webinar = factories.webinar(access="public")

    login_as(resident()).post(reverse("webinars-register", args=[webinar.pk]))

    assert WebinarRegistration.objects.filter(webinar=webinar).count() == 1


def test_anonymous_registration_goes_to_sign_in(client):
    webinar = factories.webinar(access="public")

    response = client.post(reverse("webinars-register", args=[webinar.pk]))

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_full_webinar_refuses_with_a_clear_message(client, login_as):
    webinar = factories.webinar(access="public", capacity=1)
    services.register(member(), webinar)

    response = login_as(member()).post(reverse("webinars-register", args=[webinar.pk]))

    assert response.status_code == 409
    assert "this webinar is full" in response.content.decode()
    assert WebinarRegistration.objects.filter(webinar=webinar).count() == 1


def test_times_are_shown_in_amsterdam_with_the_zone(client):
    start = datetime.datetime(2031, 3, 4, 14, 0, tzinfo=datetime.UTC)
    webinar = factories.webinar(access="public", start=start)

    html = client.get(webinar.url).content.decode()

    assert "15:00–16:00 CET (Amsterdam)" in html
    assert 'datetime="2031-03-04T15:00:00+01:00"' in html
    assert "js/webinars/localtime.js" in html


def test_ics_file_is_rfc5545(client, settings):
    start = datetime.datetime(2031, 3, 4, 14, 0, tzinfo=datetime.UTC)
    webinar = factories.webinar(start=start, title="PACS, VNA; and you")

    response = client.get(reverse("webinars-ics", args=[webinar.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    text = response.content.decode()
    assert text.startswith("BEGIN:VCALENDAR\r\n")
    assert text.endswith("END:VCALENDAR\r\n")
    assert "\n" not in text.replace("\r\n", "")
    assert f"UID:webinar-{webinar.pk}@" in text
    assert "DTSTART:20310304T140000Z\r\n" in text
    assert "DTEND:20310304T150000Z\r\n" in text
    assert "SUMMARY:PACS\\, VNA\\; and you\r\n" in text
    assert f"URL:{settings.ACADEMY_BASE_URL}{webinar.url}\r\n" in text
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))


def test_ics_file_links_to_the_configured_site_url_whatever_host_asked(client, settings):
    settings.ACADEMY_BASE_URL = "https://academy.example.org"
    webinar = factories.webinar(title="Calendars")

    text = client.get(reverse("webinars-ics", args=[webinar.pk]), HTTP_HOST="localhost")
    unfolded = text.content.decode().replace("\r\n ", "")

    assert f"URL:https://academy.example.org{webinar.url}\r\n" in unfolded
    assert f"UID:webinar-{webinar.pk}@academy.example.org\r\n" in unfolded
    assert "localhost" not in unfolded


class TestReminders:
    def _registered(self, start):
        webinar = factories.webinar(access="public", start=start)
        user = member()
        services.register(user, webinar)
        return webinar, user

    def test_nothing_is_sent_more_than_a_day_before(self):
        now = timezone.now()
        self._registered(now + datetime.timedelta(days=2))

        assert services.send_due_reminders(now) == 0
        assert mail.outbox == []

    def test_day_reminder_sent_exactly_once(self):
        now = timezone.now()
        webinar, user = self._registered(now + datetime.timedelta(hours=20))

        first = services.send_due_reminders(now)
        second = services.send_due_reminders(now + datetime.timedelta(minutes=5))

        assert (first, second) == (1, 0)
        assert len(mail.outbox) == 1
        assert mail.outbox[0].to == [user.email]
        assert "tomorrow" in mail.outbox[0].subject
        assert ReminderSent.objects.filter(kind="day").count() == 1

    def test_hour_reminder_follows_the_day_reminder_once(self):
        now = timezone.now()
        self._registered(now + datetime.timedelta(hours=20))
        services.send_due_reminders(now)

        later = now + datetime.timedelta(hours=19, minutes=30)
        assert services.send_due_reminders(later) == 1
        assert services.send_due_reminders(later + datetime.timedelta(minutes=5)) == 0
        assert [m.subject.split(" starts ")[1] for m in mail.outbox] == ["tomorrow", "in an hour"]

    def test_late_registration_gets_only_the_hour_reminder(self):
        now = timezone.now()
        self._registered(now + datetime.timedelta(minutes=30))

        assert services.send_due_reminders(now) == 1
        assert services.send_due_reminders(now) == 0
        assert len(mail.outbox) == 1
        assert "in an hour" in mail.outbox[0].subject
        # Only mails that were sent are recorded: no made-up "day" row.
        assert list(ReminderSent.objects.values_list("kind", flat=True)) == ["hour"]
        later = timezone.now() + datetime.timedelta(minutes=20)
        assert services.send_due_reminders(later) == 0

    def test_no_reminder_after_the_start(self):
        now = timezone.now()
        self._registered(now + datetime.timedelta(minutes=10))

        assert services.send_due_reminders(now + datetime.timedelta(minutes=20)) == 0

    def test_beat_task_runs_under_its_scheduled_name(self, settings):
        from config.celery_app import app
        from content.webinars import tasks

        assert settings.CELERY_BEAT_SCHEDULE["webinar-reminders"]["task"] == (
            tasks.send_due_reminders.name
        )
        assert "webinars.send_due_reminders" in app.tasks
        webinar, _ = self._registered(timezone.now() + datetime.timedelta(minutes=30))

        assert tasks.send_due_reminders.delay().get() == 1
        assert tasks.send_due_reminders.delay().get() == 0


@pytest.mark.parametrize("slug", ["media", "-"])
def test_reserved_slugs_are_refused(slug):
    from django.core.exceptions import ValidationError

    recording = factories.recording(access="public")
    webinar = factories.webinar()
    for page in (recording, webinar):
        page.slug = slug
        with pytest.raises(ValidationError) as error:
            page.full_clean()
        assert "reserved" in str(error.value.message_dict["slug"])
