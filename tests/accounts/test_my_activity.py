"""“My activity” (/<lang>/me/): each kind of thing the person did, only theirs."""

import pytest
from django.urls import reverse

from engage.reports import services as report_services
from ideas import services as idea_services
from surveys import services as survey_services
from surveys.models import Draft
from tests.factories import UserFactory
from tests.ideas.factories import IdeaFactory
from tests.reports.factories import ReportFactory
from tests.surveys.factories import make_survey, q, raw

pytestmark = pytest.mark.django_db
ME = "/en/me/"


def text(response):
    return response.content.decode()


def one_question_survey(title, **fields):
    return make_survey([q.short("Your street")], title=title, **fields)


def answer(survey, user):
    return survey_services.submit_response(
        survey, raw(survey, {1: "Main Street"}), user=user, language="en"
    )


@pytest.fixture
def me(client, resident):
    client.force_login(resident)
    return resident


@pytest.fixture
def someone_else():
    return UserFactory(display_name="Other")


def test_signed_out_visitors_are_sent_to_log_in(client):
    response = client.get(ME)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert "next=/en/me/" in response["Location"]


def test_the_account_menu_and_the_profile_page_link_to_it(client, me):
    assert 'href="/en/me/"' in text(client.get("/en/profile/"))


def test_every_kind_of_activity_is_listed_for_its_owner(client, me, someone_else):
    mine = ReportFactory(filed_by=me, description="Mine")
    followed = ReportFactory(filed_by=someone_else)
    report_services.follow(followed, me)
    idea = IdeaFactory(author=me, title="Shade trees on Elm Street")
    their_idea = IdeaFactory(author=someone_else, title="A skate park by the river")
    idea_services.cast_vote(their_idea, me)
    idea_services.follow(their_idea, me)
    comment = idea_services.add_comment(their_idea, me, "<p>Yes, <b>please</b>.</p>")
    answered = one_question_survey("Park survey")
    answer(answered, me)
    unfinished = one_question_survey("Library survey")
    survey_services.save_draft(unfinished, me, raw(unfinished, {1: "El"}), 0)

    page = text(client.get(ME))

    assert f"Report {mine.reference}" in page and mine.get_absolute_url() in page
    assert "Submitted" in page
    assert f"Report {followed.reference}" in page
    assert f"Unfollow report {followed.reference}" in page
    assert "Shade trees on Elm Street" in page and idea.get_absolute_url() in page
    assert "A skate park by the river" in page  # voted, commented, followed
    assert f"#comment-{comment.pk}" in page and "Yes, please." in page
    assert "Unfollow “A skate park by the river”" in page
    assert "Park survey" in page
    assert "Continue “Library survey”" in page and unfinished.url in page


def test_nothing_of_other_people_is_listed(client, me, someone_else):
    theirs = ReportFactory(filed_by=someone_else)
    their_idea = IdeaFactory(author=someone_else, title="Somebody else's idea")
    idea_services.add_comment(their_idea, someone_else, "<p>Their comment</p>")
    survey = one_question_survey("Their survey")
    answer(survey, someone_else)
    survey_services.save_draft(survey, someone_else, {}, 0)

    page = text(client.get(ME))

    assert theirs.reference not in page
    assert "Somebody else" not in page
    assert "Their comment" not in page
    assert "Their survey" not in page


def test_nothing_of_an_anonymous_survey_is_listed(client, me):
    anonymous = one_question_survey("Anonymous wellbeing survey", anonymous=True)
    answer(anonymous, me)
    unfinished = one_question_survey("Anonymous draft survey", anonymous=True)
    Draft.objects.create(survey=unfinished, user=me, answers={}, page=0)

    page = text(client.get(ME))

    assert "Anonymous wellbeing survey" not in page
    assert "Anonymous draft survey" not in page
    assert "You have not answered a survey yet" in page


def test_each_section_is_paginated_on_its_own(client, me):
    reports = [ReportFactory(filed_by=me) for _ in range(12)]
    IdeaFactory(author=me, title="Only idea")

    first = text(client.get(ME))
    second = text(client.get(ME + "?reports=2&ideas=1"))

    newest_first = sorted(reports, key=lambda r: (r.submitted_at, r.pk), reverse=True)
    assert newest_first[0].reference in first and newest_first[-1].reference not in first
    assert newest_first[-1].reference in second and newest_first[0].reference not in second
    assert "?reports=2#activity-reports" in first
    assert "Only idea" in second  # the other section keeps its own page
    assert "Page 2 of 2" in second


def test_unfollowing_from_the_page_comes_back_to_it(client, me, someone_else):
    report = ReportFactory(filed_by=someone_else)
    report_services.follow(report, me)
    idea = IdeaFactory(author=someone_else)
    idea_services.follow(idea, me)

    response = client.post(
        f"/en/reports/{report.reference}/follow/", {"action": "unfollow", "next": ME}
    )
    assert response["Location"] == ME
    response = client.post(f"/en/ideas/{idea.pk}/follow/", {"action": "unfollow", "next": ME})
    assert response["Location"] == ME

    page = text(client.get(ME))
    assert "You do not follow any report" in page
    assert "You do not follow any idea" in page


def test_unfollowing_never_redirects_to_another_site(client, me, someone_else):
    report = ReportFactory(filed_by=someone_else)
    response = client.post(
        f"/en/reports/{report.reference}/follow/",
        {"action": "unfollow", "next": "https://evil.example/"},
    )
    assert response["Location"] == report.get_absolute_url()


def test_the_query_count_does_not_grow_with_the_rows(
    client, me, someone_else, django_assert_max_num_queries
):
    def add_rows():
        ReportFactory(filed_by=me)
        followed = ReportFactory(filed_by=someone_else)
        report_services.follow(followed, me)
        idea = IdeaFactory(author=someone_else)
        IdeaFactory(author=me)
        idea_services.cast_vote(idea, me)
        idea_services.follow(idea, me)
        idea_services.add_comment(idea, me, "<p>Agreed.</p>")
        survey = one_question_survey(f"Survey {Draft.objects.count()}")
        answer(survey, me)
        draft = one_question_survey(f"Draft survey {Draft.objects.count()}")
        survey_services.save_draft(draft, me, {}, 0)

    add_rows()
    client.get(ME)  # warm the caches (site root paths, locales)
    with django_assert_max_num_queries(40) as few:
        client.get(ME)
    for _ in range(6):
        add_rows()
    print(f"\n/me/ queries: {len(few.captured_queries)} with one row per section")
    with django_assert_max_num_queries(len(few.captured_queries)) as many:
        response = client.get(ME)
    assert response.status_code == 200
    print(f"/me/ queries: {len(many.captured_queries)} with seven rows per section")
