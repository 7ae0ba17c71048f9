"""The liaison dashboard: who may open it, what it shows of their neighborhoods only, the
figure that came through them, and following up on a report."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from engage.accounts.roles import STAFF
from engage.reports.models import ReportEvent, ReportFollow, ServiceReport
from liaisons.models import SignUp
from tests.factories import PASSWORD, NeighborhoodFactory, UserFactory
from tests.ideas.factories import IdeaFactory
from tests.liaisons.factories import (
    EventFactory,
    LiaisonFactory,
    SignUpFactory,
    VolunteerFactory,
)
from tests.reports.factories import CategoryFactory, ReportFactory

pytestmark = pytest.mark.django_db
DASHBOARD = "/en/volunteer/liaison/"


def inside(neighborhood):
    return {
        "lat": (neighborhood.min_lat + neighborhood.max_lat) / 2,
        "lng": (neighborhood.min_lng + neighborhood.max_lng) / 2,
    }


def report_in(neighborhood, **fields):
    return ReportFactory(
        category=fields.pop("category", None) or CategoryFactory(), **inside(neighborhood), **fields
    )


def log_in(client, user):
    client.login(email=user.email, password=PASSWORD)


@pytest.fixture
def hoods():
    return NeighborhoodFactory(name="Kensington"), NeighborhoodFactory(name="Fishtown")


@pytest.fixture
def liaison(hoods):
    return LiaisonFactory(neighborhoods=[hoods[0]])


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(DASHBOARD)

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_resident_is_told_the_page_is_for_liaisons(client):
    resident = UserFactory()
    log_in(client, resident)

    response = client.get(DASHBOARD)

    assert response.status_code == 403
    assert "for neighborhood liaisons and city staff" in response.content.decode()


def test_a_liaison_sees_only_their_neighborhoods_reports(client, hoods, liaison):
    mine = report_in(hoods[0], description="Mattress on the corner")
    theirs = report_in(hoods[1])
    log_in(client, liaison.user)

    response = client.get(DASHBOARD)

    page = response.content.decode()
    assert response.status_code == 200
    assert mine.reference in page
    assert theirs.reference not in page
    assert "Kensington" in page


def test_asking_for_another_neighborhood_shows_only_mine_and_says_so(client, hoods, liaison):
    theirs = report_in(hoods[1])
    log_in(client, liaison.user)

    response = client.get(DASHBOARD, {"neighborhood": hoods[1].slug})

    page = response.content.decode()
    assert theirs.reference not in page
    assert "is not one of the neighborhoods you can see here" in page


def test_overdue_reports_are_counted_and_listed_on_their_own(client, hoods, liaison):
    late = report_in(hoods[0])
    ServiceReport.objects.filter(pk=late.pk).update(due_at=timezone.now() - timedelta(days=2))
    on_time = report_in(hoods[0])
    ServiceReport.objects.filter(pk=on_time.pk).update(due_at=timezone.now() + timedelta(days=2))
    log_in(client, liaison.user)

    everything = client.get(DASHBOARD)
    overdue = client.get(DASHBOARD, {"reports": "overdue"})

    assert everything.context["open_count"] == 2
    assert everything.context["overdue_count"] == 1
    assert [r.pk for r in overdue.context["reports"].object_list] == [late.pk]
    assert on_time.reference not in overdue.content.decode()


def test_the_map_gets_the_listed_reports_and_my_outlines_only(client, hoods, liaison):
    report = report_in(hoods[0])
    log_in(client, liaison.user)

    config = client.get(DASHBOARD).context["map_config"]

    assert [r["reference"] for r in config["reports"]] == [report.reference]
    assert [f["properties"]["slug"] for f in config["neighborhoods"]["features"]] == [hoods[0].slug]


def test_closed_reports_are_not_on_the_dashboard(client, hoods, liaison):
    from engage.reports import services

    report = report_in(hoods[0])
    services.change_status(report, ServiceReport.Status.RESOLVED)
    log_in(client, liaison.user)

    assert report.reference not in client.get(DASHBOARD).content.decode()


def test_staff_pick_a_neighborhood(client, hoods):
    staff = UserFactory(roles=[STAFF])
    report = report_in(hoods[1])
    log_in(client, staff)

    before = client.get(DASHBOARD)
    after = client.get(DASHBOARD, {"neighborhood": hoods[1].slug})

    assert "Choose a neighborhood" in before.content.decode()
    assert report.reference not in before.content.decode()
    assert report.reference in after.content.decode()


def test_new_ideas_and_my_volunteers_and_cleanups_of_my_neighborhoods(client, hoods, liaison):
    IdeaFactory(title="A bench by the library", neighborhood=hoods[0])
    IdeaFactory(title="A mural on the underpass", neighborhood=hoods[1])
    VolunteerFactory(display_name="Ana Volunteer", neighborhoods=[hoods[0]])
    VolunteerFactory(display_name="Ben Elsewhere", neighborhoods=[hoods[1]])
    EventFactory(title="Spring cleanup on Front St", neighborhood=hoods[0])
    EventFactory(title="Other cleanup", neighborhood=hoods[1])
    log_in(client, liaison.user)

    page = client.get(DASHBOARD).content.decode()

    assert "A bench by the library" in page
    assert "A mural on the underpass" not in page
    assert "Ana Volunteer" in page
    assert "Ben Elsewhere" not in page
    assert "Spring cleanup on Front St" in page
    assert "Other cleanup" not in page


def test_the_figure_counts_what_came_through_me(client, hoods, liaison):
    user = liaison.user
    report_in(hoods[0], filed_by=user, channel=ServiceReport.Channel.LIAISON)
    report_in(hoods[1], filed_by=user, channel=ServiceReport.Channel.LIAISON)
    report_in(hoods[0], filed_by=user)  # for themselves: not through the program
    IdeaFactory(author=user, neighborhood=hoods[0])
    VolunteerFactory(neighborhoods=[hoods[0]])
    VolunteerFactory(neighborhoods=[hoods[1]])  # not mine…
    elsewhere = EventFactory(neighborhood=hoods[1], liaison=liaison, organiser=user)
    SignUpFactory(event=elsewhere)  # …but this one came to my event
    SignUpFactory(event=elsewhere, status=SignUp.Status.CANCELLED)  # did not come
    log_in(client, user)

    figure = client.get(DASHBOARD).context["contributions"]

    numbers = [f.number for f in figure["figures"]]
    assert numbers == [2, 1, 2]
    assert figure["total"] == 5


def test_staff_have_no_personal_figure(client, hoods):
    staff = UserFactory(roles=[STAFF])
    log_in(client, staff)

    assert client.get(DASHBOARD, {"neighborhood": hoods[0].slug}).context["contributions"] is None


def test_query_count_does_not_grow_with_the_data(client, hoods, liaison):
    def measure():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(DASHBOARD).status_code == 200
        return len(queries)

    category = CategoryFactory()

    def add(count):
        # More than a section shows from the start, so each has its "more" link already.
        for _ in range(count):
            report_in(hoods[0], category=category)
            IdeaFactory(neighborhood=hoods[0])
            VolunteerFactory(neighborhoods=[hoods[0]])
            SignUpFactory(event=EventFactory(neighborhood=hoods[0], liaison=liaison))

    add(6)
    log_in(client, liaison.user)
    client.get(DASHBOARD)
    few = measure()
    add(20)  # a second page of reports and of volunteers

    assert measure() == few


# Following up ----------------------------------------------------------------------------


def test_following_up_follows_the_report_and_keeps_the_note_for_staff(client, hoods, liaison):
    report = report_in(hoods[0])
    log_in(client, liaison.user)
    url = reverse("liaisons:follow_up", args=[report.pk])

    assert client.get(url).status_code == 200
    response = client.post(url, {"note": "The neighbor says it is getting worse."})

    assert response.status_code == 302
    assert ReportFollow.objects.filter(report=report, user=liaison.user).exists()
    note = ReportEvent.objects.get(report=report, kind=ReportEvent.Kind.NOTE)
    assert note.internal_note == "The neighbor says it is getting worse."
    assert not note.is_public
    assert note.actor == liaison.user


def test_following_up_without_a_note_only_follows(client, hoods, liaison):
    report = report_in(hoods[0])
    log_in(client, liaison.user)

    client.post(reverse("liaisons:follow_up", args=[report.pk]), {"note": "  "})

    assert ReportFollow.objects.filter(report=report, user=liaison.user).exists()
    assert not ReportEvent.objects.filter(report=report, kind=ReportEvent.Kind.NOTE).exists()


def test_another_liaisons_report_cannot_be_followed_up(client, hoods, liaison):
    theirs = report_in(hoods[1])
    log_in(client, liaison.user)
    url = reverse("liaisons:follow_up", args=[theirs.pk])

    shown = client.get(url)
    posted = client.post(url, {"note": "Sneaky"})

    assert shown.status_code == posted.status_code == 403
    assert "You are not the liaison for Fishtown." in posted.content.decode()
    assert not ReportFollow.objects.filter(report=theirs, user=liaison.user).exists()
    assert not ReportEvent.objects.filter(report=theirs, kind=ReportEvent.Kind.NOTE).exists()


def test_a_note_too_long_is_refused_and_kept(client, hoods, liaison):
    report = report_in(hoods[0])
    log_in(client, liaison.user)

    response = client.post(reverse("liaisons:follow_up", args=[report.pk]), {"note": "x" * 2001})

    assert response.status_code == 200
    assert response.context["form"].errors["note"]
    assert "x" * 2001 in response.content.decode()
    assert not ReportFollow.objects.filter(report=report, user=liaison.user).exists()


def test_a_liaison_whose_term_ended_is_refused(client, hoods, liaison):
    liaison.ended_at = timezone.now()
    liaison.save()
    report = report_in(hoods[0])
    log_in(client, liaison.user)

    assert client.get(DASHBOARD).status_code == 403
    assert client.post(reverse("liaisons:follow_up", args=[report.pk])).status_code == 403
