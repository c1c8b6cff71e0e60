from celery import shared_task
from django.core.mail import EmailMultiAlternatives


@shared_task(
    name="members.send_email",
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
    acks_late=True,
)
def send_email(
    subject: str, body: str, from_email: str, to: list[str], html: str | None = None
) -> int:
    """Send one already-rendered email, off the request; retried when the server is away."""
    message = EmailMultiAlternatives(subject, body, from_email, to)
    if html:
        message.attach_alternative(html, "text/html")
    return message.send()
