"""Writes: viewing progress, registrations, reminders, questions and digests. Views and
tasks call these and stay thin. A recording's files and transcript: `recording_files`."""

from __future__ import annotations

import datetime
import logging
from typing import cast

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy, ngettext
from wagtail.models import Page

from config.site_url import absolute_url
from content.webinars import selectors
from content.webinars.models import (
    MAX_QUESTION_LENGTH,
    Question,
    QuestionVote,
    RecordingPage,
    ReminderKind,
    ReminderSent,
    Speaker,
    ViewingProgress,
    WebinarPage,
    WebinarRegistration,
)
from content.webinars.selectors.recordings import AnyUser
from members.emails import signed, subject_line
from members.models import User

logger = logging.getLogger(__name__)

REMINDER_LEADS = {
    ReminderKind.DAY: datetime.timedelta(days=1),
    ReminderKind.HOUR: datetime.timedelta(hours=1),
}
MAX_POSITION_SECONDS = 24 * 3600


class WebinarError(Exception):
    """A refusal the user should read (full webinar, not allowed, too many questions)."""

    status = 400

    def __init__(self, message: str, status: int | None = None):
        super().__init__(message)
        self.message = message
        if status is not None:
            self.status = status


class RateLimited(WebinarError):
    status = 429


# --- Viewing progress ------------------------------------------------------------------------


def parse_seconds(value: object, field: str, allow_none: bool = False) -> float | None:
    from config.inputs import InvalidInput, parse_float

    if value is None and allow_none:
        return None
    try:
        return parse_float(value, field=field, minimum=0, maximum=MAX_POSITION_SECONDS)
    except InvalidInput:
        raise ValidationError(
            gettext("“%(field)s” must be a number of seconds between 0 and %(maximum)s.")
            % {"field": field, "maximum": MAX_POSITION_SECONDS}
        )


def record_progress(
    user: User,
    recording: RecordingPage,
    position: object,
    duration: object = None,
    now: datetime.datetime | None = None,
) -> ViewingProgress:
    """Save where the user is in the recording; mark it watched at 90% of its duration."""
    position_s = cast(float, parse_seconds(position, "position"))  # None only if allow_none
    duration_s = parse_seconds(duration, "duration", allow_none=True)
    if duration_s is None and recording.video and recording.video.duration:
        duration_s = float(recording.video.duration)
    with transaction.atomic():
        progress, _ = ViewingProgress.objects.select_for_update().get_or_create(
            user=user, recording=recording
        )
        progress.position_seconds = position_s
        if duration_s:
            progress.duration_seconds = duration_s
            fraction = min(position_s / duration_s, 1.0)
            progress.max_fraction = max(progress.max_fraction, fraction)
        if progress.watched_at is None and progress.max_fraction >= selectors.WATCHED_FRACTION:
            progress.watched_at = now or timezone.now()
        progress.save()
    return progress


# --- Registration ------------------------------------------------------------------------------


def register(user: AnyUser, webinar: WebinarPage) -> WebinarRegistration:
    if not user.is_authenticated:
        raise WebinarError(gettext("Sign in to register."), status=403)
    if not selectors.may_register(user, webinar):
        raise WebinarError(gettext("This webinar is for society members only."), status=403)
    if webinar.end <= timezone.now():
        raise WebinarError(gettext("This webinar has already taken place."))
    with transaction.atomic():
        # Lock the page row so two last-seat registrations cannot both succeed.
        Page.objects.select_for_update().filter(pk=webinar.pk).first()
        existing = WebinarRegistration.objects.filter(webinar=webinar, user=user).first()
        if existing:
            return existing
        if WebinarRegistration.objects.filter(webinar=webinar).count() >= webinar.capacity:
            raise WebinarError(
                gettext(
                    "Sorry, this webinar is full: all places are taken. The recording will be "
                    "published in the library afterwards."
                ),
                status=409,
            )
        return WebinarRegistration.objects.create(webinar=webinar, user=user)


def cancel_registration(user: User, webinar: WebinarPage) -> bool:
    deleted, _ = WebinarRegistration.objects.filter(webinar=webinar, user=user).delete()
    return bool(deleted)


# --- Reminders ---------------------------------------------------------------------------------


