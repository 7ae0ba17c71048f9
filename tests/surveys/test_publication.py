"""What the public results show of what people typed: the answers only when staff chose
to publish them, never a date on an anonymous survey's answers (page, PDF, CSV), and
"newest first" in the order the responses were given, not the order they were stored."""

import datetime
import re

import pytest
from django.utils import timezone

from surveys.models import Channel, SurveyPage
from surveys.results.summary import survey_results
from surveys.services import submit_response
from tests.surveys.factories import make_survey, q, raw
from tests.surveys.test_exports import as_dicts, download
from tests.surveys.test_report_pdf import get_report, pdf_text
from tests.surveys.test_results import staff  # noqa: F401 - a fixture

pytestmark = pytest.mark.django_db


def ideas_survey(**fields):
    fields.setdefault("results_public", True)
    return make_survey(
        [
            q.single("Do you use the park?", ["Yes", "No"], allow_other=True),  # 1
            q.long("What would you change?"),  # 2
        ],
        **fields,
    )


def given_on(survey, day, change, other=None):
    moment = timezone.make_aware(datetime.datetime(2026, 3, day, 15, 30))
    first = ("Other", other) if other else "Yes"
    return submit_response(
        survey,
        raw(survey, {1: first, 2: change}),
        channel=Channel.PAPER,
        submitted_at=moment,
    )


def results_page(client, survey):
    response = client.get(survey.url + "results/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_setting_is_off_unless_staff_turn_it_on():
    assert SurveyPage._meta.get_field("publish_text_answers").default is False
    assert ideas_survey().publish_text_answers is False


def test_typed_answers_are_not_public_unless_published(client, staff):  # noqa: F811
    survey = ideas_survey()
    given_on(survey, 2, "More benches", other="Sometimes")

    public = results_page(client, survey)
    assert "More benches" not in public and "Sometimes" not in public
    assert "What people typed is not published: only staff read it." in public
    assert "1 of 1 people answered this question." in public  # the count stays

    client.force_login(staff)
    seen_by_staff = results_page(client, survey)
    assert "More benches" in seen_by_staff and "Sometimes" in seen_by_staff
    assert "this survey does not publish them" in seen_by_staff


def test_published_typed_answers_are_public(client):
    survey = ideas_survey(publish_text_answers=True)
    given_on(survey, 2, "More benches", other="Sometimes")

    public = results_page(client, survey)
    assert "More benches" in public and "Sometimes" in public
    assert "not published" not in public


def test_a_translation_follows_the_setting_of_the_survey_in_the_default_language(client):
    from surveys import rules
    from tests.factories import UserFactory

    survey = ideas_survey(publish_text_answers=True)
    visitor = UserFactory()
    assert rules.can_see_text_answers(survey, visitor)
    survey.publish_text_answers = False
    survey.save_revision().publish()
    assert not rules.can_see_text_answers(SurveyPage.objects.get(pk=survey.pk), visitor)


# Dates --------------------------------------------------------------------------------------


@pytest.mark.parametrize("anonymous", [True, False])
def test_anonymous_answers_carry_no_date_on_the_results_page(client, staff, anonymous):  # noqa: F811
    survey = ideas_survey(anonymous=anonymous, publish_text_answers=True)
    given_on(survey, 2, "More benches", other="Sometimes")
    client.force_login(staff)

    content = results_page(client, survey)

    assert "More benches" in content
    assert ("survey-texts__date" in content) is not anonymous
    assert ("March 2, 2026" in content) is not anonymous


@pytest.mark.parametrize("anonymous", [True, False])
def test_anonymous_answers_carry_no_date_in_the_pdf(staff, anonymous):  # noqa: F811
    survey = ideas_survey(anonymous=anonymous)
    given_on(survey, 2, "More benches")

    _reader, text = pdf_text(get_report(survey, staff))

    assert "More benches" in text
    assert ("March 2, 2026" in text) is not anonymous


@pytest.mark.parametrize("anonymous", [True, False])
def test_anonymous_answers_carry_no_date_in_the_csv(client, staff, anonymous):  # noqa: F811
    survey = ideas_survey(anonymous=anonymous)
    response = given_on(survey, 2, "More benches")
    client.force_login(staff)

    table = download(client, survey)
    (row,) = as_dicts(table)

    assert row["2. What would you change?"] == "More benches"
    assert ("Submitted at" in row) is not anonymous
    assert ("Response ID" in row) is not anonymous
    text = "\n".join(",".join(cells) for cells in table)
    assert ("2026-03-02" in text) is not anonymous
    assert (str(response.pk) in text) is not anonymous


def test_the_public_cannot_filter_an_anonymous_survey_by_day(client, staff):  # noqa: F811
    survey = ideas_survey(anonymous=True, publish_text_answers=True)
    given_on(survey, 2, "More benches")
    given_on(survey, 9, "Fewer cars")

    public = client.get(survey.url + "results/", {"since": "2026-03-09", "until": "2026-03-09"})
    content = public.content.decode()
    assert 'id="id_since"' not in content and 'id="id_until"' not in content
    assert "More benches" in content and "Fewer cars" in content  # the filter is not applied

    client.force_login(staff)
    filtered = client.get(survey.url + "results/", {"since": "2026-03-09", "until": "2026-03-09"})
    assert "More benches" not in filtered.content.decode()


# Newest first -------------------------------------------------------------------------------


@pytest.mark.parametrize("anonymous", [True, False])
def test_newest_first_is_the_order_the_answers_were_given(anonymous):
    """Paper forms are typed in late: stored order is not the order they were given."""
    survey = ideas_survey(anonymous=anonymous, publish_text_answers=True)
    for day in (10, 3, 25, 1, 17):
        given_on(survey, day, f"Given on March {day}", other=f"Other of March {day}")

    _count, results = survey_results(survey)
    texts = [a.text for a in results[1].texts.answers]
    others = [a.text for a in results[0].others.answers]

    assert texts == [f"Given on March {day}" for day in (25, 17, 10, 3, 1)]
    assert others == [f"Other of March {day}" for day in (25, 17, 10, 3, 1)]


def test_newest_first_on_the_page_and_across_pages(client):
    survey = ideas_survey(publish_text_answers=True)
    for day in (10, 3, 25, 1, 17):
        given_on(survey, day, f"Given on March {day}")
    content = results_page(client, survey)
    found = re.findall(r"Given on March (\d+)", content)
    assert found == ["25", "17", "10", "3", "1"]
