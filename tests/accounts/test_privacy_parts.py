"""Every part's share of a person's data: what the download holds, and what deleting the
account does there — identity gone, contributions kept, every count unchanged, follows
removed, places at future events released to the waitlist."""

import datetime
from decimal import Decimal

import pytest
from django.db.models import Count, Sum
from django.utils import timezone

from engage.core import privacy
from engage.outcomes.models import FixedCheck
from engage.reports import services as report_services
from engage.reports.models import Person, PersonNote, ReportFollow, ReportSupport, ServiceReport
from ideas import services as idea_services
from ideas.models import Comment, Flag, Idea, IdeaFollow, Vote
from liaisons.models import SignUp, VolunteerHours
from liaisons.services import signups as signup_services
from surveys import services as survey_services
from surveys.models import Answer, Draft, Participation, Response
from tests.factories import UserFactory
from tests.ideas.factories import IdeaFactory
from tests.liaisons.factories import EventFactory, SignUpFactory, VolunteerFactory
from tests.reports.contact_center_factories import PersonFactory
from tests.reports.factories import CategoryFactory, ReportFactory
from tests.surveys.factories import make_survey, q, raw
from tests.youth.factories import ProgramFactory
from youth.models import Program


@pytest.fixture
def busy(db):
    """A resident who took part everywhere, and what they took part in."""
    rosa = UserFactory(email="rosa@example.org", display_name="Rosa", first_name="Rosa")
    other = UserFactory()
    world = {"rosa": rosa}
    # Ideas: her own, a vote and a comment on another's (following it), a flag.
    world["idea"] = IdeaFactory(author=rosa, title="A bench by the river")
    world["voted"] = IdeaFactory(author=other, title="Shade trees on Main Street")
    idea_services.cast_vote(world["voted"], rosa, follow=True)
    idea_services.add_comment(world["voted"], rosa, "Yes, and benches.")
    idea_services.flag(rosa, reason=Flag.Reason.SPAM, details="Rosa thinks so", idea=world["idea"])
    # Reports: one she filed with her details, one she supports; her contact-center record.
    category = CategoryFactory()
    world["report"] = ReportFactory(
        category=category,
        filed_by=rosa,
        channel=ServiceReport.Channel.WEB,
        contact_name="Rosa Diaz",
        contact_email="rosa@example.org",
        contact_phone="215-555-0101",
    )
    report_services.follow(world["report"], rosa)
    world["supported"] = ReportFactory(category=category, filed_by=other)
    report_services.support(world["supported"], rosa)
    world["person"] = PersonFactory(user=rosa, name="Rosa Diaz", phone="215-555-0101")
    PersonNote.objects.create(person=world["person"], text="Calls about the alley.")
    # Someone else's report a liaison typed in for a neighbour keeps the neighbour's details.
    world["for_neighbour"] = ReportFactory(
        category=category,
        filed_by=rosa,
        channel=ServiceReport.Channel.LIAISON,
        contact_name="Neighbour",
        contact_phone="215-555-0199",
    )
    # Surveys: a response asking to hear the outcome, and a draft elsewhere.
    survey = make_survey([q.short("What would you change?")], title="Parks survey")
    survey_services.submit_response(
        survey, raw(survey, {1: "More shade"}), user=rosa, wants_outcome=True
    )
    draft_survey = make_survey([q.short("Anything else?")], title="Library survey")
    survey_services.save_draft(draft_survey, rosa, raw(draft_survey, {1: "Half done"}), 0)
    # Liaisons: a volunteer holding the only place at next week's cleanup, with someone
    # waiting for it; hours given at a past one.
    world["volunteer"] = VolunteerFactory(
        user=rosa, display_name="Rosa D.", phone="215-555-0101", emergency_contact_name="Luis"
    )
    world["event"] = EventFactory(capacity=1, title="Riverside cleanup")
    SignUpFactory(event=world["event"], volunteer=world["volunteer"])
    world["waiting"] = signup_services.sign_up(world["event"], VolunteerFactory())
    assert world["waiting"].status == SignUp.Status.WAITLISTED
    VolunteerHours.objects.create(
        volunteer=world["volunteer"],
        date=timezone.localdate() - datetime.timedelta(days=30),
        hours=Decimal("3.50"),
        status=VolunteerHours.Status.APPROVED,
    )
    # Outcomes: she was asked whether her report was fixed, and answered.
    FixedCheck.objects.create(
        report=world["report"],
        resolved_at=timezone.now(),
        user=rosa,
        email="rosa@example.org",
        answered_at=timezone.now(),
        fixed=True,
        satisfaction=5,
    )
    return world


