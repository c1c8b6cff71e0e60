"""The admin's chooser for a speaker's Academy account.

A plain foreign-key field would render a <select> of every account by its email address,
to every instructor who edits speakers. This chooser lists only the accounts the editor
may link (members.selectors.linkable_speaker_accounts), names them without their email
address, and refuses to describe any other account; the speaker form refuses any other
account posted to it.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.views.generic import chooser as chooser_views
from wagtail.admin.viewsets.chooser import ChooserViewSet
from wagtail.admin.widgets.chooser import BaseChooser

from members.selectors import account_label, linkable_speaker_accounts


class _LinkableAccounts:
    def get_object_list(self):
        return linkable_speaker_accounts(viewer=self.request.user).order_by(
            "display_name", "last_name", "first_name", "pk"
        )

    @property
    def title_column(self):
        column = super().title_column
        column.accessor = account_label
        column.label = _("Name")
        return column


class ChooseAccountView(_LinkableAccounts, chooser_views.ChooseView):
    pass


class ChooseAccountResultsView(_LinkableAccounts, chooser_views.ChooseResultsView):
    pass


class ChosenAccountView(chooser_views.ChosenView):
    def get_object(self, pk):
        return linkable_speaker_accounts(viewer=self.request.user).get(pk=pk)

    def get_display_title(self, instance):
        return account_label(instance)


class ChosenAccountsView(chooser_views.ChosenMultipleView):
    def get_objects(self, pks):
        return linkable_speaker_accounts(viewer=self.request.user).filter(pk__in=pks)

    def get_display_title(self, instance):
        return account_label(instance)


class AccountChooserWidget(BaseChooser):
    def get_display_title(self, instance):
        return account_label(instance)


class SpeakerAccountChooserViewSet(ChooserViewSet):
    model = "members.User"
    icon = "user"
    choose_one_text = _("Choose an account")
    choose_another_text = _("Choose another account")
    edit_item_text = _("Edit account")
    per_page = 20
    register_widget = False  # only the speaker form uses it
    base_widget_class = AccountChooserWidget
    choose_view_class = ChooseAccountView
    choose_results_view_class = ChooseAccountResultsView
    chosen_view_class = ChosenAccountView
    chosen_multiple_view_class = ChosenAccountsView


speaker_account_chooser = SpeakerAccountChooserViewSet(
    "speaker_account_chooser", url_prefix="speaker-accounts"
)


class SpeakerForm(WagtailAdminModelForm):
    def clean_user(self):
        user = self.cleaned_data.get("user")
        if user is None or user.pk == self.instance.user_id:
            return user  # unchanged links stay, whoever made them
        if not linkable_speaker_accounts(viewer=self.for_user).filter(pk=user.pk).exists():
            raise ValidationError(_("Choose an instructor's or staff member's account."))
        return user
