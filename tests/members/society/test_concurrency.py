"""Two people join at the same moment on real PostgreSQL: distinct sequential numbers,
and the milestone voucher (member #100) is issued exactly once."""

import contextlib
import threading

import pytest
from django.db import connection, transaction
from payments import PaymentStatus

from members.models import Membership
from members.society.models import Invoice, MilestoneReward, NumberSequence, Payment, Voucher
from members.society.services.payments import start_payment
from tests.members.society import factories
from tests.support.services import require_postgresql

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def test_two_simultaneous_joins_get_numbers_100_and_101_and_one_voucher():
    require_postgresql()
    assert connection.vendor == "postgresql"
    factories.standard_fees()
    NumberSequence.objects.create(name="member", last_value=99)
    MilestoneReward.objects.create(member_number=100, percent_off=50)
    payments = []
    for name in ("First", "Second"):
        application = factories.application(details=factories.details(last_name=name))
        payments.append(
            start_payment(
                application=application,
                user=application.user,
                method="card",
                amount_shown=application.amount_due,
            )
        )

    start = threading.Barrier(2)
    # Each confirmation waits here, inside its transaction, for the other: if both got
    # this far before either committed (no lock), they overlap for certain. With the row
    # lock the second is blocked before this point, so the first gives up waiting after
    # two seconds and commits; then the second continues.
    both_inside = threading.Barrier(2)
    errors = []

    def confirm(payment_id):
        try:
            payment = Payment.objects.get(pk=payment_id)
            start.wait(timeout=10)
            with transaction.atomic():
                payment.change_status(PaymentStatus.CONFIRMED)
                with contextlib.suppress(threading.BrokenBarrierError):
                    both_inside.wait(timeout=2)
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=confirm, args=(p.pk,)) for p in payments]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    assert sorted(Membership.objects.values_list("number", flat=True)) == ["M-00100", "M-00101"]
    (voucher,) = Voucher.objects.all()
    assert voucher.membership_number == "M-00100"
    assert voucher.user == Membership.objects.get(number="M-00100").user
    assert voucher.percent_off == 50
    assert Invoice.objects.count() == 2
    assert len(set(Invoice.objects.values_list("number", flat=True))) == 2
