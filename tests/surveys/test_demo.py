"""The demo content `seed_demo` loads for surveys (surveys/demo.py)."""

from collections import Counter
from datetime import timedelta
from statistics import mean

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Locale, Page, Revision

from engage.core.models import ContentPage, HomePage, SectionPage
from ideas.models import IdeasIndexPage
from surveys import rules, services, tallies
from surveys.demo import CITYWIDE, CITYWIDE_DAYS, CITYWIDE_RESPONSES, SESSIONS
from surveys.models import (
    AccessCode,
    Answer,
    AnswerTally,
    Audience,
    Channel,
    Participation,
    Response,
    SurveyIndexPage,
    SurveyPage,
)
from surveys.questions import OTHER, QUESTION_KINDS
from tests.surveys.factories import option_id, raw


def counts():
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "responses": Response.objects.count(),
        "answers": Answer.objects.count(),
        "tallies": sorted(AnswerTally.objects.values_list("question", "option", "row", "count")),
        "codes": AccessCode.objects.count(),
    }


@pytest.fixture
def seeded(db):
    call_command("seed_demo", verbosity=0)


def english():
    return Locale.objects.get(language_code="en")


def spanish():
    return Locale.objects.get(language_code="es")


def citywide():
    return SurveyPage.objects.get(locale=english(), slug=CITYWIDE["en"]["slug"])


def youth(which):
    return SurveyPage.objects.get(locale=english(), slug=f"youth-program-{which}")


def test_seed_demo_twice_changes_nothing(seeded):
    first = counts()

    call_command("seed_demo", verbosity=0)

    assert counts() == first
    # The surveys demo's own responses; paired ones come from the youth program's demo.
    assert Response.objects.filter(pair_key="").count() == CITYWIDE_RESPONSES + sum(
        session["before"] + session["after"] for session in SESSIONS
    )


def test_surveys_section_first_in_the_menu_and_every_survey_renders(seeded, client):
    for locale in (english(), spanish()):
        home = HomePage.objects.get(locale=locale)
        menu = [page.specific_class for page in home.get_children().live().in_menu()]
        assert menu[:2] == [SurveyIndexPage, IdeasIndexPage], locale
    index = SurveyIndexPage.objects.get(locale=english())
    index_es = SurveyIndexPage.objects.get(locale=spanish())
    assert index_es.translation_key == index.translation_key
    assert index_es.alias_of_id is None and index_es.live
    assert (index.url, index_es.url) == ("/en/surveys/", "/es/encuestas/")
    assert (index.title, index_es.title) == ("Surveys", "Encuestas")
    assert index.search_description.startswith("Tell the city what you think")
    assert not SectionPage.objects.filter(slug__in=["surveys", "encuestas"]).exists()

    html = client.get("/en/surveys/").content.decode()
    assert "Citywide resident satisfaction survey 2026" in html
    html_es = client.get("/es/encuestas/").content.decode()
    assert "Encuesta de satisfacción de los residentes 2026" in html_es

    for survey in SurveyPage.objects.all():
        assert client.get(survey.url).status_code == 200, survey.url
    assert 'name="access_code"' in client.get(youth("before").url).content.decode()


def test_the_citywide_survey_asks_every_kind_of_question_in_two_languages(seeded, client):
    survey = citywide()
    structure = survey.structure

    assert survey.is_open() and survey.audience == Audience.ANYONE and survey.results_public
    assert {q.kind for q in structure.questions} == QUESTION_KINDS
    assert structure.page_count == 3
    assert any(not item.is_question for page in structure.pages for item in page)  # headings
    assert structure.condition_problems() == []
    (condition,) = structure.conditions.items()
    park_use, (park, yes) = condition
    assert structure.by_id[park_use].label == "What do you use the park for?"
    assert structure.by_id[park].label == "Do you visit a park at least once a month?"
    assert structure.by_id[park].option_label(yes) == "Yes"
    transport = next(q for q in structure.questions if q.kind == "single_choice")
    assert transport.allow_other
    multiple = structure.by_id[park_use]
    assert (multiple.min_choices, multiple.max_choices) == (1, 3)
    rating = next(q for q in structure.questions if q.kind == "rating")
    assert (rating.scale, rating.min_label, rating.max_label) == (
        [1, 2, 3, 4, 5],
        "Very dissatisfied",
        "Very satisfied",
    )
    number = next(q for q in structure.questions if q.kind == "number")
    assert (number.min_value, number.max_value) == (0, 100)

    # The Spanish survey keeps every id and translates every label.
    translation = survey.get_translation(spanish()).specific
    english_questions = survey.structure.questions
    spanish_questions = translation.structure.questions

    assert translation.live and translation.alias_of_id is None
    assert translation.source.pk == survey.pk
    assert [q.id for q in spanish_questions] == [q.id for q in english_questions]
    for en, es in zip(english_questions, spanish_questions, strict=True):
        assert es.label != en.label, en.label
        assert [o.id for o in es.options] == [o.id for o in en.options]
        assert [r.id for r in es.rows] == [r.id for r in en.rows]
        if en.options and en.options[-1].label != "No":
            assert [o.label for o in es.options] != [o.label for o in en.options], en.label
    assert translation.structure.conditions == survey.structure.conditions
    assert (
        Counter(Response.objects.filter(survey=survey).values_list("language", flat=True))["es"]
        > 0.1 * CITYWIDE_RESPONSES
    )

    html = client.get(translation.url).content.decode()
    assert "¿En qué calle vive?" in html


