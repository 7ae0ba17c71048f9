"""Picking the feedback behind an outcome in the admin: searchable choosers for staff, and
the survey questions chosen by number, checked against the survey and kept by id."""

import json

import pytest
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from engage.outcomes.models import OutcomePage
from engage.reports import services as report_services
from ideas import services as idea_services
from liaisons.models import VolunteerEvent
from tests.factories import NeighborhoodFactory, UserFactory
from tests.ideas.factories import IdeaFactory
from tests.liaisons.factories import EventFactory
from tests.outcomes.factories import make_outcome, outcomes_index
from tests.reports.factories import ReportFactory
from tests.surveys.factories import make_survey, q, question
from tests.youth.factories import ProgramFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    return UserFactory(roles=["Staff"])


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


def results(client, kind, query=""):
    """The chooser's list of results for ``query``, as HTML."""
    response = client.get(f"/admin/outcomes/choose/{kind}/results/", {"q": query})
    assert response.status_code == 200
    return response.content.decode()


# The choosers --------------------------------------------------------------------------------


def test_the_idea_chooser_finds_public_ideas_by_every_word(staff_client, staff):
    benches = IdeaFactory(title="Benches along the river trail")
    IdeaFactory(title="Lights in the park")
    hidden = IdeaFactory(title="Benches by the river, hidden")
    idea_services.hide(staff, "Spam", idea=hidden)

    found = results(staff_client, "idea", "river benches")

    assert "Benches along the river trail" in found
    assert "Lights in the park" not in found
    assert f"/chosen/{hidden.pk}/" not in found
    assert f"/admin/outcomes/choose/idea/chosen/{benches.pk}/" in found


def test_the_idea_chooser_opens_as_a_modal_with_its_search_box(staff_client):
    IdeaFactory(title="Benches along the river trail")

    response = staff_client.get("/admin/outcomes/choose/idea/")

    assert response.status_code == 200
    html = json.loads(response.content)["html"]
    assert "Choose an idea" in html
    assert 'name="q"' in html
    assert "Benches along the river trail" in html


def test_the_report_chooser_finds_a_report_by_reference_duplicates_included(staff_client):
    NeighborhoodFactory()
    original, duplicate = ReportFactory(), ReportFactory()
    report_services.merge(duplicate, original)

    assert duplicate.reference in results(staff_client, "report", duplicate.reference.lower())
    assert original.reference not in results(staff_client, "report", duplicate.reference)


def test_the_event_chooser_lists_only_events_the_public_can_see(staff_client):
    EventFactory(title="Alley cleanup")
    EventFactory(title="Park cleanup", status=VolunteerEvent.Status.PENDING)

    found = results(staff_client, "event", "cleanup")

    assert "Alley cleanup" in found
    assert "Park cleanup" not in found


def test_the_program_chooser_finds_a_program_by_its_site(staff_client):
    ProgramFactory(name="Civics club", site="Lincoln Middle School")
    ProgramFactory(name="Reporters", site="Central Library")

    found = results(staff_client, "program", "library")

    assert "Reporters" in found
    assert "Civics club" not in found


def test_choosing_returns_the_item(staff_client):
    idea = IdeaFactory(title="Benches along the river trail")

    response = staff_client.get(f"/admin/outcomes/choose/idea/chosen/{idea.pk}/")

    chosen = json.loads(response.content)
    assert chosen["step"] == "chosen"
    assert chosen["result"]["id"] == str(idea.pk)
    assert chosen["result"]["title"] == "Benches along the river trail"


@pytest.mark.parametrize("kind", ["idea", "report", "event", "program"])
def test_only_staff_may_open_the_choosers(client, kind):
    IdeaFactory(title="Benches along the river trail")
    anonymous = client.get(f"/admin/outcomes/choose/{kind}/")
    assert anonymous.status_code == 302 and "/admin/login/" in anonymous.url
    client.force_login(UserFactory(roles=["Moderator"]))
    for url in (f"/admin/outcomes/choose/{kind}/", f"/admin/outcomes/choose/{kind}/results/"):
        refused = client.get(url)
        # The admin turns a refusal into a way back to its dashboard, with a message.
        assert refused.status_code == 302 and refused.url == "/admin/"


