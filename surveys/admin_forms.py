"""Staff forms of the surveys admin: the details of a paper form, and access codes.

The questions of a paper response are not a Django form: they are the survey's own
fields (``templates/surveys/includes/item.html``), read with ``questions.raw_from_form``
and checked by ``services.submit_response``, exactly like an answer given on the web.
"""

import datetime
import re
import secrets

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.widgets import AdminDateInput, AdminDateTimeInput
from wagtail.models import Locale

from engage.neighborhoods.models import Neighborhood

from .models import AccessCode, SurveyPage

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to mix up
CODE_LENGTH = 8
CODE_PATTERN = re.compile(r"^[A-Z0-9-]+$")


def default_language_surveys():
    """Responses and codes belong to the survey in the default language: offer those."""
    return SurveyPage.objects.filter(locale=Locale.get_default()).order_by("title")


class PaperDetailsForm(forms.Form):
    """What a paper form says beside its answers: where, for which session, and when."""

    neighborhood = forms.ModelChoiceField(
        label=_("Neighborhood"),
        queryset=Neighborhood.objects.order_by("name"),
        required=False,
        help_text=_("Where the person lives, if the form says so."),
    )
    segment = forms.CharField(
        label=_("Segment"),
        max_length=120,
        required=False,
        help_text=_(
            "Where the form was filled in, such as a youth session or an event. "
            "Results can be filtered by it."
        ),
    )
    paper_date = forms.DateField(
        label=_("Date of the paper form"),
        required=False,
        widget=AdminDateInput,
        help_text=_("Leave empty for today."),
    )

    def clean_segment(self):
        return self.cleaned_data["segment"].strip()

    def clean_paper_date(self):
        date = self.cleaned_data["paper_date"]
        if date and date > timezone.localdate():
            raise forms.ValidationError(_("The date of a paper form cannot be in the future."))
        return date

    def submitted_at(self):
        """When the response counts as given: the paper form's date (at noon, or now if that
        is earlier), or None for now."""
        date = self.cleaned_data.get("paper_date")
        if not date:
            return None
        noon = timezone.make_aware(datetime.datetime.combine(date, datetime.time(12)))
        return min(noon, timezone.now())


def new_code():
    """A fresh, unused access code that is easy to read out and type."""
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if not AccessCode.objects.filter(code=code).exists():
            return code


class AccessCodeForm(WagtailAdminModelForm):
    survey = forms.ModelChoiceField(label=_("Survey"), queryset=SurveyPage.objects.none())
    code = forms.CharField(
        label=_("Code"),
        max_length=32,
        required=False,
        help_text=_(
            "Letters, digits and dashes; people type it to open the survey. "
            "Leave empty to have one made up."
        ),
    )

    class Meta:
        model = AccessCode
        fields = ["survey", "code", "segment", "valid_until"]
        widgets = {"valid_until": AdminDateTimeInput}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["survey"].queryset = default_language_surveys()

    def clean_code(self):
        code = self.cleaned_data["code"].strip().upper()
        if not code:
            return self.instance.code or new_code()
        if not CODE_PATTERN.match(code):
            raise forms.ValidationError(_("Use only letters, digits and dashes."))
        return code
