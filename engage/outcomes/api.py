"""Open data: every public service report, idea and outcome, without the people behind them.

    GET /<language>/performance/open-data/<dataset>.<format>?since=<date>

``dataset`` is ``reports``, ``ideas`` or ``outcomes``; ``format`` is ``json`` or ``csv``.
The whole dataset is streamed, oldest first, a few thousand rows read at a time, so a
download of a million reports never sits in memory. ``since`` (an ISO 8601 date, or date
and time, in the site's time zone) keeps what was filed, published or first published
from then on; a bad value is a 400 with ``{"error": "…"}`` in the request's language.

What is left out, so that no row points at a person: names, e-mail addresses, phone
numbers, accounts, who filed or voted, the description and address a reporter typed,
photos, internal notes. Dates are days in the site's time zone, not moments; map points
are rounded to ``COORDINATE_DECIMALS`` decimals (about 110 m), so a report marks a block,
not a door. Labels (categories, statuses) are in the request's language; codes beside
them are the same in every language. docs/open-data.md describes every field.
"""

import json
from datetime import datetime

from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, JsonResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from wagtail.models import Locale

from engage.core.exports import streaming_csv_response
from engage.core.inputs import EARLIEST, LATEST, OutOfRange, checks_own_input, parse_datetime
from engage.reports.models import ServiceCategory, ServiceReport
from ideas.models import Idea

from .models import OutcomeLink, OutcomePage

COORDINATE_DECIMALS = 3
CHUNK = 2000


class BadRequest(ValueError):
    pass


def rounded(value):
    return None if value is None else round(float(value), COORDINATE_DECIMALS)


def day(moment):
    """The day of ``moment`` in the site's time zone, as ``YYYY-MM-DD``."""
    if moment is None:
        return None
    if isinstance(moment, datetime):
        moment = timezone.localdate(moment)
    return moment.isoformat()


def _active_locale():
    try:
        return Locale.get_active()
    except Locale.DoesNotExist:
        return Locale.get_default()


class Dataset:
    """One open dataset: its rows in order, each a dict with ``fields`` as keys."""

    name = ""
    fields = ()
    # The fields whose value is a list: joined with "; " in CSV.
    list_fields = ()

    def __init__(self, request, since):
        self.request = request
        self.since = since

    def rows(self):
        raise NotImplementedError

    def csv_row(self, row):
        return [
            "; ".join(map(str, row[f])) if f in self.list_fields else row[f] for f in self.fields
        ]


class Reports(Dataset):
    name = "reports"
    fields = (
        "reference",
        "url",
        "category",
        "category_name",
        "department",
        "neighborhood",
        "channel",
        "status",
        "status_label",
        "resolution",
        "submitted_on",
        "due_on",
        "closed_on",
        "lat",
        "lng",
    )

    def _category_names(self):
        """{category pk: its name in the request's language}, whatever language it was
        filed in."""
        categories = ServiceCategory.objects.values_list("pk", "translation_key", "name")
        locale = _active_locale()
        localized = dict(
            ServiceCategory.objects.filter(locale=locale).values_list("translation_key", "name")
        )
        return {pk: localized.get(key, name) for pk, key, name in categories}

    def rows(self):
        reports = ServiceReport.objects.public()
        if self.since:
            reports = reports.filter(submitted_at__gte=self.since)
        reports = (
            reports.select_related("category", "department", "neighborhood")
            .only(
                "reference",
                "category__code",
                "department__name",
                "neighborhood__slug",
                "channel",
                "status",
                "resolution",
                "submitted_at",
                "due_at",
                "closed_at",
                "lat",
                "lng",
            )
            .order_by("submitted_at", "pk")
        )
        names = self._category_names()
        labels = dict(ServiceReport.Status.choices)
        for report in reports.iterator(chunk_size=CHUNK):
            yield {
                "reference": report.reference,
                "url": self.request.build_absolute_uri(report.get_absolute_url()),
                "category": report.category.code,
                "category_name": names.get(report.category_id, ""),
                "department": report.department.name if report.department else None,
                "neighborhood": report.neighborhood.slug if report.neighborhood else None,
                "channel": report.channel,
                "status": report.status,
                "status_label": str(labels[report.status]),
                "resolution": report.resolution or None,
                "submitted_on": day(report.submitted_at),
                "due_on": day(report.due_at),
                "closed_on": day(report.closed_at),
                "lat": rounded(report.lat),
                "lng": rounded(report.lng),
            }


class Ideas(Dataset):
    name = "ideas"
    fields = (
        "id",
        "url",
        "title",
        "summary",
        "status",
        "status_label",
        "merged_into",
        "campaign",
        "neighborhood",
        "tags",
        "vote_count",
        "comment_count",
        "published_on",
        "lat",
        "lng",
    )
    list_fields = ("tags",)

    def rows(self):
        ideas = Idea.objects.visible().filter(published_at__isnull=False)
        if self.since:
            ideas = ideas.filter(published_at__gte=self.since)
        ideas = (
            ideas.select_related("neighborhood")
            .prefetch_related("tags")
            .order_by("published_at", "pk")
        )
        labels = dict(Idea.Status.choices)
        for idea in ideas.iterator(chunk_size=CHUNK):
            yield {
                "id": idea.pk,
                "url": self.request.build_absolute_uri(idea.get_absolute_url()),
                "title": idea.title,
                "summary": idea.summary,
                "status": idea.status,
                "status_label": str(labels[idea.status]),
                "merged_into": idea.merged_into_id if idea.status == Idea.Status.MERGED else None,
                "campaign": idea.campaign_id,
                "neighborhood": idea.neighborhood.slug if idea.neighborhood else None,
                "tags": sorted((tag.name for tag in idea.tags.all()), key=str.casefold),
                "vote_count": idea.vote_count,
                "comment_count": idea.comment_count,
                "published_on": day(idea.published_at),
                "lat": rounded(idea.lat),
                "lng": rounded(idea.lng),
            }


