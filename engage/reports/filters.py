"""Filters of service reports: the public list's and map's filter form, and the filtersets
of the Wagtail admin's lists (the triage queue, categories, API keys)."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.widgets import BooleanRadioSelect
from wagtail.models import Locale

from engage.core.filters import LenientFilterForm
from engage.neighborhoods.models import Neighborhood

from .models import Department, Open311ApiKey, ServiceCategory, ServiceReport

OPEN = "open"
PUBLIC_STATUSES = [
    (value, label)
    for value, label in ServiceReport.Status.choices
    if value != ServiceReport.Status.DUPLICATE
]


# The public list and map ----------------------------------------------------------------


class ReportFilterForm(LenientFilterForm):
    """The GET form above the list and the map. Unknown values are dropped, not fatal.

    ``category_names`` is a ``listing.CategoryNames``: the categories in the visitor's
    language, looked up once for the whole page.
    """

    category = forms.ChoiceField(label=_("Category"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    neighborhood = forms.ChoiceField(label=_("Neighborhood"), required=False)

    def __init__(self, *args, category_names, with_neighborhood=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", _("All categories")), *category_names.choices()]
        # Inactive categories can still be filtered by (old links), just not offered.
        self.valid_category_codes = category_names.codes()
        self.fields["status"].choices = [
            ("", _("Any status")),
            (OPEN, _("Open (not yet resolved)")),
            *PUBLIC_STATUSES,
        ]
        if with_neighborhood:
            self.fields["neighborhood"].choices = [
                ("", _("All neighborhoods")),
                *Neighborhood.objects.values_list("slug", "name"),
            ]
        else:
            del self.fields["neighborhood"]

    def full_clean(self):
        # Accept codes of inactive categories too: they are valid, only not offered.
        category = self.data.get("category") if self.is_bound else None
        field = self.fields["category"]
        if category and category in self.valid_category_codes:
            known = {value for value, _label in field.choices}
            if category not in known:
                field.choices = [*field.choices, (category, category)]
        super().full_clean()


# The admin's lists -----------------------------------------------------------------------


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
