"""Youth programs: sessions held, participants who came, field reports filed, and each
program's pre/post change, computed by the youth part's own results code (paired: only
participants who answered both surveys). Definitions: docs/metrics.md."""

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from youth.listing.results import session_lines, survey_changes
from youth.models import Attendance, FieldReport, Program, Session

from . import Figure, Section, Table
from .calc import in_period


def sessions(period, neighborhood=None, now=None):
    held = Session.objects.filter(
        in_period("starts_at", period), starts_at__lt=now or timezone.now()
    )
    if neighborhood is None:
        return held
    # A session held elsewhere than its program's neighborhood says so; most do not.
    return held.filter(
        Q(neighborhood=neighborhood)
        | Q(neighborhood__isnull=True, program__neighborhood=neighborhood)
    )


def changes_table(programs):
    """Each program's matched questions: the paired mean before and after (a rating or a
    number), and for choice questions each option's share before and after."""
    means, shares, mean_cases, share_cases = [], [], [], []
    for program in programs:
        changes, pairs, *_rest = survey_changes(program, session_lines(program))
        for change in changes:
            comparison = change.comparison
            label = f"{program.name} · {comparison.post_question.label}"
            if comparison.kind == "mean" and comparison.overall is not None:
                means.append((label, comparison.overall.pre, comparison.overall.post))
                mean_cases.append(pairs)
            elif comparison.kind == "choice":
                for option in comparison.overall or ():
                    shares.append(
                        (f"{label} · {option.label}", option.pre / 100, option.post / 100)
                    )
                    share_cases.append(pairs)
    columns = (_("Before"), _("After"))
    return [
        Table(
            key="pre_post_means",
            title=_("Pre/post change: average answers of the same participants"),
            columns=columns,
            rows=tuple(means),
            cases=tuple(mean_cases),
            unit="rating",
        ),
        Table(
            key="pre_post_shares",
            title=_("Pre/post change: share choosing each answer, same participants"),
            columns=columns,
            rows=tuple(shares),
            cases=tuple(share_cases),
            unit="share",
        ),
    ]


def section(period, neighborhood=None, *, now=None):
    held = sessions(period, neighborhood, now)
    came = (
        Attendance.objects.filter(session__in=held, present=True)
        .values("participant")
        .distinct()
        .count()
    )
    counts = held.aggregate(sessions=Count("pk"), programs=Count("program", distinct=True))
    filed = FieldReport.objects.filter(session__in=held).count()
    programs = Program.objects.filter(
        pk__in=held.values("program"), pre_survey__isnull=False, post_survey__isnull=False
    ).order_by("name")
    return Section(
        key="youth",
        title=_("Youth programs"),
        figures=[
            Figure("programs", _("Programs with sessions"), counts["programs"]),
            Figure("sessions", _("Sessions held"), counts["sessions"]),
            Figure("participants", _("Participants who came"), came),
            Figure("field_reports", _("Field reports filed"), filed),
        ],
        tables=changes_table(programs),
    )