class Outcomes(Dataset):
    name = "outcomes"
    fields = (
        "id",
        "url",
        "title",
        "summary",
        "status",
        "status_label",
        "progress",
        "parent",
        "department",
        "neighborhoods",
        "topics",
        "started_on",
        "completed_on",
        "cost",
        "lat",
        "lng",
        "people_told",
        "first_published_on",
        "ideas",
        "reports",
        "surveys",
        "events",
        "programs",
    )
    list_fields = ("neighborhoods", "topics", "ideas", "reports", "surveys", "events", "programs")

    def _links(self, pages):
        """{page pk: {kind: [what each link names publicly]}} in one query."""
        found = {}
        links = OutcomeLink.objects.filter(page__in=pages).select_related("report")
        for link in links.order_by("sort_order", "pk"):
            kinds = found.setdefault(link.page_id, {})
            value = link.report.reference if link.report_id else getattr(link, f"{link.kind}_id")
            kinds.setdefault(link.kind, []).append(value)
        return found

    def rows(self):
        # Outcomes are few (hundreds): read them at once, then stream.
        pages = OutcomePage.objects.live().public().filter(locale=_active_locale())
        if self.since:
            pages = pages.filter(first_published_at__gte=self.since)
        pages = list(
            pages.select_related("department")
            .prefetch_related("neighborhoods", "tagged_items__tag")
            .order_by("first_published_at", "pk")
        )
        links = self._links(pages)
        # A child outcome's parent outcome, found by the tree path (one query).
        parent_paths = {page.path[: -page.steplen] for page in pages}
        parents = dict(OutcomePage.objects.filter(path__in=parent_paths).values_list("path", "pk"))
        labels = dict(OutcomePage.Status.choices)
        for page in pages:
            named = links.get(page.pk, {})
            yield {
                "id": page.pk,
                "url": page.get_full_url(self.request),
                "title": page.title,
                "summary": page.summary,
                "status": page.status,
                "status_label": str(labels[page.status]),
                "progress": page.overall_progress(),
                "parent": parents.get(page.path[: -page.steplen]),
                "department": page.department.name if page.department else None,
                "neighborhoods": sorted(n.slug for n in page.neighborhoods.all()),
                "topics": sorted(item.tag.name for item in page.tagged_items.all()),
                "started_on": day(page.started_on),
                "completed_on": day(page.completed_on),
                "cost": page.cost,
                "lat": rounded(page.lat),
                "lng": rounded(page.lng),
                "people_told": page.people_told,
                "first_published_on": day(page.first_published_at),
                **{f"{kind}s": named.get(kind, []) for kind in OutcomeLink.KINDS},
            }


DATASETS = {dataset.name: dataset for dataset in (Reports, Ideas, Outcomes)}
FORMATS = ("json", "csv")


def _since(request):
    value = request.GET.get("since", "").strip()
    if not value:
        return None
    try:
        return parse_datetime(value)
    except OutOfRange:
        raise BadRequest(
            _("since must be a date between %(earliest)s and %(latest)s.")
            % {"earliest": EARLIEST.date().isoformat(), "latest": LATEST.date().isoformat()}
        ) from None
    except ValueError:
        raise BadRequest(
            _("since must be an ISO 8601 date such as 2026-03-01, or a date and time.")
        ) from None


def _json_lines(dataset):
    """A JSON document, written as the rows come: ``{"dataset": …, "results": [...]}``."""
    encoder = DjangoJSONEncoder()
    head = {
        "dataset": dataset.name,
        "generated_at": timezone.now().isoformat(),
        "since": dataset.since.isoformat() if dataset.since else None,
        "coordinate_decimals": COORDINATE_DECIMALS,
    }
    yield json.dumps(head, cls=DjangoJSONEncoder)[:-1] + ', "results": ['
    separator = ""
    for row in dataset.rows():
        yield separator + encoder.encode(row)
        separator = ", "
    yield "]}\n"


def _cors(response):
    response["Access-Control-Allow-Origin"] = "*"
    return response


@checks_own_input  # the one parameter is parsed here: a bad one gets the JSON error
@require_GET
def open_data(request, dataset, format):
    if dataset not in DATASETS or format not in FORMATS:
        raise Http404
    try:
        since = _since(request)
    except BadRequest as error:
        return _cors(JsonResponse({"error": str(error)}, status=400))
    data = DATASETS[dataset](request, since)
    if format == "csv":
        filename = f"{dataset}-{timezone.localdate():%Y-%m-%d}.csv"
        response = streaming_csv_response(
            filename, data.fields, (data.csv_row(row) for row in data.rows())
        )
    else:
        response = StreamingHttpResponse(
            (line.encode("utf-8") for line in _json_lines(data)),
            content_type="application/json",
        )
    return _cors(response)
