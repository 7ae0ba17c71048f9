"""What the roster and the consent pages show, in a fixed number of queries whatever the
size of the program."""

from django.core.paginator import Paginator
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q

from ..models import GuardianConsent, Participant

ROSTER_PAGE_SIZE = 100


def with_consent_in_force(participants):
    """``participants`` each with ``consent_in_force``: a list of at most one consent."""
    return participants.prefetch_related(
        Prefetch(
            "consents",
            queryset=GuardianConsent.objects.in_force(),
            to_attr="consent_in_force",
        )
    )


def roster_counts(program):
    """How many on the roster, and how many of them may take part beyond it."""
    in_force = GuardianConsent.objects.in_force().filter(participant=OuterRef("pk"))
    counts = (
        program.participants.filter(purged_at__isnull=True)
        .annotate(consented=Exists(in_force))
        .aggregate(total=Count("pk"), with_guardian=Count("pk", filter=Q(consented=True)))
    )
    total = counts["total"]
    with_consent = total if program.has_school_consent else counts["with_guardian"]
    return {"total": total, "with_consent": with_consent, "missing": total - with_consent}


def roster_page(program, page_number):
    participants = with_consent_in_force(
        program.participants.filter(purged_at__isnull=True).order_by(
            "first_name", "last_initial", "pk"
        )
    )
    return Paginator(participants, ROSTER_PAGE_SIZE).get_page(page_number)


def consent_history(participant):
    """Every consent on record for ``participant``: the one in force first, then those
    withdrawn, newest first."""
    return participant.consents.select_related("recorded_by").order_by(
        F("withdrawn_at").desc(nulls_first=True), "-recorded_at"
    )


def handout_participants(program):
    """Everyone on the roster whose handout is printed (not the removed ones)."""
    return Participant.objects.filter(program=program, purged_at__isnull=True).order_by(
        "first_name", "last_initial", "pk"
    )


def participants_without_consent(program):
    """Those on the roster with no guardian's consent in force (the consent forms to send
    home); none when the school consented for everyone."""
    if program.has_school_consent:
        return Participant.objects.none()
    in_force = GuardianConsent.objects.in_force().filter(participant=OuterRef("pk"))
    return handout_participants(program).exclude(Exists(in_force))
