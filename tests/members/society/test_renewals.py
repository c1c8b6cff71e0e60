"""Renewal: reminders 30 and 7 days before the end date and on it, each sent once; a
grace period after which members-only recordings are refused; one-click renewal."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from payments import PaymentStatus

from members.models import Membership
from members.society.models import Invoice, Payment, RenewalReminder
from members.society.services.renewals import send_renewal_reminders
from tests.factories import MembershipFactory
from tests.members.society import factories
from tests.webinars import factories as webinar_factories

pytestmark = pytest.mark.django_db

END = datetime.date(2027, 6, 30)


def noon(day: datetime.date) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, 12, tzinfo=datetime.UTC)


def run_on(day, capture):
    with capture(execute=True):
        return send_renewal_reminders(now=noon(day))


@pytest.fixture
def membership(settings):
    settings.SOCIETY_RENEWAL_GRACE_DAYS = 30
    return MembershipFactory(valid_from=datetime.date(2026, 7, 1), valid_until=END)


def test_each_reminder_is_sent_once_on_its_day(membership, django_capture_on_commit_callbacks):
    day = datetime.timedelta(days=1)
    sent = {}
    for when in (
        END - 31 * day,
        END - 30 * day,
        END - 29 * day,
        END - 7 * day,
        END - 6 * day,
        END,
        END + day,
    ):
        sent[when] = run_on(when, django_capture_on_commit_callbacks)
    assert [sent[d] for d in sorted(sent)] == [0, 1, 0, 1, 0, 1, 0]
    assert len(mail.outbox) == 3
    assert [m.to for m in mail.outbox] == [[membership.user.email]] * 3
    assert "30 June 2027" in mail.outbox[0].subject
    assert "expired" in mail.outbox[2].subject
    assert sorted(RenewalReminder.objects.values_list("kind", flat=True)) == [
        "30d",
        "7d",
        "expired",
    ]


def test_a_missed_run_sends_only_the_latest_due_reminder(
    membership, django_capture_on_commit_callbacks
):
    assert run_on(END - datetime.timedelta(days=3), django_capture_on_commit_callbacks) == 1
    assert RenewalReminder.objects.get().kind == "7d"
    assert run_on(END - datetime.timedelta(days=2), django_capture_on_commit_callbacks) == 0


def test_a_renewed_membership_gets_no_reminder_for_the_old_date(
    membership, django_capture_on_commit_callbacks
):
    Membership.objects.filter(pk=membership.pk).update(valid_until=datetime.date(2028, 6, 30))
    assert run_on(END - datetime.timedelta(days=7), django_capture_on_commit_callbacks) == 0


def test_the_grace_period_ends_access_to_a_members_only_recording(client, settings):
    settings.SOCIETY_RENEWAL_GRACE_DAYS = 30
    recording = webinar_factories.recording(access="members")
    video = reverse("webinars-video", args=[recording.pk])
    today = timezone.localdate()
    membership = MembershipFactory(
        valid_from=today - datetime.timedelta(days=400),
        valid_until=today - datetime.timedelta(days=30),
    )
    client.force_login(membership.user)
    assert client.get(video).status_code == 200  # last day of grace
    Membership.objects.filter(pk=membership.pk).update(
        valid_until=today - datetime.timedelta(days=31)
    )
    assert client.get(video).status_code == 403  # grace is over
    settings.SOCIETY_RENEWAL_GRACE_DAYS = 0
    Membership.objects.filter(pk=membership.pk).update(
        valid_until=today - datetime.timedelta(days=1)
    )
    assert client.get(video).status_code == 403


def test_one_click_renewal_at_the_current_fee_continues_without_a_gap(client, settings):
    settings.SOCIETY_RENEWAL_GRACE_DAYS = 30
    factories.standard_fees()
    today = timezone.localdate()
    end = today + datetime.timedelta(days=10)
    membership = MembershipFactory(
        valid_from=today - datetime.timedelta(days=355), valid_until=end, period="twelve_months"
    )
    client.force_login(membership.user)
    profile = client.get(reverse("members:profile")).content.decode()
    assert 'action="/membership/renew/"' in profile
    response = client.post(reverse("society:renew"))
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert "130.00" in page
    pay = client.post(response.url + "pay/", {"method": "card", "amount_shown": "130.00"})
    client.get(pay.url)
    client.post(
        pay.url,
        {
            "status": PaymentStatus.CONFIRMED,
            "fraud_status": "accept",
            "gateway_response": "3ds-disabled",
        },
    )
    membership.refresh_from_db()
    assert membership.number.startswith("M") and Membership.objects.count() == 1
    assert membership.valid_until == end.replace(year=end.year + 1)
    assert Invoice.objects.get(user=membership.user).gross_amount == Decimal("130.00")
    assert Payment.objects.get().status == "confirmed"
    profile = client.get(reverse("members:profile")).content.decode()
    assert "Payment history" in profile and 'action="/membership/renew/"' not in profile


def test_renewal_is_not_offered_long_before_the_end_date(client):
    membership = MembershipFactory(valid_until=timezone.localdate() + datetime.timedelta(days=60))
    client.force_login(membership.user)
    assert (
        'action="/membership/renew/"' not in client.get(reverse("members:profile")).content.decode()
    )
    response = client.post(reverse("society:renew"))
    assert response.status_code == 302 and Payment.objects.count() == 0
