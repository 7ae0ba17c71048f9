"""The crew member's status update (phone), and the crew choice on a department's queue."""

import uuid

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from engage.core.images import ImageUploadField

from ..models import Crew, ServiceReport
from ..photos import MESSAGES as PHOTO_MESSAGES

Status = ServiceReport.Status
Resolution = ServiceReport.Resolution


def new_client_key():
    """The key of one update, drawn when the page is rendered (the script draws a new one
    per submission): the server stores each key once."""
    return uuid.uuid4().hex


class FieldUpdateForm(forms.Form):
    client_key = forms.RegexField(
        regex=r"^[A-Za-z0-9_-]{16,64}$",
        widget=forms.HiddenInput,
        error_messages={
            "required": _("The update has no key. Reload the page and send it again."),
            "invalid": _("The update's key is malformed. Reload the page and send it again."),
        },
    )
    # When the crew member pressed "send" (ISO 8601, filled in by the script); the server's
    # time when missing.
    made_at = forms.DateTimeField(required=False, widget=forms.HiddenInput)
    status = forms.ChoiceField(
        label=_("New status"),
        choices=[(Status.IN_PROGRESS, Status.IN_PROGRESS.label), (Status.RESOLVED, _("Done"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whether the work is in progress or done.")},
    )
    resolution = forms.ChoiceField(
        label=_("When done: the outcome"),
        required=False,
        choices=[
            (Resolution.FIXED, Resolution.FIXED.label),
            (Resolution.NOT_CITY, Resolution.NOT_CITY.label),
            (Resolution.NO_ACTION, Resolution.NO_ACTION.label),
        ],
        initial=Resolution.FIXED,
    )
    public_note = forms.CharField(
        label=_("Public note (on the report's page and in the e-mail to its followers)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    photo = ImageUploadField(
        label=_("Photo after the work (optional)"),
        required=False,
        max_bytes=1,  # replaced in __init__: settings may change between requests
        messages=PHOTO_MESSAGES,
        help_text=_("A JPEG, PNG or WebP photo. We remove the location and camera details."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["photo"].max_bytes = settings.REPORT_PHOTO_MAX_BYTES
        if not self.is_bound:
            self.initial.setdefault("client_key", new_client_key())

    def clean(self):
        data = super().clean()
        if data.get("status") == Status.RESOLVED:
            data["resolution"] = data.get("resolution") or Resolution.FIXED
            if data["resolution"] != Resolution.FIXED and not data.get("public_note"):
                self.add_error(
                    "public_note",
                    _("Say in the note why the city did not fix it: the neighbours read it."),
                )
        else:
            data["resolution"] = ""
        return data


class CrewChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, crew):
        return crew.name


class AssignCrewForm(forms.Form):
    """The bulk "assign to crew" of a department's queue (the ticked reports)."""

    crew = CrewChoiceField(
        label=_("Crew"),
        queryset=Crew.objects.none(),
        error_messages={
            "required": _("Choose the crew to assign the reports to."),
            "invalid_choice": _("That crew is not one of this department's active crews."),
        },
    )
    reports = forms.ModelMultipleChoiceField(
        queryset=ServiceReport.objects.none(),
        error_messages={
            "required": _("Tick at least one report to assign."),
            "invalid_choice": _("A ticked report is no longer open in this queue."),
            "invalid_pk_value": _("A ticked report is no longer open in this queue."),
        },
    )

    def __init__(self, *args, department, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["crew"].queryset = department.crews.filter(active=True)
        self.fields["reports"].queryset = ServiceReport.objects.open().filter(department=department)
