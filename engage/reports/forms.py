"""Forms residents fill in: filing a report, and saying "not fixed"."""

from decimal import Decimal

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from wagtail.models import Locale

from engage.core.honeypot import HoneypotFormMixin
from engage.neighborhoods import places

from .models import ServiceAttribute, ServiceCategory, ServiceReport
from .photos import clean_photo

Datatype = ServiceAttribute.Datatype
ATTRIBUTE_PREFIX = "attr_"


def available_categories():
    """Active categories in the visitor's language.

    A category not yet translated into that language is offered in the default language
    rather than not at all: a resident must always be able to report a problem.
    """
    active = Locale.get_active()
    categories = list(
        ServiceCategory.objects.filter(active=True, locale=active).select_related("locale")
    )
    default = Locale.get_default()
    if default.pk != active.pk:
        translated = {c.translation_key for c in categories}
        categories += [
            c
            for c in ServiceCategory.objects.filter(active=True, locale=default)
            if c.translation_key not in translated
        ]
    return sorted(categories, key=lambda c: (c.group.casefold(), c.name.casefold()))


def find_category(code):
    """The category with this code that the visitor may file under, or None."""
    if not code:
        return None
    for category in available_categories():
        if category.code == code:
            return category
    return None


class CategoryChoiceForm(forms.Form):
    """Step one without JavaScript: pick a kind of problem (submitted with GET)."""

    category = forms.ChoiceField(
        label=_("What kind of problem is it?"),
        error_messages={
            "required": _("Choose the kind of problem you want to report."),
            "invalid_choice": _(
                "That kind of problem can no longer be reported here. Please choose another."
            ),
        },
    )

    def __init__(self, *args, categories=(), **kwargs):
        super().__init__(*args, **kwargs)
        groups = {}
        for category in categories:
            groups.setdefault(category.group, []).append((category.code, category.name))
        choices = [("", _("Choose…"))]
        for group, items in groups.items():
            if group:
                choices.append((group, items))
            else:
                choices.extend(items)
        self.fields["category"].choices = choices


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input, as the Django documentation shows for 5.2."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/*"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single_file_clean = super().clean
        if isinstance(data, (list, tuple)):
            return [single_file_clean(d, initial) for d in data if d]
        return [single_file_clean(data, initial)] if data else []


def _choices(attribute):
    return [
        (str(item.get("key", "")), str(item.get("name") or item.get("key", "")))
        for item in attribute.values or []
        if isinstance(item, dict) and item.get("key") not in (None, "")
    ]


def attribute_field(attribute):
    """The form field that asks one of a category's extra questions."""
    common = {
        "label": attribute.description,
        "required": attribute.required,
        "help_text": attribute.datatype_description,
    }
    match attribute.datatype:
        case Datatype.NUMBER:
            return forms.DecimalField(
                max_digits=18,
                decimal_places=6,
                widget=forms.NumberInput(attrs={"step": "any"}),
                error_messages={"invalid": _("Enter a number, for example 3 or 2.5.")},
                **common,
            )
        case Datatype.DATETIME:
            return forms.DateTimeField(
                widget=forms.DateTimeInput(
                    attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
                ),
                error_messages={
                    "invalid": _("Enter a date and time, for example 2025-05-31 14:30.")
                },
                **common,
            )
        case Datatype.TEXT:
            return forms.CharField(
                widget=forms.Textarea(attrs={"rows": 4}), max_length=4000, **common
            )
        case Datatype.SINGLE_VALUE_LIST:
            return forms.ChoiceField(
                widget=forms.RadioSelect, choices=_choices(attribute), **common
            )
        case Datatype.MULTI_VALUE_LIST:
            return forms.MultipleChoiceField(
                widget=forms.CheckboxSelectMultiple, choices=_choices(attribute), **common
            )
        case _:
            return forms.CharField(max_length=255, **common)


def _json_safe(value):
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


