"""Filters for the ideas screens of the Wagtail admin: ideas, comments and the moderation log.

The CSV export of ideas uses ``IdeaFilterSet`` too, so a download holds exactly the ideas
the list shows.
"""

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.widgets import BooleanRadioSelect
from wagtail.models import Locale

from engage.neighborhoods.models import Neighborhood

from .models import Comment, Flag, Idea, IdeaCampaignPage, ModerationAction


def staff_member_name(user):
    """How staff and moderators are named to each other in the admin."""
    return user.get_full_name() or user.display_name or user.email


def _campaigns(request):
    """Ideas point at the campaign in the default language: offer those."""
    campaigns = IdeaCampaignPage.objects.order_by("title")
    try:
        return campaigns.filter(locale=Locale.get_default())
    except Locale.DoesNotExist:  # pragma: no cover - a site always has its default locale
        return campaigns


def _open_flags(item_field):
    return Exists(Flag.objects.filter(resolved_at=None, **{item_field: OuterRef("pk")}))


class IdeaFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Idea.Status.choices, empty_label=_("All")
    )
    campaign = django_filters.ModelChoiceFilter(
        label=_("Campaign"),
        queryset=_campaigns,
        empty_label=_("All"),
        null_label=_("General idea box"),
    )
    neighborhood = django_filters.ModelChoiceFilter(
        label=_("Neighborhood"),
        queryset=Neighborhood.objects.order_by("name"),
        empty_label=_("All"),
        null_label=_("No neighborhood"),
    )
    hidden = django_filters.BooleanFilter(
        label=_("Hidden by a moderator"), field_name="is_hidden", widget=BooleanRadioSelect
    )
    flagged = django_filters.BooleanFilter(
        label=_("Has open flags"), method="filter_flagged", widget=BooleanRadioSelect
    )
    published = django_filters.DateFromToRangeFilter(
        label=_("Published"), field_name="published_at", widget=DateRangePickerWidget
    )

    class Meta:
        model = Idea
        fields = []

    def filter_flagged(self, queryset, name, value):
        flagged = _open_flags("idea")
        return queryset.filter(flagged if value else ~flagged)


class CommentFilterSet(WagtailFilterSet):
    hidden = django_filters.BooleanFilter(
        label=_("Hidden by a moderator"), field_name="is_hidden", widget=BooleanRadioSelect
    )
    official = django_filters.BooleanFilter(
        label=_("Official reply"), field_name="is_official", widget=BooleanRadioSelect
    )
    flagged = django_filters.BooleanFilter(
        label=_("Has open flags"), method="filter_flagged", widget=BooleanRadioSelect
    )
    idea = django_filters.NumberFilter(
        label=_("Idea number"),
        field_name="idea_id",
        widget=forms.NumberInput(attrs={"min": 1}),
    )

    class Meta:
        model = Comment
        fields = []

    def filter_flagged(self, queryset, name, value):
        flagged = _open_flags("comment")
        return queryset.filter(flagged if value else ~flagged)


class _StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return staff_member_name(obj)


class _ModeratorFilter(django_filters.ModelChoiceFilter):
    field_class = _StaffChoiceField


def _moderators(request):
    acted = ModerationAction.objects.exclude(moderator=None).values("moderator")
    return get_user_model().objects.filter(pk__in=acted).order_by("first_name", "email")


class ModerationActionFilterSet(WagtailFilterSet):
    kind = django_filters.ChoiceFilter(
        label=_("Action"),
        choices=ModerationAction.Kind.choices,
        empty_label=_("All"),
        widget=forms.RadioSelect,
    )
    moderator = _ModeratorFilter(label=_("Moderator"), queryset=_moderators, empty_label=_("All"))
    created = django_filters.DateFromToRangeFilter(
        label=_("Date"), field_name="created_at", widget=DateRangePickerWidget
    )

    class Meta:
        model = ModerationAction
        fields = []
