from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from members.models import User

CONFIRMATION_WORD = "DELETE"


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    confirmation = forms.CharField(
        max_length=20,
        help_text=_("This cannot be undone."),
    )

    def __init__(self, user: User, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["confirmation"].label = gettext("Type %(word)s to confirm") % {
            "word": CONFIRMATION_WORD
        }

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(gettext("That password is not correct."))
        return password

    def clean_confirmation(self) -> str:
        word = self.cleaned_data["confirmation"].strip()
        if word != CONFIRMATION_WORD:
            raise forms.ValidationError(
                gettext("Type %(word)s in capital letters to confirm.")
                % {"word": CONFIRMATION_WORD}
            )
        return word


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["display_name", "first_name", "last_name"]
        labels = {"display_name": _("Name on certificates")}
        help_texts = {
            "display_name": _(
                "As it should be printed, e.g. “Dr Maria Rossi”. "
                "Certificates already issued keep the name they were issued with."
            )
        }


class SignupNameForm(forms.Form):
    """The name a newcomer gives at sign-up (ACCOUNT_SIGNUP_FORM_CLASS: allauth's sign-up
    form is built on this, and its adapter saves first and last name on the user). It is
    the name certificates print, confirmed again before each one is issued."""

    first_name = forms.CharField(
        label=_("First name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    last_name = forms.CharField(
        label=_("Last name"),
        max_length=150,
        help_text=_("As it should appear on your certificates."),
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    field_order = ["first_name", "last_name", "email", "password1", "password2"]

    def clean_first_name(self) -> str:
        return _required_name(self.cleaned_data["first_name"])

    def clean_last_name(self) -> str:
        return _required_name(self.cleaned_data["last_name"])

    def signup(self, request, user: User) -> None:
        """allauth's hook after the user is saved; the adapter has set the names."""


def _required_name(value: str) -> str:
    value = " ".join(value.split())
    if not value:
        raise forms.ValidationError(_("Enter your name as it should appear on certificates."))
    return value
