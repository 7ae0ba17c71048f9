"""The public form of the knowledge base: "Did this answer your question?"."""

from django import forms
from django.utils.translation import gettext_lazy as _

from engage.core.honeypot import HoneypotFormMixin

from ..models import AnswerFeedback

YES, NO = "yes", "no"


class AnswerFeedbackForm(HoneypotFormMixin, forms.Form):
    helpful = forms.ChoiceField(
        label=_("Did this answer your question?"),
        choices=[(YES, _("Yes")), (NO, _("No"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose “Yes” or “No”.")},
    )
    comment = forms.CharField(
        label=_("Anything we should add or correct? (optional)"),
        help_text=_(
            "Read by city staff to improve the answer, never published. Do not write personal "
            "details: to report a problem or get a reply, use the report form or call 311."
        ),
        required=False,
        max_length=AnswerFeedback._meta.get_field("comment").max_length,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    # Where the answer was read: its page, or the report form's suggestions (a "yes" there
    # is a report not filed). Anything else is read as the page.
    source = forms.ChoiceField(
        choices=AnswerFeedback.Source.choices,
        required=False,
        widget=forms.HiddenInput,
    )

    def cleaned_source(self):
        return self.cleaned_data.get("source") or AnswerFeedback.Source.PAGE
