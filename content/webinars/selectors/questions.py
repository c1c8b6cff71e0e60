"""Questions to the experts: who may ask, answer, moderate and read them."""

from __future__ import annotations

import datetime

from django.db.models import Count, Exists, OuterRef
from django.utils import timezone
from wagtail.models import Page

from content.webinars.models import (
    Question,
    QuestionVote,
    RecordingPage,
    Speaker,
    WebinarAccess,
    WebinarPage,
)
from members.models import User
from members.roles import Role
from members.selectors import has_role, is_teaching_staff

from .recordings import AnyUser, can_watch, is_member_or_teacher

QUESTION_RATE_LIMIT = 5
QUESTION_RATE_WINDOW = datetime.timedelta(minutes=10)


# --- Questions ----------------------------------------------------------------------------


def may_ask(user: AnyUser, page: Page) -> bool:
    return is_member_or_teacher(user) and not getattr(page, "qa_locked", False)


def may_moderate(user: AnyUser) -> bool:
    return bool(user.is_authenticated) and has_role(user, Role.STAFF)


def page_speakers(page: Page) -> list[Speaker]:
    specific = page.specific
    return list(getattr(specific, "speakers", []))


def may_answer(user: AnyUser, page: Page) -> bool:
    if not user.is_authenticated or getattr(page.specific, "qa_locked", False):
        return False
    if is_teaching_staff(user):
        return True
    return any(speaker.user_id == user.pk for speaker in page_speakers(page))


def recent_question_count(user: User, now: datetime.datetime | None = None) -> int:
    since = (now or timezone.now()) - QUESTION_RATE_WINDOW
    return Question.objects.filter(author=user, created_at__gte=since).count()


def questions_for(page: Page, user: AnyUser) -> list[Question]:
    questions = Question.objects.filter(page=page).select_related("author", "answered_by")
    if not may_moderate(user):
        questions = questions.filter(hidden=False)
    questions = questions.annotate(vote_count=Count("votes"))
    if user.is_authenticated:
        questions = questions.annotate(
            voted=Exists(QuestionVote.objects.filter(question=OuterRef("pk"), user=user))
        )
    return list(questions.order_by("-vote_count", "-created_at"))


def may_read_questions(user: AnyUser, page: Page) -> bool:
    """Questions and answers follow the page's own access: a recording's access level, a
    webinar's audience. Staff moderate everywhere."""
    specific = page.specific
    if may_moderate(user):
        return True
    if user.is_authenticated and any(s.user_id == user.pk for s in page_speakers(specific)):
        return True
    if isinstance(specific, RecordingPage):
        return can_watch(user, specific)
    if isinstance(specific, WebinarPage):
        return specific.access == WebinarAccess.PUBLIC or is_member_or_teacher(user)
    return False


def questions_context(page: Page, user: AnyUser) -> dict:
    readable = may_read_questions(user, page)
    return {
        "questions_readable": readable,
        "questions": questions_for(page, user) if readable else [],
        "may_ask": readable and may_ask(user, page),
        "may_answer": readable and may_answer(user, page),
        "may_moderate": may_moderate(user),
        "may_vote": readable and is_member_or_teacher(user) and not page.qa_locked,
    }
