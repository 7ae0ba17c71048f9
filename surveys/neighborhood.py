"""The surveys open to a few neighborhoods' residents, for the people who look after them
(declared in ``SurveysConfig.neighborhood_sections``, see ``engage.core.neighborhood``)."""

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Locale

from engage.core.neighborhood import SHOWN, NeighborhoodSection

from .models import Audience, SurveyIndexPage, SurveyPage


def open_to(neighborhood_ids, now=None):
    """Live public surveys open now that residents of these neighborhoods may answer:
    every citywide one, and those chosen for one of them (never an access-code one)."""
    now = now or timezone.now()
    reaches = Q(audience__in=(Audience.ANYONE, Audience.RESIDENTS)) | Q(
        audience=Audience.NEIGHBORHOODS,
        pk__in=SurveyPage.neighborhoods.through.objects.filter(
            neighborhood_id__in=neighborhood_ids
        ).values("surveypage_id"),
    )
    return (
        SurveyPage.objects.live()
        .public()
        .filter(locale=Locale.get_active(), opens_at__lte=now)
        .exclude(closes_at__lte=now)
        .filter(reaches)
    )


def _index_url():
    index = SurveyIndexPage.objects.live().filter(locale=Locale.get_active()).first()
    return index.url if index else ""


def sections(neighborhood_ids, user):
    surveys = open_to(neighborhood_ids)
    count = surveys.count()
    # Those closing soonest first; surveys that never close after them.
    shown = sorted(
        surveys.order_by("closes_at", "-opens_at", "pk")[:50],
        key=lambda s: (s.closes_at is None, s.closes_at or s.opens_at),
    )[:SHOWN]
    return [
        NeighborhoodSection(
            key="open-surveys",
            title=_("Open surveys"),
            template="surveys/includes/neighborhood_section.html",
            items=shown,
            count=count,
            empty=_("No survey is open to these neighborhoods right now."),
            more_url=_index_url() if count > SHOWN else "",
            order=30,
        )
    ]
