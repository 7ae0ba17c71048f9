"""The GET forms above the public events list and the month calendar. Bad values (a
neighborhood or kind that does not exist, a date that is no date, a month out of range)
are ignored and named on the page (``engage.core.filters.LenientFilterForm``)."""

import re
from datetime import date

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet

from engage.core.filters import LenientFilterForm
from engage.neighborhoods.models import Neighborhood

from ..listing.events import PAST, UPCOMING
from ..models import VolunteerEvent

MONTH_PATTERN = re.compile(r"^(\d{4})-(\d{2})$")


class EventFilterForm(LenientFilterForm):
    neighborhood = forms.ModelChoiceField(
        label=_("Neighborhood"),
        queryset=Neighborhood.objects.only("pk", "slug", "name").order_by("name"),
        to_field_name="slug",
        required=False,
        empty_label=_("All neighborhoods"),
    )
    kind = forms.ChoiceField(label=_("Kind of event"), required=False)
    when = forms.ChoiceField(
        label=_("When"),
        required=False,
        choices=[("", _("Upcoming")), (PAST, _("Past"))],
        help_text=_("With dates chosen, every event between them."),
    )
    start = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, data=None, *, kind_names, **kwargs):
        kwargs.setdefault("auto_id", "event-filter-%s")
        super().__init__(data, **kwargs)
        self.fields["kind"].choices = [("", _("All kinds")), *kind_names.choices()]

    def clean_when(self):
        value = self.cleaned_data["when"]
        return value if value in (PAST, UPCOMING) else ""

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", _("The end date is before the start date."))
        return cleaned


class CalendarFilterForm(EventFilterForm):
    """The calendar's filters: the month shown (``?month=YYYY-MM``) instead of dates."""

    month = forms.CharField(
        label=_("Month"),
        required=False,
        max_length=7,
        widget=forms.TextInput(attrs={"type": "month", "placeholder": "2026-05"}),
        help_text=_("Year and month, for example 2026-05."),
    )

    def __init__(self, data=None, **kwargs):
        super().__init__(data, **kwargs)
        for name in ("when", "start", "end"):
            del self.fields[name]

    def clean(self):
        return forms.Form.clean(self)

    def clean_month(self):
        value = self.cleaned_data["month"]
        if not value:
            return None
        found = MONTH_PATTERN.match(value)
        year, month = (int(part) for part in found.groups()) if found else (0, 0)
        if not (found and 1 <= month <= 12 and date.min.year < year < date.max.year):
            raise ValidationError(_("Give the month as YEAR-MONTH, for example 2026-05."))
        return date(year, month, 1)

    def shown_month(self):
        """The first day of the month to show: the one asked for, else this month."""
        return self.filters().get("month") or timezone.localdate().replace(day=1)


class EventAdminFilterSet(WagtailFilterSet):
    """Staff's list of every event, whatever its status (declined ones are only found here)."""

    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=VolunteerEvent.Status.choices, empty_label=_("All")
    )
    neighborhood = django_filters.ModelChoiceFilter(
        label=_("Neighborhood"),
        queryset=Neighborhood.objects.order_by("name"),
        empty_label=_("All"),
    )
    starts_at = django_filters.DateFromToRangeFilter(
        label=_("Starts"), widget=DateRangePickerWidget
    )

    class Meta:
        model = VolunteerEvent
        fields = []
