from members.society.models.applications import (
    Application,
    ApplicationKind,
    ApplicationStatus,
    CodeRedemption,
    Profession,
)
from members.society.models.billing import BillingDetails, Invoice, NumberSequence
from members.society.models.payments import Payment
from members.society.models.pricing import (
    CURRENCY,
    DiscountCode,
    Fee,
    MilestoneReward,
    Period,
    Promotion,
    Voucher,
)
from members.society.models.renewals import ReminderKind, RenewalReminder

__all__ = [
    "CURRENCY",
    "Application",
    "ApplicationKind",
    "ApplicationStatus",
    "BillingDetails",
    "CodeRedemption",
    "DiscountCode",
    "Fee",
    "Invoice",
    "MilestoneReward",
    "NumberSequence",
    "Payment",
    "Period",
    "Profession",
    "Promotion",
    "ReminderKind",
    "RenewalReminder",
    "Voucher",
]
