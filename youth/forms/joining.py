"""The forms a young participant fills in on a phone: the join code, their name (or a
handout code, or no name), and a field report."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from engage.core.honeypot import HoneypotFormMixin
from engage.reports.forms import MultipleFileField, PlaceAndPhotosForm, available_categories

# Codes are read from a board or a sheet of paper: no spelling help, capitals on phones.
CODE_ATTRS = {
    "autocomplete": "off",
    "autocapitalize": "characters",
    "autocorrect": "off",
    "spellcheck": "false",
    "class": "usa-input youth-code-input",
}


class JoinCodeForm(HoneypotFormMixin, forms.Form):
    # A code link (a QR code on the board) fills the code: a child may join at once.
    honeypot_min_seconds = 0

    code = forms.CharField(
        label=_("Join code"),
        max_length=40,
        help_text=_("The code your educator shows you: 8 letters and numbers."),
        error_messages={"required": _("Type the join code your educator shows you.")},
        widget=forms.TextInput(attrs=CODE_ATTRS),
    )


class NameForm(forms.Form):
    """Choose your name from the session's roster (first name and initial only)."""

    participant = forms.ModelChoiceField(
        label=_("Your name"),
        queryset=None,
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={
            "required": _("Choose your name from the list."),
            "invalid_choice": _("This name is not on the list any more. Choose again."),
        },
    )

    def __init__(self, *args, roster, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["participant"]
        field.queryset = roster
        field.label_from_instance = lambda participant: participant.display_name


class HandoutCodeForm(forms.Form):
    """Join by name with the code printed on your handout (when your name is hard to find)."""

    prefix = "handout"

    handout_code = forms.CharField(
        label=_("The code on your handout"),
        max_length=40,
        help_text=_("8 letters and numbers, printed on the handout with your name."),
        error_messages={"required": _("Type the code printed on your handout.")},
        widget=forms.TextInput(attrs=CODE_ATTRS),
    )


class AnonymousForm(forms.Form):
    """Join without a name; the handout code, if typed, only links the survey answers."""

    prefix = "anonymous"

    handout_code = forms.CharField(
        label=_("The code on your handout (optional)"),
        required=False,
        max_length=40,
        help_text=_(
            "If you type it, your answers before and after the program are linked, without "
            "your name. Leave it empty if you have no handout."
        ),
        widget=forms.TextInput(attrs=CODE_ATTRS),
    )


class FieldReportForm(PlaceAndPhotosForm):
    """A problem seen on the walk: its kind, what it is, where, and up to 3 photos.

    Nothing about the child is asked: no name, no contact details. The place, the photo
    checks and the photos kept across a form with errors are handled as on the reports
    form (``engage.reports.forms.PlaceAndPhotosForm``)."""

    PLACE_MISSING = _("Say where the problem is: use your location, tap the map, or type a place.")

    category = forms.ChoiceField(
        label=_("What kind of problem is it?"),
        error_messages={
            "required": _("Choose the kind of problem."),
            "invalid_choice": _("That kind of problem cannot be reported. Choose another."),
        },
    )
    description = forms.CharField(
        label=_("What did you see?"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Describe the problem. Do not write anybody's name."),
    )
    address = forms.CharField(
        label=_("Where is it?"),
        required=False,
        max_length=255,
        help_text=_(
            "An address, a corner (“Main St and 3rd Ave”) or a place (“behind the library”)."
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
    photos = MultipleFileField(
        label=_("Photos (optional)"),
        required=False,
        help_text=ngettext_lazy(
            "Up to %(count)d photo. Do not take photos of people's faces.",
            "Up to %(count)d photos. Do not take photos of people's faces.",
            "count",
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.categories = {c.code: c for c in available_categories()}
        choices = [("", _("Choose…"))]
        groups = {}
        for category in self.categories.values():
            groups.setdefault(category.group, []).append((category.code, category.name))
        for group, items in groups.items():
            if group:
                choices.append((group, items))
            else:
                choices.extend(items)
        self.fields["category"].choices = choices

    @property
    def chosen_category(self):
        return self.categories.get(self.cleaned_data.get("category"))

    def report_fields(self):
        """Keyword arguments for ``services.joining.file_field_report``."""
        data = self.cleaned_data
        return {
            "category": self.chosen_category,
            "description": data["description"],
            "lat": data["lat"],
            "lng": data["lng"],
            "address": data["address"],
            "photos": [*(kept.photo for kept in self.kept_photos), *data["photos"]],
        }
