"""The staff CSV of ideas: counts, status and where each idea stands, without personal data.

The file is streamed: ideas are read with ``values()`` through ``iterator(chunk_size=…)``
and written one line at a time, and the tags of each chunk are read in one query, so
memory stays flat and the number of queries grows with the chunks, not the ideas.
``IdeaCsvExport`` is a ``engage.core.exports.CsvExport``: every cell is neutralised
against spreadsheet formulas there.
The author appears by public display name only: e-mail addresses never leave the admin.
"""

from itertools import islice

from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from engage.core.exports import CsvExport

from .models import Flag, Idea, TaggedIdea

CHUNK_SIZE = 2000

FIELDS = (
    "pk",
    "title",
    "summary",
    "status",
    "campaign__title",
    "neighborhood__name",
    "vote_count",
    "comment_count",
    "open_flags",
    "author__display_name",
    "author__first_name",
    "published_at",
)


def headings():
    return [
        _("ID"),
        _("Title"),
        _("Summary"),
        _("Status"),
        _("Campaign"),
        _("Neighborhood"),
        _("Tags"),
        _("Votes"),
        _("Comments"),
        _("Open flags"),
        _("Author"),
        _("Published"),
        _("URL"),
    ]


def open_flag_count(item_field):
    """A subquery: how many unresolved flags the idea (or comment) of each row has.

    ``item_field`` is the Flag field pointing at the row's model: "idea" or "comment".
    """
    flags = (
        Flag.objects.filter(resolved_at=None, **{item_field: OuterRef("pk")})
        .order_by()
        .values(item_field)
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(flags, output_field=IntegerField()), 0)


def with_open_flags(queryset):
    """Annotate ``open_flags`` on ideas, unless the admin list already did."""
    if "open_flags" in queryset.query.annotations:
        return queryset
    return queryset.annotate(open_flags=open_flag_count("idea"))


def _public_url_maker(base_url):
    """A function from an idea's pk to its public address, built with one ``reverse``."""
    marker = 987654321
    try:
        path = reverse("ideas:detail", kwargs={"pk": marker})
    except NoReverseMatch:  # the public pages are not mounted (should not happen)
        return lambda pk: ""
    before, after = path.split(str(marker), 1)
    prefix = base_url.rstrip("/") + before
    return lambda pk: f"{prefix}{pk}{after}"


def _tags_by_idea(pks):
    tags = {}
    for idea_pk, name in (
        TaggedIdea.objects.filter(content_object_id__in=pks)
        .order_by("tag__name")
        .values_list("content_object_id", "tag__name")
    ):
        tags.setdefault(idea_pk, []).append(name)
    return tags


def _chunks(iterable, size):
    iterator = iter(iterable)
    while chunk := list(islice(iterator, size)):
        yield chunk


def rows(queryset, base_url):
    """One list of cells per idea of ``queryset`` (its filters and order are kept).

    Labels and addresses are worked out now, in the language of the request: the lines
    themselves are written later, while the response streams.
    """
    statuses = {value: str(label) for value, label in Idea.Status.choices}
    general_box = _("General idea box")
    url_for = _public_url_maker(base_url)
    values = with_open_flags(queryset).values(*FIELDS).iterator(chunk_size=CHUNK_SIZE)

    def generate():
        for chunk in _chunks(values, CHUNK_SIZE):
            tags = _tags_by_idea([row["pk"] for row in chunk])
            for row in chunk:
                published = row["published_at"]
                yield [
                    row["pk"],
                    row["title"],
                    row["summary"],
                    statuses.get(row["status"], row["status"]),
                    row["campaign__title"] or general_box,
                    row["neighborhood__name"] or "",
                    ", ".join(tags.get(row["pk"], ())),
                    row["vote_count"],
                    row["comment_count"],
                    row["open_flags"],
                    row["author__display_name"] or row["author__first_name"] or "",
                    timezone.localtime(published).strftime("%Y-%m-%d %H:%M") if published else "",
                    url_for(row["pk"]),
                ]

    return generate()


class IdeaCsvExport(CsvExport):
    """The CSV download of ``queryset``; ``base_url`` is the site's address (no trailing /)."""

    filename_stem = "ideas"

    def __init__(self, queryset, base_url):
        self.queryset = queryset
        self.base_url = base_url

    def get_header(self):
        return headings()

    def get_rows(self):
        return rows(self.queryset, self.base_url)
