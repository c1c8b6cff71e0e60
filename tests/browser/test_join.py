"""A visitor joins the society in a real browser at 390 px: sees the promotional fee,
creates an account, applies, pays with django-payments' development provider, gets the
welcome email and the invoice, and minutes later watches a members-only recording.
Fails on any console error, CSP violation or 4xx/5xx answer."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone

from members.models import Membership
from tests.browser.axe import assert_accessible
from tests.browser.test_webinars import DB_LOCK, DEMO_VIDEO, serialized_db  # noqa: F401
from tests.members.society import factories
from tests.webinars import factories as webinar_factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-browser-passphrase-42"


def no_horizontal_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_visitor_joins_pays_and_watches_a_members_only_recording(
    serialized_db,  # noqa: F811
    page,
):
    today = timezone.localdate()
    factories.standard_fees()
    factories.promotion(today - datetime.timedelta(days=2), today + datetime.timedelta(days=2))
    recording = webinar_factories.recording(
        access="members",
        video=DEMO_VIDEO.read_bytes(),
        video_name="mrrt.webm",
        video_duration=8,
        title="Structured reporting with MRRT",
    )
    page.set_viewport_size({"width": 390, "height": 844})
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "response",
        lambda r: (
            errors.append(f"{r.status} {r.request.method} {r.url}") if r.status >= 400 else None
        ),
    )
    page.on(
        "console",
        lambda msg: errors.append(msg.text) if msg.type == "error" else None,
    )

    # --- The price table: the promotion is on, the regular fee is struck through.
    page.goto("/membership/join/")
    table = page.locator("table.price-table")
    assert "€10.00" in table.inner_text() and "€120.00" in table.inner_text()
    assert no_horizontal_scroll(page)
    assert_accessible(page)

    # --- An account, verified by the emailed link.
    page.get_by_role("link", name="create an account").click()
    page.get_by_label("First name").fill("Maria")
    page.get_by_label("Last name").fill("Rossi")
    page.get_by_label(re.compile(r"^Email")).fill("newmember@example.org")
    page.get_by_label(re.compile(r"^Password:?$")).fill(PASSWORD)
    page.get_by_label(re.compile(r"^Password \(again\)")).fill(PASSWORD)
    page.get_by_role("button", name="Sign Up").click()
    page.get_by_role("heading", name="Verify Your Email Address").wait_for()
    link = re.search(r"http://\S+/accounts/confirm-email/\S+", mail.outbox[-1].body).group(0)
    page.goto(link)
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_load_state()

    # --- The application, at the promotional fee.
    page.goto("/membership/join/")
    page.get_by_label("Full member").check()
    page.get_by_label("Calendar year (until 31 December)").check()
    page.get_by_label("First name").fill("Maria")
    page.get_by_label("Last name").fill("Rossi")
    page.get_by_label("Institution").fill("Ospedale Demo")
    page.get_by_label("Country").fill("Italy")
    page.get_by_label("Profession").select_option(label="Radiologist")
    page.get_by_label(re.compile("statutes")).check()
    page.get_by_label(re.compile("privacy notice")).check()
    assert no_horizontal_scroll(page)
    page.get_by_role("button", name="Continue to payment").click()

    page.get_by_role("heading", name="Your membership application").wait_for()
    assert page.locator("#amount-due").inner_text() == "€10.00"
    assert no_horizontal_scroll(page)
    assert_accessible(page)
    page.get_by_label("Card").check()
    page.get_by_role("button", name="Pay €10.00").click()

    # --- The development provider: the person chooses what the provider would report.
    page.get_by_role("heading", name="Pay €10.00").wait_for()
    assert_accessible(page)
    page.get_by_label("Status:", exact=True).select_option(label="Confirmed")
    page.get_by_role("button", name="Send to the payment provider").click()
    page.get_by_role("heading", name="Welcome: you are a member").wait_for()

    with DB_LOCK:
        membership = Membership.objects.get(user__email="newmember@example.org")
        assert membership.number == "M-00001"
        assert membership.valid_until == datetime.date(today.year, 12, 31)
    welcome = [m for m in mail.outbox if "Welcome" in m.subject]
    assert len(welcome) == 1 and "M-00001" in welcome[0].body

    # --- The profile: number, category, valid until, the invoice to download.
    page.get_by_role("link", name="Your profile, invoices and certificate").click()
    page.get_by_role("heading", name="Your profile").wait_for()
    profile = page.locator("main").inner_text()
    assert "M-00001" in profile and "Full member" in profile
    assert f"31 December {today.year}" in profile
    invoice_href = page.get_by_role("link", name=re.compile("^PDF")).first.get_attribute("href")
    invoice = page.request.get(invoice_href)
    assert invoice.status == 200 and invoice.body().startswith(b"%PDF")
    assert no_horizontal_scroll(page)

    # --- Minutes later: the members-only recording plays.
    page.goto(recording.url)
    page.wait_for_function("() => document.querySelector('video').readyState >= 1")
    page.evaluate("document.querySelector('video').muted = true")
    page.evaluate("document.querySelector('video').play()")
    page.wait_for_function("() => document.querySelector('video').currentTime > 0.5")
    assert errors == []
