"""From feedback to its outcomes and back: "This led to …" on each item's page, through
merges of ideas and duplicates of reports, in the visitor's language."""

import pytest
from django.utils import translation
from wagtail.models import Locale

from engage.outcomes.feedback import linked_feedback
from engage.outcomes.traceability import merge_family, outcomes_for
from engage.reports import services as report_services
from engage.reports.models import ServiceReport
from ideas import services as idea_services
from ideas.models import Idea
from liaisons.models import VolunteerEvent
from tests.factories import NeighborhoodFactory, UserFactory
from tests.ideas.factories import IdeaFactory
from tests.liaisons.factories import EventFactory
from tests.outcomes.factories import make_outcome, translate_outcome
from tests.reports.factories import ReportFactory
from tests.surveys.factories import make_survey, q
from tests.youth.factories import ProgramFactory, SessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _neighborhood():
    # Reports are filed inside the first neighborhood the factory makes.
    NeighborhoodFactory()


@pytest.fixture
def staff():
    return UserFactory(roles=["Staff"])


def titles(outcomes):
    return [outcome.title for outcome in outcomes]


def led_to(client, url):
    """The "This led to …" box of the page at ``url``, or "" when it has none."""
    html = client.get(url).content.decode()
    start = html.find('id="outcome-led-to-heading"')
    if start < 0:
        return ""
    return html[start : html.index("</section>", start)]


# Ideas ---------------------------------------------------------------------------------------


def test_an_idea_page_says_what_it_led_to_with_a_link_to_the_outcome(client):
    idea = IdeaFactory()
    outcome = make_outcome("Benches along the river trail", links=[{"idea": idea}])

    box = led_to(client, idea.get_absolute_url())

    assert "This led to …" in box
    assert f'href="{outcome.url}"' in box
    assert "Benches along the river trail" in box
    assert "Planned" in box


def test_a_draft_outcome_is_not_shown_until_it_is_published(client):
    idea = IdeaFactory()
    make_outcome("Not yet public", links=[{"idea": idea}], publish=False)

    assert outcomes_for(idea) == []
    assert led_to(client, idea.get_absolute_url()) == ""


def test_an_unlinked_idea_shows_no_box(client):
    make_outcome("Something else", links=[{"idea": IdeaFactory()}])
    other = IdeaFactory()

    assert led_to(client, other.get_absolute_url()) == ""


def test_an_outcome_linked_to_an_idea_merged_away_shows_on_the_idea_it_was_merged_into(
    client, staff
):
    source, target = IdeaFactory(), IdeaFactory()
    outcome = make_outcome("Benches", links=[{"idea": source}])
    idea_services.merge(source, target, staff)

    assert titles(outcomes_for(target)) == ["Benches"]
    assert f'href="{outcome.url}"' in led_to(client, target.get_absolute_url())


def test_an_outcome_linked_to_the_surviving_idea_shows_on_the_ideas_merged_into_it(client, staff):
    source, target, sibling = IdeaFactory(), IdeaFactory(), IdeaFactory()
    idea_services.merge(source, target, staff)
    idea_services.merge(sibling, target, staff)
    make_outcome("Benches", links=[{"idea": target}])

    assert titles(outcomes_for(source)) == ["Benches"]
    assert titles(outcomes_for(sibling)) == ["Benches"]
    assert "Benches" in led_to(client, source.get_absolute_url())


def test_merges_are_followed_down_a_chain(staff):
    first, second, third = IdeaFactory(), IdeaFactory(), IdeaFactory()
    idea_services.merge(first, second, staff)
    idea_services.merge(second, third, staff)
    make_outcome("Benches", links=[{"idea": first}])

    assert merge_family(Idea, third.pk, "merged_into") == {first.pk, second.pk, third.pk}
    assert titles(outcomes_for(third)) == ["Benches"]
    assert titles(outcomes_for(first)) == ["Benches"]


def test_an_outcome_linked_to_two_merged_ideas_is_shown_once(staff):
    source, target = IdeaFactory(), IdeaFactory()
    idea_services.merge(source, target, staff)
    make_outcome("Benches", links=[{"idea": source}, {"idea": target}])

    assert titles(outcomes_for(target)) == ["Benches"]


def test_outcomes_are_listed_newest_first():
    idea = IdeaFactory()
    make_outcome("Older", links=[{"idea": idea}])
    make_outcome("Newer", links=[{"idea": idea}])

    assert titles(outcomes_for(idea)) == ["Newer", "Older"]


# Reports -------------------------------------------------------------------------------------


