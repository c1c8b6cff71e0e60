"""Linking a speaker to an Academy account, in the admin, as an instructor: the form and
its chooser show teaching staff by name and nothing of anyone else's account."""

from __future__ import annotations

import re

import pytest

from content.webinars.models import Speaker
from members.roles import Role
from tests.factories import UserFactory, member, resident
from tests.webinars.factories import speaker

pytestmark = pytest.mark.django_db

ADD = "/admin/snippets/webinars/speaker/add/"


@pytest.fixture
def people():
    return {
        "instructor": UserFactory(
            roles=[Role.INSTRUCTOR], email="ines.i@example.org", display_name="Ines Instructor"
        ),
        "colleague": UserFactory(
            roles=[Role.INSTRUCTOR], email="carl.c@example.org", display_name="Carl Colleague"
        ),
        "resident": UserFactory(
            roles=[Role.RESIDENT], email="rosa.r@example.org", display_name="Rosa Resident"
        ),
        "member": member(),
        "other": resident(),
    }


def _chooser_url(page: str) -> str:
    """The chooser the form's account field opens (the photo field has its own)."""
    field = page[page.index('"fieldName": "user"') :]
    match = re.search(r'data-chooser-url=\\?"([^"\\]+)', field)
    assert match, "no chooser on the speaker form's account field"
    return match.group(1)


def _emails_of_others(people, viewer) -> list[str]:
    return [user.email for user in people.values() if user != viewer]


def test_the_speaker_form_lists_no_accounts_email(login_as, people):
    client = login_as(people["instructor"])
    response = client.get(ADD)
    assert response.status_code == 200, response.headers.get("Location")
    page = response.content.decode()
    assert "/admin/speaker-accounts/" in page  # a chooser, not a <select> of accounts
    leaked = [email for email in _emails_of_others(people, people["instructor"]) if email in page]
    assert leaked == []
    assert "Rosa Resident" not in page


def test_the_chooser_offers_teaching_staff_by_name_only(login_as, people):
    client = login_as(people["instructor"])
    chooser = client.get(_chooser_url(client.get(ADD).content.decode()))
    assert chooser.status_code == 200
    body = chooser.content.decode()
    assert "Carl Colleague" in body
    assert "Rosa Resident" not in body and people["member"].name not in body
    assert [
        email for email in _emails_of_others(people, people["instructor"]) if email in body
    ] == []
    search = client.get(_chooser_url(client.get(ADD).content.decode()), {"q": "rosa"})
    assert "Rosa Resident" not in search.content.decode()


def test_the_chooser_does_not_describe_accounts_it_does_not_offer(login_as, people):
    client = login_as(people["instructor"])
    base = _chooser_url(client.get(ADD).content.decode()).split("?")[0]
    assert client.get(f"{base}chosen/{people['resident'].pk}/").status_code == 404
    colleague = client.get(f"{base}chosen/{people['colleague'].pk}/")
    assert colleague.status_code == 200
    assert "Carl Colleague" in colleague.content.decode()
    assert "carl.c@example.org" not in colleague.content.decode()


def test_an_account_outside_the_choice_cannot_be_posted(login_as, people):
    client = login_as(people["instructor"])
    response = client.post(ADD, {"name": "Dr Who", "user": people["resident"].pk})
    assert response.status_code == 200  # the form again, with the error
    assert not Speaker.objects.filter(name="Dr Who").exists()
    assert "rosa.r@example.org" not in response.content.decode()


def test_a_colleague_is_linked_and_shown_by_name(login_as, people):
    client = login_as(people["instructor"])
    response = client.post(ADD, {"name": "Dr Carl", "user": people["colleague"].pk})
    assert response.status_code == 302
    linked = Speaker.objects.get(name="Dr Carl")
    assert linked.user == people["colleague"]
    edit = client.get(f"/admin/snippets/webinars/speaker/edit/{linked.pk}/").content.decode()
    assert "Carl Colleague" in edit
    assert "carl.c@example.org" not in edit


def test_a_speaker_already_linked_to_a_member_keeps_the_link_without_showing_the_email(
    login_as, people
):
    existing = speaker(name="Guest Speaker", user=people["member"])
    client = login_as(people["instructor"])
    edit = client.get(f"/admin/snippets/webinars/speaker/edit/{existing.pk}/").content.decode()
    assert people["member"].email not in edit
