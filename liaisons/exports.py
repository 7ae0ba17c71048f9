"""The program's CSV downloads for staff (formulas neutralised by ``engage.core.exports``):
the figures table, volunteers, events, sign-ups and hours, each for a period and,
optionally, one neighborhood. Rows stream from ``iterator()``: any size, little memory."""

from decimal import Decimal

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from engage.core.exports import CsvExport

from .figures import aware, next_month
from .models import SignUp, Volunteer, VolunteerEvent, VolunteerHours

CHUNK = 2000
CENTS = Decimal("0.01")


def _when(value):
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


class ProgramExport(CsvExport):
    """One of the program's exports, for the months ``first``–``last`` (first days of
    month) and, if given, one neighborhood."""

    def __init__(self, *, first, last, neighborhood=None):
        self.first, self.last, self.neighborhood = first, last, neighborhood
        self.start_at, self.end_at = aware(first), aware(next_month(last))

    def get_filename_stem(self):
        stem = f"{self.filename_stem}-{self.first:%Y-%m}-to-{self.last:%Y-%m}"
        return f"{stem}-{self.neighborhood.slug}" if self.neighborhood else stem


class FiguresCsvExport(ProgramExport):
    filename_stem = "volunteering-figures"

    def __init__(self, figures, *, neighborhood=None):
        super().__init__(first=figures.first, last=figures.last, neighborhood=neighborhood)
        self.figures = figures

    def get_header(self):
        return [
            _("Month"),
            _("Neighborhood"),
            _("Liaisons serving"),
            _("New volunteers"),
            _("Events held"),
            _("Volunteers who came"),
            _("Hours (approved)"),
            _("Bags collected"),
        ]

    def get_rows(self):
        for row in self.figures.rows:
            yield [
                f"{row.month:%Y-%m}",
                row.neighborhood.name if row.neighborhood else _("No neighborhood"),
                row.liaisons,
                row.new_volunteers,
                row.events,
                row.attendance,
                Decimal(row.hours).quantize(CENTS),
                row.bags,
            ]


class VolunteerCsvExport(ProgramExport):
    """Volunteers who registered in the period (of the neighborhood, if one is chosen)."""

    filename_stem = "volunteers"

    def get_header(self):
        return [
            _("ID"),
            _("Name"),
            _("E-mail"),
            _("Phone"),
            _("Neighborhoods"),
            _("Age"),
            _("Skills"),
            _("Availability"),
            _("Waiver version accepted"),
            _("Guardian consent recorded"),
            _("Registered"),
        ]

    def get_rows(self):
        volunteers = Volunteer.objects.filter(
            created_at__gte=self.start_at, created_at__lt=self.end_at
        )
        if self.neighborhood is not None:
            volunteers = volunteers.filter(neighborhoods=self.neighborhood)
        volunteers = (
            volunteers.select_related("user")
            .prefetch_related("neighborhoods", "waiver_acceptances__waiver")
            .order_by("created_at", "pk")
        )
        for volunteer in volunteers.iterator(chunk_size=CHUNK):
            versions = [a.waiver.version for a in volunteer.waiver_acceptances.all()]
            yield [
                volunteer.pk,
                volunteer.display_name,
                volunteer.user.email,
                volunteer.phone,
                ", ".join(n.name for n in volunteer.neighborhoods.all()),
                volunteer.get_age_band_display(),
                volunteer.skills,
                volunteer.availability,
                max(versions) if versions else "",
                _when(volunteer.guardian_consent_at),
                _when(volunteer.created_at),
            ]


def _events(export):
    events = VolunteerEvent.objects.filter(
        starts_at__gte=export.start_at, starts_at__lt=export.end_at
    )
    if export.neighborhood is not None:
        events = events.filter(neighborhood=export.neighborhood)
    return events


class EventCsvExport(ProgramExport):
    filename_stem = "volunteer-events"

    def get_header(self):
        return [
            _("ID"),
            _("Title"),
            _("Kind"),
            _("Neighborhood"),
            _("Status"),
            _("Starts"),
            _("Ends"),
            _("Meeting point"),
            _("Places"),
            _("Places taken"),
            _("Volunteers who came"),
            _("Reports addressed"),
            _("Reports fixed"),
            _("Bags collected"),
            _("Sites cleaned"),
            _("Liaison"),
        ]

    def get_rows(self):
        events = (
            _events(self)
            .select_related("kind", "neighborhood", "liaison")
            .annotate(
                came=Count(
                    "signups",
                    filter=Q(signups__checked_in_at__isnull=False),
                    distinct=True,
                ),
                addressed=Count("targets", distinct=True),
                fixed=Count("targets", filter=Q(targets__fixed_at__isnull=False), distinct=True),
            )
            .order_by("starts_at", "pk")
        )
        for event in events.iterator(chunk_size=CHUNK):
            yield [
                event.pk,
                event.title,
                event.kind.name,
                event.neighborhood.name,
                event.get_status_display(),
                _when(event.starts_at),
                _when(event.ends_at),
                event.meeting_point,
                event.capacity,
                event.places_taken,
                event.came,
                event.addressed,
                event.fixed,
                event.bags_collected,
                event.sites_cleaned,
                event.liaison.display_name if event.liaison else "",
            ]


class SignUpCsvExport(ProgramExport):
    filename_stem = "volunteer-sign-ups"

    def get_header(self):
        return [
            _("ID"),
            _("Event ID"),
            _("Event"),
            _("Event starts"),
            _("Volunteer"),
            _("Status"),
            _("Walk-in"),
            _("Signed up"),
            _("Checked in"),
        ]

    def get_rows(self):
        signups = (
            SignUp.objects.filter(event__in=_events(self))
            .select_related("event", "volunteer")
            .order_by("event__starts_at", "event_id", "created_at", "pk")
        )
        for signup in signups.iterator(chunk_size=CHUNK):
            yield [
                signup.pk,
                signup.event_id,
                signup.event.title,
                _when(signup.event.starts_at),
                signup.volunteer.display_name,
                signup.get_status_display(),
                _("yes") if signup.walk_in else _("no"),
                _when(signup.created_at),
                _when(signup.checked_in_at),
            ]


class HoursCsvExport(ProgramExport):
    filename_stem = "volunteer-hours"

    def get_header(self):
        return [
            _("ID"),
            _("Volunteer"),
            _("Date"),
            _("Hours"),
            _("Event"),
            _("Neighborhood"),
            _("What they did"),
            _("Logged by the volunteer"),
            _("Status"),
            _("Reviewed"),
        ]

    def get_rows(self):
        hours = VolunteerHours.objects.filter(date__gte=self.first, date__lt=next_month(self.last))
        if self.neighborhood is not None:
            hours = hours.filter(event__neighborhood=self.neighborhood)
        hours = hours.select_related("volunteer", "event__neighborhood").order_by("date", "pk")
        for entry in hours.iterator(chunk_size=CHUNK):
            yield [
                entry.pk,
                entry.volunteer.display_name,
                entry.date.isoformat(),
                entry.hours,
                entry.event.title if entry.event else "",
                entry.event.neighborhood.name if entry.event else "",
                entry.description,
                _("yes") if entry.self_logged else _("no"),
                entry.get_status_display(),
                _when(entry.reviewed_at),
            ]


EXPORTS = {
    "volunteers": VolunteerCsvExport,
    "events": EventCsvExport,
    "sign-ups": SignUpCsvExport,
    "hours": HoursCsvExport,
}
