"""The surveys admin: staff type in paper responses, read and delete responses, and make
access codes. Nobody else reaches it."""

import datetime
import re

import pytest
from django.utils import timezone

from engage.accounts.roles import EDUCATOR, LIAISON, MODERATOR, STAFF
from surveys import services, tallies
from surveys.models import AccessCode, Answer, AnswerTally, Channel, Response
from tests.factories import ANONYMOUS, RESIDENT, SUPERUSER, UserFactory, make_person
from tests.surveys.factories import make_survey, option_id, post_data, q, question, raw
from tests.surveys.test_exports import ANSWERS, spanish_copy

SURVEYS = "/admin/surveys/"
RESPONSES = "/admin/surveys/responses/"
CODES = "/admin/surveys/access-codes/"


def paper_url(survey):
    return f"{SURVEYS}{survey.pk}/paper/"


def tallies_are_exact(survey):
    responses = Response.objects.filter(survey=survey)
    return tallies.stored_counts(survey.pk) == tallies.computed_counts(survey.pk, responses)


@pytest.fixture
def staff(db):
    return UserFactory(roles=[STAFF], first_name="Sam", last_name="Clerk")


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


def is_checked(html, name, value):
    pattern = rf'<input[^>]*name="{re.escape(name)}"[^>]*value="{re.escape(value)}"[^>]*checked'
    return re.search(pattern, html) is not None


# == Entering paper responses ==


@pytest.mark.django_db
def test_staff_enter_a_paper_response(staff_client, staff, survey, neighborhood_factory):
    north = neighborhood_factory(name="North")
    form_page = staff_client.get(paper_url(survey))
    assert form_page.status_code == 200
    html = form_page.content.decode()
    for item in survey.structure.questions:
        assert item.label in html
    assert "Answer only if you answered “Yes” to question 3." in html

    response = staff_client.post(
        paper_url(survey),
        post_data(
            survey,
            ANSWERS,
            neighborhood=north.pk,
            segment="Library drop-in",
            paper_date="2026-03-04",
        ),
    )

    assert response.status_code == 302
    stored = Response.objects.get()
    assert stored.channel == Channel.PAPER
    assert stored.entered_by == staff
    assert stored.user is None
    assert (stored.neighborhood, stored.segment, stored.language) == (
        north,
        "Library drop-in",
        "en",
    )
    assert timezone.localtime(stored.submitted_at).date() == datetime.date(2026, 3, 4)
    street = Answer.objects.get(response=stored, question=question(survey, 1).id)
    assert street.text == "Elm Street"
    assert tallies.stored_counts(survey.pk)[tallies.RESPONSES] == 1
    assert (
        tallies.stored_counts(survey.pk)[
            (question(survey, 3).id, option_id(survey, 3, "Yes"), "", 0.0)
        ]
        == 1
    )
    assert tallies_are_exact(survey)

    # An empty form again for the next paper form, keeping the pile's segment and date.
    assert response["Location"].startswith(paper_url(survey) + "?")
    next_page = staff_client.get(response["Location"])
    html = next_page.content.decode()
    assert "is saved. The form is ready for the next one." in html
    assert "1 paper response entered for this survey so far" in html
    assert "(1 by you)" in html
    assert 'value="Library drop-in"' in html
    assert 'value="Elm Street"' not in html
    assert not is_checked(html, question(survey, 3).name, option_id(survey, 3, "Yes"))


@pytest.mark.django_db
def test_a_paper_response_without_a_date_is_dated_now(staff_client, survey):
    before = timezone.now()
    staff_client.post(paper_url(survey), post_data(survey, ANSWERS))
    stored = Response.objects.get()
    assert before <= stored.submitted_at <= timezone.now()
    assert (stored.neighborhood, stored.segment) == (None, "")


@pytest.mark.django_db
def test_a_refused_paper_response_keeps_every_typed_answer_and_stores_nothing(staff_client, survey):
    answers = {**ANSWERS, 5: "7"}  # a rating out of its 1-5 scale
    del answers[1]  # a required question left empty
    data = post_data(survey, answers, segment="Youth 2")

    response = staff_client.post(paper_url(survey), data)

    assert response.status_code == 200
    assert not Response.objects.exists()
    assert not Answer.objects.exists()
    assert not AnswerTally.objects.filter(count__gt=0).exists()
    html = response.content.decode()
    assert "Nothing was saved. Please check the answers marked below." in html
    # A message for each question that needs attention, in the summary and beside it.
    assert html.count("Please answer this question.") == 2
    assert html.count("Please choose a rating from 1 to 5.") == 2
    assert f'href="#question-{question(survey, 1).id}"' in html
    # Everything else is as it was typed.
    assert 'value="Youth 2"' in html
    assert 'value="12"' in html
    assert is_checked(html, question(survey, 3).name, option_id(survey, 3, "Yes"))
    assert is_checked(html, question(survey, 4).name, option_id(survey, 4, "Walk"))
    assert is_checked(html, question(survey, 4).name, option_id(survey, 4, "Sport"))
    assert "More bins" in html

    # Corrected, it is stored once.
    data = post_data(survey, {**ANSWERS, 5: "2"}, segment="Youth 2")
    assert staff_client.post(paper_url(survey), data).status_code == 302
    assert Response.objects.get().segment == "Youth 2"
    assert tallies_are_exact(survey)


