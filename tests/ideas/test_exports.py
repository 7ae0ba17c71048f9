"""The staff CSV of ideas: streamed, filtered like the list, formulas neutralised, no e-mails."""

import csv
import io

import pytest
from django.db import connection
from django.http import StreamingHttpResponse
from django.test.utils import CaptureQueriesContext

from engage.accounts.roles import MODERATOR, STAFF
from engage.core.exports import csv_lines, neutralise
from ideas import exports, services
from ideas.models import Idea
from tests.factories import NeighborhoodFactory, UserFactory
from tests.ideas.factories import IdeaFactory, make_campaign

IDEAS = "/admin/snippets/ideas/idea/"
EXPORT = IDEAS + "export/"

HEADER = [
    "ID",
    "Title",
    "Summary",
    "Status",
    "Campaign",
    "Neighborhood",
    "Tags",
    "Votes",
    "Comments",
    "Open flags",
    "Author",
    "Published",
    "URL",
]


@pytest.fixture
def staff_client(client, db):
    client.force_login(UserFactory(roles=[STAFF]))
    return client


def download(client, **params):
    response = client.get(EXPORT, params)
    assert response.status_code == 200
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="ideas-')
    raw = b"".join(response.streaming_content)
    assert raw.startswith(b"\xef\xbb\xbf"), "Excel needs the UTF-8 byte order mark"
    return raw.decode("utf-8-sig")


def rows_of(text):
    return list(csv.DictReader(io.StringIO(text)))


@pytest.mark.django_db
def test_the_csv_holds_every_column_with_exact_counts(staff_client, campaign):
    kensington = NeighborhoodFactory(name="Kensington")
    author = UserFactory(email="writer@example.org", display_name="Wren")
    idea = IdeaFactory(
        campaign=campaign,
        author=author,
        title="Shade trees",
        summary="Plant trees on Main Street",
        neighborhood=kensington,
        tags=["trees", "parks"],
    )
    for _ in range(3):
        services.cast_vote(idea, UserFactory())
    services.add_comment(idea, UserFactory(), "<p>Yes please</p>")
    services.flag(UserFactory(), reason="spam", idea=idea)

    text = download(staff_client)

    assert next(csv.reader(io.StringIO(text))) == HEADER
    [row] = rows_of(text)
    assert row["ID"] == str(idea.pk)
    assert row["Title"] == "Shade trees"
    assert row["Summary"] == "Plant trees on Main Street"
    assert row["Status"] == "Published"
    assert row["Campaign"] == campaign.title
    assert row["Neighborhood"] == "Kensington"
    assert row["Tags"] == "parks, trees"
    assert (row["Votes"], row["Comments"], row["Open flags"]) == ("3", "1", "1")
    assert row["Author"] == "Wren"
    assert row["Published"].startswith(f"{idea.published_at.year}-")
    assert row["URL"] == f"http://testserver/en/ideas/{idea.pk}/"


@pytest.mark.django_db
def test_no_e_mail_address_leaves_in_the_csv(staff_client, campaign):
    IdeaFactory(campaign=campaign, author=UserFactory(email="private@example.org"))
    IdeaFactory(campaign=campaign, author=UserFactory(email="hidden@example.org", display_name=""))

    text = download(staff_client)

    assert "@example.org" not in text
    assert len(rows_of(text)) == 2


@pytest.mark.django_db
def test_spreadsheet_formulas_are_neutralised(staff_client, campaign):
    IdeaFactory(
        campaign=campaign,
        title='=HYPERLINK("http://evil.example","Click me")',
        summary="+SUM(A1:A9)",
        tags=["@cmd"],
        author=UserFactory(display_name="-2+3"),
    )

    [row] = rows_of(download(staff_client))

    assert row["Title"] == '\'=HYPERLINK("http://evil.example","Click me")'
    assert row["Summary"] == "'+SUM(A1:A9)"
    assert row["Tags"] == "'@cmd"
    assert row["Author"] == "'-2+3"