class PlaceAndPhotosForm(forms.Form):
    """Where a problem is (a point, or an address or description of the place) and its
    photos, checked the same wherever a problem is reported: the report form, and a youth
    session's field report. Subclasses declare ``lat``, ``lng``, ``address`` and ``photos``
    (their labels differ) and may say ``PLACE_MISSING`` in their own words.

    ``kept_photos``: photos chosen earlier, waiting in the session (``photos.KeptPhoto``);
    ``photos_expired``: they were there and are gone.
    """

    PLACE_MISSING = _(
        "Tell us where the problem is: use your location, enter the latitude "
        "and longitude, or type an address or a description of the place."
    )

    def __init__(self, *args, kept_photos=(), photos_expired=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.kept_photos = list(kept_photos)
        self.photos_expired = photos_expired
        photos = self.fields["photos"]
        photos.help_text = photos.help_text % {"count": settings.REPORT_PHOTO_MAX_COUNT}
        # Browsers never send files back: photos that failed the checks must be chosen
        # again, and the template says so.
        self.photos_dropped = False
        self.address_not_found = False

    def location_fields(self):
        # The address comes first, with its suggestions (the template's address search).
        return [self["lat"], self["lng"]]

    def clean_photos(self):
        uploads = self.cleaned_data.get("photos") or []
        max_count = settings.REPORT_PHOTO_MAX_COUNT
        chosen = len(uploads) + len(self.kept_photos)
        if chosen > max_count:
            raise ValidationError(
                ngettext_lazy(
                    "You chose %(chosen)d photos; you can add at most %(count)d photo. "
                    "Please choose again.",
                    "You chose %(chosen)d photos; you can add at most %(count)d photos. "
                    "Please choose again.",
                    "count",
                )
                % {"chosen": chosen, "count": max_count},
                code="too_many_photos",
            )
        cleaned, errors = [], []
        for upload in uploads:
            try:
                cleaned.append(clean_photo(upload))
            except ValidationError as error:
                errors.extend(error.messages)
        if errors:
            raise ValidationError(errors)
        return cleaned

    def clean(self):
        cleaned = super().clean()
        if self.photos_expired:
            self.add_error(
                "photos",
                _("The photos you chose earlier have expired. Please choose them again."),
            )
        lat, lng = cleaned.get("lat"), cleaned.get("lng")
        if "lat" in self.errors or "lng" in self.errors:
            return cleaned
        if (lat is None) != (lng is None):
            self.add_error(
                "lng" if lng is None else "lat",
                _("Enter both the latitude and the longitude, or leave both empty."),
            )
        elif lat is None and not cleaned.get("address"):
            self.add_error("address", self.PLACE_MISSING)
        elif lat is None and not self.errors:
            self._locate_address(cleaned)
        return cleaned

    def _locate_address(self, cleaned):
        """An address typed without a point (no JavaScript, or no suggestion chosen)
        becomes a point, and so a neighborhood, when the gazetteer or the geocoder knows it.

        When neither does, the report is still accepted with the words as typed: the field
        also takes descriptions ("behind the library") that no geocoder can place, and
        staff read them. The view tells the person the place was not found on the map.
        """
        place = places.locate(cleaned["address"])
        if place is None:
            self.address_not_found = True
            return
        cleaned["lat"], cleaned["lng"] = place.lat, place.lng

    def full_clean(self):
        super().full_clean()
        if self.is_bound and "photos" in self.errors and self.files.getlist("photos"):
            self.photos_dropped = True


class ReportForm(HoneypotFormMixin, PlaceAndPhotosForm):
    """Step two: the problem itself, under one category."""

    template_name = "reports/includes/filing_report_fields.html"

    category = forms.CharField(widget=forms.HiddenInput)
    description = forms.CharField(
        label=_("Describe the problem"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "What is wrong, and anything that helps the crew find it. Up to 4,000 characters."
        ),
    )
    lat = forms.FloatField(
        label=_("Latitude"),
        required=False,
        min_value=-90,
        max_value=90,
        widget=forms.NumberInput(attrs={"step": "any"}),
    )
    lng = forms.FloatField(
        label=_("Longitude"),
        required=False,
        min_value=-180,
        max_value=180,
        widget=forms.NumberInput(attrs={"step": "any"}),
    )
    address = forms.CharField(
        label=_("Address or description of the place"),
        required=False,
        max_length=255,
        help_text=_("For example “Corner of Main St and 3rd Ave” or “Behind the library”."),
    )
    photos = MultipleFileField(
        label=_("Photos (optional)"),
        required=False,
        help_text=ngettext_lazy(
            "You can add %(count)d photo (JPEG, PNG or WebP). We remove the location and "
            "camera details from photos before storing them.",
            "You can add up to %(count)d photos (JPEG, PNG or WebP). We remove the location "
            "and camera details from photos before storing them.",
            "count",
        ),
    )
    contact_name = forms.CharField(label=_("Your name"), required=False, max_length=120)
    contact_email = forms.EmailField(
        label=_("Your e-mail address"),
        required=False,
        help_text=_("Only city staff see your contact details, never the public."),
    )
    contact_phone = forms.CharField(
        label=_("Your phone number"),
        required=False,
        max_length=40,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    # Set by the "No, file a new report" button when similar reports were shown.
    confirm_new = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(
        self,
        *args,
        category,
        channels=(ServiceReport.Channel.WEB,),
        kept_photos=(),
        photos_expired=False,
        **kwargs,
    ):
        super().__init__(*args, kept_photos=kept_photos, photos_expired=photos_expired, **kwargs)
        self.category = category
        if len(channels) > 1:
            self.fields["channel"] = forms.ChoiceField(
                label=_("How did this report reach you?"),
                choices=[(c, ServiceReport.Channel(c).label) for c in channels],
                initial=ServiceReport.Channel.WEB,
                help_text=_("When you file for someone else, enter their contact details below."),
            )
        self.fields["category"].initial = category.code
        self.fields["contact_name"].widget.attrs["autocomplete"] = "name"
        self.fields["contact_email"].widget.attrs["autocomplete"] = "email"
        self.attributes = list(category.attributes.all())
        for attribute in self.attributes:
            self.fields[ATTRIBUTE_PREFIX + attribute.code] = attribute_field(attribute)

    # Field groups, each shown under its own legend by the form template.
    def question_fields(self):
        return [self[ATTRIBUTE_PREFIX + a.code] for a in self.attributes]

    def contact_fields(self):
        return [self["contact_name"], self["contact_email"], self["contact_phone"]]

    def attribute_answers(self):
        """The extra answers as JSON-safe {code: value}; unanswered questions are left out."""
        answers = {}
        for attribute in self.attributes:
            value = self.cleaned_data.get(ATTRIBUTE_PREFIX + attribute.code)
            if value in (None, "", []):
                continue
            answers[attribute.code] = _json_safe(value)
        return answers

    def report_fields(self):
        """Keyword arguments for ``services.file_report``."""
        data = self.cleaned_data
        return {
            "description": data["description"],
            "attributes": self.attribute_answers(),
            "lat": data["lat"],
            "lng": data["lng"],
            "address": data["address"],
            "contact_name": data["contact_name"],
            "contact_email": data["contact_email"],
            "contact_phone": data["contact_phone"],
            "channel": data.get("channel") or ServiceReport.Channel.WEB,
            "photos": [
                photo.to_report_photo()
                for photo in [*(kept.photo for kept in self.kept_photos), *data["photos"]]
            ],
        }


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("What is still wrong?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Tell us why the problem is not fixed.")},
    )
