"""The intake screen's forms: finding the caller, recording a new one, searching the
knowledge base, logging the contact and filing a request for the caller."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from engage.neighborhoods import places

# The report form's own helpers, so an extra question is asked and stored the same way.
from ..forms import ATTRIBUTE_PREFIX, _json_safe, attribute_field, available_categories
from ..models import Contact, KnowledgeAnswerPage
from . import phone_key
from .services import MIN_PHONE_DIGITS, REQUEST_CHANNELS, parse_caller_query


class CallerSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Find the caller"),
        max_length=160,
        help_text=_(
            "A name (first, family or both), a phone number however it is written, "
            "or an e-mail address."
        ),
        widget=forms.TextInput(
            attrs={"type": "search", "autocomplete": "off", "autofocus": True, "accesskey": "f"}
        ),
    )

    def clean_q(self):
        self.caller_query = parse_caller_query(self.cleaned_data["q"])
        return self.cleaned_data["q"]


def _clean_phone(value):
    if value and any(ch.isalpha() for ch in value):
        raise ValidationError(
            _("A phone number has digits only (spaces, dashes and brackets are fine)."),
            code="phone_letters",
        )
    if value and len(phone_key(value)) < MIN_PHONE_DIGITS:
        raise ValidationError(
            _("A phone number has at least %(count)d digits. Check the number."),
            code="short_phone",
            params={"count": MIN_PHONE_DIGITS},
        )
    return value


class NewPersonForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=160,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autofocus": True}),
    )
    phone = forms.CharField(
        label=_("Phone"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )
    email = forms.EmailField(
        label=_("E-mail address"),
        required=False,
        error_messages={"invalid": _("Enter a whole e-mail address, such as name@example.org.")},
    )
    address = forms.CharField(label=_("Address"), max_length=255, required=False)
    language = forms.ChoiceField(
        label=_("Language"),
        required=False,
        help_text=_("The language of their e-mails, and of the answers found for them."),
    )
    # Set by "Record a new person anyway" once the possible duplicates were shown.
    confirm_new = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [("", _("Not known")), *settings.LANGUAGES]

    def clean_phone(self):
        return _clean_phone(self.cleaned_data["phone"].strip())

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not any(
            cleaned.get(field, "").strip() for field in ("name", "phone", "email")
        ):
            raise ValidationError(
                _("Give at least a name, a phone number or an e-mail address."),
                code="nothing_to_find",
            )
        return cleaned


class AnswerSearchForm(forms.Form):
    aq = forms.CharField(
        label=_("Search the answers"),
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off", "accesskey": "k"}),
    )


class ContactForm(forms.Form):
    """Log the contact: what it was about and whether it ended there."""

    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[
            (kind.value, kind.label) for kind in Contact.Kind if kind is not Contact.Kind.REQUEST
        ],
        initial=Contact.Kind.INFORMATION,
        widget=forms.RadioSelect,
    )
    topic = forms.CharField(
        label=_("Topic"),
        max_length=120,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "accesskey": "l"}),
    )
    channel = forms.ChoiceField(
        label=_("Channel"), choices=Contact.Channel.choices, initial=Contact.Channel.PHONE
    )
    resolved_first_contact = forms.BooleanField(
        label=_("Resolved on first contact"),
        required=False,
        help_text=_("Tick when the caller needs nothing more from the city."),
    )
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For staff only."),
    )
    answer = forms.ModelChoiceField(
        queryset=KnowledgeAnswerPage.objects.live(),
        required=False,
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": _("That answer is no longer published; search again.")},
    )

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not cleaned.get("topic") and cleaned.get("answer") is None:
            self.add_error(
                "topic", _("Say what the contact was about, or use an answer from the search.")
            )
        return cleaned


class RequestForm(forms.Form):
    """File a request for the caller: the few fields a call needs, and the chosen
    category's extra questions (asked once the category is known: a required one the
    agent has not asked yet sends the form back with the question)."""

    category = forms.ChoiceField(
        label=_("Category"),
        widget=forms.Select(attrs={"accesskey": "r"}),
        error_messages={
            "required": _("Choose the kind of problem."),
            "invalid_choice": _("That kind of problem can no longer be reported; choose another."),
        },
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What the caller says is wrong, and what helps the crew find it."),
    )
    address = forms.CharField(
        label=_("Address or description of the place"),
        max_length=255,
        error_messages={"required": _("Ask the caller where the problem is.")},
    )
    lat = forms.FloatField(required=False, min_value=-90, max_value=90, widget=forms.HiddenInput)
    lng = forms.FloatField(required=False, min_value=-180, max_value=180, widget=forms.HiddenInput)
    channel = forms.ChoiceField(
        label=_("Channel"),
        choices=[(channel.value, channel.label) for channel in REQUEST_CHANNELS],
        initial=Contact.Channel.PHONE,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.categories = {category.code: category for category in available_categories()}
        choices = [("", _("Choose…"))]
        groups = {}
        for category in self.categories.values():
            groups.setdefault(category.group, []).append((category.code, category.name))
        for group, items in groups.items():
            choices += [(group, items)] if group else items
        self.fields["category"].choices = choices
        self.address_not_found = False
        chosen = self.categories.get(self.data.get(self.add_prefix("category"), ""))
        self.attributes = list(chosen.attributes.all()) if chosen else []
        for attribute in self.attributes:
            self.fields[ATTRIBUTE_PREFIX + attribute.code] = attribute_field(attribute)

    def question_fields(self):
        return [self[ATTRIBUTE_PREFIX + attribute.code] for attribute in self.attributes]

    def attribute_answers(self):
        """The extra answers as JSON-safe {code: value}; unanswered ones are left out."""
        answers = {}
        for attribute in self.attributes:
            value = self.cleaned_data.get(ATTRIBUTE_PREFIX + attribute.code)
            if value in (None, "", []):
                continue
            answers[attribute.code] = _json_safe(value)
        return answers

    def clean_category(self):
        return self.categories[self.cleaned_data["category"]]

    def clean(self):
        cleaned = super().clean()
        if (cleaned.get("lat") is None) != (cleaned.get("lng") is None):
            cleaned["lat"] = cleaned["lng"] = None
        if cleaned.get("lat") is None and cleaned.get("address") and not self.errors:
            # Typed without choosing a suggestion: placed when the gazetteer or the
            # geocoder knows it, else filed with the words as the caller said them.
            place = places.locate(cleaned["address"])
            if place is None:
                self.address_not_found = True
            else:
                cleaned["lat"], cleaned["lng"] = place.lat, place.lng
        return cleaned
