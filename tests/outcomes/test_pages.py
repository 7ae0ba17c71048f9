"""The outcome page: what changed, why, where, for how much, how far along, the steps, the
before and after, the parts of a parent outcome, and the feedback behind it with the
results of the survey questions staff chose."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.test.utils import WagtailPageTestCase

from engage.core.models import HomePage
from engage.outcomes.models import OutcomeIndexPage, OutcomeLink, OutcomePage
from surveys import services as survey_services
from tests.factories import NeighborhoodFactory
from tests.ideas.factories import IdeaFactory
from tests.outcomes.factories import make_outcome
from tests.reports.factories import DepartmentFactory, ReportFactory
from tests.surveys.factories import make_survey, q, question, raw


class OutcomePageTreeTest(WagtailPageTestCase):
    def test_outcomes_live_under_the_outcomes_page_or_another_outcome(self):
        self.assertCanCreateAt(HomePage, OutcomeIndexPage)
        self.assertCanCreateAt(OutcomeIndexPage, OutcomePage)
        self.assertCanCreateAt(OutcomePage, OutcomePage)
        self.assertCanNotCreateAt(HomePage, OutcomePage)

    def test_an_outcome_renders(self):
        outcome = make_outcome()
        self.assertPageIsRenderable(outcome)


pytestmark = pytest.mark.django_db


def page_html(client, outcome):
    response = client.get(outcome.url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_page_says_what_changed_where_when_by_whom_and_for_how_much(client):
    north = NeighborhoodFactory(name="Northside")
    outcome = make_outcome(
        "Two crossings with lights",
        summary="Lights at both crossings by the school.",
        why="<p>Parents reported near misses every week.</p>",
        department=DepartmentFactory(name="Streets"),
        neighborhoods=[north],
        status=OutcomePage.Status.IN_PROGRESS,
        progress=40,
        started_on=date(2026, 3, 2),
        cost=Decimal("12500.00"),
    )

    html = page_html(client, outcome)

    assert "<h1>Two crossings with lights</h1>" in html
    assert "Lights at both crossings by the school." in html
    assert "Parents reported near misses every week." in html
    assert "Streets" in html and "Northside" in html
    assert "In progress" in html
    assert "40% done" in html
    assert '<progress class="outcome-progress__bar"' in html and 'value="40"' in html
    assert 'datetime="2026-03-02"' in html
    assert "$12,500.00" in html
    assert "Completed" not in html  # no completion date yet


def test_a_cost_not_known_is_left_out(client):
    html = page_html(client, make_outcome(cost=None))

    assert 'id="outcome-cost"' not in html


def test_a_cancelled_outcome_says_so_instead_of_a_progress_bar(client):
    html = page_html(client, make_outcome(status=OutcomePage.Status.CANCELLED, progress=30))

    assert "This outcome was cancelled." in html
    assert "30% done" not in html


def test_milestones_show_in_order_reached_with_their_date_and_the_others_expected(client):
    outcome = make_outcome(
        milestones=[
            {"title": "Design approved", "reached_on": date(2026, 4, 1)},
            {"title": "Lights installed", "due_on": date(2026, 9, 30)},
            {"title": "Crossing guards trained"},
        ]
    )

    html = page_html(client, outcome)

    design = html.index("Design approved")
    lights = html.index("Lights installed")
    guards = html.index("Crossing guards trained")
    assert design < lights < guards
    assert "Reached on" in html[design:lights]
    assert "Expected by" in html[lights:guards]
    assert "Not reached yet" in html[guards:]


def test_how_many_people_were_told_shows_once_they_have_been(client):
    outcome = make_outcome()
    assert "were told about this" not in page_html(client, outcome)

    OutcomePage.objects.filter(pk=outcome.pk).update(people_told=37)

    assert "37 people who gave the feedback behind it were told about this." in page_html(
        client, outcome
    )


def test_before_and_after_photos_carry_their_descriptions_as_alt_text(client):
    before = Image.objects.create(
        title="before.png",
        file=get_test_image_file(),
        description="The crossing with faded paint",
    )
    after = Image.objects.create(
        title="after.png", file=get_test_image_file(), description="The new lit crossing"
    )
    html = page_html(client, make_outcome(before_image=before, after_image=after))

    assert 'alt="Before: The crossing with faded paint"' in html
    assert 'alt="After: The new lit crossing"' in html
    assert "<figcaption>Before</figcaption>" in html


def test_a_parent_outcome_progress_is_its_live_childrens_weighted(client):
    parent = make_outcome("Safer crossings on Main Street", progress=0)
    make_outcome("North crossing", parent=parent, progress=100, weight=1)
    make_outcome("South crossing", parent=parent, progress=20, weight=3)
    make_outcome("A draft crossing", parent=parent, progress=0, weight=10, publish=False)

    assert parent.overall_progress() == 40  # (100×1 + 20×3) / 4
    html = page_html(client, parent)
    assert "40% done" in html
    assert "North crossing" in html and "South crossing" in html
    assert "A draft crossing" not in html


def test_a_child_outcome_links_back_to_its_parent(client):
    parent = make_outcome("Safer crossings on Main Street")
    child = make_outcome("North crossing", parent=parent)

    html = page_html(client, child)

    assert f'Part of <a href="{parent.url}">Safer crossings on Main Street</a>' in html


def test_the_chosen_survey_questions_results_are_shown_and_no_others(client):
    survey = make_survey(
        [
            q.single("Is the crossing safe?", ["Yes", "No"]),
            q.short("What else should we know?"),
            q.rating("How would you rate the lighting?"),
        ]
    )
    for answer in ("No", "No", "Yes"):
        survey_services.submit_response(survey, raw(survey, {1: answer, 2: "Cars go fast", 3: "2"}))
    outcome = make_outcome(
        links=[
            {
                "survey": survey,
                "questions": [question(survey, 1).id, question(survey, 2).id],
            }
        ]
    )

    html = page_html(client, outcome)

    assert "3 people answered the survey." in html
    assert "Is the crossing safe?" in html
    # The counted answers: two said no, one yes.
    table = html[html.index("Answers to question 1") :]
    assert '<th scope="row">No</th>' in table
    assert '<td class="number">2</td>' in table
    # What people typed is never shown here, nor a question staff did not choose.
    assert "Cars go fast" not in html
    assert "What else should we know?" not in html
    assert "How would you rate the lighting?" not in html
    assert f'href="{survey.url}"' in html


def test_the_page_costs_the_same_queries_with_two_links_or_eight(client):
    NeighborhoodFactory()

    def queries(count):
        outcome = make_outcome(
            links=[{"idea": IdeaFactory()} for _ in range(count // 2)]
            + [{"report": ReportFactory()} for _ in range(count // 2)]
        )
        client.get(outcome.url)  # warm the site and locale caches
        with CaptureQueriesContext(connection) as captured:
            assert client.get(outcome.url).status_code == 200
        return len(captured)

    assert queries(2) == queries(8)


# Rules of a link -----------------------------------------------------------------------------


def test_a_link_names_exactly_one_piece_of_feedback():
    outcome = make_outcome()
    NeighborhoodFactory()
    both = OutcomeLink(page=outcome, idea=IdeaFactory(), report=ReportFactory())

    with pytest.raises(ValidationError, match="exactly one piece of feedback"):
        both.clean()
    with pytest.raises(ValidationError, match="exactly one piece of feedback"):
        OutcomeLink(page=outcome).clean()


def test_only_a_survey_link_has_questions_and_only_its_own():
    outcome = make_outcome()
    survey = make_survey([q.single("Safe?", ["Yes", "No"])])
    other = make_survey([q.single("Clean?", ["Yes", "No"])])

    with pytest.raises(ValidationError) as refused:
        OutcomeLink(page=outcome, idea=IdeaFactory(), questions=["x"]).clean()
    assert "questions" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        OutcomeLink(page=outcome, survey=survey, questions=[question(other, 1).id]).clean()
    assert "questions" in refused.value.message_dict
    OutcomeLink(page=outcome, survey=survey, questions=[question(survey, 1).id]).clean()


def test_progress_goes_down_the_tree_and_skips_what_sits_under_a_draft():
    parent = make_outcome("All crossings", progress=5)
    north = make_outcome("North", parent=parent, progress=0, weight=1)
    make_outcome("North, east side", parent=north, progress=100, weight=1)
    make_outcome("North, west side", parent=north, progress=50, weight=1)
    make_outcome("South", parent=parent, progress=25, weight=1)
    draft = make_outcome("Draft", parent=parent, progress=0, weight=5, publish=False)
    make_outcome("Under the draft", parent=draft, progress=100, weight=1)

    assert north.overall_progress() == 75
    assert parent.overall_progress() == 50  # (75 + 25) / 2
    progress = parent.progress_by_path()
    assert progress[parent.path] == 50 and progress[north.path] == 75


def test_a_parent_page_costs_the_same_queries_with_two_children_or_six(client):
    def queries(count):
        parent = make_outcome(f"Parent of {count}")
        for number in range(count):
            make_outcome(f"Part {number} of {count}", parent=parent, progress=10 * number)
        client.get(parent.url)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(parent.url).status_code == 200
        return len(captured)

    assert queries(2) == queries(6)
