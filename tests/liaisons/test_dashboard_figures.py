"""The program's figures per neighborhood and month, and the staff CSV exports."""

import csv
import io
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from engage.accounts.roles import LIAISON, STAFF
from liaisons.figures import compute, default_period
from liaisons.models import SignUp, Volunteer, VolunteerEvent, VolunteerHours
from tests.factories import PASSWORD, NeighborhoodFactory, UserFactory
from tests.liaisons.factories import (
    EventFactory,
    LiaisonFactory,
    SignUpFactory,
    VolunteerFactory,
)

pytestmark = pytest.mark.django_db
FIGURES = "/admin/volunteering/figures/"


def local(*args):
    return timezone.make_aware(datetime(*args))


def past_event(neighborhood, starts_at, *, bags=None, came=(), **fields):
    event = EventFactory(
        neighborhood=neighborhood,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=3),
        bags_collected=bags,
        **fields,
    )
    for volunteer in came:
        SignUpFactory(event=event, volunteer=volunteer, checked_in_at=starts_at)
    return event


def hours(volunteer, event, amount, status=VolunteerHours.Status.APPROVED, **fields):
    return VolunteerHours.objects.create(
        volunteer=volunteer,
        event=event,
        date=fields.pop("day", None) or timezone.localtime(event.starts_at).date(),
        hours=Decimal(amount),
        status=status,
        **fields,
    )


@pytest.fixture
def program():
    """Two neighborhoods' March and April 2026."""
    kensington = NeighborhoodFactory(name="Kensington")
    fishtown = NeighborhoodFactory(name="Fishtown")
    LiaisonFactory(neighborhoods=[kensington], started_at=local(2026, 1, 10))
    ended = LiaisonFactory(neighborhoods=[kensington, fishtown], started_at=local(2026, 2, 1))
    ended.ended_at = local(2026, 3, 15)
    ended.save()
    ana, ben, cy = (VolunteerFactory(neighborhoods=[kensington]) for _ in range(3))
    Volunteer.objects.filter(pk__in=[ana.pk, ben.pk]).update(created_at=local(2026, 3, 2))
    Volunteer.objects.filter(pk=cy.pk).update(created_at=local(2026, 4, 5))
    # 22:00 on 31 March in Philadelphia is already April in UTC: it counts in March.
    late_march = past_event(kensington, local(2026, 3, 31, 22), bags=12, came=[ana, ben])
    april = past_event(kensington, local(2026, 4, 11, 9), bags=5, came=[ana])
    past_event(fishtown, local(2026, 4, 18, 9), bags=3)
    past_event(
        fishtown, local(2026, 4, 19, 9), bags=40, status=VolunteerEvent.Status.CANCELLED
    )  # cancelled: not counted
    hours(ana, late_march, "3")
    hours(ben, late_march, "2.5")
    hours(ana, april, "3")
    hours(ben, april, "4", status=VolunteerHours.Status.PENDING)  # not approved yet
    hours(cy, None, "1.5", day=date(2026, 4, 20), self_logged=True)
    return kensington, fishtown


def cells(figures):
    return {
        (f"{row.month:%Y-%m}", row.neighborhood.name if row.neighborhood else None): (
            row.liaisons,
            row.new_volunteers,
            row.events,
            row.attendance,
            row.hours,
            row.bags,
        )
        for row in figures.rows
    }


def test_the_figures_per_neighborhood_and_month(program):
    figures = compute(date(2026, 2, 1), date(2026, 4, 1))

    assert cells(figures) == {
        ("2026-04", "Kensington"): (1, 1, 1, 1, Decimal("3"), 5),
        ("2026-04", "Fishtown"): (0, 0, 1, 0, 0, 3),
        ("2026-04", None): (0, 0, 0, 0, Decimal("1.5"), 0),
        ("2026-03", "Kensington"): (2, 2, 1, 2, Decimal("5.5"), 12),
        ("2026-03", "Fishtown"): (1, 0, 0, 0, 0, 0),
        ("2026-02", "Kensington"): (2, 0, 0, 0, 0, 0),
        ("2026-02", "Fishtown"): (1, 0, 0, 0, 0, 0),
    }
    assert [f"{row.month:%Y-%m}" for row in figures.rows][:3] == ["2026-04"] * 3
    assert figures.totals["events"] == 3
    assert figures.totals["bags"] == 20
    assert figures.totals["hours"] == Decimal("10")
    assert figures.totals["liaisons"] == 1  # serving in the last month


def test_one_neighborhood(program):
    kensington, _ = program

    figures = compute(date(2026, 3, 1), date(2026, 4, 1), kensington)

    assert set(cells(figures)) == {("2026-04", "Kensington"), ("2026-03", "Kensington")}


def test_the_default_period_is_the_last_twelve_months():
    assert default_period(date(2026, 3, 15)) == (date(2025, 4, 1), date(2026, 3, 1))
    assert default_period(date(2026, 12, 1)) == (date(2026, 1, 1), date(2026, 12, 1))


