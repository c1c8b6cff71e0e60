"""Society membership: who is an active member today, and what their profile shows."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import timezone

from members.models import MembershipCategory, MembershipStatus, User
from members.roles import Role
from members.selectors import is_active_member, user_roles
from members.services import record_membership
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def test_a_current_active_membership_makes_an_active_member():
    assert is_active_member(MembershipFactory().user)


@pytest.mark.parametrize(
    ("valid_from", "valid_until", "status", "expected"),
    [
        (TODAY, TODAY, MembershipStatus.ACTIVE, True),
        (TODAY + DAY, None, MembershipStatus.ACTIVE, False),
        (TODAY - 30 * DAY, TODAY - DAY, MembershipStatus.ACTIVE, True),
        (TODAY - 90 * DAY, TODAY - 31 * DAY, MembershipStatus.ACTIVE, False),
        (TODAY - 30 * DAY, None, MembershipStatus.ACTIVE, True),
        (TODAY - 30 * DAY, TODAY + DAY, MembershipStatus.SUSPENDED, False),
        (TODAY - 30 * DAY, TODAY + DAY, MembershipStatus.PENDING, False),
    ],
    ids=["single-day", "not-yet", "in-grace-30-days", "lapsed", "no-end", "suspended", "pending"],
)
def test_active_membership_depends_on_dates_and_status(valid_from, valid_until, status, expected):
    membership = MembershipFactory(valid_from=valid_from, valid_until=valid_until, status=status)
    assert is_active_member(membership.user) is expected


def test_membership_can_be_asked_for_another_day():
    membership = MembershipFactory(valid_from=TODAY, valid_until=TODAY + 10 * DAY)
    assert not is_active_member(membership.user, on=TODAY - DAY)
    assert is_active_member(membership.user, on=TODAY + 10 * DAY)


def test_anonymous_visitors_and_users_without_membership_are_not_members():
    assert not is_active_member(AnonymousUser())
    assert not is_active_member(UserFactory())


def test_member_role_follows_membership_and_groups_give_the_others():
    user = UserFactory(roles=[Role.RESIDENT, Role.INSTRUCTOR])
    assert user_roles(user) == {Role.RESIDENT, Role.INSTRUCTOR}
    MembershipFactory(user=user)
    next_request_user = User.objects.get(pk=user.pk)  # roles are worked out per request
    assert user_roles(next_request_user) == {Role.RESIDENT, Role.INSTRUCTOR, Role.MEMBER}


def test_recording_a_membership_twice_updates_it():
    user = UserFactory()
    for until in (TODAY, TODAY + 100 * DAY):
        record_membership(
            user=user,
            number="ESII-1",
            category=MembershipCategory.JUNIOR,
            valid_from=TODAY - DAY,
            valid_until=until,
        )
    assert user.memberships.get().valid_until == TODAY + 100 * DAY


def test_profile_shows_roles_and_membership(client):
    membership = MembershipFactory(category=MembershipCategory.JUNIOR, number="ESII-0042")
    UserFactory  # noqa: B018 - the factory above created the user
    client.force_login(membership.user)
    page = client.get(reverse("members:profile")).content.decode()
    assert "Active member" in page
    assert "ESII-0042" in page
    assert "Junior / resident member" in page


def test_profile_of_a_non_member_says_so(client):
    client.force_login(UserFactory())
    page = client.get(reverse("members:profile")).content.decode()
    assert "Not an active member" in page


def test_profile_requires_sign_in(client):
    response = client.get(reverse("members:profile"))
    assert response.status_code == 302
    assert reverse("account_login") in response.url


def test_staff_manage_memberships_in_the_wagtail_admin(login_as):
    client = login_as(UserFactory(roles=[Role.STAFF], is_staff=True, is_superuser=True))
    MembershipFactory(number="ESII-7777")
    response = client.get("/admin/snippets/members/membership/")
    assert response.status_code == 200
    assert "ESII-7777" in response.content.decode()


def test_residents_cannot_open_the_admin(login_as):
    MembershipFactory(number="ESII-8888")
    client = login_as(UserFactory(roles=[Role.RESIDENT]))
    response = client.get("/admin/snippets/members/membership/")
    # Sent to sign in with an account that may use the admin; no membership is shown.
    assert response.status_code == 302
    assert "login/?next=/admin/snippets/members/membership/" in response["Location"]
    assert "ESII-8888" not in client.get(response["Location"]).content.decode()


def test_a_user_sets_the_name_printed_on_certificates(client):
    user = UserFactory(display_name="")
    client.force_login(user)
    response = client.post(
        reverse("members:profile"),
        {"display_name": "Dr Maria Rossi", "first_name": "Maria", "last_name": "Rossi"},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.name == "Dr Maria Rossi"


def test_an_overlong_name_is_refused_with_a_message(client):
    client.force_login(UserFactory())
    response = client.post(reverse("members:profile"), {"display_name": "x" * 500})
    assert response.status_code == 400
    assert "Ensure this value has at most 150 characters" in response.content.decode()
