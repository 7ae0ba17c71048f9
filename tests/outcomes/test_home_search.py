"""Outcomes where residents look first: the home page's newest outcomes and the site search.

Only live, public outcomes in the visitor's language are shown; a draft never is.
"""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from engage.core import home
from engage.outcomes.models import OutcomePage
from tests.ideas.factories import home_page
from tests.outcomes.index_factories import make_outcome, outcomes_index, spanish

pytestmark = pytest.mark.django_db

Status = OutcomePage.Status


def section_html(content, section_id):
    start = content.index(f'id="{section_id}"')
    return content[start : content.index("</section>", start)]


@pytest.fixture
def site(db):
    outcomes_index()
    home.clear_cache()


# --- home ------------------------------------------------------------------------------


def test_the_home_page_shows_the_newest_outcomes_and_a_link_to_all(client, site):
    for number in range(5):
        outcome = make_outcome(f"Outcome {number}", summary=f"What changed, number {number}.")
        OutcomePage.objects.filter(pk=outcome.pk).update(
            first_published_at=timezone.now() - timedelta(days=10 - number)
        )
    make_outcome("A draft", live=False)

    section = section_html(client.get("/en/").content.decode(), "home-newest-outcomes")

    assert "You said, we did" in section
    shown = [f"Outcome {number}" for number in (4, 3, 2, 1)]
    positions = [section.index(title) for title in shown]
    assert positions == sorted(positions)
    assert "Outcome 0" not in section
    assert "What changed, number 4." in section
    assert "A draft" not in section
    assert 'href="/en/outcomes/"' in section


def test_no_section_without_an_outcome(client, site):
    assert 'id="home-newest-outcomes"' not in client.get("/en/").content.decode()


def test_the_count_is_of_outcomes_completed_this_year(client, site):
    today = timezone.localdate()
    make_outcome("Done this year", status=Status.COMPLETED, completed_on=today)
    make_outcome("Also this year", status=Status.COMPLETED, completed_on=today.replace(day=1))
    last_year = date(today.year - 1, 12, 31)
    make_outcome("Done last year", status=Status.COMPLETED, completed_on=last_year)
    make_outcome("Not done", status=Status.IN_PROGRESS)
    make_outcome("Draft", status=Status.COMPLETED, completed_on=today, live=False)

    counts = [count for section in home.sections() for count in section.counts()]
    counts = [count for count in counts if "outcome" in count.label]

    assert [(count.number, count.label, count.url) for count in counts] == [
        (2, "outcomes completed this year", "/en/outcomes/")
    ]
    assert "outcomes completed this year" in client.get("/en/").content.decode()


def test_the_spanish_home_page_shows_the_spanish_outcomes(client, site):
    spanish(outcomes_index(), title="Resultados", slug="resultados")
    outcome = make_outcome("New trees on Oak Street")
    spanish(
        outcome, title="Árboles nuevos en la calle Oak", slug="arboles", summary="Cuarenta árboles."
    )
    spanish(home_page(), title="Inicio")

    section = section_html(client.get("/es/").content.decode(), "home-newest-outcomes")

    assert "Árboles nuevos en la calle Oak" in section
    assert "Cuarenta árboles." in section
    assert "New trees on Oak Street" not in section
    assert 'href="/es/resultados/"' in section


# --- search ----------------------------------------------------------------------------


def search(client, query, language="en", **params):
    response = client.get(f"/{language}/search/", {"q": query, **params})
    assert response.status_code == 200
    return response


def found(response, kind="outcomes"):
    group = next(group for group in response.context["groups"] if group.kind == kind)
    return [result.title for result in group.results]


def test_search_finds_live_outcomes_by_their_words(client, db):
    make_outcome("Heron pond restored", summary="The pond by the library is clean again.")
    make_outcome("Benches", summary="Twelve benches along the quillwort path.")
    make_outcome("Heron draft", live=False)

    assert found(search(client, "heron")) == ["Heron pond restored"]
    assert found(search(client, "quillwort")) == ["Benches"]
    response = search(client, "heron", kind="outcomes")
    assert found(response) == ["Heron pond restored"]
    html = response.content.decode()
    assert "The pond by the library is clean again." in html
    assert "Heron draft" not in html


def test_outcomes_are_their_own_kind_not_pages(client, db):
    make_outcome("Heron pond restored")

    response = search(client, "heron")

    assert found(response, kind="pages") == []
    assert found(response) == ["Heron pond restored"]


def test_search_in_spanish_finds_the_spanish_outcome(client, db):
    spanish(outcomes_index(), title="Resultados", slug="resultados")
    outcome = make_outcome("Heron pond restored")
    spanish(outcome, title="Estanque de garzas restaurado", slug="estanque")

    assert found(search(client, "estanque", language="es")) == ["Estanque de garzas restaurado"]
    assert found(search(client, "estanque")) == []
