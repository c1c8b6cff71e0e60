"""A publish racing the autosave on PostgreSQL: the add view's post waits for the other one.

Both posts to the add view take a lock on the parent page's row before looking for the
autosaved draft, so the second waits until the first (the autosave creating the page) has
committed, then finds the draft instead of failing on the slug with a 500."""

from __future__ import annotations

import threading

import pytest
from django.db import DatabaseError, connections, transaction
from django.test import RequestFactory
from wagtail.models import Page

from content.wagtail_hooks import continue_the_autosaved_draft
from courses.models import LessonPage
from tests.factories import UserFactory
from tests.support.services import require_postgresql

pytestmark = pytest.mark.django_db(transaction=True)


def _parent_is_locked_elsewhere(parent_pk: int) -> bool:
    outcome: list[bool] = []

    def other_request() -> None:
        try:
            with transaction.atomic():
                Page.objects.select_for_update(nowait=True).filter(pk=parent_pk).first()
            outcome.append(False)
        except DatabaseError:
            outcome.append(True)
        finally:
            connections.close_all()  # this thread's connection

    thread = threading.Thread(target=other_request)
    thread.start()
    thread.join(timeout=30)
    return outcome == [True]


def test_a_post_to_the_add_view_holds_the_parent_until_its_transaction_ends():
    require_postgresql()
    from content.demo import ensure_home_page

    ensure_home_page()  # an earlier transactional test may have emptied the page tree
    parent = Page.objects.get(depth=1)
    request = RequestFactory().post("/admin/pages/add/", {"slug": "no-such-draft"})
    request.user = UserFactory()
    with transaction.atomic():
        assert continue_the_autosaved_draft(request, parent, LessonPage) is None
        assert _parent_is_locked_elsewhere(parent.pk)
    assert not _parent_is_locked_elsewhere(parent.pk)
