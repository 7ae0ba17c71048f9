"""The contact center: contacts by channel and kind, first-contact resolution and the
knowledge-base answers found helpful, by the definitions of the contact center's own
monthly figures (``engage.reports.figures``), over any period of days.

Contacts carry no neighborhood (a caller's question is rarely about a place), so this
section is the whole city's: ``dashboard`` leaves it out of a neighborhood's figures."""

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _

from engage.reports.figures import RESOLVABLE_KINDS
from engage.reports.models import AnswerFeedback, AnswerViews, Contact

from . import Figure, Section, Table
from .calc import in_period, share

PER_NEIGHBORHOOD = False


def section(period, neighborhood=None):
    groups = list(
        Contact.objects.filter(in_period("created_at", period))
        .values("channel", "kind")
        .annotate(number=Count("pk"), resolved=Count("pk", filter=Q(resolved_first_contact=True)))
        .order_by()
    )
    cells = {(group["channel"], group["kind"]): group["number"] for group in groups}
    resolvable = sum(group["number"] for group in groups if group["kind"] in RESOLVABLE_KINDS)
    resolved = sum(group["resolved"] for group in groups if group["kind"] in RESOLVABLE_KINDS)
    feedback = AnswerFeedback.objects.filter(in_period("created_at", period)).aggregate(
        number=Count("pk"),
        helpful=Count("pk", filter=Q(helpful=True)),
        avoided=Count("pk", filter=Q(avoided_request=True)),
    )
    views = AnswerViews.objects.filter(day__gte=period.start, day__lt=period.end).aggregate(
        total=Sum("views")
    )["total"]
    kinds = Contact.Kind.choices
    return Section(
        key="contact_center",
        title=_("Contact center"),
        figures=[
            Figure("contacts", _("Contacts"), sum(cells.values())),
            Figure(
                "first_contact_resolution",
                _("Resolved on first contact"),
                share(resolved, resolvable),
                "share",
                resolvable,
            ),
            Figure("answer_views", _("Knowledge-base answers read"), views or 0),
            Figure(
                "answers_helpful",
                _("Knowledge-base answers found helpful"),
                share(feedback["helpful"], feedback["number"]),
                "share",
                feedback["number"],
            ),
            Figure("requests_avoided", _("Requests avoided after an answer"), feedback["avoided"]),
        ],
        tables=[
            Table(
                key="contacts_by_channel_and_kind",
                title=_("Contacts by channel and kind"),
                columns=(*(str(label) for _value, label in kinds), _("Total")),
                rows=tuple(
                    (
                        str(channel_label),
                        *(cells.get((channel, kind), 0) for kind, _label in kinds),
                        sum(cells.get((channel, kind), 0) for kind, _label in kinds),
                    )
                    for channel, channel_label in Contact.Channel.choices
                ),
            )
        ],
    )