# The links in the page editor ----------------------------------------------------------------


def outcome_form(links, **fields):
    return nested_form_data(
        {
            "title": "Safer crossing by the school",
            "slug": "safer-crossing",
            "summary": "Lights at the crossing.",
            "why": rich_text("<p>Parents asked.</p>"),
            "body": streamfield([]),
            "status": "planned",
            "progress": "0",
            "weight": "1",
            "topics": "",
            "milestones": inline_formset([]),
            "links": inline_formset(
                [
                    {
                        "idea": "",
                        "report": "",
                        "survey": "",
                        "questions": "",
                        "event": "",
                        "program": "",
                        **link,
                    }
                    for link in links
                ]
            ),
            **fields,
        }
    )


@pytest.fixture
def survey():
    return make_survey(
        [
            q.single("Is the crossing safe?", ["Yes", "No"]),
            q.short("What else?"),
            q.rating("How is the lighting?"),
        ]
    )


def add_url():
    return f"/admin/pages/add/outcomes/outcomepage/{outcomes_index().pk}/"


def test_staff_link_a_survey_by_question_numbers_kept_as_the_questions_ids(staff_client, survey):
    program = ProgramFactory()
    response = staff_client.post(
        add_url(),
        outcome_form(
            [{"survey": str(survey.pk), "questions": "3, 1"}, {"program": str(program.pk)}]
        ),
    )

    assert response.status_code == 302, response.context["form"].errors
    outcome = OutcomePage.objects.get(slug="safer-crossing")
    survey_link, program_link = outcome.links.order_by("sort_order")
    assert survey_link.questions == [question(survey, 3).id, question(survey, 1).id]
    assert program_link.program == program


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("2", "Question 2 is answered by typing"),
        ("7", "has no question 7"),
        ("first", "“first” is not a question number"),
    ],
)
def test_a_question_the_survey_cannot_show_is_refused_and_nothing_is_saved(
    staff_client, survey, typed, message
):
    response = staff_client.post(
        add_url(), outcome_form([{"survey": str(survey.pk), "questions": typed}])
    )

    assert response.status_code == 200
    link_form = response.context["form"].formsets["links"].forms[0]
    assert message in " ".join(link_form.errors["questions"])
    assert link_form["questions"].value() == typed  # what staff typed stays in the box
    assert not OutcomePage.objects.exists()


def test_questions_without_a_survey_are_refused(staff_client):
    idea = IdeaFactory()

    response = staff_client.post(
        add_url(), outcome_form([{"idea": str(idea.pk), "questions": "1"}])
    )

    link_form = response.context["form"].formsets["links"].forms[0]
    assert "Choose the survey first" in " ".join(link_form.errors["questions"])
    assert not OutcomePage.objects.exists()


def test_a_row_naming_two_things_is_refused(staff_client):
    idea, program = IdeaFactory(), ProgramFactory()

    response = staff_client.post(
        add_url(), outcome_form([{"idea": str(idea.pk), "program": str(program.pk)}])
    )

    link_form = response.context["form"].formsets["links"].forms[0]
    assert "Choose exactly one piece of feedback per row" in " ".join(link_form.non_field_errors())
    assert not OutcomePage.objects.exists()


def test_the_editor_shows_the_chosen_questions_by_number_and_lists_those_it_may_show(
    staff_client, survey
):
    outcome = make_outcome(links=[{"survey": survey, "questions": [question(survey, 3).id]}])

    response = staff_client.get(f"/admin/pages/{outcome.pk}/edit/")

    assert response.status_code == 200
    link_form = response.context["form"].formsets["links"].forms[0]
    assert link_form["questions"].value() == "3"
    assert (
        "1. Is the crossing safe?; 3. How is the lighting?"
        in link_form.fields["questions"].help_text
    )
    html = response.content.decode()
    assert "/admin/outcomes/choose/idea/" in html
    assert "/admin/outcomes/choose/program/" in html
