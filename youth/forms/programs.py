"""The program form of the educator area.

What a program may be built from is limited here: live curricula and live surveys whose
audience is "people with an access code" (a session's join code opens them), in the site's
default language (a translation is the same survey: its responses belong to the original).
Only staff choose the educators; an educator who creates a program is added by the service.
"""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale

from engage.accounts.roles import EDUCATOR, STAFF
from surveys.models import Audience, SurveyPage

from .. import rules
from ..models import CurriculumPage, Partner, Program

FIELDS_TEMPLATE = "youth/educator/includes/form_fields.html"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class EducatorChoiceField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, user):
        name = user.display_name or user.get_full_name()
        return f"{name} ({user.email})" if name else user.email


def code_surveys():
    return (
        SurveyPage.objects.live()
        .filter(audience=Audience.CODE, locale=Locale.get_default())
        .order_by("title")
    )


class ProgramForm(forms.ModelForm):
    template_name = FIELDS_TEMPLATE

    educators = EducatorChoiceField(
        label=_("Educators"),
        required=False,
        queryset=get_user_model().objects.none(),
        help_text=_("They see this program, its roster and its results in the educator area."),
    )
    partners = forms.ModelMultipleChoiceField(
        label=_("Partner organisations"),
        required=False,
        queryset=Partner.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("City staff add partner organisations in the admin."),
    )

    class Meta:
        model = Program
        fields = [
            "name",
            "description",
            "site",
            "neighborhood",
            "starts_on",
            "ends_on",
            "curriculum",
            "pre_survey",
            "post_survey",
            "allow_anonymous",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "starts_on": DateInput,
            "ends_on": DateInput,
        }
        help_texts = {
            "pre_survey": _("Answered in the session set to “the survey before”."),
            "post_survey": _("Answered in the session set to “the survey after”."),
        }

    def __init__(self, *args, user, **kwargs):
        kwargs.setdefault("auto_id", "program-%s")
        super().__init__(*args, **kwargs)
        self.user = user
        default_locale = Locale.get_default()
        self.fields["curriculum"].queryset = (
            CurriculumPage.objects.live().filter(locale=default_locale).order_by("title")
        )
        self.fields["pre_survey"].queryset = code_surveys()
        self.fields["post_survey"].queryset = code_surveys()
        self.fields["neighborhood"].queryset = self.fields["neighborhood"].queryset.order_by("name")
        if rules.is_staff(user):
            self.fields["educators"].queryset = (
                get_user_model()
                .objects.filter(groups__name__in=[EDUCATOR, STAFF], is_active=True)
                .distinct()
                .order_by("display_name", "email")
            )
            if self.instance.pk:
                self.initial.setdefault("educators", list(self.instance.educators.all()))
        else:
            del self.fields["educators"]
        if self.instance.pk:
            self.initial.setdefault("partners", list(self.instance.partners.all()))

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The last day cannot be before the first day."))
        pre, post = cleaned.get("pre_survey"), cleaned.get("post_survey")
        if pre and post and pre.pk == post.pk:
            self.add_error(
                "post_survey",
                _("Choose two different surveys: each participant answers each survey once."),
            )
        return cleaned

    def _post_clean(self):
        # The model's own checks run in the service, on the locked row: the form's instance
        # (the program as shown) is never changed by a form that does not validate.
        pass

    def program_fields(self):
        return {name: self.cleaned_data[name] for name in self.Meta.fields}
