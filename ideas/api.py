"""Open data: every public idea as JSON, without anything about the people behind it.

    GET /<language>/ideas/open-data.json?page=1&limit=100&campaign=<pk>&status=<status>&since=<date>

Ideas are public (published, not hidden), oldest first, so a page never shifts when new
ideas arrive: a reader can follow ``next`` until it is null, and come back later with
``since`` for what was published after a date. Each idea has its address, its text (the
description as plain text), status, campaign, neighborhood, tags, map point, counts,
publication date and the public history of its status with the official answers. There is
no author, no e-mail address, no user id and no moderation detail.

``limit`` is 1–``MAX_LIMIT`` (default ``DEFAULT_LIMIT``). ``since`` is an ISO 8601 date
(``2026-03-01``) or date and time; a date means its start in the site's time zone. A bad
parameter is a 400 with ``{"error": "…"}``. Anyone may read it from any site
(``Access-Control-Allow-Origin: *``). Queries per page do not depend on its length.
"""

from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import JsonResponse
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from engage.core.inputs import (
    EARLIEST,
    LATEST,
    OutOfRange,
    checks_own_input,
    parse_datetime,
    parse_id,
)
from engage.core.sanitize import html_to_text

from .listing import localized_campaigns
from .models import Idea, IdeaCampaignPage, StatusChange

DEFAULT_LIMIT = 100
MAX_LIMIT = 1000

Status = Idea.Status
PUBLIC_STATUSES = [value for value in Status.values if value != Status.AWAITING]


class BadRequest(ValueError):
    pass


def _positive_int(request, name, default, maximum=None):
    value = request.GET.get(name, "").strip()
    if not value:
        return default
    number = parse_id(value)
    if number is None or number < 1:
        raise BadRequest(_("%(name)s must be a whole number from 1 upwards.") % {"name": name})
    if maximum is not None and number > maximum:
        raise BadRequest(
            _("%(name)s can be at most %(maximum)d.") % {"name": name, "maximum": maximum}
        )
    return number


def _since(value):
    """An aware datetime from an ISO 8601 date or date and time."""
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


def _filtered(request):
    """The public ideas the parameters ask for, and the parameters as understood."""
    ideas = Idea.objects.visible().filter(published_at__isnull=False)
    understood = {}
    if campaign_pk := request.GET.get("campaign", "").strip():
        if parse_id(campaign_pk) is None:
            raise BadRequest(_("campaign must be the number of a campaign."))
        campaign = IdeaCampaignPage.objects.live().public().filter(pk=campaign_pk).first()
        if campaign is None:
            raise BadRequest(_("There is no campaign %(pk)s.") % {"pk": campaign_pk})
        ideas = ideas.filter(campaign=campaign.canonical())
        understood["campaign"] = campaign_pk
    if status := request.GET.get("status", "").strip():
        if status not in PUBLIC_STATUSES:
            raise BadRequest(
                _("status must be one of: %(statuses)s.") % {"statuses": ", ".join(PUBLIC_STATUSES)}
            )
        ideas = ideas.filter(status=status)
        understood["status"] = status
    if since := request.GET.get("since", "").strip():
        ideas = ideas.filter(published_at__gte=_since(since))
        understood["since"] = since
    return ideas, understood


def _error(message):
    return _cors(JsonResponse({"error": message}, status=400))


def _cors(response):
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _idea_data(request, idea, campaigns, status_labels):
    campaign = campaigns.get(idea.campaign_id)
    return {
        "id": idea.pk,
        "url": request.build_absolute_uri(idea.get_absolute_url()),
        "title": idea.title,
        "summary": idea.summary,
        "body_text": html_to_text(idea.body),
        "status": idea.status,
        "status_label": status_labels[idea.status],
        "merged_into": idea.merged_into_id if idea.status == Status.MERGED else None,
        "campaign": {"id": idea.campaign_id, "title": campaign.title} if campaign else None,
        "neighborhood": (
            {"slug": idea.neighborhood.slug, "name": idea.neighborhood.name}
            if idea.neighborhood
            else None
        ),
        "tags": sorted((tag.name for tag in idea.tags.all()), key=str.casefold),
        "lat": float(idea.lat) if idea.lat is not None else None,
        "lng": float(idea.lng) if idea.lng is not None else None,
        "vote_count": idea.vote_count,
        "comment_count": idea.comment_count,
        "published_at": idea.published_at.isoformat(),
        "status_history": [
            {
                "status": change.to_status,
                "date": change.created_at.isoformat(),
                "answer_text": html_to_text(change.answer),
            }
            for change in idea.status_changes.all()
        ],
    }


@checks_own_input  # every parameter is parsed here: bad ones get the JSON error
@require_GET
def open_data(request):
    try:
        limit = _positive_int(request, "limit", DEFAULT_LIMIT, MAX_LIMIT)
        number = _positive_int(request, "page", 1)
        ideas, understood = _filtered(request)
    except BadRequest as error:
        return _error(str(error))
    ideas = (
        ideas.select_related("campaign", "neighborhood")
        .prefetch_related(
            "tags",
            Prefetch(
                "status_changes",
                queryset=StatusChange.objects.order_by("created_at", "pk").only(
                    "idea", "to_status", "created_at", "answer"
                ),
            ),
        )
        .order_by("published_at", "pk")
    )
    paginator = Paginator(ideas, limit)
    if number > paginator.num_pages:
        return _error(
            _("There is no page %(page)d: there are %(pages)d.")
            % {"page": number, "pages": paginator.num_pages}
        )
    page = paginator.page(number)
    items = list(page.object_list)
    campaigns = localized_campaigns(idea.campaign for idea in items)
    status_labels = {value: str(label) for value, label in Status.choices}

    def link(to_page):
        query = urlencode({**understood, "limit": limit, "page": to_page})
        return request.build_absolute_uri(f"{reverse('ideas:open_data')}?{query}")

    return _cors(
        JsonResponse(
            {
                "count": paginator.count,
                "page": number,
                "pages": paginator.num_pages,
                "limit": limit,
                "next": link(number + 1) if page.has_next() else None,
                "previous": link(number - 1) if page.has_previous() else None,
                "results": [_idea_data(request, idea, campaigns, status_labels) for idea in items],
            }
        )
    )
