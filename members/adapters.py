from allauth.account.adapter import DefaultAccountAdapter
from django.db import transaction

from members.tasks import send_email


class AccountAdapter(DefaultAccountAdapter):
    """Renders account emails in the request but sends them through Celery."""

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        message = self.render_mail(template_prefix, email, context)
        html = next(
            (
                content
                for content, mimetype in getattr(message, "alternatives", [])
                if mimetype == "text/html"
            ),
            None,
        )
        payload = {
            "subject": message.subject,
            "body": message.body,
            "from_email": message.from_email,
            "to": list(message.to),
            "html": html,
        }
        # Only after the commit: a rolled-back sign-up must not send a verification mail.
        transaction.on_commit(lambda: send_email.delay(**payload))
