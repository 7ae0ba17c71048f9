"""The session form, the opening form and the attendance marks of the educator area."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from ..models import LessonPage, Partner, Session
from .programs import FIELDS_TEMPLATE

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


class LocalDateTimeInput(forms.DateTimeInput):
    """The browser's date-and-time picker, in the site's time zone."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format=DATETIME_FORMAT)


class SessionForm(forms.ModelForm):
    template_name = FIELDS_TEMPLATE

    partners = forms.ModelMultipleChoiceField(
        label=_("Partner presenters"),
        required=False,
        queryset=Partner.objects.all(),
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Session
        fields = [
            "title",
            "starts_at",
            "ends_at",
            "place",
            "neighborhood",
            "lesson",
            "presenters",
            "survey",
        ]
        field_classes = {"starts_at": forms.DateTimeField, "ends_at": forms.DateTimeField}
        widgets = {"starts_at": LocalDateTimeInput, "ends_at": LocalDateTimeInput}
        help_texts = {
            "starts_at": _("Local time in the city."),
            "survey": _(
                "Participants answer it with the session's join code while the session is open."
            ),
        }

    def __init__(self, *args, program, **kwargs):
        kwargs.setdefault("auto_id", "session-%s")
        super().__init__(*args, **kwargs)
        self.program = program
        for name in ("starts_at", "ends_at"):
            self.fields[name].input_formats = [DATETIME_FORMAT]
        if program.curriculum_id:
            self.fields["lesson"].queryset = (
                LessonPage.objects.child_of(program.curriculum).live().order_by("path")
            )
        else:
            self.fields["lesson"].queryset = LessonPage.objects.none()
            self.fields["lesson"].help_text = _(
                "Choose the program's curriculum first: its lessons are offered here."
            )
        self.fields["neighborhood"].queryset = self.fields["neighborhood"].queryset.order_by("name")
        self.fields["survey"].choices = self._survey_choices()
        if self.instance.pk:
            self.initial.setdefault("partners", list(self.instance.partners.all()))
        elif program.neighborhood_id:
            self.initial.setdefault("neighborhood", program.neighborhood_id)

    def _survey_choices(self):
        choices = [(Session.Survey.NONE, Session.Survey.NONE.label)]
        if self.program.pre_survey_id:
            choices.append(
                (Session.Survey.PRE, f"{Session.Survey.PRE.label}: {self.program.pre_survey}")
            )
        if self.program.post_survey_id:
            choices.append(
                (Session.Survey.POST, f"{Session.Survey.POST.label}: {self.program.post_survey}")
            )
        return choices

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("The session must end after it starts."))
        return cleaned

    def _post_clean(self):
        # As for programs: the service checks the model's rules on the locked rows.
        pass

    def session_fields(self):
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


def hour_choices():
    return [
        (hours, ngettext_lazy("%(count)d hour", "%(count)d hours", hours) % {"count": hours})
        for hours in range(1, settings.YOUTH_SESSION_MAX_OPEN_HOURS + 1)
    ]


class OpenSessionForm(forms.Form):
    hours = forms.TypedChoiceField(label=_("Keep the code working for"), coerce=int)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "open-%s")
        super().__init__(*args, **kwargs)
        self.fields["hours"].choices = hour_choices()
        self.fields["hours"].initial = settings.YOUTH_SESSION_OPEN_HOURS


class AttendanceMarkForm(forms.Form):
    """One tap on the attendance sheet: a participant, present or absent."""

    participant = forms.IntegerField(min_value=1)
    present = forms.TypedChoiceField(
        choices=[("1", _("Present")), ("0", _("Absent"))], coerce=lambda value: value == "1"
    )
