"""Survey participation: responses, surveys answered, respondents with an account, and
responses by channel, survey and neighborhood. Definitions: docs/metrics.md."""

from django.db.models import Count
from django.utils.translation import gettext as _

from engage.neighborhoods.models import Neighborhood
from surveys.models import Channel, Response

from . import Figure, Section, Table
from .calc import in_period


def responses(period, neighborhood=None):
    found = Response.objects.filter(in_period("submitted_at", period))
    return found if neighborhood is None else found.filter(neighborhood=neighborhood)


def section(period, neighborhood=None):
    found = responses(period, neighborhood)
    counts = found.aggregate(
        total=Count("pk"),
        surveys=Count("survey", distinct=True),
        people=Count("user", distinct=True),
    )
    by_channel = dict(found.values_list("channel").annotate(n=Count("pk")).order_by())
    by_survey = found.values("survey", "survey__title").annotate(n=Count("pk")).order_by()
    tables = [
        Table(
            key="responses_by_channel",
            title=_("Survey responses by channel"),
            columns=(_("Responses"),),
            rows=tuple((str(label), by_channel.get(value, 0)) for value, label in Channel.choices),
        ),
        Table(
            key="responses_by_survey",
            title=_("Responses by survey"),
            columns=(_("Responses"),),
            rows=tuple(sorted((row["survey__title"], row["n"]) for row in by_survey)),
        ),
    ]
    if neighborhood is None:
        by_place = dict(found.values_list("neighborhood").annotate(n=Count("pk")).order_by())
        names = dict(Neighborhood.objects.values_list("pk", "name"))
        rows = sorted((names[pk], n) for pk, n in by_place.items() if pk is not None)
        if by_place.get(None):
            rows.append((_("No neighborhood given"), by_place[None]))
        tables.append(
            Table(
                key="responses_by_neighborhood",
                title=_("Survey responses by neighborhood"),
                columns=(_("Responses"),),
                rows=tuple(rows),
            )
        )
    return Section(
        key="surveys",
        title=_("Surveys"),
        figures=[
            Figure("responses", _("Survey responses"), counts["total"]),
            Figure("surveys_answered", _("Surveys answered"), counts["surveys"]),
            Figure("respondents_signed_in", _("Respondents signed in"), counts["people"]),
        ],
        tables=tables,
    )
