"""The forms of the day of an event and after: check-in, walk-ins, hours, results, fixed
reports."""

from decimal import Decimal

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from engage.core.images import ImageUploadField
from engage.reports.photos import MESSAGES as PHOTO_MESSAGES

from ..models import EventPhoto, Volunteer

HOURS_FIELD = {
    "min_value": Decimal("0.25"),
    "max_value": Decimal("24"),
    "max_digits": 4,
    "decimal_places": 2,
    "widget": forms.NumberInput(attrs={"step": "0.25", "inputmode": "decimal"}),
    "error_messages": {
        "min_value": _("Enter at least a quarter of an hour (0.25)."),
        "max_value": _("A day has at most 24 hours."),
        "invalid": _("Enter the hours as a number, for example 2.5."),
        "max_decimal_places": _("Enter the hours to two decimals at most, for example 2.25."),
    },
}


def photo_field(label, *, required):
    return ImageUploadField(
        label=label,
        required=required,
        max_bytes=1,  # replaced in __init__: settings may change between requests
        messages=PHOTO_MESSAGES,
        help_text=_("A JPEG, PNG or WebP photo. We remove the location and camera details."),
    )


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Personal check-in code"),
        max_length=20,
        help_text=_("The 8 letters and digits on the volunteer's page, e.g. K7QM 4R2X."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
        error_messages={"required": _("Type the volunteer's code.")},
    )


class WalkInForm(forms.Form):
    who = forms.CharField(
        label=_("Their check-in code or e-mail address"),
        max_length=254,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={"required": _("Type their code or e-mail address.")},
    )


class NewWalkInForm(forms.Form):
    display_name = forms.CharField(
        label=_("Their name, as on rosters and certificates"),
        max_length=120,
        error_messages={"required": _("Type their name.")},
    )
    email = forms.EmailField(
        label=_("Their e-mail address"),
        help_text=_(
            "Their hours and certificates are kept under it. They set a password with "
            "“Forgot password” to see them."
        ),
        error_messages={
            "required": _("An e-mail address is needed to keep their hours."),
            "invalid": _("Enter a valid e-mail address, like name@example.org."),
        },
    )
    age_band = forms.ChoiceField(
        label=_("Age"),
        choices=[("", _("Choose…")), *Volunteer.AgeBand.choices],
        error_messages={"required": _("Choose their age.")},
    )
    waiver = forms.BooleanField(
        label=_("They read and accepted the current volunteer waiver"),
        error_messages={"required": _("They must accept the waiver before they take part.")},
    )


class EventHoursForm(forms.Form):
    """One hours field per person present, filled with the event's length."""

    def __init__(self, *args, signups, recorded, default, **kwargs):
        super().__init__(*args, **kwargs)
        self.signups = list(signups)
        for signup in self.signups:
            self.fields[f"hours-{signup.pk}"] = forms.DecimalField(
                label=signup.volunteer.display_name,
                required=False,
                initial=recorded.get(signup.volunteer_id, default),
                **HOURS_FIELD,
            )

    def hours_by_signup(self):
        return {signup.pk: self.cleaned_data.get(f"hours-{signup.pk}") for signup in self.signups}


class LogHoursForm(forms.Form):
    date = forms.DateField(
        label=_("Date"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={
            "required": _("Enter the day you volunteered."),
            "invalid": _("Enter the date as YYYY-MM-DD."),
        },
    )
    hours = forms.DecimalField(label=_("Hours"), **HOURS_FIELD)
    description = forms.CharField(
        label=_("What you did"),
        max_length=255,
        error_messages={"required": _("Say what you did, so the liaison can approve it.")},
    )
    event = forms.ModelChoiceField(
        label=_("At an event (optional)"),
        queryset=None,
        required=False,
        empty_label=_("Not at an event on this site"),
    )

    def __init__(self, *args, events, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["event"].queryset = events
        self.fields["event"].label_from_instance = lambda event: (
            f"{event.title} ({timezone.localdate(event.starts_at).isoformat()})"
        )
        self.fields["hours"].error_messages["required"] = _("Enter the hours you gave.")


class DeclineHoursForm(forms.Form):
    reason = forms.CharField(
        label=_("Why you decline them (the volunteer reads this)"),
        max_length=255,
        error_messages={"required": _("Say why you decline these hours.")},
    )


class ResultsForm(forms.Form):
    bags_collected = forms.IntegerField(
        label=_("Bags collected"), min_value=0, max_value=100_000, required=False
    )
    sites_cleaned = forms.IntegerField(
        label=_("Sites cleaned"), min_value=0, max_value=10_000, required=False
    )
    results_note = forms.CharField(
        label=_("What we did"),
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    before_photo = photo_field(_("Add a photo from before"), required=False)
    before_caption = forms.CharField(
        label=_("Caption of the photo from before"), max_length=200, required=False
    )
    after_photo = photo_field(_("Add a photo from after"), required=False)
    after_caption = forms.CharField(
        label=_("Caption of the photo from after"), max_length=200, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("before_photo", "after_photo"):
            self.fields[name].max_bytes = settings.REPORT_PHOTO_MAX_BYTES

    def photos(self):
        data = self.cleaned_data
        return [
            (moment, data[f"{prefix}_photo"], data[f"{prefix}_caption"])
            for moment, prefix in (
                (EventPhoto.Moment.BEFORE, "before"),
                (EventPhoto.Moment.AFTER, "after"),
            )
            if data.get(f"{prefix}_photo")
        ]


class MarkFixedForm(forms.Form):
    after_photo = photo_field(_("Photo after the work"), required=True)
    public_note = forms.CharField(
        label=_("Public note (on the report's page and in the e-mail to its followers)"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": _("Write a short note for the neighbours who follow the report.")
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["after_photo"].max_bytes = settings.REPORT_PHOTO_MAX_BYTES
        self.fields["after_photo"].error_messages["required"] = _(
            "Add a photo of the place after the work."
        )