@pytest.mark.django_db
def test_a_paper_form_dated_in_the_future_is_refused_with_the_answers_kept(staff_client, survey):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    data = post_data(survey, ANSWERS, paper_date=tomorrow.isoformat())

    response = staff_client.post(paper_url(survey), data)

    assert response.status_code == 200
    assert not Response.objects.exists()
    html = response.content.decode()
    assert "The date of a paper form cannot be in the future." in html
    assert 'value="Elm Street"' in html


@pytest.mark.django_db
def test_an_answer_to_a_question_the_person_should_have_skipped_is_not_kept(staff_client, survey):
    # Question 4 is only for people who use the park.
    staff_client.post(paper_url(survey), post_data(survey, {**ANSWERS, 3: "No"}))
    stored = Response.objects.get()
    assert not stored.answers.filter(question=question(survey, 4).id).exists()
    assert tallies_are_exact(survey)


@pytest.mark.django_db
def test_a_spanish_paper_form_belongs_to_the_survey(staff_client, survey):
    spanish = spanish_copy(survey, {1: "Su calle"}, {"Yes": "Sí"})

    page = staff_client.get(paper_url(spanish))
    assert "Su calle" in page.content.decode()
    staff_client.post(paper_url(spanish), post_data(survey, ANSWERS))

    stored = Response.objects.get()
    assert (stored.survey_id, stored.language) == (survey.pk, "es")
    assert tallies_are_exact(survey)


# == The list of surveys ==


@pytest.mark.django_db
def test_the_surveys_list_shows_response_counts_and_links(staff_client, survey):
    quiet = make_survey([q.short("Anything?")], title="Quiet survey")
    for _n in range(3):
        services.submit_response(survey, raw(survey, ANSWERS))

    response = staff_client.get(SURVEYS)

    assert response.status_code == 200
    rows = {row["survey"].pk: row for row in response.context["rows"]}
    assert rows[survey.pk]["response_count"] == 3
    assert rows[quiet.pk]["response_count"] == 0
    html = response.content.decode()
    assert paper_url(survey) in html
    assert f"{RESPONSES}?survey={survey.pk}" in html
    assert survey.url + "results/" in html
    assert survey.url + survey.reverse_subpage("results_csv_view") in html
    assert survey.url + survey.reverse_subpage("paper_pdf_view") in html


@pytest.mark.django_db
def test_the_admin_menu_has_surveys_for_staff_only(client, staff):
    client.force_login(staff)
    assert f'"{SURVEYS}"' in client.get("/admin/").content.decode()

    client.force_login(UserFactory(roles=[MODERATOR]))
    home = client.get("/admin/").content.decode()
    assert SURVEYS not in home
    assert RESPONSES not in home and CODES not in home


# == Responses ==


@pytest.mark.django_db
def test_responses_are_listed_and_filtered_by_survey_and_channel(staff_client, survey):
    other = make_survey([q.short("Anything?")], title="Other survey")
    web = services.submit_response(survey, raw(survey, ANSWERS))
    paper = services.submit_response(survey, raw(survey, ANSWERS), channel=Channel.PAPER)
    elsewhere = services.submit_response(other, raw(other, {1: "Hi"}))

    def listed(**params):
        response = staff_client.get(RESPONSES, params)
        assert response.status_code == 200
        return {item.pk for item in response.context["object_list"]}

    assert listed() == {web.pk, paper.pk, elsewhere.pk}
    assert listed(survey=survey.pk) == {web.pk, paper.pk}
    assert listed(survey=survey.pk, channel="paper") == {paper.pk}
    assert listed(channel="web") == {web.pk, elsewhere.pk}


@pytest.mark.django_db
def test_a_response_page_shows_its_answers(staff_client, staff, survey):
    stored = services.submit_response(
        survey, raw(survey, ANSWERS), channel=Channel.PAPER, entered_by=staff
    )

    html = staff_client.get(f"{RESPONSES}inspect/{stored.pk}/").content.decode()

    assert "Elm Street" in html
    assert "Walk, Sport" in html
    assert "1. Trees, 2. Lights, 3. Benches" in html
    assert "Paths: OK; Toilets: Bad" in html
    assert "Sam Clerk" in html
    # Answers are not edited: the edit address shows the response.
    edit = staff_client.get(f"{RESPONSES}edit/{stored.pk}/")
    assert edit.status_code == 302 and edit["Location"] == f"{RESPONSES}inspect/{stored.pk}/"