@pytest.mark.django_db
def test_the_csv_honours_the_lists_filters_and_search(staff_client, campaign):
    other = make_campaign("Libraries")
    parks = IdeaFactory(campaign=campaign, title="Park benches")
    library = IdeaFactory(campaign=other, title="Longer library hours")
    general = IdeaFactory(title="Bike lanes")
    flagged = IdeaFactory(campaign=campaign, title="Flagged thing")
    services.flag(UserFactory(), reason="spam", idea=flagged)
    decided = IdeaFactory(campaign=campaign, title="Decided thing", status=Idea.Status.ACCEPTED)

    def titles(**params):
        return {row["Title"] for row in rows_of(download(staff_client, **params))}

    assert titles() == {idea.title for idea in (parks, library, general, flagged, decided)}
    assert titles(campaign=other.pk) == {"Longer library hours"}
    assert titles(campaign="null") == {"Bike lanes"}
    assert titles(status="accepted") == {"Decided thing"}
    assert titles(flagged="true") == {"Flagged thing"}
    assert titles(q="bench") == {"Park benches"}
    assert titles(q=str(library.pk)) == {"Longer library hours"}
    # The list's order is kept.
    ordered = [row["Title"] for row in rows_of(download(staff_client, ordering="title"))]
    assert ordered == sorted(ordered)


@pytest.mark.django_db
def test_the_download_link_carries_the_current_filters(staff_client, campaign):
    IdeaFactory(campaign=campaign)
    html = staff_client.get(IDEAS, {"status": "published", "q": "bench"}).content.decode()
    assert f"{EXPORT}?status=published&amp;q=bench" in html


@pytest.mark.django_db
def test_the_queries_do_not_grow_with_the_number_of_ideas(campaign, rf, monkeypatch):
    # Chunks of 2 ideas, so 5 ideas take three chunks: tags are read once per chunk.
    monkeypatch.setattr(exports, "CHUNK_SIZE", 2)
    for n in range(5):
        IdeaFactory(campaign=campaign, title=f"Idea {n}", tags=[f"tag{n}"])

    def run():
        with CaptureQueriesContext(connection) as queries:
            produced = list(exports.rows(Idea.objects.order_by("pk"), "http://testserver"))
        return produced, len(queries)

    produced, five = run()
    assert [row[6] for row in produced] == [f"tag{n}" for n in range(5)]
    IdeaFactory(campaign=campaign, title="Idea 5", tags=["tag5"])
    produced, six = run()
    assert len(produced) == 6
    assert six == five  # 6 ideas are three chunks, like 5


@pytest.mark.django_db
def test_rows_are_produced_lazily_while_the_response_streams(campaign, monkeypatch):
    monkeypatch.setattr(exports, "CHUNK_SIZE", 2)
    for n in range(4):
        IdeaFactory(campaign=campaign, title=f"Idea {n}")

    with CaptureQueriesContext(connection) as queries:
        rows = exports.rows(Idea.objects.order_by("pk"), "http://testserver")
    assert len(queries) == 0, "nothing is read before the first line is asked for"
    first = next(rows)
    assert first[1] == "Idea 0"


@pytest.mark.django_db
@pytest.mark.parametrize("person", ["resident", "Liaison", "Educator"])
def test_only_the_admin_roles_download(client, person):
    client.force_login(UserFactory() if person == "resident" else UserFactory(roles=[person]))
    response = client.get(EXPORT)
    assert response.status_code in (302, 403)
    assert not isinstance(response, StreamingHttpResponse)


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(EXPORT)
    assert response.status_code == 302 and response.url.startswith("/admin/login/")


@pytest.mark.django_db
def test_moderators_may_download_as_they_may_view_ideas(client, campaign):
    IdeaFactory(campaign=campaign)
    client.force_login(UserFactory(roles=[MODERATOR]))
    assert len(rows_of(download(client))) == 1


@pytest.mark.parametrize(
    "value, expected",
    [
        ("=HYPERLINK(1)", "'=HYPERLINK(1)"),
        ("+SUM(A1)", "'+SUM(A1)"),
        ("-2+3", "'-2+3"),
        ("@cmd", "'@cmd"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("Benches on Main", "Benches on Main"),
        ("a=b", "a=b"),
        ("", ""),
        (-5, -5),
        (None, None),
    ],
)
def test_neutralise(value, expected):
    assert neutralise(value) == expected


def test_csv_lines_start_with_a_bom_and_neutralise_every_cell():
    lines = list(csv_lines(["A", "B"], [["=1+1", 3], [None, "@x"]]))
    assert lines[0] == "\ufeffA,B\r\n"
    assert lines[1] == "'=1+1,3\r\n"
    assert lines[2] == ",'@x\r\n"
