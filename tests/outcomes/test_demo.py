"""The demo content `seed_demo` loads for outcomes (engage/outcomes/demo.py)."""

import pytest
from django.core.management import call_command
from wagtail.models import Locale, Page, Revision

from engage.core.models import ContentPage, HomePage, SectionPage
from engage.outcomes.demo import load_demo_outcomes
from engage.outcomes.models import OutcomeIndexPage, OutcomeLink, OutcomePage

pytestmark = pytest.mark.django_db(transaction=False)

Status = OutcomePage.Status


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    # seed_demo takes a while: once for the module, in a transaction rolled back at the end.
    with django_db_blocker.unblock():
        from django.db import transaction

        atomic = transaction.atomic()
        atomic.__enter__()
        call_command("seed_demo", verbosity=0)
        yield
        transaction.set_rollback(True)
        atomic.__exit__(None, None, None)


# These two come first: the module's seeded database is made at the first test that asks
# for it and kept until the end of the module.


def old_database(*, with_a_page_under_outcomes):
    """What seed_demo built before outcomes had their own section: a plain SectionPage."""
    en, _ = Locale.objects.get_or_create(language_code="en")
    es, _ = Locale.objects.get_or_create(language_code="es")
    home = HomePage(title="Home", slug="engage-home", locale=en)
    Page.get_first_root_node().add_child(instance=home)
    old = SectionPage(title="Outcomes", slug="outcomes", show_in_menus=True, locale=en)
    home.add_child(instance=old)
    old.save_revision().publish()
    old.copy_for_translation(es, copy_parents=True).save_revision().publish()
    if with_a_page_under_outcomes:
        old.add_child(instance=ContentPage(title="How we report back", slug="how"))
    return old


def test_an_old_outcomes_section_page_is_replaced(db):
    old_database(with_a_page_under_outcomes=False)

    load_demo_outcomes()

    assert not SectionPage.objects.filter(slug__in=["outcomes", "resultados"]).exists()
    assert OutcomeIndexPage.objects.filter(slug__in=["outcomes", "resultados"]).count() == 2
    # Without the other parts' demo content, the outcomes link to nothing.
    assert OutcomePage.objects.filter(locale__language_code="en").count() == 8
    assert not OutcomeLink.objects.exists()


def test_an_old_outcomes_section_with_pages_under_it_is_left_alone(db):
    old = old_database(with_a_page_under_outcomes=True)

    load_demo_outcomes()

    assert SectionPage.objects.filter(pk=old.pk, numchild=1).exists()
    assert not OutcomeIndexPage.objects.exists()
    assert not OutcomePage.objects.exists()


def locale(code):
    return Locale.objects.get(language_code=code)


def outcome(slug):
    return OutcomePage.objects.get(locale=locale("en"), slug=slug)


def test_the_section_replaces_the_plain_section_in_both_languages(seeded, client):
    index = OutcomeIndexPage.objects.get(locale=locale("en"))
    index_es = OutcomeIndexPage.objects.get(locale=locale("es"))

    assert index.url == "/en/outcomes/"
    assert index_es.url == "/es/resultados/"
    assert index_es.translation_key == index.translation_key
    assert not SectionPage.objects.filter(slug__in=["outcomes", "resultados"]).exists()
    assert index.show_in_menus and index_es.show_in_menus
    assert index.get_prev_sibling().slug == "youth"
    assert client.get("/en/outcomes/").status_code == 200
    assert client.get("/es/resultados/").status_code == 200


def test_outcomes_at_every_stage_in_both_languages(seeded):
    english = OutcomePage.objects.filter(locale=locale("en"))
    spanish = OutcomePage.objects.filter(locale=locale("es"))

    assert set(english.values_list("status", flat=True)) == {
        Status.PLANNED,
        Status.IN_PROGRESS,
        Status.COMPLETED,
    }
    assert english.count() == spanish.count() == 8
    assert not spanish.filter(alias_of__isnull=False).exists()  # real translations
    for page in english:
        translation = page.get_translation(locale("es"))
        assert translation.title != page.title
        assert translation.summary != page.summary
        assert translation.live


def test_a_completed_outcome_has_its_photos_with_alt_text_and_its_milestones(seeded):
    beds = outcome("garden-beds-harrowgate")

    assert beds.status == Status.COMPLETED and beds.completed_on
    assert beds.before_image.description and beds.after_image.description
    assert beds.before_image.description != beds.after_image.description
    assert all(m.reached_on for m in beds.milestones.all())
    assert [link.kind for link in beds.links.all()] == ["idea"]
    assert beds.links.get().idea.title == "Raised garden beds at Harrowgate Park"


def test_an_outcome_in_progress_answers_reports_an_idea_and_survey_questions(seeded):
    lights = outcome("street-lights-fixed")

    assert lights.status == Status.IN_PROGRESS
    milestones = list(lights.milestones.all())
    assert [bool(m.reached_on) for m in milestones] == [True, False, False]
    kinds = [link.kind for link in lights.links.all()]
    assert kinds.count("report") == 3 and "idea" in kinds and "survey" in kinds
    survey_link = lights.links.get(survey__isnull=False)
    question_types = {b.id: b.block_type for b in survey_link.survey.questions}
    assert [question_types[i] for i in survey_link.questions] == ["rating", "matrix"]
    spanish = lights.get_translation(locale("es"))
    assert spanish.milestones.first().title == "Revisadas todas las farolas reportadas"
    assert spanish.links.count() == lights.links.count()


def test_a_parent_outcome_takes_its_progress_from_its_children(seeded):
    parent = outcome("cleaner-kensington")

    children = {child.slug: child for child in parent.child_outcomes()}
    assert set(children) == {"hope-street-cleared", "monthly-clean-up-days", "dumping-cameras"}
    assert parent.overall_progress() == 50  # (100×1 + 50×2 + 0×1) ÷ 4
    hope = children["hope-street-cleared"]
    assert {link.kind for link in hope.links.all()} == {"event", "report"}
    assert hope.lat is not None


def test_the_planned_outcome_answers_the_idea_others_were_merged_into(seeded):
    benches = outcome("tacony-creek-benches")

    idea = benches.links.get().idea
    assert idea.title == "More benches along the Tacony Creek trail"
    assert [merged.title for merged in idea.merged_ideas.all()] == [
        "Benches on the creek trail, please"
    ]


def test_the_youth_program_has_its_outcome(seeded):
    youth = outcome("youth-reporters-lincoln")

    assert youth.links.get().program.name == "Youth Engagement Program: Lincoln Middle School"


def test_running_it_again_changes_nothing(seeded):
    before = (
        Page.objects.count(),
        Revision.objects.count(),
        OutcomeLink.objects.count(),
        list(OutcomePage.objects.order_by("pk").values_list("title", "status", "progress")),
    )

    call_command("seed_demo", verbosity=0)

    after = (
        Page.objects.count(),
        Revision.objects.count(),
        OutcomeLink.objects.count(),
        list(OutcomePage.objects.order_by("pk").values_list("title", "status", "progress")),
    )
    assert after == before
    assert HomePage.objects.count() == 2