@pytest.mark.django_db
def test_deleting_a_response_asks_first_and_keeps_the_tallies_exact(staff_client, survey):
    keep = services.submit_response(survey, raw(survey, ANSWERS))
    duplicate = services.submit_response(
        survey, raw(survey, {**ANSWERS, 3: ("Other", "Skate park"), 4: []})
    )
    url = f"{RESPONSES}delete/{duplicate.pk}/"

    confirm = staff_client.get(url)
    assert confirm.status_code == 200
    assert "Its answers are removed from the results." in confirm.content.decode()
    assert Response.objects.count() == 2

    response = staff_client.post(url)

    assert response.status_code == 302
    assert list(Response.objects.values_list("pk", flat=True)) == [keep.pk]
    assert not Answer.objects.filter(response_id=duplicate.pk).exists()
    assert tallies.stored_counts(survey.pk)[tallies.RESPONSES] == 1
    assert tallies_are_exact(survey)


# == Access codes ==


@pytest.mark.django_db
def test_staff_make_access_codes(staff_client, survey):
    response = staff_client.post(
        f"{CODES}new/",
        {
            "survey": survey.pk,
            "code": " youth-7b ",
            "segment": "Youth session 7",
            "valid_until": "",
        },
    )
    assert response.status_code == 302
    code = AccessCode.objects.get()
    assert (code.code, code.survey_id, code.segment) == ("YOUTH-7B", survey.pk, "Youth session 7")

    # Left empty, a code is made up.
    staff_client.post(f"{CODES}new/", {"survey": survey.pk, "code": "", "segment": "Open day"})
    made = AccessCode.objects.get(segment="Open day")
    assert re.fullmatch(r"[A-Z2-9]{8}", made.code)

    # The same code twice, or one with spaces inside, is refused.
    again = staff_client.post(
        f"{CODES}new/", {"survey": survey.pk, "code": "YOUTH-7B", "segment": "Another"}
    )
    assert again.status_code == 200
    spaced = staff_client.post(
        f"{CODES}new/", {"survey": survey.pk, "code": "two words", "segment": "Another"}
    )
    assert "Use only letters, digits and dashes." in spaced.content.decode()
    assert AccessCode.objects.count() == 2

    listing = staff_client.get(CODES, {"survey": survey.pk}).content.decode()
    assert "YOUTH-7B" in listing and "Youth session 7" in listing


@pytest.mark.django_db
def test_access_codes_are_for_surveys_in_the_default_language(staff_client, survey):
    spanish = spanish_copy(survey, {}, {"Yes": "Sí"})
    response = staff_client.get(f"{CODES}new/")
    choices = {choice.pk for choice in response.context["form"].fields["survey"].queryset}
    assert survey.pk in choices and spanish.pk not in choices


# == Who may ==

PEOPLE = [ANONYMOUS, RESIDENT, LIAISON, EDUCATOR, MODERATOR, STAFF, SUPERUSER]
ALLOWED = {STAFF, SUPERUSER}


def _refused(response, person):
    if person == ANONYMOUS:
        return response.status_code == 302 and response["Location"].startswith("/admin/login/")
    return response.status_code == 403 or (
        response.status_code == 302
        and response["Location"].split("?")[0] in {"/admin/", "/admin/login/"}
    )


@pytest.mark.django_db
@pytest.mark.parametrize("person", PEOPLE)
def test_only_staff_reach_the_surveys_admin(client, survey, person):
    stored = services.submit_response(survey, raw(survey, ANSWERS))
    code = AccessCode.objects.create(survey=survey, code="ABC123", segment="Class")
    user = make_person(person)
    if user:
        client.force_login(user)

    pages = [
        SURVEYS,
        paper_url(survey),
        RESPONSES,
        f"{RESPONSES}inspect/{stored.pk}/",
        f"{RESPONSES}delete/{stored.pk}/",
        CODES,
        f"{CODES}new/",
        f"{CODES}edit/{code.pk}/",
    ]
    for url in pages:
        response = client.get(url)
        if person in ALLOWED:
            assert response.status_code == 200, f"{person} should reach {url}"
        else:
            assert _refused(response, person), f"{person} must not reach {url}"

    if person not in ALLOWED:
        client.post(paper_url(survey), post_data(survey, ANSWERS))
        client.post(f"{RESPONSES}delete/{stored.pk}/")
        client.post(f"{CODES}new/", {"survey": survey.pk, "code": "XYZ", "segment": "S"})
        assert list(Response.objects.values_list("pk", flat=True)) == [stored.pk]
        assert AccessCode.objects.count() == 1


@pytest.mark.django_db
def test_the_add_url_of_responses_sends_staff_to_the_list_of_surveys(staff_client):
    response = staff_client.get(f"{RESPONSES}new/")

    assert response.status_code == 302
    assert response["Location"] == "/admin/surveys/"
    assert [str(m).strip() for m in response.wsgi_request._messages] == [
        "Choose a survey to enter a paper response."
    ]
    assert f"{RESPONSES}new/" not in staff_client.get(RESPONSES).content.decode()