def test_about_three_thousand_responses_over_sixty_days_and_five_neighborhoods(seeded):
    survey = citywide()
    responses = Response.objects.filter(survey=survey)
    now = timezone.now()

    assert responses.count() == CITYWIDE_RESPONSES
    # An anonymous survey: each response keeps the start of its day, nothing finer.
    days = {
        timezone.localtime(moment) for moment in responses.values_list("submitted_at", flat=True)
    }
    assert {(d.hour, d.minute, d.second, d.microsecond) for d in days} == {(0, 0, 0, 0)}
    today = timezone.localdate(now)
    assert max(days).date() <= today
    assert min(days).date() >= today - timedelta(days=CITYWIDE_DAYS)
    assert max(days).date() > today - timedelta(days=7)
    assert min(days).date() < today - timedelta(days=CITYWIDE_DAYS - 7)
    per_neighborhood = Counter(responses.values_list("neighborhood__slug", flat=True))
    assert len(per_neighborhood) == 5 and None not in per_neighborhood
    assert min(per_neighborhood.values()) > 0.1 * CITYWIDE_RESPONSES
    paper = responses.filter(channel=Channel.PAPER)
    assert 100 < paper.count() < 500
    assert set(paper.values_list("entered_by__email", flat=True)) == {"staff@example.org"}
    assert not responses.filter(channel=Channel.WEB, entered_by__isnull=False).exists()
    assert not responses.filter(user__isnull=False).exists()  # an anonymous survey


def test_the_answers_are_what_the_service_would_store_and_the_tallies_are_exact(seeded):
    survey = citywide()
    structure = survey.structure
    by_label = {q.label: q for q in structure.questions}
    answers = Answer.objects.filter(survey=survey)

    assert tallies.stored_counts(survey.pk) == tallies.computed_counts(
        survey.pk, Response.objects.filter(survey=survey)
    )
    # Every response answered every required question; optional ones were sometimes skipped.
    for question in structure.questions:
        answered = answers.filter(question=question.id).values("response").distinct().count()
        if question.required and not question.has_condition:
            assert answered == CITYWIDE_RESPONSES, question.label
        else:
            assert 0 < answered < CITYWIDE_RESPONSES, question.label
    # "Other" with what people typed, and free texts.
    transport = by_label["How do you usually get around?"]
    others = answers.filter(question=transport.id, option=OTHER)
    assert others.exists() and not others.filter(text="").exists()
    assert answers.filter(question=by_label["What street do you live on?"].id).exclude(text="")
    comments = by_label["Is there anything else you would like the city to know?"]
    assert answers.filter(question=comments.id).exclude(text="").count() > 100
    # The condition held: only people who visit a park said what they use it for.
    park = by_label["Do you visit a park at least once a month?"]
    use = by_label["What do you use the park for?"]
    yes = option_id(survey, park.number, "Yes")
    visitors = set(answers.filter(question=park.id, option=yes).values_list("response", flat=True))
    users = set(answers.filter(question=use.id).values_list("response", flat=True))
    assert users == visitors
    per_response = Counter(answers.filter(question=use.id).values_list("response", flat=True))
    assert set(per_response.values()) == {1, 2, 3}
    # Rankings give every option a different place; matrices answer every row.
    priorities = by_label["Rank these priorities for next year's budget"]
    places = answers.filter(question=priorities.id).values_list("response", "number")
    per_response = Counter(response for response, _ in places)
    assert len(per_response) == CITYWIDE_RESPONSES and set(per_response.values()) == {4}
    assert {number for _, number in places} == {1.0, 2.0, 3.0, 4.0}
    matrix = by_label["How would you rate these in your neighborhood?"]
    rows = Counter(answers.filter(question=matrix.id).values_list("response", flat=True))
    assert set(rows.values()) == {4}


def test_the_demo_resident_may_still_answer_the_citywide_survey(seeded, client):
    survey = citywide()
    resident = get_user_model().objects.get(email="resident@example.org")
    assert not rules.has_answered(survey, resident)
    assert rules.refusal(survey, resident) is None
    client.force_login(resident)
    assert 'id="survey-form"' in client.get(survey.url).content.decode()

    response = services.submit_response(
        survey,
        raw(
            survey,
            {
                2: "4",
                3: "Bike",
                4: "No",
                6: "4",
                7: {
                    "Street cleaning": "Good",
                    "Street lighting": "Fair",
                    "Trash and recycling pickup": "Good",
                    "Parks and playgrounds": "Excellent",
                },
                8: [
                    "Parks and recreation centers",
                    "Libraries",
                    "Public safety",
                    "Repairing streets and sidewalks",
                ],
            },
        ),
        user=resident,
    )

    assert response.neighborhood.slug == "kensington"
    assert rules.has_answered(survey, resident)
    assert response.user is None and not Participation.objects.exists()  # anonymous
    assert "already answered" in client.get(survey.url).content.decode()


