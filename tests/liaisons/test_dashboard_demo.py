"""The liaison network's demo content: loaded twice, the same; consistent with the rules."""

import pytest
from django.apps import apps
from django.core import mail
from django.core.management import call_command
from django.db.models import Count, Q

from engage.accounts.roles import LIAISON, has_role
from engage.reports.models import ServiceReport
from liaisons.models import (
    Adoption,
    EventKind,
    Liaison,
    SignUp,
    Volunteer,
    VolunteerEvent,
    VolunteerHours,
    Waiver,
)
from liaisons.rules import active_liaison, scope_neighborhood_ids


def counts():
    return {
        model.__name__: model.objects.count()
        for model in apps.get_app_config("liaisons").get_models()
    } | {"reports": ServiceReport.objects.count()}


@pytest.fixture
def seeded(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", verbosity=0)


def test_the_demo_loads_twice_and_is_the_same(seeded):
    first = counts()

    call_command("seed_demo", verbosity=0)

    assert counts() == first
    assert first["VolunteerEvent"] >= 6


def test_the_demo_liaison_has_an_approved_application_and_a_term_in_kensington(seeded):
    term = Liaison.objects.get(user__email="liaison@example.org", ended_at__isnull=True)

    assert term.application.status == "approved"
    assert [n.slug for n in term.neighborhoods.all()] == ["kensington"]
    assert active_liaison(term.user) == term
    assert has_role(term.user, LIAISON)
    serving = {n.slug for t in Liaison.objects.active() for n in t.neighborhoods.all()}
    assert len(serving) >= 4
    assert Liaison.objects.filter(ended_at__isnull=False, ending="stepped_down").exists()


def test_rosa_volunteers_with_the_current_waiver(seeded):
    rosa = Volunteer.objects.get(user__email="resident@example.org")

    assert rosa.waiver_acceptances.filter(waiver=Waiver.current()).exists()
    assert not has_role(rosa.user, LIAISON)
    assert Adoption.objects.active().filter(volunteer=rosa).exists()


def test_kinds_of_events_in_english_and_spanish(seeded):
    codes = {"cleanup", "tree-planting", "alley-lot-cleanup", "mentoring-day"}
    for language in ("en", "es"):
        kinds = EventKind.objects.filter(locale__language_code=language)
        assert codes <= set(kinds.values_list("code", flat=True))
    cleanup_es = EventKind.objects.get(code="cleanup", locale__language_code="es")
    assert cleanup_es.name == "Limpieza"


def test_events_keep_places_taken_and_capacity_consistent(seeded):
    for event in VolunteerEvent.objects.all():
        assert event.places_taken == event.signups.holding_a_place().count()
        assert event.places_taken <= event.capacity
    full = VolunteerEvent.objects.annotate(
        waiting=Count("signups", filter=Q(signups__status=SignUp.Status.WAITLISTED))
    ).filter(waiting__gt=0)
    assert full.exists()
    assert all(event.is_full for event in full)
    assert VolunteerEvent.objects.filter(status=VolunteerEvent.Status.PENDING).exists()


def test_the_past_cleanup_fixed_the_reports_it_targeted(seeded):
    event = VolunteerEvent.objects.get(title="Clean-up of the dumping on Hope Street")

    assert event.bags_collected and event.results_recorded_at
    targets = list(event.targets.select_related("report"))
    assert len(targets) == 2
    for target in targets:
        assert target.fixed_at and target.public_note
        assert target.report.status == ServiceReport.Status.RESOLVED
        assert target.report.channel == ServiceReport.Channel.LIAISON
    came = event.signups.filter(checked_in_at__isnull=False)
    hours = VolunteerHours.objects.filter(event=event, status="approved")
    assert hours.count() == came.count() > 0
    assert event.signups.filter(walk_in=True).exists()
    assert VolunteerHours.objects.filter(self_logged=True, status="pending").exists()


def test_the_demo_liaison_sees_their_figure_and_nobody_was_mailed(seeded, client):
    liaison = Liaison.objects.get(user__email="liaison@example.org", ended_at__isnull=True)
    client.force_login(liaison.user)

    response = client.get("/en/volunteer/liaison/")

    assert response.status_code == 200
    assert response.context["contributions"]["figures"][0].number >= 3
    assert scope_neighborhood_ids(liaison.user)
    assert "Somerset Street spring cleanup" in response.content.decode()
    assert mail.outbox == []
