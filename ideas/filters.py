"""Filters: the ideas screens of the Wagtail admin (ideas, comments and the moderation log),
and the public list's filter form.

The CSV export of ideas uses ``IdeaFilterSet`` too, so a download holds exactly the ideas
the list shows. ``IdeaFilterForm`` is the GET form above the public lists; what it finds
is ``ideas.listing``'s job.
"""

import hashlib

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.widgets import BooleanRadioSelect
from wagtail.models import Locale

from engage.accounts.naming import staff_name
from engage.core.filters import LenientFilterForm
from engage.neighborhoods.models import Neighborhood

from .models import SORTS, Comment, Flag, Idea, IdeaCampaignPage, ModerationAction, TaggedIdea


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
        return staff_name(obj)


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


# The public list's filter form ------------------------------------------------------------

MAX_QUERY_LENGTH = 200
# Tags offered in the filter are the ones ideas use; a few minutes out of date is fine.
TAG_CHOICES_TIMEOUT = 300
# The campaign filter's value for ideas sent to the general box.
GENERAL_BOX = "general"
# The sort value when none is chosen: best match when searching, otherwise trending.
DEFAULT_SORT = ""

SORT_LABELS = {
    "trending": _("Trending"),
    "votes": _("Most votes"),
    "newest": _("Newest"),
    "discussed": _("Most discussed"),
}
TRENDING_HELP = _("Trending: votes, each counting half as much for every week of age.")

Status = Idea.Status
PUBLIC_STATUSES = [(value, label) for value, label in Status.choices if value != Status.AWAITING]


def database_ranks_matches():
    """Whether search results can be ordered by relevance at a reasonable cost."""
    return connection.vendor != "sqlite"


class SortField(forms.ChoiceField):
    """Offers the sorts that make sense for the page, and accepts every known one."""

    def valid_value(self, value):
        return value in SORTS or value == DEFAULT_SORT or super().valid_value(value)


class IdeaFilterForm(LenientFilterForm):
    """The GET form above the list. Works without JavaScript; bad values are ignored."""

    q = forms.CharField(
        label=_("Search"),
        max_length=MAX_QUERY_LENGTH,
        required=False,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    sort = SortField(label=_("Sort by"), required=False, help_text=TRENDING_HELP)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any status")), *PUBLIC_STATUSES]
    )
    tag = forms.CharField(label=_("Tag"), required=False, widget=forms.Select)
    neighborhood = forms.ModelChoiceField(
        label=_("Neighborhood"),
        queryset=Neighborhood.objects.only("pk", "slug", "name").order_by("name"),
        to_field_name="slug",
        required=False,
        empty_label=_("All neighborhoods"),
    )
    campaign = forms.ChoiceField(label=_("Campaign"), required=False)

    def __init__(self, data=None, *, ideas, campaigns=None, **kwargs):
        """``campaigns``: the entries of ``listing.campaign_overview()`` to offer in the
        campaign filter, or None for a list without one (a campaign's own page)."""
        kwargs.setdefault("auto_id", "idea-filter-%s")
        super().__init__(data, **kwargs)
        self.ideas = ideas
        self.campaigns = campaigns or []
        searching = bool(self.is_bound and self.data.get("q", "").strip())
        self.ranks = searching and database_ranks_matches()
        sorts = list(SORT_LABELS.items())
        if self.ranks:
            self.fields["sort"].choices = [(DEFAULT_SORT, _("Best match")), *sorts]
        else:
            # "Trending" is the default: offered as the empty value, so that a search
            # typed into this form is ranked by relevance rather than by trend.
            self.fields["sort"].choices = [(DEFAULT_SORT, sorts[0][1]), *sorts[1:]]
        self.fields["tag"].widget.choices = [("", _("All tags")), *self._tag_choices()]
        if campaigns is not None:
            self.fields["campaign"].choices = [
                ("", _("All campaigns")),
                (GENERAL_BOX, _("General idea box")),
                *[(str(entry["campaign"].pk), entry["page"].title) for entry in campaigns],
            ]
        else:
            del self.fields["campaign"]

    def _tag_choices(self):
        """(slug, name) of the tags that ideas in this list use."""
        digest = hashlib.sha256(str(self.ideas.order_by().query).encode()).hexdigest()
        key = f"ideas:tag-choices:{digest[:32]}"
        choices = cache.get(key)
        if choices is None:
            used = TaggedIdea.objects.filter(content_object__in=self.ideas.order_by())
            choices = list(
                Tag.objects.filter(pk__in=used.values("tag_id"))
                .order_by("name")
                .values_list("slug", "name")
            )
            cache.set(key, choices, TAG_CHOICES_TIMEOUT)
        return choices

    def full_clean(self):
        # A tag may be given by its name (?tag=Trees): look it up once, as its slug, so the
        # select shows it chosen and the page links carry the slug.
        self.tag_slug = None
        given = self.data.get("tag", "").strip() if self.is_bound else ""
        # No tag name is longer than its column; a longer one is no tag (and, on SQLite,
        # would be too long a LIKE pattern for the case-insensitive lookup).
        if given and len(given) <= Tag._meta.get_field("name").max_length:
            tags = Tag.objects.values_list("slug", flat=True)
            self.tag_slug = (
                tags.filter(slug=given).first() or tags.filter(name__iexact=given).first()
            )
            if self.tag_slug is not None and self.tag_slug != self.data.get("tag"):
                self.data = self.data.copy()
                self.data["tag"] = self.tag_slug
            offered = {slug for slug, _name in self.fields["tag"].widget.choices}
            if self.tag_slug is not None and self.tag_slug not in offered:
                self.fields["tag"].widget.choices.append((self.tag_slug, self.tag_slug))
        super().full_clean()

    def clean_tag(self):
        value = self.cleaned_data["tag"]
        if value and value != self.tag_slug:
            raise ValidationError(_("No idea has this tag."))
        return value

    def clean_campaign(self):
        value = self.cleaned_data.get("campaign", "")
        return value if value in ("", GENERAL_BOX) else int(value)