def test_an_outcome_reaches_a_report_through_its_duplicates_both_ways(client):
    original, duplicate, other = ReportFactory(), ReportFactory(), ReportFactory()
    report_services.merge(duplicate, original)
    fixed_here = make_outcome("Pothole filled", links=[{"report": duplicate}])
    make_outcome("Lights repaired", links=[{"report": original}])

    assert titles(outcomes_for(original)) == ["Lights repaired", "Pothole filled"]
    assert titles(outcomes_for(duplicate)) == ["Lights repaired", "Pothole filled"]
    assert outcomes_for(other) == []
    assert f'href="{fixed_here.url}"' in led_to(client, original.get_absolute_url())
    assert "Lights repaired" in led_to(client, duplicate.get_absolute_url())


def test_a_report_merged_into_one_merged_later_still_finds_its_outcome():
    first, second, third = ReportFactory(), ReportFactory(), ReportFactory()
    report_services.merge(first, second)
    report_services.merge(second, third)  # first now points at third as well
    make_outcome("Graffiti removed", links=[{"report": first}])

    assert merge_family(ServiceReport, second.pk, "duplicate_of") == {
        first.pk,
        second.pk,
        third.pk,
    }
    assert titles(outcomes_for(second)) == ["Graffiti removed"]


# Surveys, events, programs -------------------------------------------------------------------


def test_a_survey_in_any_language_shows_the_outcome(client):
    survey = make_survey([q.single("Is the crossing safe?", ["Yes", "No"])])
    spanish_locale, _ = Locale.objects.get_or_create(language_code="es")
    spanish_survey = survey.copy_for_translation(spanish_locale, copy_parents=True)
    spanish_survey.save_revision().publish()
    make_outcome("Safer crossing", links=[{"survey": survey}])

    assert titles(outcomes_for(spanish_survey)) == ["Safer crossing"]
    assert "Safer crossing" in led_to(client, survey.url)


def test_a_volunteer_event_page_shows_the_outcome(client):
    event = EventFactory()
    make_outcome("The alley stays clean", links=[{"event": event}])

    assert "The alley stays clean" in led_to(client, event.get_absolute_url())


def test_a_youth_class_results_page_shows_the_outcomes_of_its_program(client):
    program = ProgramFactory()
    session = SessionFactory(program=program, results_key="class-key-123")
    make_outcome("Graffiti-free underpass", links=[{"program": program}])

    assert "Graffiti-free underpass" in led_to(client, f"/en/youth/class/{session.results_key}/")


def test_something_no_outcome_can_answer_has_none():
    assert outcomes_for(UserFactory()) == []


# Languages -----------------------------------------------------------------------------------


def test_a_spanish_visitor_sees_the_outcome_in_spanish_and_an_english_one_in_english(client):
    idea = IdeaFactory()
    outcome = make_outcome("Safer crossing", links=[{"idea": idea}])
    spanish = translate_outcome(outcome, title="Cruce más seguro")

    with translation.override("es"):
        assert titles(outcomes_for(idea)) == ["Cruce más seguro"]
        box = led_to(client, f"/es/ideas/{idea.pk}/")
    assert f'href="{spanish.url}"' in box
    assert titles(outcomes_for(idea)) == ["Safer crossing"]


def test_an_untranslated_outcome_is_shown_in_its_own_language_and_says_so(client):
    idea = IdeaFactory()
    make_outcome("Safer crossing", links=[{"idea": idea}])

    box = led_to(client, f"/es/ideas/{idea.pk}/")

    assert "Safer crossing" in box
    assert 'lang="en"' in box


# From the outcome back to its feedback -------------------------------------------------------


def test_the_outcome_page_lists_what_anyone_may_see_of_its_feedback(staff):
    shown, hidden = IdeaFactory(), IdeaFactory()
    idea_services.hide(staff, "Personal details", idea=hidden)
    report = ReportFactory()
    pending = EventFactory(status=VolunteerEvent.Status.PENDING)
    program = ProgramFactory(name="Lincoln civics club")
    outcome = make_outcome(
        links=[
            {"idea": shown},
            {"idea": hidden},
            {"report": report},
            {"event": pending},
            {"program": program},
        ]
    )

    items = linked_feedback(outcome)

    assert [(item.kind, item.title) for item in items] == [
        ("idea", shown.title),
        ("report", f"Report {report.reference}"),
        ("program", "Lincoln civics club"),
    ]
    assert items[0].url == shown.get_absolute_url()
    assert items[2].url == ""  # a program has no public page


def test_a_merged_item_on_the_outcome_page_says_where_it_lives_on(client, staff):
    source, target = IdeaFactory(), IdeaFactory()
    duplicate, original = ReportFactory(), ReportFactory()
    idea_services.merge(source, target, staff)
    report_services.merge(duplicate, original)
    outcome = make_outcome(links=[{"idea": source}, {"report": duplicate}])

    html = client.get(outcome.url).content.decode()

    assert f'Merged into <a href="{target.get_absolute_url()}">{target.title}</a>' in html
    assert (
        f'Merged into <a href="{original.get_absolute_url()}">Report {original.reference}</a>'
        in html
    )
    assert Idea.objects.get(pk=source.pk).status == Idea.Status.MERGED
