"""What the person did in the liaisons part, on their "My activity" page
(see ``engage.core.activity``): their sign-ups and hours (the full detail, with the
check-in code and totals, is on "My volunteering"), the blocks they adopted, and their
liaison applications with the term each led to."""

from django.db.models import Case, F, Value, When, prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from engage.core.activity import ActivitySection

from .models import Adoption, LiaisonApplication, SignUp, VolunteerHours


def sections(user):
    return [*volunteering_sections(user), *volunteer_sections(user), *network_sections(user)]


# --- signups and hours


def _upcoming_first(signups, now):
    """Upcoming events first, soonest first; then past ones, newest first."""
    return signups.annotate(
        is_past=Case(When(event__ends_at__lt=now, then=Value(True)), default=Value(False)),
        upcoming_start=Case(When(event__ends_at__gte=now, then=F("event__starts_at"))),
    ).order_by("is_past", F("upcoming_start").asc(nulls_last=True), "-event__starts_at", "-pk")


def volunteering_sections(user):
    signups = SignUp.objects.filter(volunteer__user=user).select_related(
        "event", "event__neighborhood"
    )
    return [
        ActivitySection(
            key="volunteer-signups",
            title=_("My volunteer sign-ups"),
            items=_upcoming_first(signups, timezone.now()),
            template="liaisons/on_the_day/includes/activity_signup.html",
            empty=_("You have not signed up for a volunteer event yet."),
            order=75,
        ),
        ActivitySection(
            key="volunteer-hours",
            title=_("My volunteer hours"),
            items=VolunteerHours.objects.filter(volunteer__user=user)
            .select_related("event")
            .order_by("-date", "-pk"),
            template="liaisons/on_the_day/includes/activity_hours.html",
            empty=_("You have no volunteer hours recorded yet."),
            order=76,
        ),
    ]


# --- volunteers


def volunteer_sections(user):
    return [
        ActivitySection(
            key="adoptions",
            title=_("Blocks I adopted"),
            items=Adoption.objects.filter(volunteer__user=user)
            .select_related("neighborhood")
            .order_by(F("ended_at").asc(nulls_first=True), "-created_at", "-pk"),
            template="liaisons/volunteers/includes/activity_adoption.html",
            empty=_("You have not adopted a block yet."),
            order=80,
        )
    ]


# --- network


def _with_neighborhoods(applications):
    prefetch_related_objects(applications, "neighborhoods", "term__neighborhoods")


def network_sections(user):
    """Only for people who applied to be a liaison: everyone else has nothing to see."""
    applications = LiaisonApplication.objects.filter(applicant=user)
    if not applications.exists():
        return []
    return [
        ActivitySection(
            key="liaison",
            title=_("My liaison applications"),
            items=applications.select_related("term").order_by("-created_at", "-pk"),
            template="liaisons/network/includes/activity_application.html",
            empty=_("You have not applied to be a liaison."),
            order=85,
            prepare=_with_neighborhoods,
        )
    ]
