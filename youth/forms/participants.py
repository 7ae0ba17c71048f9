"""Forms of the roster and of consent: the educator's (a participant, a guardian's signed
form, the guardian's e-mail for the online link, the school's consent) and the guardian's
own (the online form reached by the link)."""

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import Participant


class ParticipantForm(forms.ModelForm):
    """A roster line: the least a program needs (no birth date, no e-mail, no address)."""

    class Meta:
        model = Participant
        fields = ["first_name", "last_initial", "age_band", "school", "grade"]
        labels = {"last_initial": _("First letter of the last name")}
        help_texts = {
            "first_name": _("Only the first name: it is never shown outside this program."),
            "last_initial": _("One letter, to tell two students of the same name apart."),
            "school": _("Optional."),
            "grade": _("Optional."),
        }
        widgets = {
            "first_name": forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "words"}),
            "last_initial": forms.TextInput(
                attrs={"autocomplete": "off", "autocapitalize": "characters", "size": 2}
            ),
            "school": forms.TextInput(attrs={"autocomplete": "off"}),
            "grade": forms.TextInput(attrs={"autocomplete": "off"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["age_band"].choices = [("", _("Choose an age band"))] + list(
            Participant.AgeBand.choices
        )
        self.fields["first_name"].error_messages["required"] = _(
            "Type the participant's first name."
        )
        self.fields["age_band"].error_messages["required"] = _("Choose the participant's age.")

    def clean_first_name(self):
        return " ".join(self.cleaned_data["first_name"].split())

    def clean_last_initial(self):
        initial = self.cleaned_data["last_initial"].strip()
        if initial and not initial.isalpha():
            raise forms.ValidationError(_("Type one letter, the first of the last name."))
        return initial.upper()


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def _not_in_future(day):
    if day and day > timezone.localdate():
        raise forms.ValidationError(_("The date cannot be in the future."))


class PaperConsentForm(forms.Form):
    guardian_name = forms.CharField(
        label=_("Parent or guardian's name"),
        max_length=120,
        error_messages={"required": _("Type the name written on the signed form.")},
    )
    guardian_contact = forms.CharField(
        label=_("Their phone number or e-mail address"),
        max_length=255,
        required=False,
        help_text=_("As written on the form, so the program can reach them."),
    )
    given_on = forms.DateField(
        label=_("Date on the signed form"),
        widget=DateInput(),
        validators=[_not_in_future],
        error_messages={
            "required": _("Type the date the form was signed."),
            "invalid": _("Type a date, for example 2026-09-14."),
        },
    )
    signed_form = forms.BooleanField(
        label=_("I hold the consent form signed by this parent or guardian."),
        error_messages={"required": _("Tick the box once you hold the signed form.")},
    )


class ConsentLinkForm(forms.Form):
    email = forms.EmailField(
        label=_("Parent or guardian's e-mail address"),
        help_text=_(
            "We send them a link to the online consent form. Their address is kept as their "
            "contact once they consent."
        ),
        error_messages={
            "required": _("Type the parent or guardian's e-mail address."),
            "invalid": _("Type an e-mail address such as name@example.org."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    language = forms.ChoiceField(
        label=_("Language of the e-mail and the form"),
        choices=settings.LANGUAGES,
    )


class GuardianConsentForm(forms.Form):
    """The guardian's form, reached by the link (no account)."""

    guardian_name = forms.CharField(
        label=_("Your name"),
        max_length=120,
        error_messages={"required": _("Type your name.")},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    consent = forms.BooleanField(
        label=_(
            "I am this child's parent or guardian and I consent to what the program keeps, "
            "as described above."
        ),
        error_messages={"required": _("Please tick the box to give your consent.")},
    )


class SchoolConsentForm(forms.Form):
    given_by = forms.CharField(
        label=_("Given by"),
        max_length=160,
        help_text=_("Name and role of the school official, e.g. “J. Ortiz, principal”."),
        error_messages={"required": _("Type who gave the school's consent.")},
    )
    given_on = forms.DateField(
        label=_("Date"),
        widget=DateInput(),
        validators=[_not_in_future],
        error_messages={
            "required": _("Type the date of the school's consent."),
            "invalid": _("Type a date, for example 2026-09-14."),
        },
    )
