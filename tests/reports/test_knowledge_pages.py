"""The knowledge base on the public site: the index (search, topics, answers), an answer's
page in English and Spanish, and each reading counted per day."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from engage.reports.knowledge import services
from engage.reports.models import AnswerViews, KnowledgeAnswerPage
from tests.reports.contact_center_factories import knowledge_index, make_answer, translate_answer
from tests.reports.factories import CategoryFactory, DepartmentFactory, translate_category

pytestmark = pytest.mark.django_db


@pytest.fixture
def trash():
    category = CategoryFactory(code="missed-trash", name="Missed trash collection")
    translate_category(category, name="Recolección de basura omitida")
    return make_answer(
        "When is my trash collected?",
        summary="Once a week, by 7 a.m. on your collection day.",
        answer="<p>Put bins out the night before.</p>",
        categories=[category],
        topics=["Trash and recycling"],
        owner_department=DepartmentFactory(name="Sanitation Division"),
    )


def test_the_answer_page_shows_the_answer_who_keeps_it_and_asks_for_feedback(client, trash):
    response = client.get(trash.url)

    assert response.status_code == 200
    html = response.content.decode()
    assert "When is my trash collected?" in html
    assert "Once a week, by 7 a.m. on your collection day." in html
    assert "Put bins out the night before." in html
    assert "Kept up to date by Sanitation Division" in html
    assert "Did this answer your question?" in html
    assert 'action="' + trash.url + 'feedback/"' in html
    # The kind of problem it is about, to report one when the answer is not enough.
    assert "/en/reports/new/?category=missed-trash" in html
    assert "Trash and recycling" in html


def test_each_reading_is_counted_once_per_request_in_one_row_per_day(client, trash):
    client.get(trash.url)
    client.get(trash.url)

    row = AnswerViews.objects.get(page=trash)
    assert (row.day, row.views) == (timezone.localdate(), 2)

    services.count_view(trash, day=timezone.localdate() - datetime.timedelta(days=1))
    assert AnswerViews.objects.filter(page=trash).count() == 2


def test_posting_feedback_is_not_a_reading(client, trash):
    client.post(trash.url + "feedback/", {"helpful": "yes"})
    assert not AnswerViews.objects.exists()


def test_the_spanish_answer_is_served_in_spanish(client, trash):
    spanish = translate_answer(
        trash,
        title="¿Cuándo recogen mi basura?",
        slug="cuando-recogen-mi-basura",
        summary="Una vez por semana, antes de las 7 a. m.",
        topics=["Basura y reciclaje"],
    )

    response = client.get(spanish.url)

    assert spanish.url.startswith("/es/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "¿Cuándo recogen mi basura?" in html
    assert "Una vez por semana" in html
    assert "Basura y reciclaje" in html
    # The Spanish translation of the category, and the Spanish report form.
    assert "Recolección de basura omitida" in html
    assert "/es/reports/new/?category=missed-trash" in html


def test_the_index_lists_the_answers_and_their_topics(client, trash):
    make_answer("Who removes snow on my street?", topics=["Snow"])

    response = client.get(knowledge_index().url)

    html = response.content.decode()
    assert "When is my trash collected?" in html
    assert "Who removes snow on my street?" in html
    assert "Trash and recycling" in html
    assert "?topic=snow" in html


def test_a_topic_shows_only_its_answers(client, trash):
    make_answer("Who removes snow on my street?", topics=["Snow"])

    response = client.get(knowledge_index().url, {"topic": "snow"})

    html = response.content.decode()
    assert "Who removes snow on my street?" in html
    assert "When is my trash collected?" not in html.split("knowledge-topics")[0]


def test_the_index_searches_the_answers(client, trash):
    make_answer("Who removes snow on my street?", summary="The Streets Department plows.")

    response = client.get(knowledge_index().url, {"q": "plows"})

    html = response.content.decode()
    assert "1 answer for “plows”" in html
    assert "Who removes snow on my street?" in html
    assert "When is my trash collected?" not in html


def test_the_site_search_finds_answers(client, trash):
    response = client.get("/en/search/", {"q": "collected"})

    html = response.content.decode()
    assert "When is my trash collected?" in html
    # In their own group, with the short answer under the title.
    assert "Once a week, by 7 a.m. on your collection day." in html
    counts = {group.kind: group.count for group in response.context["groups"]}
    assert counts["answers"] == 1
    assert counts["pages"] == 0  # not again among the pages


def test_an_answer_cannot_be_published_without_an_owner_department():
    page = KnowledgeAnswerPage(
        title="Who owns this?",
        slug="who",
        summary="Nobody.",
        answer="<p>Nobody.</p>",
        live=False,
    )
    knowledge_index().add_child(instance=page)  # a draft may wait for its owner
    page.live = True

    with pytest.raises(ValidationError) as refused:
        page.full_clean()

    assert refused.value.message_dict == {
        "owner_department": [
            "Choose the department that owns this answer before publishing it: someone must "
            "review it when it grows old."
        ]
    }
    with pytest.raises(ValidationError):
        page.save_revision().publish()
    assert not KnowledgeAnswerPage.objects.get(pk=page.pk).live


def test_the_index_and_an_answer_read_in_a_fixed_number_of_queries(client, trash):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries(url):
        client.get(url)  # warm Wagtail's caches (site root paths)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    index_url = knowledge_index().url
    # The answer first: its readings give the index a "most read" list both times.
    before = (queries(trash.url), queries(index_url))
    for number in range(6):
        make_answer(f"Question {number} about trash?", topics=["Trash and recycling", f"T{number}"])

    assert (queries(trash.url), queries(index_url)) == before
