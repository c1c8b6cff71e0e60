"""Which renewal reminders went out (one row per reminder: each is sent once)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReminderKind(models.TextChoices):
    DAYS_30 = "30d", _("30 days before expiry")
    DAYS_7 = "7d", _("7 days before expiry")
    EXPIRED = "expired", _("On expiry")


class RenewalReminder(models.Model):
    membership = models.ForeignKey(
        "members.Membership", on_delete=models.CASCADE, related_name="renewal_reminders"
    )
    kind = models.CharField(max_length=8, choices=ReminderKind.choices)
    # The expiry date the reminder was about: a renewed membership gets fresh reminders.
    valid_until = models.DateField()
    sent_at = models.DateTimeField()

    class Meta:
        verbose_name = _("renewal reminder")
        constraints = [
            models.UniqueConstraint(
                fields=["membership", "kind", "valid_until"], name="society_reminder_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.membership_id} {self.kind} {self.valid_until}"
