"""The emails of the membership lifecycle (rendered here, sent by the email task)."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from config.site_url import absolute_url
from members.emails import queue_email
from members.models import Membership
from members.society.models import Application, Invoice, ReminderKind, Voucher


def _link(name: str, *args: object) -> str:
    return absolute_url(reverse(name, args=args))


def application_decided(*, application: Application) -> None:
    approved = application.status == "awaiting_payment"
    if approved:
        subject = _("Your membership application is approved")
        body = _(
            "Dear %(name)s,\n\nyour application for %(category)s membership is approved."
            "\nYou can pay the fee of EUR %(amount)s here:\n%(link)s\n"
        ) % {
            "name": application.full_name,
            "category": application.get_category_display(),
            "amount": application.amount_due,
            "link": _link("society:application", application.pk),
        }
    else:
        subject = _("Your membership application")
        body = _(
            "Dear %(name)s,\n\nwe are sorry: your application for %(category)s membership "
            "was not approved.\n"
        ) % {"name": application.full_name, "category": application.get_category_display()}
    if application.decision_message:
        body += "\n" + _("Message from the society's office:") + "\n"
        body += application.decision_message + "\n"
    queue_email(subject=subject, body=body, to=[application.user.email])


def membership_confirmed(
    *,
    application: Application,
    membership: Membership,
    invoice: Invoice,
    voucher: Voucher | None,
) -> None:
    renewal = application.kind == "renewal"
    subject = _("Your membership is renewed") if renewal else _("Welcome to the society")
    body = (
        _("Dear %(name)s,\n\nthank you: your membership is renewed.\n")
        if renewal
        else _("Dear %(name)s,\n\nwelcome! You are now a member of the society.\n")
    ) % {"name": application.full_name}
    body += _(
        "\nMembership number: %(number)s\nCategory: %(category)s\nValid until: %(until)s\n"
        "\nYour invoice %(invoice)s (PDF): %(invoice_link)s"
        "\nYour membership certificate (PDF): %(certificate_link)s"
        "\nYour profile: %(profile_link)s\n"
    ) % {
        "number": membership.number,
        "category": membership.get_category_display(),
        "until": f"{membership.valid_until:%d %B %Y}" if membership.valid_until else "—",
        "invoice": invoice.number,
        "invoice_link": _link("society:invoice-pdf", invoice.pk),
        "certificate_link": _link("society:certificate-pdf"),
        "profile_link": _link("members:profile"),
    }
    if voucher is not None:
        body += "\n" + _(
            "You are member #%(n)s and receive a voucher: %(reward)s. Your code: %(code)s\n"
        ) % {
            "n": voucher.milestone.member_number,
            "reward": voucher.description,
            "code": voucher.code,
        }
    queue_email(subject=subject, body=body, to=[application.user.email])


def renewal_reminder(*, membership: Membership, kind: str) -> None:
    if kind == ReminderKind.EXPIRED:
        subject = _("Your membership has expired: renew it now")
        lead = _(
            "your membership ended on %(until)s. Members-only access continues for "
            "%(grace)s days while you renew."
        )
    else:
        subject = _("Your membership ends on %(until)s") % {
            "until": f"{membership.valid_until:%d %B %Y}"
        }
        lead = _("your membership ends on %(until)s.")
    body = (
        _("Dear %(name)s,\n\n") % {"name": membership.user.name}
        + lead
        % {
            "until": f"{membership.valid_until:%d %B %Y}",
            "grace": settings.SOCIETY_RENEWAL_GRACE_DAYS,
        }
        + "\n\n"
        + _("Renew in one click on your profile:\n%(link)s\n") % {"link": _link("members:profile")}
    )
    queue_email(subject=subject, body=body, to=[membership.user.email])
