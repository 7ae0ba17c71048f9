"""The outcomes part's public forms."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models.follow_up import SATISFACTION_CHOICES

# --- Follow-up: "is it really fixed?" ---

YES, NO = "yes", "no"


class FixedCheckForm(forms.Form):
    fixed = forms.TypedChoiceField(
        label=_("Is the problem really fixed?"),
        choices=[(YES, _("Yes, it is fixed")), (NO, _("No, it is not fixed: reopen the report"))],
        coerce=lambda value: value == YES,
        widget=forms.RadioSelect,
        error_messages={"required": _("Tell us whether the problem is fixed.")},
    )
    satisfaction = forms.TypedChoiceField(
        label=_("How satisfied are you with how the city handled your report?"),
        choices=[(str(value), label) for value, label in SATISFACTION_CHOICES]
        + [("", _("I would rather not say"))],
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Anything you want to tell city staff? (optional)"),
        help_text=_("Only city staff read this; it is not shown on the report's page."),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
