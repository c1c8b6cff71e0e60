from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from members.models import Membership


class MembershipViewSet(SnippetViewSet):
    model = Membership
    icon = "group"
    menu_label = "Memberships"
    menu_order = 250
    add_to_admin_menu = True
    list_display = ["number", "user", "category", "status", "valid_from", "valid_until"]
    list_filter = ["status", "category"]
    search_fields = ["number", "user__email"]
    search_backend_name = None  # plain ORM search, so it can follow user__email


register_snippet(MembershipViewSet)
