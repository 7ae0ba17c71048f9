from allauth.account import forms as allauth_forms
from django import forms
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from engage.core.honeypot import HoneypotFormMixin
from engage.notifications.preferences import set_topic_opt_outs, subscribed_topics
from engage.notifications.topics import all_topics, topic_choices

from .models import User


class ProfileForm(forms.ModelForm):
    topics = forms.MultipleChoiceField(
        label=_("E-mail me about"),
        choices=topic_choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Untick a subject to stop e-mails about it."),
    )

    class Meta:
        model = User
        fields = ["display_name", "home_neighborhood", "preferred_language", "email_notifications"]
        widgets = {"preferred_language": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["home_neighborhood"].empty_label = _("Not set")
        self.fields["topics"].initial = sorted(subscribed_topics(self.instance))

    @transaction.atomic
    def save(self, commit=True):
        user = super().save(commit=commit)
        unchecked = set(all_topics()) - set(self.cleaned_data["topics"])
        set_topic_opt_outs(user, unchecked)
        return user


# allauth's forms with the honeypot (ACCOUNT_FORMS): the forms anyone may send.


class LoginForm(HoneypotFormMixin, allauth_forms.LoginForm):
    # A password manager fills and sends a log-in at once: no time check.
    honeypot_min_seconds = 0


class SignupForm(HoneypotFormMixin, allauth_forms.SignupForm):
    pass


class ResetPasswordForm(HoneypotFormMixin, allauth_forms.ResetPasswordForm):
    pass
