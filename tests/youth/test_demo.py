"""The demo program: what ``seed_demo`` shows of a youth program at first run, the same
after a second run."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from engage.reports.models import ServiceReport
from surveys.models import Response
from youth.demo.program import PROGRAM_NAME, load_demo_program
from youth.listing.results import program_results
from youth.models import FieldReport, Participant, Program
from youth.rules import has_consent


@pytest.fixture
def demo(db):
    call_command("seed_demo", verbosity=0)
    return Program.objects.get(name=PROGRAM_NAME)


def counts():
    return (
        Program.objects.count(),
        Participant.objects.count(),
        FieldReport.objects.count(),
        ServiceReport.objects.count(),
        Response.objects.count(),
    )


def test_a_second_run_adds_nothing(demo):
    before = counts()
    assert load_demo_program(demo.curriculum) == demo
    call_command("seed_demo", verbosity=0)
    assert counts() == before


def test_the_program_its_educator_partners_and_roster(demo):
    assert demo.educators.get().email == "educator@example.org"
    assert "Police Cadet Program" in {partner.name for partner in demo.partners.all()}
    assert demo.sessions.count() == 4
    assert [s.survey for s in demo.sessions.all()] == ["pre", "", "", "post"]
    participants = list(demo.participants.all())
    assert len(participants) == 28
    without = [p.display_name for p in participants if not has_consent(p)]
    assert len(without) == 2
    assert all(p.last_initial and not p.purged_at for p in participants)


def test_the_pre_post_change_is_the_programs_story(demo):
    results = program_results(demo)
    assert results.pairs == 24
    reported = next(
        change for change in results.changes if change.comparison.kind == "choice"
    ).comparison
    assert "reported a problem" in reported.post_question.label
    yes = next(option for option in reported.overall if option.label == "Yes")
    assert round(yes.pre) == 8 and round(yes.post) == 96  # 2 of 24, then 23 of 24
    # Session by session: the first session's 25 answers before, the last's 25 after.
    assert [(row.side, row.answered) for row in results.changes[0].sessions] == [
        ("pre", 25),
        ("post", 25),
    ]
    assert 80 < results.attendance_rate < 100


def test_the_walks_field_reports(demo):
    walk = demo.sessions.all()[1]
    reports = FieldReport.objects.filter(session=walk)
    assert reports.count() == 25
    results = program_results(demo)
    first, second = results.categories[:2]
    assert (first.name, first.filed) == ("Graffiti removal", 15)
    assert (second.name, second.filed) == ("Illegal dumping", 8)
    assert (results.released, results.held) == (21, 3)
    assert results.resolved == 12 and results.still_open == 9
    released = ServiceReport.objects.filter(youth_field_report__session=walk)
    assert released.count() == 21
    assert set(released.values_list("channel", flat=True)) == {ServiceReport.Channel.YOUTH}
    assert not released.exclude(filed_by=None).exists()
    assert not released.exclude(contact_name="", contact_email="", contact_phone="").exists()


def test_the_demo_educator_sees_the_results(demo, client):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(email="educator@example.org"))
    page = client.get(reverse("youth:program_results", args=[demo.pk]))
    assert page.status_code == 200
    assert 'id="pair-count">24<' in page.content.decode()


@pytest.mark.parametrize(
    ("path", "join", "educator"),
    [
        ("/en/youth/", "/en/youth/join/", "/en/youth/educator/"),
        ("/es/jovenes/", "/es/youth/join/", "/es/youth/educator/"),
    ],
)
def test_the_section_leads_participants_educators_and_the_privacy_notice(
    demo, client, path, join, educator
):
    from wagtail.models import Revision

    revisions = Revision.objects.count()
    call_command("seed_demo", verbosity=0)
    assert Revision.objects.count() == revisions  # the section's body is published once

    page = client.get(path).content.decode()

    assert f'href="{join}"' in page and f'href="{educator}"' in page
    assert "/youth/privacy/" in page
    assert "How my city works" in page or "Cómo funciona mi ciudad" in page
