from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

if TYPE_CHECKING:
    from members.roles import Role


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra) -> User:
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    """An Academy account: identified by email, no username."""

    username = None
    email = models.EmailField("email address", unique=True)
    # The name printed on certificates, written as the learner wants it.
    display_name = models.CharField(
        max_length=150,
        blank=True,
        help_text=_("Your name as it should appear on certificates."),
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    # Per-request caches members.selectors sets on the instance (annotations only: no
    # attribute, no field; the selectors read them with getattr(..., None)).
    _active_member_cache: tuple[datetime.date, bool]
    _granted_roles_cache: frozenset[Role]
    _roles_cache: frozenset[Role]

    class Meta:
        ordering = ["email"]

    def __str__(self) -> str:
        return self.email

    @property
    def has_name(self) -> bool:
        return bool(self.display_name or self.get_full_name())

    @property
    def name(self) -> str:
        """The name pages show: never any part of the email address (it would tell others
        the address), so someone who gave no name is "A member"."""
        return self.display_name or self.get_full_name() or gettext("A member")


class MembershipCategory(models.TextChoices):
    FULL = "full", _("Full member")
    JUNIOR = "junior", _("Junior / resident member")
    ASSOCIATE = "associate", _("Associate member")
    HONORARY = "honorary", _("Honorary member")


class MembershipStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    PENDING = "pending", _("Pending payment")
    SUSPENDED = "suspended", _("Suspended")
    CANCELLED = "cancelled", _("Cancelled")


def grace_period() -> datetime.timedelta:
    """How long after `valid_until` a member keeps members-only access while renewing."""
    from django.conf import settings

    return datetime.timedelta(days=settings.SOCIETY_RENEWAL_GRACE_DAYS)


class MembershipQuerySet(models.QuerySet["Membership"]):
    def valid_on(self, day: datetime.date) -> MembershipQuerySet:
        """Active on `day`, counting the grace period after the end date."""
        return self.filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=day - grace_period()),
            status=MembershipStatus.ACTIVE,
            valid_from__lte=day,
        )


class Membership(models.Model):
    """A period of society membership. A user may have several over the years."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    number = models.CharField("membership number", max_length=32, unique=True)
    category = models.CharField(max_length=16, choices=MembershipCategory.choices)
    status = models.CharField(
        max_length=16, choices=MembershipStatus.choices, default=MembershipStatus.ACTIVE
    )
    valid_from = models.DateField()
    valid_until = models.DateField(
        null=True, blank=True, help_text=_("Leave empty for memberships without end (honorary).")
    )
    # How the fee is counted (members.society.models.Period); empty for records typed in
    # by the office before online joining, which renew by calendar year.
    period = models.CharField(max_length=16, blank=True)
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MembershipQuerySet.as_manager()

    panels = [
        FieldPanel("user"),
        FieldPanel("number"),
        FieldPanel("category"),
        FieldPanel("status"),
        FieldPanel("valid_from"),
        FieldPanel("valid_until"),
        FieldPanel("period"),
        FieldPanel("notes"),
    ]

    class Meta:
        ordering = ["-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="membership_valid_until_after_valid_from",
            )
        ]

    def __str__(self) -> str:
        return f"{self.number} ({self.get_category_display()}, {self.get_status_display()})"

    def is_valid_on(self, day: datetime.date) -> bool:
        return (
            self.status == MembershipStatus.ACTIVE
            and self.valid_from <= day
            and (self.valid_until is None or self.valid_until + grace_period() >= day)
        )

    def in_grace_on(self, day: datetime.date) -> bool:
        """Past its end date but still within the grace period."""
        return self.is_valid_on(day) and self.valid_until is not None and self.valid_until < day


class UserSession(AbstractBaseSession):
    """Django's database session with the signed-in user's id in an indexed column
    (members.sessions keeps it), so that ending a user's sessions (erasure) is one
    DELETE instead of decoding every session in the table."""

    user_id = models.BigIntegerField(null=True, blank=True, db_index=True)

    @classmethod
    def get_session_store_class(cls):
        from members.sessions import SessionStore

        return SessionStore

    class Meta(AbstractBaseSession.Meta):
        db_table = "members_session"
