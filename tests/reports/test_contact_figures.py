"""The contact center's figures: the maths on known data, months in the city's time zone,
a fixed number of queries, the admin page and its CSV downloads for staff only, formulas
neutralised."""

import csv
import io
from datetime import date, datetime
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.utils import timezone

from engage.accounts.roles import LIAISON, MODERATOR, STAFF
from engage.reports.figures import (
    answer_figures,
    compute,
    contact_groups,
    default_period,
    months_between,
    share,
)
from engage.reports.models import AnswerFeedback, AnswerViews, Contact, FieldUpdate
from tests.factories import PASSWORD, UserFactory
from tests.reports.contact_center_factories import ContactFactory, PersonFactory, make_answer
from tests.reports.factories import CategoryFactory, ReportFactory

pytestmark = pytest.mark.django_db
FIGURES = "/admin/contact-center/figures/"
Kind, Channel = Contact.Kind, Contact.Channel


@pytest.fixture(autouse=True)
def fresh_cache():
    """The page keeps its figures in the cache: each test starts without them."""
    cache.clear()


def local(*args):
    return timezone.make_aware(datetime(*args))


def contact(when, channel, kind, resolved=False):
    return ContactFactory(
        created_at=when, channel=channel, kind=kind, resolved_first_contact=resolved
    )


def feedback(page, when, helpful, **fields):
    return AnswerFeedback.objects.create(page=page, created_at=when, helpful=helpful, **fields)


@pytest.fixture
def center():
    """March and April 2026, with something either side of the period."""
    contact(local(2026, 2, 27, 10), Channel.PHONE, Kind.INFORMATION, resolved=True)  # before
    contact(local(2026, 3, 2, 9), Channel.PHONE, Kind.INFORMATION, resolved=True)
    contact(local(2026, 3, 2, 11), Channel.PHONE, Kind.INFORMATION)
    contact(local(2026, 3, 9, 14), Channel.WALK_IN, Kind.COMPLAINT, resolved=True)
    # A filed request is handed to a department: never counted for first-contact resolution,
    # even if the agent ticked the box.
    contact(local(2026, 3, 12, 10), Channel.EMAIL, Kind.REQUEST, resolved=True)
    # 22:00 on 31 March in Philadelphia is already April in UTC: it counts in March.
    contact(local(2026, 3, 31, 22), Channel.SOCIAL, Kind.COMPLIMENT, resolved=True)
    contact(local(2026, 4, 20, 16), Channel.PHONE, Kind.COMPLAINT)
    contact(local(2026, 5, 1, 0, 30), Channel.PHONE, Kind.INFORMATION, resolved=True)  # after

    trash = make_answer("When is my trash collected?")
    snow = make_answer("Who removes snow on my street?")
    AnswerViews.objects.bulk_create(
        [
            AnswerViews(page=trash, day=date(2026, 2, 28), views=100),  # before
            AnswerViews(page=trash, day=date(2026, 3, 3), views=10),
            AnswerViews(page=trash, day=date(2026, 3, 31), views=5),
            AnswerViews(page=trash, day=date(2026, 4, 1), views=7),
            AnswerViews(page=snow, day=date(2026, 3, 10), views=2),
        ]
    )
    feedback(trash, local(2026, 3, 3, 12), True)
    feedback(trash, local(2026, 3, 4, 12), False, comment="It did not say which day.")
    feedback(
        trash,
        local(2026, 4, 1, 8),
        True,
        source=AnswerFeedback.Source.REPORT_FORM,
        avoided_request=True,
    )
    feedback(snow, local(2026, 3, 31, 23), True)  # April in UTC, March here
    feedback(snow, local(2026, 5, 2, 9), False)  # after

    report = ReportFactory(category=CategoryFactory())
    for key, made_at in (
        ("late-march", local(2026, 3, 31, 23)),  # sent the next morning: still March
        ("april", local(2026, 4, 2, 10)),
    ):
        FieldUpdate.objects.create(
            report=report,
            client_key=key,
            status="in_progress",
            made_at=made_at,
            received_at=local(2026, 4, 2, 11),
        )
    return trash, snow


