"""The society's office in the admin: fees, promotions, codes, applications, payments and
invoices, for staff only (members.permissions.register)."""

from members.permissions import register

register(
    "society",
    staff=[
        "society.fee*",
        "society.promotion*",
        "society.discountcode*",
        "society.milestonereward*",
        "society.voucher*",
        "society.view_application",
        "society.change_application",
        "society.view_payment",
        "society.change_payment",
        "society.view_invoice",
        "society.change_billingdetails",
    ],
)
