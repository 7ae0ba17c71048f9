"""Writing an answer in the Wagtail admin: a draft may wait for its owner department, a
published answer may not."""

import pytest
from wagtail.test.utils.form_data import nested_form_data, rich_text

from engage.reports.models import KnowledgeAnswerPage
from tests.factories import UserFactory
from tests.reports.contact_center_factories import knowledge_index
from tests.reports.factories import DepartmentFactory

pytestmark = pytest.mark.django_db


def answer_form(**fields):
    return nested_form_data(
        {
            "title": "Who removes snow on my street?",
            "slug": "who-removes-snow",
            "summary": "The Streets Department plows main roads first.",
            "answer": rich_text("<p>Then residential streets.</p>"),
            "topics": "Snow",
            "last_reviewed": "2026-12-01",
            "review_every_days": "365",
            "owner_department": "",
            **fields,
        }
    )


@pytest.fixture
def add_url(client):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    return f"/admin/pages/add/reports/knowledgeanswerpage/{knowledge_index().pk}/"


def test_the_add_form_renders(client, add_url):
    assert client.get(add_url).status_code == 200


def test_publishing_without_an_owner_department_is_refused(client, add_url):
    response = client.post(add_url, answer_form(**{"action-publish": "publish"}))

    assert response.status_code == 200
    assert response.context["form"].errors["owner_department"] == [
        "Choose the department that owns this answer before publishing it: someone must "
        "review it when it grows old."
    ]
    assert not KnowledgeAnswerPage.objects.exists()


def test_a_draft_may_wait_for_its_owner_and_publishes_with_one(client, add_url):
    client.post(add_url, answer_form())
    draft = KnowledgeAnswerPage.objects.get()
    assert not draft.live

    department = DepartmentFactory()
    client.post(
        f"/admin/pages/{draft.pk}/edit/",
        answer_form(owner_department=str(department.pk), **{"action-publish": "publish"}),
    )

    published = KnowledgeAnswerPage.objects.get()
    assert published.live
    assert published.owner_department == department
    assert [t.name for t in published.topics.all()] == ["Snow"]
