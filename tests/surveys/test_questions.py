"""Every question type's rules, and display conditions, checked without any view."""

import datetime
from decimal import Decimal

import pytest

from surveys.questions import OTHER, check_answer
from tests.surveys.factories import make_survey, option_id, q, question, raw

pytestmark = pytest.mark.django_db


def check(survey, number, value):
    found = question(survey, number)
    raw_value = raw(survey, {number: value})[found.id] if value is not None else None
    return check_answer(found, raw_value)


def test_every_type_accepts_a_good_answer(survey):
    assert check(survey, 1, "Elm Street") == ("Elm Street", None)
    assert check(survey, 2, "12.5") == (Decimal("12.5"), None)
    assert check(survey, 3, "Yes") == ({"option": option_id(survey, 3, "Yes"), "other": ""}, None)
    assert check(survey, 3, ("Other", "Dog park")) == ({"option": OTHER, "other": "Dog park"}, None)
    walk, play = option_id(survey, 4, "Walk"), option_id(survey, 4, "Play")
    assert check(survey, 4, ["Play", "Walk"]) == ([walk, play], None)  # in the options' order
    assert check(survey, 5, "5") == (5, None)
    assert check(survey, 6, "2026-05-31") == (datetime.date(2026, 5, 31), None)
    ranking = check(survey, 7, ["Trees", "Lights", "Benches"])[0]
    assert ranking == [option_id(survey, 7, label) for label in ("Trees", "Lights", "Benches")]
    matrix = check(survey, 8, {"Paths": "Good", "Toilets": "Bad"})[0]
    assert set(matrix.values()) == {option_id(survey, 8, "Good"), option_id(survey, 8, "Bad")}


@pytest.mark.parametrize(
    ("number", "value", "message"),
    [
        (1, "x" * 256, "Please keep your answer to 255 characters (it has 256)."),
        (2, "-1", "Please enter a number of at least 0."),
        (2, "1e400", "Please enter a number, such as 12 or 3.5."),
        (2, "NaN", "Please enter a number, such as 12 or 3.5."),
        (5, "6", "Please choose a rating from 1 to 5."),
        (5, "three", "Please choose a rating from 1 to 5."),
        (6, "31/05/2026", "Please enter a date such as 2026-05-31."),
        (4, [], "Please answer this question."),
    ],
)
def test_bad_values_are_refused_with_a_message(survey, number, value, message):
    assert check(survey, number, value) == (None, message)


def test_a_required_question_needs_an_answer_and_an_optional_one_does_not(survey):
    assert check(survey, 1, None) == (None, "Please answer this question.")
    assert check(survey, 6, None) == (None, None)


def test_multiple_choice_counts_its_limits():
    survey = make_survey([q.multiple("Pick", ["A", "B", "C", "D"], min_choices=2, max_choices=3)])

    assert check(survey, 1, ["A"])[1] == "Please choose at least 2 options."
    assert check(survey, 1, ["A", "B", "C", "D"])[1] == "Please choose at most 3 options."
    assert check(survey, 1, ["A", "B"])[1] is None


def test_ranking_needs_every_place_once(survey):
    found = question(survey, 7)
    ids = [option.id for option in found.options]

    same = check_answer(found, {ids[0]: "1", ids[1]: "1", ids[2]: "2"})
    missing = check_answer(found, {ids[0]: "1", ids[1]: "2", ids[2]: ""})
    outside = check_answer(found, {ids[0]: "1", ids[1]: "2", ids[2]: "4"})

    assert same == (None, "Please give each option a different place.")
    assert missing[1] == outside[1] == "Please give every option a place from 1 to 3."


def test_a_required_matrix_needs_every_row(survey):
    assert check(survey, 8, {"Paths": "Good"}) == (None, "Please answer every row.")


def test_tampered_answers_are_refused(survey):
    single, multiple, matrix = question(survey, 3), question(survey, 4), question(survey, 8)

    assert check_answer(single, {"option": "made-up", "other": ""})[1] == (
        "Please choose one of the options offered."
    )
    assert check_answer(multiple, ["made-up"])[1] == "Please choose one of the options offered."
    assert check_answer(matrix, {"made-up-row": "x"})[1] == "Please answer the rows offered."
    assert check_answer(single, ["a", "list"])[1] == "Please choose one of the options offered."


