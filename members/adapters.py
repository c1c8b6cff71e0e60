from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.internal.ratelimit import get_ip
from django.contrib import messages
from django.http import HttpRequest
from django.utils.translation import gettext

from config.site_url import absolute_url
from members.emails import email_identity, subject_line

# The links allauth puts in its emails' context (built from the request's host).
LINKS_IN_EMAILS = ("activate_url", "password_reset_url", "signup_url")


class AccountAdapter(DefaultAccountAdapter):
    """Renders account emails in the request but sends them through Celery; locks failed
    sign-ins per account *and* client address."""

    def _get_login_attempts_cache_key(self, request: HttpRequest, **credentials: Any) -> str:
        """The "key" of allauth's `login_failed` limit: by default the account alone, so
        that anyone failing five times locks the owner out everywhere. With the client's
        address (from the trusted proxies' X-Forwarded-For, see ALLAUTH_TRUSTED_PROXY_COUNT)
        in the key, failures lock that account from that address only; the limit per
        address (ACCOUNT_RATE_LIMITS) still stops one client from trying many accounts.
        allauth uses the same key to lift the lock after a password reset."""
        return f"{super()._get_login_attempts_cache_key(request, **credentials)}:{get_ip(request)}"

    def format_email_subject(self, subject: str) -> str:
        return subject_line(subject)

    def get_email_confirmation_url(self, request: HttpRequest, emailconfirmation) -> str:
        return absolute_url(super().get_email_confirmation_url(request, emailconfirmation))

    def get_reset_password_from_key_url(self, key: str) -> str:
        return absolute_url(super().get_reset_password_from_key_url(key))

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        from outbox.services import enqueue

        # Links on the configured site URL, not the host this request came in on; the
        # society's name from the site settings (allauth would read django.contrib.sites,
        # which is not installed: "Hello from !").
        context = {
            **context,
            **email_identity(),
            **{
                key: absolute_url(context[key])
                for key in LINKS_IN_EMAILS
                if isinstance(context.get(key), str)
            },
        }
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
        # Recorded with the sign-up (or reset) itself and sent after the commit: a
        # rolled-back sign-up sends nothing, and a broker that is down delays the email
        # instead of failing the request (outbox.flush sends it when the broker is back).
        enqueue(task="members.send_email", kwargs=payload, if_delayed=self._tell_delayed)

    def _tell_delayed(self) -> None:
        request = getattr(self, "request", None)
        if request is None or not hasattr(request, "_messages"):
            return
        messages.info(
            request,
            gettext(
                "Our mail service is catching up: your email will arrive within a few "
                "minutes. There is no need to ask for it again."
            ),
        )