def due_reminder_kind(start: datetime.datetime, now: datetime.datetime) -> ReminderKind | None:
    """The hour reminder is due in the last hour; the day reminder in the 23 hours before."""
    if now >= start:
        return None
    if start - now <= REMINDER_LEADS[ReminderKind.HOUR]:
        return ReminderKind.HOUR
    if start - now <= REMINDER_LEADS[ReminderKind.DAY]:
        return ReminderKind.DAY
    return None


def _reminder_email(registration: WebinarRegistration, kind: ReminderKind) -> tuple[str, str]:
    webinar = registration.webinar
    when = webinar.local_start.strftime("%A %d %B %Y, %H:%M %Z")
    url = absolute_url(webinar.url or "/")
    names = {"title": webinar.title, "when": when}
    if kind == ReminderKind.DAY:
        subject = gettext("Reminder: %(title)s starts tomorrow") % names
        starts = gettext("“%(title)s” starts tomorrow: %(when)s (Amsterdam time).") % names
    else:
        subject = gettext("Reminder: %(title)s starts in an hour") % names
        starts = gettext("“%(title)s” starts in an hour: %(when)s (Amsterdam time).") % names
    body = (
        gettext("Hello %(name)s,") % {"name": registration.user.name}
        + "\n\n"
        + starts
        + "\n"
        + (gettext("Join: %(url)s") % {"url": webinar.join_url} + "\n" if webinar.join_url else "")
        + gettext("Details and calendar file: %(url)s") % {"url": url}
        + "\n\n"
        + gettext("You receive this because you registered. To cancel, use the page above.")
        + "\n"
    )
    return subject, body


def send_due_reminders(now: datetime.datetime | None = None) -> int:
    """Send every reminder that is due and not yet sent; returns how many were sent.

    Each reminder is claimed by inserting its ReminderSent row and the mail is sent inside
    the same transaction: a concurrent run blocks on the unique constraint and then skips;
    a failed send rolls the claim back so the next run retries."""
    now = now or timezone.now()
    horizon = now + REMINDER_LEADS[ReminderKind.DAY]
    registrations = (
        WebinarRegistration.objects.filter(
            webinar__live=True, webinar__start__gt=now, webinar__start__lte=horizon
        )
        .select_related("webinar", "user")
        .order_by("pk")
    )
    sent = 0
    for registration in registrations:
        kind = due_reminder_kind(registration.webinar.start, now)
        if kind is None:
            continue
        if ReminderSent.objects.filter(registration=registration, kind=kind).exists():
            continue
        # No "day" row is written when only the hour reminder goes out: once the hour
        # reminder is due the day reminder never is again, and a ReminderSent row means
        # that mail was sent (docs/webinars.md, "Reminders").
        try:
            with transaction.atomic():
                ReminderSent.objects.create(registration=registration, kind=kind, sent_at=now)
                subject, body = _reminder_email(registration, kind)
                send_mail(
                    subject_line(subject),
                    signed(body),
                    settings.DEFAULT_FROM_EMAIL,
                    [registration.user.email],
                )
        except IntegrityError:
            continue  # another worker claimed it first
        sent += 1
    return sent


# --- Questions -------------------------------------------------------------------------------


# What is wrong with a question's or an answer's text, as whole sentences for translators.
_TEXT_PROBLEMS = {
    "question": {
        "empty": gettext_lazy("Please write your question."),
        "long": gettext_lazy("Your question is too long: at most %(limit)s characters."),
        "nul": gettext_lazy("Your question contains a NUL character; please remove it."),
    },
    "answer": {
        "empty": gettext_lazy("Please write your answer."),
        "long": gettext_lazy("Your answer is too long: at most %(limit)s characters."),
        "nul": gettext_lazy("Your answer contains a NUL character; please remove it."),
    },
}


def _clean_text(text: str, limit: int, what: str) -> str:
    problems = _TEXT_PROBLEMS[what]
    text = (text or "").strip()
    if not text:
        raise WebinarError(str(problems["empty"]))
    if len(text) > limit:
        raise WebinarError(str(problems["long"]) % {"limit": limit})
    if "\x00" in text:  # PostgreSQL text cannot hold a NUL character
        raise WebinarError(str(problems["nul"]))
    return text