# The admin page -------------------------------------------------------------------------


def staff_client(client):
    client.login(email=UserFactory(roles=[STAFF]).email, password=PASSWORD)
    return client


def test_staff_see_the_table(client, program):
    response = staff_client(client).get(FIGURES, {"first": "2026-03", "last": "2026-04"})

    assert response.status_code == 200
    page = response.content.decode()
    assert "Kensington" in page and "Fishtown" in page
    assert response.context["figures"].totals["bags"] == 20


def test_a_bad_month_is_named_and_the_default_period_shown(client, program):
    response = staff_client(client).get(FIGURES, {"first": "March", "last": "2026-04"})

    assert response.status_code == 200
    assert "Enter a month as YYYY-MM" in response.content.decode()
    assert response.context["figures"].first == default_period()[0]


def test_a_period_backwards_is_refused(client, program):
    response = staff_client(client).get(FIGURES, {"first": "2026-04", "last": "2026-03"})

    assert "The first month must come before the last one." in response.content.decode()


@pytest.mark.parametrize("role", [None, LIAISON])
def test_residents_and_liaisons_cannot_see_the_figures(client, role):
    user = UserFactory(roles=[role] if role else [])
    client.login(email=user.email, password=PASSWORD)

    response = client.get(FIGURES)

    assert response.status_code in (302, 403)
    assert client.get(FIGURES + "volunteers.csv").status_code in (302, 403)


def test_the_volunteering_menu_holds_the_figures(client):
    page = staff_client(client).get("/admin/").content.decode()

    assert "Volunteering" in page
    assert "Figures and exports" in page


# CSV exports ------------------------------------------------------------------------------


def read_csv(response):
    text = b"".join(response.streaming_content).decode("utf-8").lstrip("\ufeff")
    return list(csv.reader(io.StringIO(text)))


def test_the_figures_table_as_csv(client, program):
    response = staff_client(client).get(
        FIGURES + "figures.csv", {"first": "2026-03", "last": "2026-04"}
    )

    rows = read_csv(response)
    assert response["Content-Disposition"].startswith(
        'attachment; filename="volunteering-figures-2026-03-to-2026-04-'
    )
    assert rows[0][:3] == ["Month", "Neighborhood", "Liaisons serving"]
    assert ["2026-03", "Kensington", "2", "2", "1", "2", "5.50", "12"] in rows


def test_exports_neutralise_formulas(client):
    hood = NeighborhoodFactory()
    volunteer = VolunteerFactory(
        neighborhoods=[hood], display_name='=HYPERLINK("http://evil.example","x")'
    )
    event = EventFactory(neighborhood=hood, title="+cmd|' /C calc'!A0")
    SignUpFactory(event=event, volunteer=volunteer)
    hours(volunteer, event, "2", description="@SUM(1+1)")
    client = staff_client(client)
    month = f"{timezone.localdate():%Y-%m}"
    later = f"{timezone.localdate() + timedelta(days=40):%Y-%m}"
    period = {"first": month, "last": later}

    volunteers = read_csv(client.get(FIGURES + "volunteers.csv", period))
    events = read_csv(client.get(FIGURES + "events.csv", period))
    signups = read_csv(client.get(FIGURES + "sign-ups.csv", period))
    logged = read_csv(client.get(FIGURES + "hours.csv", period))

    assert volunteers[1][1] == '\'=HYPERLINK("http://evil.example","x")'
    assert events[1][1] == "'+cmd|' /C calc'!A0"
    assert signups[1][2] == "'+cmd|' /C calc'!A0"
    assert signups[1][4] == '\'=HYPERLINK("http://evil.example","x")'
    assert logged[1][6] == "'@SUM(1+1)"


def test_the_events_export_counts_what_each_event_did(client, program):
    rows = read_csv(
        staff_client(client).get(FIGURES + "events.csv", {"first": "2026-03", "last": "2026-04"})
    )

    header, *events = rows
    by_title = {row[header.index("Starts")]: row for row in events}
    march = by_title["2026-03-31 22:00"]
    assert march[header.index("Volunteers who came")] == "2"
    assert march[header.index("Bags collected")] == "12"
    assert len(events) == 4  # the cancelled one is listed too, as cancelled


def test_an_unknown_export_is_not_found(client):
    assert staff_client(client).get(FIGURES + "passwords.csv").status_code == 404


def test_the_sign_ups_export_lists_every_status(client):
    event = EventFactory()
    SignUpFactory(event=event)
    SignUpFactory(event=event, status=SignUp.Status.WAITLISTED)
    month = f"{timezone.localdate():%Y-%m}"
    later = f"{timezone.localdate() + timedelta(days=40):%Y-%m}"

    rows = read_csv(
        staff_client(client).get(FIGURES + "sign-ups.csv", {"first": month, "last": later})
    )

    assert sorted(row[5] for row in rows[1:]) == ["Confirmed", "On the waitlist"]
