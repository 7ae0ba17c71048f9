"""Forms for volunteers: registering, my details, the waiver, a guardian's consent, and
adopting a block."""

import json

from allauth.account.models import EmailAddress
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from engage.neighborhoods import places
from engage.neighborhoods.models import Neighborhood

from ..models import Volunteer
from ..services.adoptions import check_area, square_around

# The least digits a phone number has (a local number without its area code).
PHONE_MIN_DIGITS = 7


def _check_phone(value):
    if value and sum(ch.isdigit() for ch in value) < PHONE_MIN_DIGITS:
        raise ValidationError(_("Please give a phone number with its area code."))
    return value


class VolunteerDetailsForm(forms.ModelForm):
    """What a volunteer tells the organisers about themselves.

    A minor's age band is fixed here once registered (``lock_age_band``): otherwise
    choosing "18 to 64" would skip the guardian's consent. Staff change it if it was wrong.
    """

    class Meta:
        model = Volunteer
        fields = [
            "display_name",
            "neighborhoods",
            "skills",
            "availability",
            "phone",
            "age_band",
            "emergency_contact_name",
            "emergency_contact_phone",
            "guardian_name",
            "guardian_contact",
        ]
        widgets = {"neighborhoods": forms.CheckboxSelectMultiple}
        help_texts = {
            "display_name": _(
                "As it should appear on event rosters and your certificate of hours."
            ),
            "neighborhoods": _("Where you would like to help. Choose one or more."),
            "skills": _("For example: first aid, Spanish, gardening, a truck."),
            "availability": _("For example: weekday evenings, Saturday mornings."),
            "phone": _("The organisers call you only about an event you signed up for."),
            "guardian_name": _("Needed for volunteers under 18."),
            "guardian_contact": _(
                "With an e-mail address we send your parent or guardian a link to give their "
                "consent; with a phone number, they sign a paper form with a liaison."
            ),
        }

    def __init__(self, *args, user, lock_age_band=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["neighborhoods"].queryset = Neighborhood.objects.order_by("name")
        self.fields["neighborhoods"].error_messages["required"] = _(
            "Please choose at least one neighborhood."
        )
        self.fields["age_band"].error_messages["required"] = _("Please choose your age band.")
        self.fields["display_name"].error_messages["required"] = _(
            "Please give the name to print on rosters and certificates."
        )
        if lock_age_band:
            self.fields["age_band"].disabled = True
            self.fields["age_band"].help_text = _(
                "Turned 18? Ask city staff or your liaison to change it."
            )

    def clean_phone(self):
        return _check_phone(self.cleaned_data["phone"])

    def clean_emergency_contact_phone(self):
        return _check_phone(self.cleaned_data["emergency_contact_phone"])

    def clean_guardian_contact(self):
        value = self.cleaned_data["guardian_contact"].strip()
        if "@" in value:
            try:
                validate_email(value)
            except ValidationError:
                raise ValidationError(_("This e-mail address is not complete.")) from None
            if value.casefold() in self._own_addresses():
                # The consent link goes to this address: it must not be the minor's own.
                raise ValidationError(
                    _("This is your own e-mail address. Please give your parent's or guardian's.")
                )
        else:
            _check_phone(value)
        return value

    def _own_addresses(self):
        addresses = {self.user.email} | set(
            EmailAddress.objects.filter(user=self.user).values_list("email", flat=True)
        )
        return {address.casefold() for address in addresses if address}

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("age_band") in Volunteer.MINOR_BANDS:
            if not cleaned.get("guardian_name"):
                self.add_error(
                    "guardian_name", _("Volunteers under 18 need a parent's or guardian's name.")
                )
            if not cleaned.get("guardian_contact") and "guardian_contact" not in self.errors:
                self.add_error(
                    "guardian_contact",
                    _("Please give your parent's or guardian's e-mail address or phone number."),
                )
        return cleaned

    def details(self):
        """The cleaned details as the services take them."""
        data = dict(self.cleaned_data)
        return {"neighborhoods": data.pop("neighborhoods"), **data}


class WaiverAcceptanceMixin(forms.Form):
    """The "I accept" box for the waiver shown above it, and which version was shown."""

    waiver_version = forms.IntegerField(widget=forms.HiddenInput)
    accept_waiver = forms.BooleanField(
        label=_("I have read the volunteer waiver above and I accept it."),
        error_messages={"required": _("Please accept the waiver to volunteer.")},
    )


class RegistrationForm(VolunteerDetailsForm, WaiverAcceptanceMixin):
    pass


class WaiverForm(WaiverAcceptanceMixin):
    pass


class GuardianConsentForm(forms.Form):
    consent = forms.BooleanField(
        label=_(
            "I am this volunteer's parent or legal guardian. I have read the waiver and I "
            "agree to them taking part in volunteer events."
        ),
        error_messages={"required": _("Please tick the box to give your consent.")},
    )


class PaperConsentForm(forms.Form):
    signed_form = forms.BooleanField(
        label=_("I hold the consent form signed by this volunteer's parent or guardian."),
        error_messages={"required": _("Please confirm that you hold the signed form.")},
    )


class AdoptionForm(forms.Form):
    """An area drawn on the map (``area``, filled by static/js/adopt-area.js), or, without
    the map, a square around an address."""

    SIDES = (
        (100, _("about one block (100 m square)")),
        (200, _("a few blocks (200 m square)")),
        (400, _("a small area (400 m square)")),
    )

    name = forms.CharField(
        label=_("Name of the area"),
        max_length=120,
        help_text=_("For example: Elm Street between 3rd and 5th."),
        error_messages={"required": _("Please name the area.")},
    )
    group_name = forms.CharField(
        label=_("Group (optional)"),
        max_length=120,
        required=False,
        help_text=_("If you adopt it for a block club, a school or a business, its name."),
    )
    area = forms.CharField(widget=forms.HiddenInput, required=False)
    address = forms.CharField(
        label=_("Address in the middle of the area"),
        max_length=255,
        required=False,
        help_text=_("Without the map: we adopt a square around this address."),
    )
    side = forms.TypedChoiceField(
        label=_("Size of the square"), choices=SIDES, coerce=int, initial=100, required=False
    )

    def clean(self):
        cleaned = super().clean()
        # The area's field is hidden: its problems are said at the top of the form.
        area = None
        if cleaned.get("area"):
            try:
                area = json.loads(cleaned["area"])
            except ValueError:
                self.add_error(None, _("The area drawn could not be read. Please draw it again."))
                return cleaned
        elif cleaned.get("address"):
            place = places.locate(cleaned["address"])
            if place is None:
                self.add_error(
                    "address",
                    _("We could not find this address. Check it, or draw the area on the map."),
                )
                return cleaned
            area = square_around(place.lat, place.lng, cleaned.get("side") or 100)
        if area is None:
            raise ValidationError(
                _("Draw the area on the map, or give an address and the size of the square.")
            )
        try:
            check_area(area)
        except ValidationError as error:
            self.add_error(None, error.messages)
            return cleaned
        cleaned["polygon"] = area
        return cleaned
