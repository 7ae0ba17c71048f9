"""Filter forms: the one above a survey's results, and the filtersets of the admin lists.

``ResultsFilterForm`` reads the results page's filters from the query string: a value it
cannot read is named on the page and ignored, never an error page. The CSV export reads
its filters with the same form, so the file holds the responses the page counts.
"""

import django_filters
from django import forms
from django.http import QueryDict
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet

from engage.core.filters import LenientFilterForm
from engage.neighborhoods.models import Neighborhood

from .admin_forms import default_language_surveys
from .models import AccessCode, Channel, Response

# The results page --------------------------------------------------------------------------


class ResultsFilterForm(LenientFilterForm):
    """The GET form above the results: when responses came in, where from, which segment."""

    since = forms.DateField(
        label=gettext_lazy("From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=gettext_lazy("Responses sent on or after this day."),
    )
    until = forms.DateField(
        label=gettext_lazy("To"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=gettext_lazy("Responses sent on or before this day."),
    )
    neighborhood = forms.ModelChoiceField(
        label=gettext_lazy("Neighborhood"),
        queryset=Neighborhood.objects.only("pk", "slug", "name").order_by("name"),
        to_field_name="slug",
        required=False,
        empty_label=gettext_lazy("All neighborhoods"),
    )
    segment = forms.ChoiceField(label=gettext_lazy("Segment"), required=False)

    def __init__(self, data, *, survey, dates=True):
        # Only the filters' own parameters: the query string also carries searches, pages
        # and the cross-tab, which are none of this form's business.
        super().__init__(self.own_params(data))
        if not dates:
            # An anonymous survey's public results: a filter on one day would date the
            # answers of the people who answered that day.
            del self.fields["since"], self.fields["until"]
        segments = (
            # "Greater than empty", not "not empty": a range the (survey, segment) index
            # skips straight to, past the responses that have no segment.
            Response.objects.filter(survey=survey, segment__gt="")
            .values_list("segment", flat=True)
            .distinct()
            .order_by("segment")
        )
        self.fields["segment"].choices = [("", _("All segments"))] + [(s, s) for s in segments]

    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and until < since:
            self.add_error("until", _("The end date is before the start date."))
        return cleaned

    def applied(self):
        """(label, value shown) of each filter in use, for the page and the PDF."""
        shown = []
        for name, value in self.filters().items():
            if name in {"since", "until"}:
                value = formats.date_format(value, "DATE_FORMAT")
            shown.append((self.fields[name].label, str(value)))
        return shown

    def params(self):
        """The filters in use as query parameters: ``[(name, value)]``."""
        params = []
        for name, value in self.filters().items():
            if name == "neighborhood":
                value = value.slug
            elif name in {"since", "until"}:
                value = value.isoformat()
            params.append((name, str(value)))
        return params

    def query(self):
        """The filters in use as a query string (for the CSV and PDF links)."""
        params = QueryDict(mutable=True)
        for name, value in self.params():
            params[name] = value
        return params.urlencode()


# The admin lists ----------------------------------------------------------------------------


class ResponseFilterSet(WagtailFilterSet):
    survey = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Survey"),
        queryset=lambda request: default_language_surveys(),
        empty_label=gettext_lazy("All"),
    )
    channel = django_filters.ChoiceFilter(
        label=gettext_lazy("Channel"), choices=Channel.choices, empty_label=gettext_lazy("All")
    )
    submitted_at = django_filters.DateFromToRangeFilter(
        label=gettext_lazy("Submitted"), widget=DateRangePickerWidget
    )
    segment = django_filters.CharFilter(label=gettext_lazy("Segment"), lookup_expr="iexact")

    class Meta:
        model = Response
        fields = []


class AccessCodeFilterSet(WagtailFilterSet):
    survey = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Survey"),
        queryset=lambda request: default_language_surveys(),
        empty_label=gettext_lazy("All"),
    )

    class Meta:
        model = AccessCode
        fields = []