def months(figures):
    return {f"{row.month:%Y-%m}": row for row in figures.months}


def test_the_figures_per_month(center):
    figures = compute(date(2026, 3, 1), date(2026, 4, 1))
    march, april = months(figures)["2026-03"], months(figures)["2026-04"]

    assert [f"{row.month:%Y-%m}" for row in figures.months] == ["2026-04", "2026-03"]
    assert march.contacts == 5
    assert march.by_channel == {"phone": 2, "walk_in": 1, "email": 1, "social": 1}
    assert march.by_kind == {"information": 2, "complaint": 1, "request": 1, "compliment": 1}
    assert (march.resolvable, march.resolved_first_contact) == (4, 3)
    assert march.first_contact_rate == Decimal("75.0")
    assert (march.answer_views, march.feedback, march.helpful) == (17, 3, 2)
    assert march.helpful_share == Decimal("66.7")
    assert march.requests_avoided == 0
    assert march.field_updates == 1

    assert april.contacts == 1
    assert april.first_contact_rate == Decimal("0.0")
    assert (april.answer_views, april.feedback, april.helpful) == (7, 1, 1)
    assert april.helpful_share == Decimal("100.0")
    assert april.requests_avoided == 1
    assert april.field_updates == 1


def test_the_totals_of_the_period(center):
    totals = compute(date(2026, 3, 1), date(2026, 4, 1)).totals

    assert totals.contacts == 6
    assert totals.by_channel == {"phone": 3, "walk_in": 1, "email": 1, "social": 1}
    assert (totals.resolvable, totals.resolved_first_contact) == (5, 3)
    assert totals.first_contact_rate == Decimal("60.0")
    assert (totals.answer_views, totals.feedback, totals.helpful) == (24, 4, 3)
    assert totals.helpful_share == Decimal("75.0")
    assert totals.requests_avoided == 1
    assert totals.field_updates == 2


def test_contacts_by_channel_and_kind(center):
    figures = compute(date(2026, 3, 1), date(2026, 4, 1))

    assert figures.channel_kind == {
        ("phone", "information"): 2,
        ("phone", "complaint"): 1,
        ("walk_in", "complaint"): 1,
        ("email", "request"): 1,
        ("social", "compliment"): 1,
    }
    rows = {str(label): (counts, total) for label, counts, total in figures.channel_kind_rows()}
    # Columns in the order of Contact.Kind: information, complaint, compliment, request.
    assert rows["Phone"] == ([2, 1, 0, 0], 3)
    assert rows["E-mail"] == ([0, 0, 0, 1], 1)


def test_the_most_read_answers(center):
    trash, snow = center

    answers = compute(date(2026, 3, 1), date(2026, 4, 1)).top_answers

    assert [(a.page_id, a.views, a.feedback, a.helpful) for a in answers] == [
        (trash.pk, 22, 3, 2),
        (snow.pk, 2, 1, 1),
    ]
    assert answers[0].title == "When is my trash collected?"
    assert answers[0].helpful_share == Decimal("66.7")
    assert answers[0].requests_avoided == 1


def test_a_month_with_nothing_has_no_rates():
    figures = compute(date(2026, 3, 1), date(2026, 3, 1))

    (march,) = figures.months
    assert march.contacts == 0
    assert march.first_contact_rate is None
    assert march.helpful_share is None
    assert figures.top_answers == []


def test_the_queries_do_not_grow_with_the_data(center, django_assert_num_queries):
    # Four grouped queries (contacts, views, feedback, field updates) and two for the
    # most read answers.
    with django_assert_num_queries(6):
        compute(date(2026, 1, 1), date(2026, 12, 1))
    trash, _snow = center
    for day in range(1, 29):
        contact(local(2026, 6, day, 9), Channel.PHONE, Kind.INFORMATION, resolved=True)
        AnswerViews.objects.create(page=make_answer(), day=date(2026, 6, day), views=day)
        feedback(trash, local(2026, 6, day, 10), day % 2 == 0)

    with django_assert_num_queries(6):
        figures = compute(date(2026, 1, 1), date(2026, 12, 1))
    assert months(figures)["2026-06"].contacts == 28
    assert len(figures.top_answers) == 10