def counts():
    """Every figure a resident or staff member sees that the deletion must not move."""
    return {
        "ideas": Idea.objects.count(),
        "votes": Vote.objects.count(),
        "vote_counts": list(Idea.objects.order_by("pk").values_list("vote_count", "comment_count")),
        "comments": Comment.objects.count(),
        "flags": Flag.objects.count(),
        "reports": ServiceReport.objects.count(),
        "supports": ReportSupport.objects.count(),
        "supporter_counts": list(
            ServiceReport.objects.order_by("pk").values_list("supporter_count", flat=True)
        ),
        "responses": Response.objects.count(),
        "answers": Answer.objects.count(),
        "participations": Participation.objects.count(),
        "hours": VolunteerHours.objects.aggregate(total=Sum("hours"))["total"],
        "fixed_checks": FixedCheck.objects.aggregate(n=Count("pk"), happy=Sum("satisfaction")),
        "people": Person.objects.count(),
    }


def titles(records):
    return {str(section.title): section for section in records}


def test_the_download_holds_what_every_part_keeps_about_the_person(busy):
    sections = titles(privacy.gather(busy["rosa"]))

    assert sections["Ideas you submitted"].rows[0]["Title"] == "A bench by the river"
    assert sections["Your votes for ideas"].rows[0]["Idea"] == "Shade trees on Main Street"
    assert sections["Your comments on ideas"].rows[0]["Comment"] == "Yes, and benches."
    reports = sections["Service reports filed by you or for you"].rows
    assert [row["Contact phone"] for row in reports] == ["215-555-0101"]
    assert sections["Your record at the city's contact center"].rows[0]["Name"] == "Rosa Diaz"
    [response] = sections["Your survey responses"].rows
    assert response["Survey"] == "Parks survey"
    assert "More shade" in response["Answers"][0]
    assert sections["Surveys you have not finished"].rows[0]["Survey"] == "Library survey"
    assert sections["Your volunteer registration"].rows[0]["Emergency contact name"] == "Luis"
    assert sections["Your volunteer hours"].rows[0]["Hours"] == Decimal("3.50")
    assert sections["Your sign-ups for volunteer events"].rows[0]["Event"] == "Riverside cleanup"
    assert sections["Your answers to “is it fixed?”"].rows[0]["Satisfaction"] == 5


def test_deleting_keeps_every_count_and_removes_what_names_or_reaches_the_person(busy):
    rosa = busy["rosa"]
    before = counts()

    privacy.erase(rosa)

    assert counts() == before
    rosa.refresh_from_db()
    # Contributions stay, by "a former resident".
    idea = Idea.objects.get(pk=busy["idea"].pk)
    assert idea.author_id == rosa.pk
    assert str(idea.author.public_name) == "a former resident"
    # Follows go; typed details go; the neighbour's report keeps the neighbour's details.
    assert not IdeaFollow.objects.filter(user=rosa).exists()
    assert not ReportFollow.objects.filter(user=rosa).exists()
    report = ServiceReport.objects.get(pk=busy["report"].pk)
    assert (report.contact_name, report.contact_email, report.contact_phone) == ("", "", "")
    assert ServiceReport.objects.get(pk=busy["for_neighbour"].pk).contact_phone == "215-555-0199"
    assert Flag.objects.get(reporter=rosa).details == ""
    # The contact center's record names nobody and is no longer tied to the account.
    person = Person.objects.get(pk=busy["person"].pk)
    assert (person.name, person.phone, person.user_id) == ("", "", None)
    assert not PersonNote.objects.filter(person=person).exists()
    # Surveys: the response stays, the draft goes, nobody is left to tell.
    assert not Draft.objects.filter(user=rosa).exists()
    assert not Response.objects.filter(user=rosa, wants_outcome=True).exists()
    # Liaisons: the place is released to the person waiting; the record names nobody.
    volunteer = busy["volunteer"]
    volunteer.refresh_from_db()
    assert volunteer.display_name == "a former resident"
    assert (volunteer.phone, volunteer.emergency_contact_name) == ("", "")
    assert not SignUp.objects.live().filter(volunteer=volunteer).exists()
    busy["waiting"].refresh_from_db()
    assert busy["waiting"].status == SignUp.Status.OFFERED
    busy["event"].refresh_from_db()
    assert busy["event"].places_taken == 1
    # Outcomes: the answer counts, without the address.
    assert FixedCheck.objects.get(user=rosa).email == ""


def test_deleting_twice_is_refused(busy):
    privacy.erase(busy["rosa"])

    with pytest.raises(privacy.ErasureRefused):
        privacy.erase(busy["rosa"])


@pytest.mark.django_db
def test_an_educator_leaves_running_programs_and_stays_on_finished_ones():
    educator = UserFactory(roles=["Educator"])
    running = ProgramFactory(educators=[educator])
    today = timezone.localdate()
    finished = ProgramFactory(
        educators=[educator],
        starts_on=today - datetime.timedelta(days=200),
        ends_on=today - datetime.timedelta(days=100),
    )

    privacy.erase(educator)

    assert list(Program.objects.for_educator(educator)) == [finished]
    assert not running.educators.exists()
