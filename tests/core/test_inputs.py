"""The edge guard: engage.core.inputs and InputGuardMiddleware.

A path with control characters gets a 400 page (not a server error) before any view runs;
query parameters and cookies carrying them are left out; the parsers refuse what cannot be
stored.
"""

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from engage.core.inputs import (
    OutOfRange,
    has_control_characters,
    parse_datetime,
    parse_id,
    parse_number,
    printable,
)
from tests.ideas.factories import IdeaFactory, make_campaign
from tests.reports.factories import ReportFactory
from tests.surveys.factories import make_survey, q


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("plain text", False),
        ("tabs\tand\nlines\r\n", False),
        ("é ñ 中 \u202e \ufffd", False),
        ("a\x00b", True),
        ("\x1b[31m", True),
        ("\x7f", True),
        (["ok", ["deep\x00"]], True),
        ({"key\x00": "ok"}, True),
        ({"key": ["ok"]}, False),
        (12, False),
        (None, False),
    ],
)
def test_control_characters_are_found_in_text_lists_and_dicts(value, expected):
    assert has_control_characters(value) is expected


def test_printable_shows_control_characters_escaped():
    assert printable("a\x00b\x1f") == "a\\x00b\\x1f"


@pytest.mark.parametrize(
    "value",
    [
        "0001-01-01",
        "9999-12-31",
        "0001-01-01T00:00:00+23:59",
        "9999-12-31T23:59:59-23:59",
        "9998-12-31T23:00:00",  # local New York time: already 9999 in UTC
        "0002-01-01T00:00:00+00:01",
    ],
)
def test_date_times_the_database_cannot_hold_are_out_of_range(value):
    with pytest.raises(OutOfRange):
        parse_datetime(value)


@pytest.mark.parametrize("value", ["", "yesterday", "2026-02-30", "2026-01-01T25:00", "2026\x00"])
def test_what_is_not_iso_8601_is_a_value_error(value):
    with pytest.raises(ValueError):
        parse_datetime(value)


def test_dates_in_range_are_aware_with_a_date_alone_at_local_midnight():
    assert parse_datetime("2026-03-01T10:00:00Z") == datetime(2026, 3, 1, 10, tzinfo=UTC)
    midnight = parse_datetime("2026-03-01")
    assert midnight.utcoffset() is not None
    assert (midnight.hour, midnight.minute) == (0, 0)
    assert parse_datetime("0002-01-01T00:00:00Z") == datetime(2, 1, 1, tzinfo=UTC)


@pytest.mark.parametrize("value", ["1e5000", "-1e5000", "1e15", "9" * 5000])
def test_numbers_too_large_to_write_back_are_out_of_range(value):
    with pytest.raises(OutOfRange):
        parse_number(value)


@pytest.mark.parametrize("value", ["nan", "NaN", "inf", "-Infinity", "12abc", "", "1\x00"])
def test_what_is_not_a_finite_number_is_a_value_error(value):
    with pytest.raises(ValueError):
        parse_number(value)


def test_finite_numbers_are_decimals():
    assert parse_number(" -2.5 ") == Decimal("-2.5")
    assert parse_number("1e-5000") == Decimal("1e-5000")


@pytest.mark.parametrize(
    ("value", "expected"),
    [("12", 12), (" 7 ", 7), ("²", None), ("١٢", None), ("9" * 19, None), ("-1", None), ("", None)],
)
def test_ids_are_ascii_digits_that_int_can_read(value, expected):
    assert parse_id(value) == expected


# The middleware ---------------------------------------------------------------------------


@pytest.fixture
def report(db):
    return ReportFactory()


@pytest.mark.parametrize(
    "url",
    [
        "/en/reports/AB%00y/",
        "/en/no-such-page%00/",  # a 404 would look the path up among redirects
        "/x%00y",
        "/en/search%1b/",
    ],
)
def test_a_path_with_control_characters_is_a_400(client, db, url):
    response = client.get(url)

    assert response.status_code == 400
    assert "This address cannot be used" in response.content.decode()


@pytest.mark.parametrize(
    "query",
    ["q=x%00y", "q%00=x", "q=%1b[31m", "tag=x%00y&tag=%00", "page=%7f"],
)
def test_query_parameters_with_control_characters_are_left_out(client, db, query):
    response = client.get(f"/en/reports/?{query}")

    assert response.status_code == 200
    assert response.wsgi_request.GET.dict() == {}
    assert response.wsgi_request.META["QUERY_STRING"] == ""


def test_the_usable_parameters_are_kept(client, report):
    response = client.get("/en/reports/?status=open&category=%00&status=%00")

    assert response.status_code == 200
    assert dict(response.wsgi_request.GET.lists()) == {"status": ["open"]}
    assert response.wsgi_request.META["QUERY_STRING"] == "status=open"
    assert report.reference in response.content.decode()


def test_a_campaign_and_a_survey_ignore_them_in_their_query_too(client, db):
    campaign = make_campaign()
    IdeaFactory(campaign=campaign)
    survey = make_survey([q.short("Your view")], audience="code")

    listed = client.get(campaign.url, {"tag": "x\x00y", "sort": "newest"})
    asked = client.get(survey.url, {"code": "x\x00y"})

    assert listed.status_code == 200
    assert listed.context["sort"] == "newest"
    assert asked.status_code == 200
    assert asked.context["refusal"] is not None  # no code was taken


def test_the_same_addresses_without_them_still_work(client, report):
    assert client.get("/en/search/", {"q": "pothole"}).status_code == 200
    assert client.get(report.get_absolute_url()).status_code == 200


def test_a_cookie_with_control_characters_is_ignored(client, resident):
    client.force_login(resident)
    client.cookies["sessionid"] = "abcdefgh\x00ijkl"
    client.cookies["django_language"] = "es\x00"

    response = client.get("/en/search/")

    assert response.status_code == 200
    assert not response.wsgi_request.user.is_authenticated  # as if no session was sent


def test_views_that_check_their_own_input_answer_in_their_own_format(client, db):
    open311 = client.get("/open311/v2/requests/AB%00CD.xml")
    open_data = client.get("/en/ideas/open-data.json", {"since": "2026\x00"})

    assert open311.status_code == 400
    assert open311["Content-Type"] == "text/xml; charset=utf-8"
    assert b"<description>service_request_id may not contain control" in open311.content
    assert open_data.status_code == 400
    assert open_data.json()["error"].startswith("since must be an ISO 8601 date")


def test_odd_offsets_come_back_in_the_site_time_zone():
    parsed = parse_datetime("2026-05-01T00:00:00+23:59")

    assert parsed == datetime(2026, 4, 30, 0, 1, tzinfo=UTC)
    assert parsed.utcoffset().total_seconds() == -4 * 3600  # New York in May
