"""Once a survey has responses, edits that would orphan answers are refused."""

import pytest
from django.core.exceptions import ValidationError

from surveys import services, tallies
from surveys.models import Response, SurveyPage
from tests.factories import SUPERUSER, make_person
from tests.surveys.factories import make_survey, q, raw

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered():
    survey = make_survey(
        [
            q.single("Do you use the park?", ["Yes", "No", "Sometimes"]),
            q.rating("How clean is it?", scale_max=5),
            q.short("Anything else?", required=False),
        ]
    )
    services.submit_response(survey, raw(survey, {1: "Yes", 2: "5"}))
    return SurveyPage.objects.get(pk=survey.pk)


def edit(survey, change):
    stream = survey.questions.raw_data
    change(stream)
    survey.questions = stream
    survey.save_revision()
    survey.full_clean()


def test_rewording_reordering_and_adding_are_fine(answered):
    def change(stream):
        stream[0]["value"]["label"] = "Do you ever use the park?"
        stream[0]["value"]["options"].reverse()
        stream[0]["value"]["options"].append({"type": "item", "value": "Never", "id": "new"})
        stream.append(q.short("Your street", required=False))

    edit(answered, change)


def test_removing_an_answered_question_is_refused(answered):
    with pytest.raises(ValidationError) as refused:
        edit(answered, lambda stream: stream.pop(0))

    assert "“Do you use the park?” has answers and cannot be removed." in str(refused.value)
    assert "copy the survey" in str(refused.value)


def test_removing_an_answered_option_is_refused_but_an_unanswered_one_is_fine(answered):
    def drop(label):
        def change(stream):
            options = stream[0]["value"]["options"]
            options[:] = [o for o in options if o["value"] != label]

        return change

    edit(answered, drop("Sometimes"))
    with pytest.raises(ValidationError) as refused:
        edit(SurveyPage.objects.get(pk=answered.pk), drop("Yes"))

    assert "The option “Yes” of “Do you use the park?” has answers" in str(refused.value)


def test_changing_the_type_or_shrinking_the_scale_is_refused(answered):
    def retype(stream):
        stream[1]["type"] = "number"

    def shrink(stream):
        stream[1]["value"]["scale_max"] = 4

    with pytest.raises(ValidationError, match="its type cannot change"):
        edit(answered, retype)
    with pytest.raises(ValidationError, match="its scale must still include them"):
        edit(SurveyPage.objects.get(pk=answered.pk), shrink)


def test_removing_an_unanswered_question_is_fine(answered):
    edit(answered, lambda stream: stream.pop(2))


def test_tallies_match_the_answers_after_responses_and_a_deletion(survey, resident):
    first = services.submit_response(
        survey,
        raw(
            survey,
            {
                1: "Elm",
                2: "3",
                3: ("Other", "Dog park"),
                5: "4",
                7: ["Lights", "Trees", "Benches"],
                8: {"Paths": "OK", "Toilets": "OK"},
            },
        ),
        user=resident,
    )
    services.submit_response(
        survey,
        raw(
            survey,
            {
                1: "Oak",
                2: "7",
                3: "Yes",
                4: ["Walk"],
                5: "4",
                7: ["Trees", "Lights", "Benches"],
                8: {"Paths": "Good", "Toilets": "Bad"},
            },
        ),
    )
    everything = Response.objects.filter(survey=survey)
    assert tallies.stored_counts(survey.pk) == tallies.computed_counts(survey.pk, everything)
    assert tallies.stored_counts(survey.pk)[tallies.RESPONSES] == 2

    services.delete_response(first)

    assert tallies.stored_counts(survey.pk) == tallies.computed_counts(survey.pk, everything)
    assert tallies.stored_counts(survey.pk)[tallies.RESPONSES] == 1


def test_rebuilding_the_tallies_changes_nothing_when_they_are_right(survey):
    from django.core.management import call_command

    services.submit_response(
        survey,
        raw(
            survey,
            {
                1: "Elm",
                2: "3",
                3: "No",
                5: "2",
                7: ["Lights", "Trees", "Benches"],
                8: {"Paths": "OK", "Toilets": "OK"},
            },
        ),
    )
    before = tallies.stored_counts(survey.pk)

    call_command("rebuild_survey_tallies", str(survey.pk), verbosity=0)

    assert tallies.stored_counts(survey.pk) == before


def test_the_page_editor_warns_before_editing_a_survey_with_responses(client, answered):
    client.force_login(make_person(SUPERUSER))

    page = client.get(f"/admin/pages/{answered.pk}/edit/").content.decode()

    assert "This survey has 1 response." in page
    assert "copy the survey" in page


def test_the_page_editor_says_nothing_while_a_survey_has_no_responses(client):
    survey = make_survey([q.short("Anything else?", required=False)])
    client.force_login(make_person(SUPERUSER))

    page = client.get(f"/admin/pages/{survey.pk}/edit/").content.decode()

    assert "This survey has" not in page
