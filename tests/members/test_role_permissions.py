"""What instructors and staff may do in the Wagtail admin, out of the box."""

import pytest

from courses.models import CourseIndexPage, ModulePage
from members.roles import Role
from tests.factories import UserFactory
from tests.support.demo import load_demo, rolled_back

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo, loaded once for this module only: the other members tests expect an
    empty site (see tests/support/demo.py)."""
    with rolled_back(django_db_blocker):
        load_demo()
        yield


def test_instructors_open_the_admin_and_author_lessons(login_as, demo):
    client = login_as(UserFactory(roles=[Role.INSTRUCTOR]))
    assert client.get("/admin/").status_code == 200
    module = ModulePage.objects.first()
    add_lesson = f"/admin/pages/add/courses/lessonpage/{module.pk}/"
    assert client.get(add_lesson).status_code == 200
    assert client.get("/admin/snippets/courses/question/").status_code == 200


def test_instructors_cannot_edit_the_home_page_or_memberships(login_as, demo):
    client = login_as(UserFactory(roles=[Role.INSTRUCTOR]))
    home = CourseIndexPage.objects.get().get_parent()
    assert client.get(f"/admin/pages/{home.pk}/edit/").status_code in (302, 403)
    assert client.get("/admin/snippets/members/membership/").status_code in (302, 403)


def test_staff_manage_memberships_and_every_page(login_as, demo):
    client = login_as(UserFactory(roles=[Role.STAFF], is_staff=True))
    home = CourseIndexPage.objects.get().get_parent()
    assert client.get(f"/admin/pages/{home.pk}/edit/").status_code == 200
    assert client.get("/admin/snippets/members/membership/").status_code == 200


def test_residents_have_no_admin(login_as, demo):
    client = login_as(UserFactory(roles=[Role.RESIDENT]))
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response.url or "/accounts/login/" in response.url
