"""The forms of the privacy page: deleting one's account."""

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class DeleteAccountForm(forms.Form):
    """Deleting cannot be undone: the person types their password and ticks that they
    understand, so neither a stolen session nor a slip of the finger can do it."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    understood = forms.BooleanField(
        label=_(
            "I understand that my account is deleted for good, and that what I contributed "
            "stays, shown as by “a former resident”."
        ),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(
                gettext("That is not your password. Type the password you log in with.")
            )
        return password