# Display conditions ---------------------------------------------------------------------


def chain():
    """Q2 shows when Q1 is Yes; Q3 shows when Q2 is "Often" (so only when Q1 is Yes)."""
    return make_survey(
        [
            q.single("Do you visit parks?", ["Yes", "No"]),
            q.single("How often?", ["Often", "Rarely"], condition=(1, "Yes")),
            q.short("Which park do you visit most?", condition=(2, "often")),
        ]
    )


def test_a_condition_shows_a_question_only_for_its_answer():
    survey = chain()
    yes = survey.structure.check(raw(survey, {1: "Yes", 2: "Often", 3: "Fairmount"}))
    no = survey.structure.check(raw(survey, {1: "No"}))

    assert len(yes[2]) == 3 and not yes[1]
    assert no[2] == {question(survey, 1).id}
    assert not no[1]  # the hidden required questions need no answer


def test_a_condition_on_a_hidden_question_hides_its_question_too():
    survey = chain()
    # Q2's answer is stale (Q1 is now "No"), so Q2 is hidden, and so Q3 is hidden too.
    clean, errors, shown = survey.structure.check(
        raw(survey, {1: "No", 2: "Often", 3: "Fairmount"})
    )

    assert shown == {question(survey, 1).id}
    assert question(survey, 3).id not in clean and not errors


def test_a_condition_on_a_multiple_choice_option():
    survey = make_survey(
        [
            q.multiple("What do you do there?", ["Walk", "Play"]),
            q.short("Where do you walk?", condition=(1, "Walk")),
        ]
    )

    assert len(survey.structure.check(raw(survey, {1: ["Play", "Walk"], 2: "x"}))[2]) == 2
    assert len(survey.structure.check(raw(survey, {1: ["Play"]}))[2]) == 1


def test_staff_are_told_about_conditions_that_cannot_work():
    from django.core.exceptions import ValidationError

    from tests.surveys.factories import surveys_index

    cases = [
        ([q.short("A", condition=(1, "Yes"))], "must name an earlier question"),
        ([q.short("A"), q.short("B", condition=(1, "Yes"))], "single- or multiple-choice"),
        ([q.single("A", ["Yes", "No"]), q.short("B", condition=(1, "Maybe"))], "not an option"),
    ]
    for questions, message in cases:
        from surveys.models import SurveyPage

        page = SurveyPage(title="Broken", slug="broken", questions=questions)
        with pytest.raises(ValidationError) as refused:
            surveys_index().add_child(instance=page)
        assert message in str(refused.value)


def test_the_browser_gets_the_same_conditions(survey):
    conditions = survey.structure.conditions_for_browser()

    assert conditions == {
        question(survey, 4).id: {
            "target": question(survey, 3).name,
            "option": option_id(survey, 3, "Yes"),
        }
    }


def test_pages_split_at_page_breaks(survey):
    structure = survey.structure

    assert structure.page_count == 2
    assert [item.number for item in structure.questions_on(0)] == [1, 2, 3, 4]
    assert [item.number for item in structure.questions_on(1)] == [5, 6, 7, 8, 9]


def test_option_ids_survive_saving_and_loading(survey):
    from surveys.models import SurveyPage

    again = SurveyPage.objects.get(pk=survey.pk)

    assert [o.id for o in question(again, 3).options] == [o.id for o in question(survey, 3).options]


def test_options_given_without_ids_get_ids_that_stay():
    from surveys.models import SurveyPage

    survey = make_survey(
        [
            {
                "type": "single_choice",
                "value": {"label": "Plain", "required": True, "options": ["Yes", "No"]},
            }
        ]
    )
    first = [o.id for o in question(SurveyPage.objects.get(pk=survey.pk), 1).options]
    second = [o.id for o in question(SurveyPage.objects.get(pk=survey.pk), 1).options]

    assert first == second and all(first)
