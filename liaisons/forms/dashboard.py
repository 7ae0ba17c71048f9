"""The liaison dashboard's forms (which neighborhood, a follow-up note, a message to
volunteers), and the period of the staff figures in the Wagtail admin."""

from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from engage.neighborhoods.models import Neighborhood

from ..models import VolunteerBroadcast


class NeighborhoodChoiceForm(forms.Form):
    """Which of the person's neighborhoods the dashboard shows (a GET form)."""

    neighborhood = forms.ChoiceField(label=_("Neighborhood"), required=False)

    def __init__(self, *args, choices, everyone_label, **kwargs):
        kwargs.setdefault("auto_id", "dashboard-%s")
        super().__init__(*args, **kwargs)
        self.fields["neighborhood"].choices = [("", everyone_label)] + [
            (n.slug, n.name) for n in choices
        ]


class FollowUpForm(forms.Form):
    note = forms.CharField(
        label=_("Note for the city's staff (optional)"),
        help_text=_(
            "What you heard from neighbors or saw on the spot. Staff read it in the "
            "report's history; it is not published."
        ),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class MessageVolunteersForm(forms.ModelForm):
    """A message to the volunteers of one of the liaison's neighborhoods."""

    class Meta:
        model = VolunteerBroadcast
        fields = ["neighborhood", "subject", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 8})}
        help_texts = {
            "body": _("Plain text. Volunteers who turned these messages off do not get it."),
        }

    def __init__(self, *args, neighborhoods, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["neighborhood"]
        field.queryset = neighborhoods
        field.label = _("To the volunteers of")
        field.empty_label = None
        if neighborhoods.count() == 1:
            field.initial = neighborhoods.first().pk


class MonthField(forms.CharField):
    """A month typed as YYYY-MM (a browser's month picker sends that), as its first day."""

    widget = forms.TextInput(attrs={"type": "month", "placeholder": "YYYY-MM"})
    default_error_messages = {"invalid": _("Enter a month as YYYY-MM, for example 2026-03.")}

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        try:
            year, month = (int(part) for part in value.split("-"))
            return date(year, month, 1)
        except ValueError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None


class FiguresFilterForm(forms.Form):
    """The staff figures' period and neighborhood (the Wagtail admin's figures page)."""

    MAX_MONTHS = 60

    first = MonthField(label=_("From (month)"), required=False)
    last = MonthField(label=_("To (month)"), required=False)
    neighborhood = forms.ModelChoiceField(
        label=_("Neighborhood"),
        queryset=Neighborhood.objects.order_by("name"),
        to_field_name="slug",
        required=False,
        empty_label=_("Every neighborhood"),
    )

    def __init__(self, *args, default_period, **kwargs):
        super().__init__(*args, **kwargs)
        self.default_period = default_period

    def clean(self):
        cleaned = super().clean()
        first = cleaned.get("first") or self.default_period[0]
        last = cleaned.get("last") or self.default_period[1]
        if first > last:
            raise forms.ValidationError(_("The first month must come before the last one."))
        if (last.year - first.year) * 12 + last.month - first.month >= self.MAX_MONTHS:
            raise forms.ValidationError(
                _("Choose at most %(count)s months at a time.") % {"count": self.MAX_MONTHS}
            )
        cleaned["first"], cleaned["last"] = first, last
        return cleaned