def test_youth_pre_and_post_surveys_with_session_codes_show_an_improvement(seeded):
    pre, post = youth("before"), youth("after")

    for survey in (pre, post):
        assert survey.audience == Audience.CODE and not survey.results_public
        assert survey.is_open()
        translation = survey.get_translation(spanish()).specific
        assert translation.live and translation.title != survey.title
    assert post.pre_survey == pre
    matches = [(m.pre_question, m.post_question) for m in post.question_matches.all()]
    assert len(matches) == 5
    for pre_number, post_number in matches:
        assert (
            pre.structure.by_number[pre_number].label == post.structure.by_number[post_number].label
        )
    assert pre.structure.by_number[1].label == "How much do you know about what 311 does?"
    assert pre.structure.by_number[2].label == "Have you ever reported a problem to the city?"
    code = AccessCode.objects.get(code="PARK24")
    assert (code.survey, code.segment) == (pre, "Hunting Park session, spring")
    for session in SESSIONS:
        for key, typed in session["codes"].items():
            code = AccessCode.objects.get(code=typed)
            assert code.survey == (pre if key == "youth-pre" else post)
            assert code.segment == session["segment"] and code.is_valid()
    assert rules.refusal(pre, AnonymousUser(), AccessCode.objects.get(code="PARK24")) is None

    # The answers after each session show what it changed.
    for session in SESSIONS:
        segment = session["segment"]
        assert Response.objects.filter(survey=pre, segment=segment).count() == session["before"]
        assert Response.objects.filter(survey=post, segment=segment).count() == session["after"]
        for number in (1, 3, 5):
            assert _mean_rating(post, number, segment) > _mean_rating(pre, number, segment) + 0.3
        assert _share_yes(post, segment) > _share_yes(pre, segment)
        first_after = Response.objects.filter(survey=post, segment=segment).earliest("submitted_at")
        last_before = Response.objects.filter(survey=pre, segment=segment).latest("submitted_at")
        # Anonymous surveys keep the day: the session's "after" is not before its "before".
        assert first_after.submitted_at >= last_before.submitted_at
    for survey in (pre, post):
        assert tallies.stored_counts(survey.pk) == tallies.computed_counts(
            survey.pk, Response.objects.filter(survey=survey)
        )
        assert not Response.objects.filter(survey=survey, user__isnull=False).exists()


def _mean_rating(survey, number, segment):
    question = survey.structure.by_number[number]
    return mean(
        Answer.objects.filter(
            survey=survey, question=question.id, response__segment=segment
        ).values_list("number", flat=True)
    )


def _share_yes(survey, segment):
    question = survey.structure.by_number[2]
    yes = option_id(survey, 2, "Yes")
    answers = Answer.objects.filter(survey=survey, question=question.id, response__segment=segment)
    return answers.filter(option=yes).count() / answers.count()


def old_database(*, with_a_page_under_surveys):
    """What seed_demo built before surveys had their own section: a plain SectionPage."""
    en, _ = Locale.objects.get_or_create(language_code="en")
    es, _ = Locale.objects.get_or_create(language_code="es")
    home = HomePage(title="Home", slug="engage-home", locale=en)
    Page.get_first_root_node().add_child(instance=home)
    old = SectionPage(title="Surveys", slug="surveys", show_in_menus=True, locale=en)
    home.add_child(instance=old)
    old.save_revision().publish()
    old_es = old.copy_for_translation(es, copy_parents=True)
    old_es.slug = "encuestas"
    old_es.save_revision().publish()
    if with_a_page_under_surveys:
        old.add_child(instance=ContentPage(title="How surveys work", slug="how"))
    return old


def test_an_old_surveys_section_page_is_replaced(db, client):
    old_database(with_a_page_under_surveys=False)

    call_command("seed_demo", verbosity=0)

    assert not SectionPage.objects.filter(slug__in=["surveys", "encuestas"]).exists()
    assert set(SurveyIndexPage.objects.values_list("slug", flat=True)) == {"surveys", "encuestas"}
    assert Response.objects.count() > CITYWIDE_RESPONSES
    assert client.get("/es/encuestas/").status_code == 200


def test_an_old_surveys_section_with_pages_under_it_is_left_alone(db):
    old = old_database(with_a_page_under_surveys=True)

    call_command("seed_demo", verbosity=0)

    assert SectionPage.objects.filter(pk=old.pk, numchild=1).exists()
    assert not SurveyIndexPage.objects.exists()
    assert not SurveyPage.objects.exists()
    assert IdeasIndexPage.objects.exists()  # the other parts load all the same
