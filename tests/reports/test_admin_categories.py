"""Categories and departments as snippets in the Wagtail admin."""

import pytest
from wagtail.models import Locale

from engage.accounts.roles import STAFF
from engage.reports.models import Department, ServiceCategory
from tests.factories import UserFactory

CATEGORIES = "/admin/snippets/reports/servicecategory/"
DEPARTMENTS = "/admin/snippets/reports/department/"


@pytest.fixture
def staff_client(client, db):
    client.force_login(UserFactory(roles=[STAFF]))
    return client


@pytest.fixture
def spanish(db):
    return Locale.objects.get_or_create(language_code="es")[0]


@pytest.mark.django_db
def test_departments_list_name_and_email(staff_client):
    Department.objects.create(name="Streets", email="streets@example.org")

    html = staff_client.get(DEPARTMENTS).content.decode()

    assert "Streets" in html and "streets@example.org" in html


@pytest.mark.django_db
def test_staff_add_a_department(staff_client):
    response = staff_client.post(
        f"{DEPARTMENTS}add/", {"name": "Parks", "email": "parks@example.org"}
    )
    assert response.status_code == 302
    assert Department.objects.filter(name="Parks", email="parks@example.org").exists()


@pytest.mark.django_db
def test_categories_list_and_filter(staff_client, spanish):
    streets = Department.objects.create(name="Streets")
    english = Locale.get_default()
    ServiceCategory.objects.create(
        code="pothole",
        name="Pothole",
        group="Roads",
        department=streets,
        target_days=7,
        locale=english,
    )
    ServiceCategory.objects.create(
        code="graffiti", name="Graffiti", group="Cleanliness", active=False, locale=english
    )
    ServiceCategory.objects.create(code="bache", name="Bache", group="Roads", locale=spanish)

    html = staff_client.get(CATEGORIES).content.decode()
    for text in ("pothole", "Pothole", "Roads", "Streets", "Graffiti"):
        assert text in html
    assert 'name="locale"' in html and 'name="active"' in html and 'name="group"' in html

    active = staff_client.get(CATEGORIES, {"active": "true"}).content.decode()
    assert "Pothole" in active and "Graffiti" not in active

    roads = staff_client.get(CATEGORIES, {"group": "Cleanliness"}).content.decode()
    assert "Graffiti" in roads and "Pothole" not in roads

    in_spanish = staff_client.get(CATEGORIES, {"locale": "es"}).content.decode()
    assert "Bache" in in_spanish and "Pothole" not in in_spanish


@pytest.mark.django_db
def test_categories_can_be_translated(staff_client, spanish):
    category = ServiceCategory.objects.create(
        code="pothole", name="Pothole", locale=Locale.get_default()
    )

    html = staff_client.get(CATEGORIES).content.decode()

    assert f"/admin/translation/submit/snippet/reports/servicecategory/{category.pk}/" in html


@pytest.mark.django_db
def test_staff_add_a_category_with_an_extra_question(staff_client):
    streets = Department.objects.create(name="Streets")

    response = staff_client.post(
        f"{CATEGORIES}add/",
        {
            "code": "pothole",
            "name": "Pothole",
            "description": "",
            "group": "Roads",
            "keywords": "hole, road",
            "department": streets.pk,
            "target_days": "7",
            "active": "on",
            "attributes-TOTAL_FORMS": "1",
            "attributes-INITIAL_FORMS": "0",
            "attributes-MIN_NUM_FORMS": "0",
            "attributes-MAX_NUM_FORMS": "1000",
            "attributes-0-code": "depth",
            "attributes-0-description": "How deep is it?",
            "attributes-0-datatype": "string",
            "attributes-0-datatype_description": "",
            "attributes-0-values": "[]",
            "attributes-0-ORDER": "1",
        },
    )

    assert response.status_code == 302, response.content.decode()[-2000:]
    category = ServiceCategory.objects.get(code="pothole")
    assert category.department == streets
    assert category.attributes.get().description == "How deep is it?"
