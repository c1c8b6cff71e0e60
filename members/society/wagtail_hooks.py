"""The society's office in the Wagtail admin: fees, promotions, codes, milestones,
applications to approve, bank transfers to mark as received, invoices."""

from __future__ import annotations

from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from members.society import admin_views
from members.society.admin_exports import CsvSafeIndexView
from members.society.models import (
    Application,
    DiscountCode,
    Fee,
    Invoice,
    MilestoneReward,
    Payment,
    Promotion,
    Voucher,
)


class LinkColumn(Column):
    """A column with one action link per row (decide, mark received, PDF)."""

    def __init__(self, name, label, url_name, text, show=None):
        super().__init__(name, label=label)
        self.url_name, self.text, self.show = url_name, text, show

    def get_value(self, instance):
        if self.show and not self.show(instance):
            return ""
        return format_html(
            '<a href="{}">{}</a>', reverse(self.url_name, args=[instance.pk]), self.text
        )


def _read_only(*names):
    return [FieldPanel(name, read_only=True) for name in names]


class FeeViewSet(SnippetViewSet):
    model = Fee
    icon = "tag"
    list_display = ["category", "period", "amount", "effective_from"]
    list_filter = ["category", "period"]


class PromotionViewSet(SnippetViewSet):
    model = Promotion
    icon = "pick"
    list_display = ["name", "category", "period", "starts_on", "ends_on", "price", "active"]
    list_filter = ["active", "category"]


class DiscountCodeViewSet(SnippetViewSet):
    model = DiscountCode
    icon = "key"
    list_display = ["code", "percent_off", "max_uses", "valid_until", "active"]
    list_filter = ["active"]
    search_fields = ["code", "description"]
    search_backend_name = None


class MilestoneRewardViewSet(SnippetViewSet):
    model = MilestoneReward
    icon = "success"
    list_display = ["member_number", "description", "percent_off", "active"]


class VoucherViewSet(SnippetViewSet):
    model = Voucher
    icon = "tag"
    list_display = ["code", "membership_number", "user", "description", "issued_at"]
    panels = _read_only("code", "membership_number", "percent_off", "description") + [
        FieldPanel("redeemed_at")
    ]


class ApplicationViewSet(SnippetViewSet):
    model = Application
    icon = "form"
    index_view_class = CsvSafeIndexView
    list_display = [
        "__str__",
        "kind",
        "category",
        "status",
        "amount_due",
        "created_at",
        LinkColumn(
            "decide",
            _("Decision"),
            "society_admin:decide",
            _("Check proof and decide"),
            show=lambda a: a.status == "awaiting_approval",
        ),
    ]
    list_filter = ["status", "category", "kind"]
    list_export = [
        "pk", "created_at", "kind", "category", "period", "status", "first_name",
        "last_name", "institution", "country", "profession", "amount_due", "bank_reference",
    ]  # fmt: skip
    export_filename = "membership-applications"
    search_fields = ["last_name", "first_name", "bank_reference", "user__email"]
    search_backend_name = None
    panels = _read_only(
        "user", "kind", "category", "period", "status", "first_name", "last_name",
        "institution", "country", "profession", "list_price", "amount_due",
        "bank_reference", "decision_message", "created_at", "paid_at",
    )  # fmt: skip


class PaymentViewSet(SnippetViewSet):
    model = Payment
    icon = "doc-full-inverse"
    index_view_class = CsvSafeIndexView
    list_display = [
        "__str__",
        "application",
        "created",
        "status",
        LinkColumn(
            "received",
            _("Bank transfer"),
            "society_admin:transfer-received",
            _("Mark as received"),
            show=lambda p: p.variant == "sepa" and p.status != "confirmed",
        ),
    ]
    list_filter = ["status", "variant"]
    search_fields = ["application__bank_reference", "application__last_name"]
    search_backend_name = None
    list_export = ["pk", "created", "variant", "status", "total", "currency", "transaction_id"]
    export_filename = "membership-payments"
    panels = _read_only(
        "application", "variant", "status", "total", "captured_amount", "currency",
        "transaction_id", "applied_at", "refusal", "received_by", "received_on", "message",
    )  # fmt: skip


class InvoiceViewSet(SnippetViewSet):
    model = Invoice
    icon = "doc-full"
    index_view_class = CsvSafeIndexView
    list_display = [
        "number",
        "buyer_name",
        "gross_amount",
        "issued_on",
        LinkColumn("pdf", _("PDF"), "society_admin:invoice-pdf", _("Download")),
    ]
    search_fields = ["number", "buyer_name"]
    search_backend_name = None
    list_export = [
        "number", "issued_on", "membership_number", "buyer_name", "buyer_institution",
        "buyer_country", "description", "net_amount", "vat_rate", "vat_amount",
        "gross_amount", "currency", "payment_method", "paid_on",
    ]  # fmt: skip
    export_filename = "membership-invoices"
    panels = _read_only("number", "issued_on", "buyer_name", "description", "gross_amount")


class SocietyGroup(SnippetViewSetGroup):
    menu_label = _("Society")
    menu_icon = "group"
    menu_order = 251
    items = (
        ApplicationViewSet,
        PaymentViewSet,
        InvoiceViewSet,
        FeeViewSet,
        PromotionViewSet,
        DiscountCodeViewSet,
        MilestoneRewardViewSet,
        VoucherViewSet,
    )


register_snippet(SocietyGroup)


@hooks.register("register_admin_urls")
def society_admin_urls():
    return [
        path(
            "society/",
            (admin_views.urlpatterns, "society_admin", "society_admin"),
        )
    ]


@hooks.register("register_log_actions")
def society_log_actions(actions):
    actions.register_action("society.join", _("Joined"), _("Membership paid and active"))
    actions.register_action("society.renew", _("Renewed"), _("Membership renewed"))
    actions.register_action("society.approve", _("Approved"), _("Application approved"))
    actions.register_action("society.decline", _("Declined"), _("Application declined"))
    actions.register_action(
        "society.transfer_received", _("Transfer received"), _("Bank transfer marked received")
    )
    actions.register_action(
        "society.payment_refused", _("Payment refused"), _("Confirmed payment not applied")
    )