def ask_question(
    user: User, page: Page, text: str, now: datetime.datetime | None = None
) -> Question:
    now = now or timezone.now()
    if not selectors.is_member_or_teacher(user):
        raise WebinarError(
            gettext("Only society members can ask the speakers questions."), status=403
        )
    if getattr(page.specific, "qa_locked", False):
        raise WebinarError(gettext("Questions are closed for this session."), status=403)
    text = _clean_text(text, MAX_QUESTION_LENGTH, "question")
    if selectors.recent_question_count(user, now) >= selectors.QUESTION_RATE_LIMIT:
        raise RateLimited(
            gettext(
                "You have asked %(count)s questions in the last 10 minutes. "
                "Please wait a few minutes before asking another."
            )
            % {"count": selectors.QUESTION_RATE_LIMIT}
        )
    return Question.objects.create(page=page, author=user, text=text, created_at=now)


def toggle_vote(user: User, question: Question) -> bool:
    """Upvote a question, or take the vote back; returns whether the user now votes for it.
    One vote per user (unique constraint)."""
    if not selectors.is_member_or_teacher(user):
        raise WebinarError(gettext("Only society members can vote."), status=403)
    if question.hidden or getattr(question.page.specific, "qa_locked", False):
        raise WebinarError(gettext("Voting is closed for this question."), status=403)
    if question.author_id == user.pk:
        raise WebinarError(gettext("You cannot upvote your own question."), status=403)
    deleted, _ = QuestionVote.objects.filter(question=question, user=user).delete()
    if deleted:
        return False
    try:
        with transaction.atomic():
            QuestionVote.objects.create(question=question, user=user)
    except IntegrityError:
        pass
    return True


def answer_question(user: User, question: Question, text: str) -> Question:
    if not selectors.may_answer(user, question.page):
        raise PermissionDenied(
            gettext("Only the speakers, instructors and staff answer questions.")
        )
    question.answer = _clean_text(text, 4000, "answer")
    question.answered_by = user
    question.answered_at = timezone.now()
    question.save(update_fields=["answer", "answered_by", "answered_at"])
    return question


def moderate_question(user: AnyUser, question: Question, action: str, text: str = "") -> Question:
    if not selectors.may_moderate(user):
        raise PermissionDenied(gettext("Only staff moderate questions."))
    if action == "hide":
        question.hidden = True
    elif action == "unhide":
        question.hidden = False
    elif action == "edit":
        question.text = _clean_text(text, MAX_QUESTION_LENGTH, "question")
        question.edited_at = timezone.now()
    else:
        raise WebinarError(gettext("Unknown moderation action."))
    question.save()
    return question


def set_qa_locked(user: AnyUser, page: Page, locked: bool) -> None:
    if not selectors.may_moderate(user):
        raise PermissionDenied(gettext("Only staff lock or unlock questions."))
    specific = page.specific
    type(specific).objects.filter(pk=page.pk).update(qa_locked=locked)


# --- Speakers' digest ------------------------------------------------------------------------


def send_question_digests(now: datetime.datetime | None = None) -> int:
    """E-mail each speaker (with an address) the questions asked on their pages since the
    last digest; every question is included in one digest run only. Returns mails sent."""
    now = now or timezone.now()
    sent = 0
    with transaction.atomic():
        pending = list(
            Question.objects.select_for_update(skip_locked=True)
            .filter(digested_at__isnull=True, hidden=False)
            .order_by("created_at")
        )
        if not pending:
            return 0
        by_speaker: dict[int, list[Question]] = {}
        speakers: dict[int, Speaker] = {}
        for question in pending:
            for speaker in selectors.page_speakers(question.page):
                if speaker.email:
                    speakers[speaker.pk] = speaker
                    by_speaker.setdefault(speaker.pk, []).append(question)
        for speaker_id, questions in by_speaker.items():
            speaker = speakers[speaker_id]
            lines = [
                gettext("Hello %(name)s,") % {"name": speaker.name},
                "",
                gettext("New questions from participants:"),
                "",
            ]
            for question in questions:
                lines.append(f"- {question.page.title}: {question.text}")
                lines.append(f"  {absolute_url((question.page.url or '/') + '#questions')}")
            lines += ["", gettext("Answer them on the page (sign in with your Academy account).")]
            count = len(questions)
            send_mail(
                subject_line(
                    ngettext(
                        "%(count)s new question(s) for you",
                        "%(count)s new question(s) for you",
                        count,
                    )
                    % {"count": count}
                ),
                signed("\n".join(lines)),
                settings.DEFAULT_FROM_EMAIL,
                [speaker.email],
            )
            sent += 1
        Question.objects.filter(pk__in=[q.pk for q in pending]).update(digested_at=now)
    return sent
