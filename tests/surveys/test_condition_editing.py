"""Display conditions as staff edit them: stored as the earlier question's block id and the
option's item id (chosen from lists in the editor), so they survive questions being moved
and options reworded; conditions saved the old way (a number and a text) are converted."""

import importlib
import json

import pytest
from django.core.exceptions import ValidationError

from engage.accounts.roles import STAFF
from surveys.models import SurveyPage
from tests.factories import UserFactory
from tests.surveys.factories import make_survey, q, raw

pytestmark = pytest.mark.django_db

migration = importlib.import_module("surveys.migrations.0004_condition_references_by_id")


def parks_survey():
    """Q1 single choice; Q2 multiple choice; Q3 shown when Q1 is "Yes"; Q4 when Q2 has "Walk"."""
    return make_survey(
        [
            q.single("Do you visit parks?", ["Yes", "No"]),
            q.multiple("What do you do there?", ["Walk", "Play"]),
            q.short("Which park?", condition=(1, "Yes")),
            q.short("Where do you walk?", condition=(2, "walk")),
        ]
    )


def stored_conditions(survey):
    return {
        child.id: dict(child.value["condition"])
        for child in survey.questions
        if child.value.get("condition", {}).get("question")
    }


def move(survey, old_index, new_index):
    blocks = list(survey.questions.raw_data)
    blocks.insert(new_index, blocks.pop(old_index))
    survey.questions = blocks
    survey.save_revision().publish()
    return SurveyPage.objects.get(pk=survey.pk)


def shown_labels(survey, answers):
    structure = survey.structure
    _clean, _errors, shown = structure.check(raw(survey, answers))
    return [
        structure.by_id[qid].label for qid in sorted(shown, key=lambda i: structure.by_id[i].number)
    ]


def test_conditions_are_stored_as_block_and_option_ids():
    survey = parks_survey()
    structure = survey.structure
    first, second, third, fourth = structure.questions

    assert stored_conditions(survey) == {
        third.id: {"question": first.id, "answer": first.options[0].id},
        fourth.id: {"question": second.id, "answer": second.options[0].id},
    }


def test_conditions_survive_moving_questions():
    survey = parks_survey()
    # The multiple-choice question moves above the single-choice one: every number changes.
    survey = move(survey, 1, 0)
    structure = survey.structure
    assert [q.label for q in structure.questions] == [
        "What do you do there?",
        "Do you visit parks?",
        "Which park?",
        "Where do you walk?",
    ]

    assert structure.condition_problems() == []
    assert shown_labels(survey, {1: ["Walk"], 2: "No"}) == [
        "What do you do there?",
        "Do you visit parks?",
        "Where do you walk?",
    ]
    assert shown_labels(survey, {1: ["Play"], 2: "Yes", 3: "Fairmount"}) == [
        "What do you do there?",
        "Do you visit parks?",
        "Which park?",
    ]


def test_a_condition_survives_its_option_being_reworded():
    survey = parks_survey()
    blocks = list(survey.questions.raw_data)
    blocks[0]["value"]["options"][0]["value"] = "Yes, often"
    survey.questions = blocks
    survey.save_revision().publish()
    survey = SurveyPage.objects.get(pk=survey.pk)

    assert survey.structure.condition_problems() == []
    assert "Which park?" in shown_labels(survey, {1: "Yes, often", 2: ["Play"], 3: "x"})


def test_moving_a_question_above_the_one_it_depends_on_is_refused():
    survey = parks_survey()
    blocks = list(survey.questions.raw_data)
    blocks.insert(0, blocks.pop(2))  # "Which park?" above "Do you visit parks?"
    survey.questions = blocks

    with pytest.raises(ValidationError, match="must name an earlier question"):
        survey.full_clean()


def test_the_migration_converts_numbers_and_texts_to_ids_in_every_language():
    stream = [
        {
            "type": "single_choice",
            "id": "q1",
            "value": {
                "label": "¿Visita parques?",
                "options": [
                    {"type": "item", "id": "yes", "value": "Sí"},
                    {"type": "item", "id": "no", "value": "No"},
                ],
                "condition": {"question": None, "answer": ""},
            },
        },
        {"type": "section", "id": "s", "value": {"heading": "Más", "text": ""}},
        {
            "type": "short_text",
            "id": "q2",
            "value": {
                "label": "¿Cuál?",
                "condition": {"question": 1, "answer": "sí"},
            },
        },
        {
            "type": "short_text",
            "id": "q3",
            "value": {
                "label": "Roto",
                "condition": {"question": 7, "answer": "x"},
            },
        },
    ]

    assert migration.to_references(stream)

    assert stream[2]["value"]["condition"] == {"question": "q1", "answer": "yes"}
    # What cannot be resolved is left for the editor to point out.
    assert stream[3]["value"]["condition"] == {"question": 7, "answer": "x"}
    assert not migration.to_references([stream[0], stream[2]])


def test_the_migration_converts_surveys_and_their_revisions():
    survey = make_survey([q.single("Park?", ["Yes", "No"]), q.short("Which?")])
    blocks = list(survey.questions.raw_data)
    blocks[1]["value"]["condition"] = {"question": 1, "answer": "Yes"}
    # Written as an older version of the code stored it (bypassing save()).
    SurveyPage.objects.filter(pk=survey.pk).update(questions=json.dumps(blocks))
    revision = survey.latest_revision
    revision.content["questions"] = json.dumps(blocks)
    revision.save()

    from django.apps import apps

    migration.convert(apps, None)

    survey = SurveyPage.objects.get(pk=survey.pk)
    first = survey.structure.questions[0]
    expected = {"question": first.id, "answer": first.options[0].id}
    assert dict(survey.questions[1].value["condition"]) == expected
    revision.refresh_from_db()
    stored = json.loads(revision.content["questions"])
    assert stored[1]["value"]["condition"] == expected


def test_old_style_conditions_still_read_and_are_stored_as_ids_on_save():
    survey = parks_survey()  # the factory writes numbers and texts; save() turned them into ids
    for condition in stored_conditions(survey).values():
        assert not str(condition["question"]).isdigit()
    # An old revision restored as it was stored (number and text) still works …
    blocks = list(survey.questions.raw_data)
    blocks[2]["value"]["condition"] = {"question": 1, "answer": "yes"}
    SurveyPage.objects.filter(pk=survey.pk).update(questions=json.dumps(blocks))
    survey = SurveyPage.objects.get(pk=survey.pk)
    assert "Which park?" in shown_labels(survey, {1: "Yes", 2: ["Play"], 3: "x"})
    # … and is stored as ids the next time it is saved.
    survey.save()
    first = survey.structure.questions[0]
    assert dict(SurveyPage.objects.get(pk=survey.pk).questions[2].value["condition"]) == {
        "question": first.id,
        "answer": first.options[0].id,
    }


def test_the_editor_offers_lists_not_typed_references(client):
    survey = parks_survey()
    client.force_login(UserFactory(roles=[STAFF]))

    html = client.get(f"/admin/pages/{survey.pk}/edit/").content.decode()

    assert "js/admin-survey-conditions.js" in html
    # The stored inputs are marked for the script, which puts the lists over them.
    assert "data-survey-condition" in html
