"""Filters for the triage queue of service reports in the Wagtail admin."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.widgets import BooleanRadioSelect
from wagtail.models import Locale

from engage.neighborhoods.models import Neighborhood

from .models import Department, Open311ApiKey, ServiceCategory, ServiceReport

OPEN = "open"


def _categories(request):
    """One entry per category: the default-language version stands for its translations."""
    categories = ServiceCategory.objects.select_related("locale")
    try:
        default = Locale.get_default()
    except Locale.DoesNotExist:
        return categories
    in_default = categories.filter(locale=default)
    return in_default if in_default.exists() else categories


class ServiceReportFilterSet(WagtailFilterSet):
    category = django_filters.ModelChoiceFilter(
        label=_("Category"),
        queryset=_categories,
        method="filter_category",
        empty_label=_("All categories"),
    )
    neighborhood = django_filters.ModelChoiceFilter(
        label=_("Neighborhood"),
        queryset=Neighborhood.objects.order_by("name"),
        empty_label=_("All"),
        null_label=_("Outside every neighborhood"),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[(OPEN, _("Open (submitted, acknowledged or in progress)"))]
        + list(ServiceReport.Status.choices),
        method="filter_status",
        empty_label=_("All"),
        widget=forms.RadioSelect,
    )
    channel = django_filters.ChoiceFilter(
        label=_("Channel"),
        choices=ServiceReport.Channel.choices,
        empty_label=_("All"),
        widget=forms.RadioSelect,
    )
    department = django_filters.ModelChoiceFilter(
        label=_("Department"),
        queryset=Department.objects.all(),
        empty_label=_("All"),
        null_label=_("Not assigned"),
    )
    overdue = django_filters.BooleanFilter(
        label=_("Overdue"),
        method="filter_overdue",
        widget=BooleanRadioSelect,
    )
    submitted = django_filters.DateFromToRangeFilter(
        label=_("Submitted"),
        field_name="submitted_at",
        widget=DateRangePickerWidget,
    )

    class Meta:
        model = ServiceReport
        fields = []

    def filter_category(self, queryset, name, value):
        # Reports point at the category in the language they were filed in.
        return queryset.filter(category__translation_key=value.translation_key)

    def filter_status(self, queryset, name, value):
        if value == OPEN:
            return queryset.open()
        return queryset.filter(status=value)

    def filter_overdue(self, queryset, name, value):
        now = timezone.now()
        overdue = Q(status__in=ServiceReport.OPEN_STATUSES, due_at__lt=now)
        if value:
            return queryset.filter(overdue)
        # Spelled out so that reports without a deadline count as "not overdue".
        return queryset.filter(
            ~Q(status__in=ServiceReport.OPEN_STATUSES) | Q(due_at__isnull=True) | Q(due_at__gte=now)
        )


def _groups():
    groups = ServiceCategory.objects.exclude(group="").values_list("group", flat=True)
    return [(group, group) for group in sorted(set(groups))]


class CategoryFilterSet(WagtailFilterSet):
    # The locale filter is added by WagtailFilterSet when more than one language exists.
    active = django_filters.BooleanFilter(label=_("Active"), widget=BooleanRadioSelect)
    group = django_filters.ChoiceFilter(
        label=_("Group"), choices=_groups, empty_label=_("All"), widget=forms.RadioSelect
    )
    department = django_filters.ModelChoiceFilter(
        label=_("Department"),
        queryset=Department.objects.all(),
        empty_label=_("All"),
        null_label=_("None"),
    )

    class Meta:
        model = ServiceCategory
        fields = []


class ApiKeyFilterSet(WagtailFilterSet):
    active = django_filters.BooleanFilter(
        label=_("Active"),
        field_name="revoked_at",
        lookup_expr="isnull",
        widget=BooleanRadioSelect,
    )

    class Meta:
        model = Open311ApiKey
        fields = []
