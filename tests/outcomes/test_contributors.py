"""Who is told of an outcome: everyone behind its linked feedback, each person once."""

import pytest
from django.core import mail
from django.utils import timezone

from engage.notifications.models import EmailOptOut
from engage.outcomes.contributors import contributors, everyone
from engage.outcomes.models import AnnouncementRecipient, OutcomeLink
from engage.reports import services as report_services
from engage.reports.models import ServiceReport
from ideas import services as idea_services
from liaisons.models import SignUp
from surveys.models import Response
from tests.factories import UserFactory
from tests.ideas.factories import IdeaFactory, make_campaign
from tests.liaisons.factories import EventFactory, SignUpFactory, VolunteerFactory
from tests.outcomes.announcements_factories import make_outcome
from tests.reports.factories import CategoryFactory, ReportFactory
from tests.surveys.factories import make_survey, post_data, q
from tests.youth.factories import ProgramFactory, make_educator

pytestmark = pytest.mark.django_db


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    """Run ``action()`` and what it queued; the messages sent, by address."""

    def run(action):
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            result = action()
        sent = {}
        for message in mail.outbox:
            sent.setdefault(message.to[0], []).append(message)
        return result, sent

    return run


@pytest.fixture
def campaign():
    return make_campaign()


@pytest.fixture
def category():
    return CategoryFactory(code="bench", name="Broken bench")


def test_a_person_who_voted_followed_and_reported_gets_one_message(send, campaign, category):
    author = UserFactory(email="author@example.org")
    busy = UserFactory(email="busy@example.org")
    idea = IdeaFactory(campaign=campaign, author=author)
    idea_services.cast_vote(idea, busy)
    idea_services.follow(idea, busy)
    report = ReportFactory(category=category, filed_by=busy, contact_email="busy@example.org")
    other = ReportFactory(category=category, filed_by=busy)

    outcome, sent = send(
        lambda: make_outcome(links=[{"idea": idea}, {"report": report}, {"report": other}])
    )

    assert sorted(sent) == ["author@example.org", "busy@example.org"]
    assert len(sent["busy@example.org"]) == 1
    assert AnnouncementRecipient.objects.filter(user=busy).count() == 1
    outcome.refresh_from_db()
    assert outcome.people_told == 2


def test_ideas_merged_into_the_linked_idea_and_the_one_it_went_into_count(send, campaign):
    staff = UserFactory(roles=["Staff"])
    linked = IdeaFactory(campaign=campaign, author=UserFactory(email="linked@example.org"))
    merged_in = IdeaFactory(campaign=campaign, author=UserFactory(email="merged-in@example.org"))
    idea_services.cast_vote(merged_in, UserFactory(email="voter-of-merged@example.org"))
    idea_services.merge(merged_in, linked, staff)
    survivor = IdeaFactory(campaign=campaign, author=UserFactory(email="survivor@example.org"))
    idea_services.follow(survivor, UserFactory(email="follower@example.org"))
    idea_services.merge(linked, survivor, staff)
    unrelated = IdeaFactory(campaign=campaign, author=UserFactory(email="other@example.org"))
    idea_services.follow(unrelated, UserFactory(email="other-follower@example.org"))

    _outcome, sent = send(lambda: make_outcome(links=[{"idea": linked}]))

    assert sorted(sent) == [
        "follower@example.org",
        "linked@example.org",
        "merged-in@example.org",
        "survivor@example.org",
        "voter-of-merged@example.org",
    ]


def test_reports_through_duplicates_and_filers_without_an_account(send, category):
    resident = UserFactory(email="resident@example.org")
    agent = UserFactory(roles=["Staff"], email="agent@example.org")
    linked = ReportFactory(category=category, filed_by=resident)
    by_phone = ReportFactory(
        category=category,
        filed_by=agent,
        channel=ServiceReport.Channel.PHONE,
        contact_email="Caller@Example.org",
    )
    anonymous = ReportFactory(
        category=category, contact_email="walker@example.org", receipt_language="es"
    )
    report_services.merge(by_phone, linked)
    report_services.merge(anonymous, linked)
    supporter = UserFactory(email="supporter@example.org")
    report_services.support(linked, supporter)
    follower = UserFactory(email="follower@example.org")
    report_services.follow(linked, follower)
    ReportFactory(category=category, filed_by=UserFactory(email="elsewhere@example.org"))

    people = everyone(make_outcome(links=[{"report": linked}], publish=False))

    assert people.addresses == {"caller@example.org": "en", "walker@example.org": "es"}
    emails = set(
        UserFactory._meta.model.objects.filter(pk__in=people.users).values_list("email", flat=True)
    )
    # The agent followed the report filed by phone, which moved to the one it repeats.
    assert {"resident@example.org", "follower@example.org", "supporter@example.org"} <= emails
    assert "elsewhere@example.org" not in emails

    _outcome, sent = send(lambda: make_outcome(links=[{"report": by_phone}]))
    assert "walker@example.org" in sent and "caller@example.org" in sent
    assert "resident@example.org" in sent


