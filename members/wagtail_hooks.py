from django.utils.translation import gettext_lazy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from members.models import Membership
from members.society.admin_exports import CsvSafeIndexView, MembershipFilterSet


class MembershipViewSet(SnippetViewSet):
    """The register: filters by category, status and end date; CSV/XLSX export; every
    change (in the admin or by a payment) is in the History view with who and when."""

    model = Membership
    icon = "group"
    menu_label = gettext_lazy("Memberships")
    menu_order = 250
    add_to_admin_menu = True
    index_view_class = CsvSafeIndexView
    list_display = ["number", "user", "category", "status", "valid_from", "valid_until"]
    filterset_class = MembershipFilterSet
    list_export = [
        "number",
        "user.email",
        "user.name",
        "category",
        "status",
        "period",
        "valid_from",
        "valid_until",
    ]
    export_headings = {"user.email": "Email", "user.name": "Name"}
    export_filename = "membership-register"
    search_fields = ["number", "user__email"]
    search_backend_name = None  # plain ORM search, so it can follow user__email


register_snippet(MembershipViewSet)
