"""Who reaches the service-report screens of the Wagtail admin (see docs/roles.md)."""

import pytest
from wagtail.models import Locale

from engage.accounts.roles import EDUCATOR, LIAISON, MODERATOR, STAFF
from engage.reports import services
from engage.reports.models import Department, ServiceCategory
from tests.factories import ANONYMOUS, RESIDENT, SUPERUSER, UserFactory, make_person

PEOPLE = [ANONYMOUS, RESIDENT, LIAISON, EDUCATOR, MODERATOR, STAFF, SUPERUSER]

QUEUE = "/admin/snippets/reports/servicereport/"
REPORT = QUEUE + "edit/{report}/"
EXPORT = QUEUE + "?export=csv"
CATEGORIES = "/admin/snippets/reports/servicecategory/"
ADD_CATEGORY = CATEGORIES + "add/"
DEPARTMENTS = "/admin/snippets/reports/department/"
API_KEYS = "/admin/snippets/reports/open311apikey/"
ADD_API_KEY = API_KEYS + "add/"
DELETE_REPORT = QUEUE + "delete/{report}/"

EVERYONE_IN_THE_ADMIN = {STAFF, SUPERUSER}
ALLOWED = {
    # Moderators triage: they see and change reports.
    QUEUE: {MODERATOR, STAFF, SUPERUSER},
    REPORT: {MODERATOR, STAFF, SUPERUSER},
    EXPORT: {MODERATOR, STAFF, SUPERUSER},
    # Everything else is staff work.
    DELETE_REPORT: EVERYONE_IN_THE_ADMIN,
    CATEGORIES: EVERYONE_IN_THE_ADMIN,
    ADD_CATEGORY: EVERYONE_IN_THE_ADMIN,
    DEPARTMENTS: EVERYONE_IN_THE_ADMIN,
    API_KEYS: EVERYONE_IN_THE_ADMIN,
    ADD_API_KEY: EVERYONE_IN_THE_ADMIN,
}


@pytest.fixture
def report(db):
    category = ServiceCategory.objects.create(
        code="pothole",
        name="Pothole",
        department=Department.objects.create(name="Streets"),
        locale=Locale.get_default(),
    )
    return services.file_report(category=category, description="Hole")


@pytest.mark.django_db
@pytest.mark.parametrize("person", PEOPLE)
@pytest.mark.parametrize("url", list(ALLOWED))
def test_service_report_role_matrix(client, report, person, url):
    user = make_person(person)
    if user:
        client.force_login(user)

    response = client.get(url.format(report=report.pk))

    if person in ALLOWED[url]:
        assert response.status_code == 200, f"{person} should reach {url}"
    else:
        assert response.status_code in (302, 403), f"{person} must not reach {url}"
        if response.status_code == 302:
            assert response.url.split("?")[0] in {"/admin/login/", "/admin/"}


@pytest.mark.django_db
def test_moderators_can_triage_but_not_delete(client, report):
    client.force_login(UserFactory(roles=[MODERATOR]))

    response = client.post(
        REPORT.format(report=report.pk),
        {"action": "status", "status-status": "acknowledged", "status-public_note": "Seen"},
    )

    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == "acknowledged"
    assert client.post(DELETE_REPORT.format(report=report.pk)).status_code in (302, 403)
    report.refresh_from_db()


@pytest.mark.django_db
@pytest.mark.parametrize("person", [RESIDENT, LIAISON, EDUCATOR])
def test_people_without_admin_access_cannot_change_reports(client, report, person):
    client.force_login(make_person(person))

    response = client.post(
        REPORT.format(report=report.pk),
        {"action": "status", "status-status": "closed", "status-resolution": "fixed"},
    )

    assert response.status_code in (302, 403)
    report.refresh_from_db()
    assert report.status == "submitted"


@pytest.mark.django_db
def test_the_service_reports_menu_is_shown_to_staff_and_moderators(client):
    for person, expected in ((STAFF, True), (MODERATOR, True)):
        client.force_login(make_person(person))
        html = client.get("/admin/").content.decode()
        assert ("Service reports" in html) is expected, person
