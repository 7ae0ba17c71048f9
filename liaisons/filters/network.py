"""The filters of the liaison network's admin lists (applications, liaisons)."""

import django_filters
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.widgets import BooleanRadioSelect

from engage.neighborhoods.models import Neighborhood

from ..models import Liaison, LiaisonApplication


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