def test_shares_and_months():
    assert share(1, 3) == Decimal("33.3")
    assert share(2, 3) == Decimal("66.7")
    assert share(0, 0) is None
    assert months_between(date(2025, 11, 1), date(2026, 2, 1)) == [
        date(2025, 11, 1),
        date(2025, 12, 1),
        date(2026, 1, 1),
        date(2026, 2, 1),
    ]
    assert default_period(date(2026, 3, 15)) == (date(2025, 4, 1), date(2026, 3, 1))


def test_all_answers_for_the_csv(center):
    answers = answer_figures(date(2026, 3, 1), date(2026, 5, 1))

    assert [a.views for a in answers] == [22, 2]


# The admin page ---------------------------------------------------------------------------


def log_in(client, roles):
    client.login(email=UserFactory(roles=roles).email, password=PASSWORD)
    return client


def test_staff_see_the_figures(client, center):
    response = log_in(client, [STAFF]).get(FIGURES, {"first": "2026-03", "last": "2026-04"})

    assert response.status_code == 200
    page = response.content.decode()
    assert response.context["figures"].totals.contacts == 6
    assert "60.0 %" in page  # first-contact resolution of the period
    assert "When is my trash collected?" in page
    assert 'href="/admin/contact-center/figures/months.csv?first=2026-03&amp;last=2026-04"' in page


def test_the_page_keeps_its_figures_for_a_while(client, center, settings):
    settings.CONTACT_FIGURES_CACHE_SECONDS = 300
    client = log_in(client, [STAFF])
    params = {"first": "2026-03", "last": "2026-04"}
    client.get(FIGURES, params)
    contact(local(2026, 3, 20, 9), Channel.PHONE, Kind.INFORMATION)

    kept = client.get(FIGURES, params).context["figures"]
    csv_rows = read_csv(client.get(FIGURES + "months.csv", params))

    assert kept.totals.contacts == 6
    assert csv_rows[-1][1] == "7"  # the downloads always count afresh


def test_without_the_cache_the_page_counts_every_time(client, center, settings):
    settings.CONTACT_FIGURES_CACHE_SECONDS = 0
    client = log_in(client, [STAFF])
    params = {"first": "2026-03", "last": "2026-04"}
    client.get(FIGURES, params)
    contact(local(2026, 3, 20, 9), Channel.PHONE, Kind.INFORMATION)

    assert client.get(FIGURES, params).context["figures"].totals.contacts == 7


def test_the_default_period_is_the_last_twelve_months(client):
    response = log_in(client, [STAFF]).get(FIGURES)

    figures = response.context["figures"]
    assert (figures.first, figures.last) == default_period()
    assert len(figures.months) == 12


def test_a_bad_month_is_named_and_the_default_period_shown(client):
    response = log_in(client, [STAFF]).get(FIGURES, {"first": "March", "last": "2026-04"})

    assert response.status_code == 200
    assert "Enter a month as YYYY-MM" in response.content.decode()
    assert response.context["figures"].first == default_period()[0]


def test_a_period_backwards_or_too_long_is_refused(client):
    client = log_in(client, [STAFF])

    backwards = client.get(FIGURES, {"first": "2026-04", "last": "2026-03"})
    too_long = client.get(FIGURES, {"first": "2020-01", "last": "2026-03"})

    assert "The first month must come before the last one." in backwards.content.decode()
    assert "Choose at most 60 months at a time." in too_long.content.decode()


@pytest.mark.parametrize("roles", [[MODERATOR], [LIAISON], []])
def test_only_staff_see_the_figures(client, roles):
    client = log_in(client, roles)

    assert client.get(FIGURES).status_code in (302, 403)
    assert client.get(FIGURES + "months.csv").status_code in (302, 403)
    assert client.get(FIGURES + "answers.csv").status_code in (302, 403)


def test_visitors_are_sent_to_log_in(client):
    response = client.get(FIGURES + "months.csv")

    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_the_menu_shows_the_figures_to_staff_only(client):
    assert "Contact center figures" in log_in(client, [STAFF]).get("/admin/").content.decode()
    client.logout()
    assert (
        "Contact center figures" not in log_in(client, [MODERATOR]).get("/admin/").content.decode()
    )


