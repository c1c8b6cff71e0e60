from django.db import models
from django.utils.translation import gettext_lazy


class OutboxMessage(models.Model):
    """One task to run, written in the transaction of the change that needs it."""

    task = models.CharField(
        max_length=200, help_text=gettext_lazy("The Celery task's registered name.")
    )
    kwargs = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    # The last time it was handed to the broker (null: never, e.g. the broker was down).
    published_at = models.DateTimeField(null=True, blank=True)
    publish_attempts = models.PositiveIntegerField(default=0)
    # A worker started running it; a claim older than the lease counts as abandoned.
    claimed_at = models.DateTimeField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        indexes = [models.Index(fields=["done_at", "created_at"], name="outbox_pending")]
        ordering = ["created_at"]

    def __str__(self) -> str:
        state = "done" if self.done_at else "pending"
        return f"{self.task} #{self.pk} ({state})"
