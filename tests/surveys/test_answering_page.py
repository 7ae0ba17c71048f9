"""What the survey page offers a person beside the questions: Enter goes on, the "Other"
box has its own label, numbers count the questions shown, the error summary comes first,
and what the person is told about anonymity and publication before answering."""

import re
from collections import Counter

import pytest

from tests.surveys.factories import every_type_survey, post_data, question

pytestmark = pytest.mark.django_db

FIRST_PAGE = {1: "Elm Street", 2: "12", 3: "Yes", 4: ["Walk", "Play"]}


def send(client, survey, answers, step, action="next"):
    return client.post(survey.url, post_data(survey, answers, step=step, action=action))


def survey_form(response):
    content = response.content.decode()
    return content[
        content.index('id="survey-form"') : content.index(
            "</form>", content.index('id="survey-form"')
        )
    ]


def submit_buttons(response):
    return re.findall(
        r'<button type="submit"\s+name="action"\s+value="(\w+)"', survey_form(response)
    )


def shown_numbers(response):
    """The numbers in front of the questions, in page order ("" for a hidden question)."""
    return re.findall(r'class="survey-question__number">([^<]*)</span>', response.content.decode())


def test_the_first_submit_button_goes_on_so_enter_never_goes_back(client):
    survey = every_type_survey()
    assert submit_buttons(client.get(survey.url)) == ["next"]

    second = send(client, survey, FIRST_PAGE, step=0)

    # The browser sends a form on Enter with its first submit button: "Send", not "Back".
    assert submit_buttons(second) == ["submit", "back"]


def test_the_other_box_has_a_label_and_an_id_of_its_own(client):
    survey = every_type_survey()
    content = client.get(survey.url).content.decode()
    third = question(survey, 3)

    ids = Counter(re.findall(r'\sid="([^"]+)"', content))
    assert [name for name, count in ids.items() if count > 1] == []
    assert f'<label class="usa-label" for="{third.name}-other-text">' in content
    assert re.search(rf'id="{third.name}-other-text"\s+name="{third.name}-other"', content)
    # The "Other" radio button keeps its id and label.
    assert re.search(rf'<label for="{third.name}-other"\s*>Other</label>', content)


def test_question_numbers_count_only_the_questions_shown(client):
    survey = every_type_survey()
    # Question 4 is asked only after "Yes" to question 3: hidden on page 1 until then.
    assert shown_numbers(client.get(survey.url)) == ["1.", "2.", "3.", ""]

    with_four = send(client, survey, FIRST_PAGE, step=0)
    assert shown_numbers(with_four)[0] == "5."

    without_four = send(client, survey, {**FIRST_PAGE, 3: "No", 4: []}, step=0)
    assert shown_numbers(without_four) == ["4.", "5.", "6.", "7.", "8."]
    assert 'data-first-number="4"' in without_four.content.decode()


def test_after_an_error_the_summary_comes_first_with_links_to_the_fields(client):
    survey = every_type_survey()
    response = send(client, survey, {1: "Elm Street", 2: "101"}, step=0)  # 3 is required

    assert response.status_code == 400
    content = response.content.decode()
    title = " ".join(re.search(r"<title>(.*?)</title>", content, re.S).group(1).split())
    assert title.startswith(f"Error: {survey.title}")
    summary = content.index('id="survey-error-summary"')
    assert summary < content.index("<h1")
    assert re.search(r'id="survey-error-summary"\s+tabindex="-1"', content)
    assert "usa-alert--error" in content[summary - 200 : summary]
    second, third = question(survey, 2), question(survey, 3)
    assert f'<a href="#{second.name}">2. {second.label}: Please enter a number' in content
    # A choice question's link lands on its first option.
    assert f'href="#{third.name}-{third.options[0].id}"' in content
    assert f'id="{third.name}-{third.options[0].id}"' in content


def test_a_page_without_errors_has_no_summary_and_a_plain_title(client):
    survey = every_type_survey()
    content = client.get(survey.url).content.decode()
    assert "survey-error-summary" not in content
    assert "Error:" not in re.search(r"<title>(.*?)</title>", content, re.S).group(1)


# Told before answering --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "told", "not_told"),
    [
        (
            {"anonymous": True, "results_public": True, "publish_text_answers": True},
            ["This survey is anonymous", "may be published on the results page"],
            ["is not anonymous", "read by city staff only"],
        ),
        (
            {"anonymous": False, "results_public": True},
            ["This survey is not anonymous", "read by city staff only; it is not published"],
            ["This survey is anonymous", "may be published"],
        ),
        (
            {"anonymous": True, "results_public": False, "publish_text_answers": True},
            ["This survey is anonymous", "Only city staff see the answers."],
            ["may be published", "The results are public"],
        ),
    ],
)
def test_respondents_are_told_what_may_be_published_before_they_answer(
    client, fields, told, not_told
):
    survey = every_type_survey(**fields)
    first = client.get(survey.url).content.decode()
    for text in told:
        assert text in first
    for text in not_told:
        assert text not in first
    # Said once, before the first question, not on every page.
    assert first.index("Before you answer") < first.index(question(survey, 1).label)
    assert "Before you answer" not in send(client, survey, FIRST_PAGE, step=0).content.decode()