# CSV ----------------------------------------------------------------------------------------


def read_csv(response):
    text = b"".join(response.streaming_content).decode("utf-8").lstrip("\ufeff")
    return list(csv.reader(io.StringIO(text)))


def test_the_monthly_table_as_csv(client, center):
    response = log_in(client, [STAFF]).get(
        FIGURES + "months.csv", {"first": "2026-03", "last": "2026-04"}
    )

    assert response["Content-Disposition"] == (
        'attachment; filename="contact-center-figures-2026-03-to-2026-04-'
        f'{timezone.localdate():%Y-%m-%d}.csv"'
    )
    header, march, april, total = read_csv(response)
    assert header[:3] == ["Month", "Contacts", "Channel: Phone"]
    row = dict(zip(header, march, strict=True))
    assert row["Month"] == "2026-03"
    assert row["Contacts"] == "5"
    assert row["Channel: Walk-in"] == "1"
    assert row["Kind: Service request filed"] == "1"
    assert row["First-contact resolution (%)"] == "75.0"
    assert row["Found helpful (%)"] == "66.7"
    assert april[0] == "2026-04"
    total = dict(zip(header, total, strict=True))
    assert (total["Month"], total["Contacts"], total["Field updates"]) == ("Total", "6", "2")
    assert total["Requests avoided after an answer"] == "1"


def test_a_rate_with_nothing_to_count_is_empty_in_the_csv(client):
    response = log_in(client, [STAFF]).get(
        FIGURES + "months.csv", {"first": "2026-03", "last": "2026-03"}
    )

    header, march, _total = read_csv(response)
    assert dict(zip(header, march, strict=True))["First-contact resolution (%)"] == ""


def test_contacts_per_month_channel_and_kind_as_csv(client, center):
    response = log_in(client, [STAFF]).get(
        FIGURES + "contacts.csv", {"first": "2026-03", "last": "2026-04"}
    )

    rows = read_csv(response)
    assert rows[0] == ["Month", "Channel", "Kind", "Contacts", "Resolved on first contact"]
    assert ["2026-03", "Phone", "Information given", "2", "1"] in rows
    assert ["2026-03", "Social media", "Compliment", "1", "1"] in rows
    assert ["2026-04", "Phone", "Complaint", "1", "0"] in rows
    assert len(rows) == 1 + 5  # the combinations that occurred


def test_the_answers_csv_neutralises_formulas(client):
    answer = make_answer('=HYPERLINK("http://evil.example","Trash day")', slug="trash-day")
    AnswerViews.objects.create(page=answer, day=date(2026, 3, 3), views=4)
    feedback(answer, local(2026, 3, 3, 9), True)

    response = log_in(client, [STAFF]).get(
        FIGURES + "answers.csv", {"first": "2026-03", "last": "2026-03"}
    )

    header, row = read_csv(response)
    assert header[:2] == ["Page ID", "Answer"]
    assert row == [
        str(answer.pk),
        '\'=HYPERLINK("http://evil.example","Trash day")',
        "en",
        "4",
        "1",
        "1",
        "100.0",
        "0",
    ]


def test_an_unknown_table_is_not_found(client):
    assert log_in(client, [STAFF]).get(FIGURES + "people.csv").status_code == 404


def test_figures_never_name_a_caller(client, center):
    ContactFactory(person=PersonFactory(name="Dana Ruiz"), created_at=local(2026, 3, 5, 9))
    client = log_in(client, [STAFF])
    params = {"first": "2026-03", "last": "2026-04"}

    assert "Dana Ruiz" not in client.get(FIGURES, params).content.decode()
    for table in ("months", "contacts", "answers"):
        response = client.get(FIGURES + f"{table}.csv", params)
        assert "Dana Ruiz" not in b"".join(response.streaming_content).decode()


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's query plan")
def test_the_contacts_are_counted_from_the_figures_index():
    query = contact_groups(months_between(date(2026, 1, 1), date(2026, 12, 1)))

    assert "COVERING INDEX reports_contact_figures" in query.explain()
