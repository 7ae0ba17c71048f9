"""The contact-center benchmarks at a tiny volume: the bulk seed makes what it claims, as
the services would leave it, and the figures scenario answers and passes its check."""

import pytest
from django.db.models import Count, F

from bench import contact_center, harness
from bench.scenarios import (
    contact_department_queue,
    contact_figures,
    contact_intake_search,
    contact_person_record,
)
from engage.accounts.roles import STAFF
from engage.reports.models import (
    AnswerFeedback,
    AnswerViews,
    Contact,
    Crew,
    FieldUpdate,
    KnowledgeAnswerPage,
    Person,
    ServiceReport,
)
from tests.factories import UserFactory
from tests.ideas.factories import home_page
from tests.reports.factories import CategoryFactory

VOLUME = 2_000


@pytest.fixture
def seeded(db):
    home_page()  # the site and its home page, as seed_demo leaves them
    UserFactory(email=contact_center.STAFF_EMAIL, roles=[STAFF])
    CategoryFactory(code="graffiti")
    CategoryFactory(code="pothole")
    return contact_center.seed_contact_center(VOLUME)


def test_every_contact_center_scenario_is_found():
    available = harness.discover_scenarios()

    names = {
        "contact-figures",
        "contact-intake-search",
        "contact-person-record",
        "contact-department-queue",
    }
    assert names <= set(available)
    for module in (
        contact_figures,
        contact_intake_search,
        contact_person_record,
        contact_department_queue,
    ):
        assert module.VOLUME == contact_center.VOLUME == 500_000


def test_the_proportions_are_the_issues():
    assert contact_center.sizes(500_000) == {
        "contacts": 500_000,
        "people": 200_000,
        "answers": 2_000,
        "reports": 20_000,
    }


def test_the_seed_makes_what_it_claims(seeded):
    sizes = contact_center.sizes(VOLUME)

    assert Contact.objects.count() == sizes["contacts"]
    assert Person.objects.count() == sizes["people"]
    assert KnowledgeAnswerPage.objects.live().count() == sizes["answers"]
    assert ServiceReport.objects.filter(reference__startswith="Z9").count() == sizes["reports"]
    assert AnswerViews.objects.count() == sizes["answers"] * contact_center.VIEW_DAYS
    assert AnswerFeedback.objects.count() == sizes["answers"] * contact_center.FEEDBACK_PER_ANSWER
    assert Crew.objects.count() == 2
    assert FieldUpdate.objects.exists()
    assert set(Contact.objects.values_list("channel", flat=True).distinct()) == set(
        Contact.Channel.values
    )
    assert set(Contact.objects.values_list("kind", flat=True).distinct()) == set(
        Contact.Kind.values
    )


def test_the_seed_keeps_the_rules(seeded):
    # A person's phone key is the last ten digits; nobody points at a merged record.
    for person in Person.objects.all()[:50]:
        assert person.phone_key == "".join(filter(str.isdigit, person.phone))[-10:]
    merged = Person.objects.filter(merged_into__isnull=False)
    assert merged.exists()
    assert not Contact.objects.filter(person__merged_into__isnull=False).exists()
    assert not Person.objects.filter(merged_into__merged_into__isnull=False).exists()
    # A filed request is never resolved on the call, and always names its report.
    requests = Contact.objects.filter(kind=Contact.Kind.REQUEST)
    assert not requests.filter(resolved_first_contact=True).exists()
    assert not requests.filter(report__isnull=True).exists()
    # A request avoided is a "yes" on the report form.
    avoided = AnswerFeedback.objects.filter(avoided_request=True)
    assert avoided.exists()
    assert not avoided.exclude(helpful=True, source=AnswerFeedback.Source.REPORT_FORM).exists()
    # Crews work on reports of their own department.
    assert (
        not ServiceReport.objects.filter(crew__isnull=False)
        .exclude(crew__department=F("department"))
        .exists()
    )


def test_the_busy_caller_has_the_longest_history(seeded):
    busy = contact_center.busy_person()

    top = (
        Contact.objects.filter(person__isnull=False)
        .values("person")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()
    )
    assert top["person"] == busy.pk
    assert top["n"] >= contact_center.BUSY_CONTACTS
    assert busy.reports.count() == contact_center.BUSY_REPORTS
    assert Person.objects.filter(name__contains="Okafor").count() == 1


def test_the_figures_scenario_answers_and_passes_its_check(seeded):
    client = harness.scenario_client(contact_figures)

    (url,) = contact_figures.requests()
    response = client.get(url)

    assert url == "/admin/contact-center/figures/"
    assert response.status_code == 200
    assert "contacts counted" in contact_figures.check(response)
