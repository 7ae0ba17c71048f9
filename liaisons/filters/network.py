"""The filters of the liaison network's admin lists (applications, liaisons)."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.widgets import BooleanRadioSelect

from engage.neighborhoods.models import Neighborhood

from ..models import Liaison, LiaisonApplication, LiaisonContactMessage


def _neighborhoods(request):
    return Neighborhood.objects.order_by("name")


class ApplicationFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=LiaisonApplication.Status.choices, empty_label=_("All")
    )
    neighborhood = django_filters.ModelChoiceFilter(
        label=_("Neighborhood"),
        field_name="neighborhoods",
        queryset=_neighborhoods,
        empty_label=_("All"),
    )

    class Meta:
        model = LiaisonApplication
        fields = []


class LiaisonFilterSet(WagtailFilterSet):
    active = django_filters.BooleanFilter(
        label=_("Serving now"),
        field_name="ended_at",
        lookup_expr="isnull",
        widget=BooleanRadioSelect,
    )
    neighborhood = django_filters.ModelChoiceFilter(
        label=_("Neighborhood"),
        field_name="neighborhoods",
        queryset=_neighborhoods,
        empty_label=_("All"),
    )
    ending = django_filters.ChoiceFilter(
        label=_("How it ended"), choices=Liaison.Ending.choices, empty_label=_("All")
    )

    class Meta:
        model = Liaison
        fields = []


class MessageFilterSet(WagtailFilterSet):
    liaison = django_filters.NumberFilter(
        label=_("Liaison number"),
        field_name="liaison_id",
        widget=forms.NumberInput(attrs={"min": 1}),
    )
    sent = django_filters.DateFromToRangeFilter(
        label=_("Sent"), field_name="created_at", widget=DateRangePickerWidget
    )

    class Meta:
        model = LiaisonContactMessage
        fields = []
