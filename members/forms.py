from django import forms

from members.models import User

CONFIRMATION_WORD = "DELETE"


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label="Your password",
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    confirmation = forms.CharField(
        label=f"Type {CONFIRMATION_WORD} to confirm",
        max_length=20,
        help_text="This cannot be undone.",
    )

    def __init__(self, user: User, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("That password is not correct.")
        return password

    def clean_confirmation(self) -> str:
        word = self.cleaned_data["confirmation"].strip()
        if word != CONFIRMATION_WORD:
            raise forms.ValidationError(f"Type {CONFIRMATION_WORD} in capital letters to confirm.")
        return word


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["display_name", "first_name", "last_name"]
        labels = {"display_name": "Name on certificates"}
        help_texts = {
            "display_name": "As it should be printed, e.g. “Dr Maria Rossi”. "
            "Certificates already issued keep the name they were issued with."
        }