def test_an_address_that_is_an_account_is_that_person(send, category):
    person = UserFactory(email="rosa@example.org")
    ReportFactory(category=category, contact_email="ROSA@example.org")
    report = ReportFactory(category=category, filed_by=person)
    first = ReportFactory(category=category, contact_email="rosa@example.org")

    _outcome, sent = send(lambda: make_outcome(links=[{"report": report}, {"report": first}]))

    assert list(sent) == ["rosa@example.org"]
    assert len(sent["rosa@example.org"]) == 1
    assert AnnouncementRecipient.objects.get().user == person


def test_survey_respondents_only_when_they_asked(send):
    survey = make_survey([q.single("Should we add benches?", ["Yes", "No"])])
    asked = UserFactory(email="asked@example.org")
    silent = UserFactory(email="silent@example.org")
    Response.objects.create(survey=survey, user=asked, wants_outcome=True)
    Response.objects.create(survey=survey, user=silent)

    _outcome, sent = send(lambda: make_outcome(links=[{"survey": survey}]))

    assert list(sent) == ["asked@example.org"]


def test_volunteers_who_signed_up_or_came_and_educators(send):
    event = EventFactory()
    came = SignUpFactory(
        event=event, volunteer=VolunteerFactory(user=UserFactory(email="came@example.org"))
    )
    came.checked_in_at = timezone.now()
    came.status = SignUp.Status.CANCELLED
    came.save()
    SignUpFactory(
        event=event, volunteer=VolunteerFactory(user=UserFactory(email="going@example.org"))
    )
    SignUpFactory(
        event=event,
        volunteer=VolunteerFactory(user=UserFactory(email="cancelled@example.org")),
        status=SignUp.Status.CANCELLED,
    )
    educator = make_educator(email="teacher@example.org")
    program = ProgramFactory(educators=[educator])

    _outcome, sent = send(lambda: make_outcome(links=[{"event": event}, {"program": program}]))

    assert sorted(sent) == ["came@example.org", "going@example.org", "teacher@example.org"]


def test_people_who_turned_these_emails_off_are_left_out(campaign):
    author = UserFactory(email="author@example.org")
    idea = IdeaFactory(campaign=campaign, author=author)
    opted_out = UserFactory()
    EmailOptOut.objects.create(user=opted_out, topic="outcomes")
    idea_services.cast_vote(idea, opted_out)
    quiet = UserFactory(email_notifications=False)
    idea_services.cast_vote(idea, quiet)
    gone = UserFactory(is_active=False)
    idea_services.follow(idea, gone)
    other_topic = UserFactory()
    EmailOptOut.objects.create(user=other_topic, topic="ideas")
    idea_services.cast_vote(idea, other_topic)

    people = contributors(make_outcome(links=[{"idea": idea}], publish=False))

    assert people.users == {author.pk, other_topic.pk}
    assert OutcomeLink.objects.count() == 1


def test_a_respondent_asks_on_the_last_page_and_keeps_the_tick_through_an_error(client):
    survey = make_survey(
        [q.single("Should we add benches?", ["Yes", "No"]), q.short("Where?", required=True)]
    )
    resident = UserFactory()
    client.force_login(resident)
    page = client.get(survey.url).content.decode()
    assert 'name="wants_outcome"' in page  # one page: it is the last

    incomplete = post_data(survey, {1: "Yes"}, step=0, action="submit")
    response = client.post(survey.url, {**incomplete, "outcome_asked": "1", "wants_outcome": "1"})
    assert response.status_code == 400
    box = response.content.decode().split('id="survey-wants-outcome"')[1].split(">")[0]
    assert "checked" in box

    complete = post_data(survey, {1: "Yes", 2: "By the river"}, step=0, action="submit")
    client.post(survey.url, {**complete, "outcome_asked": "1", "wants_outcome": "1"})
    assert Response.objects.get(survey=survey).wants_outcome is True


def test_nobody_is_asked_who_could_not_be_told(client):
    anonymous = make_survey([q.short("Your view")], anonymous=True)
    client.force_login(UserFactory())
    shown = client.get(anonymous.url)
    assert shown.status_code == 200 and "Send my answers" in shown.content.decode()
    assert 'name="wants_outcome"' not in shown.content.decode()
    client.logout()
    open_survey = make_survey([q.short("Your view")])
    shown = client.get(open_survey.url)
    assert shown.status_code == 200 and "Send my answers" in shown.content.decode()
    assert 'name="wants_outcome"' not in shown.content.decode()


def test_an_unticked_box_is_a_no(client):
    survey = make_survey([q.short("Your view")])
    client.force_login(UserFactory())
    data = post_data(survey, {1: "Fine"}, step=0, action="submit")
    client.post(survey.url, {**data, "outcome_asked": "1"})
    assert Response.objects.get(survey=survey).wants_outcome is False
