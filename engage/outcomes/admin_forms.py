"""The staff forms of the performance screens in the Wagtail admin."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext_lazy as _

from engage.neighborhoods.models import Neighborhood

from .metrics import Period
from .models import MonthlySnapshot
from .performance import DEFAULT_PRESET, MAX_DAYS, presets


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class DashboardForm(forms.Form):
    """The period (its first and last days, both included) and, optionally, one neighborhood.
    A day left out is filled in: no first day → 30 days before the last; no last → today."""

    start = forms.DateField(label=_("From"), required=False, widget=DateInput)
    end = forms.DateField(label=_("To (included)"), required=False, widget=DateInput)
    neighborhood = forms.ModelChoiceField(
        Neighborhood.objects.order_by("name"),
        label=_("Neighborhood"),
        required=False,
        empty_label=_("The whole city"),
        to_field_name="slug",
    )

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        start, end = cleaned.get("start"), cleaned.get("end")
        if start is None and end is None:
            return cleaned
        end = end or timezone.localdate()
        start = start or end - datetime.timedelta(days=29)
        if start > end:
            raise forms.ValidationError(
                _("The first day must not come after the last one."), code="order"
            )
        if (end - start).days + 1 > MAX_DAYS:
            raise forms.ValidationError(
                _("Choose at most %(days)s days at a time.") % {"days": MAX_DAYS}, code="long"
            )
        cleaned["start"], cleaned["end"] = start, end
        return cleaned

    def period(self):
        """The period asked for; the default one when nothing (or nothing valid) was."""
        if self.is_bound and self.is_valid() and self.cleaned_data.get("start"):
            data = self.cleaned_data
            return Period(data["start"], data["end"] + datetime.timedelta(days=1))
        return presets()[DEFAULT_PRESET][1]

    def chosen_neighborhood(self):
        if self.is_bound and self.is_valid():
            return self.cleaned_data.get("neighborhood")
        return None


def month_choices(today=None, count=24):
    """The last ``count`` months that are over and not frozen yet, newest first."""
    today = today or timezone.localdate()
    frozen = set(MonthlySnapshot.objects.values_list("month", flat=True))
    months, month = [], today.replace(day=1)
    for _step in range(count):
        month = (month - datetime.timedelta(days=1)).replace(day=1)
        if month not in frozen:
            months.append(month)
    return months


class FreezeMonthForm(forms.Form):
    month = forms.TypedChoiceField(
        label=_("Month"),
        coerce=datetime.date.fromisoformat,
        error_messages={"invalid_choice": _("Choose a month that is over and not frozen yet.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["month"].choices = [
            (month.isoformat(), date_format(month, "F Y")) for month in month_choices()
        ]
