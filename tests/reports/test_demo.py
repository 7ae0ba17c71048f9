import pytest
from django.core.management import call_command
from wagtail.models import Locale, Revision

from engage.core.models import SectionPage
from engage.reports.demo import CATEGORIES, DEMO_DEVICE_ID
from engage.reports.models import (
    Department,
    ReportEvent,
    ReportSupport,
    ServiceAttribute,
    ServiceCategory,
    ServiceReport,
)
from engage.reports.services import merge_candidates


def counts():
    return {
        "departments": Department.objects.count(),
        "categories": ServiceCategory.objects.count(),
        "attributes": ServiceAttribute.objects.count(),
        "reports": ServiceReport.objects.count(),
        "events": ReportEvent.objects.count(),
        "supports": ReportSupport.objects.count(),
        "revisions": Revision.objects.count(),
    }


@pytest.fixture
def seeded(db):
    call_command("seed_demo", verbosity=0)


def test_seed_demo_twice_gives_the_same_counts(seeded):
    first = counts()
    call_command("seed_demo", verbosity=0)

    assert counts() == first
    assert first["reports"] >= 40
    assert first["departments"] >= 4


def test_categories_exist_in_english_and_spanish(seeded):
    english = Locale.objects.get(language_code="en")
    spanish = Locale.objects.get(language_code="es")
    for spec in CATEGORIES:
        category = ServiceCategory.objects.get(code=spec["code"], locale=english)
        translation = ServiceCategory.objects.get(code=spec["code"], locale=spanish)
        assert translation.translation_key == category.translation_key
        assert category.name == spec["en"][0]
        assert translation.name == spec["es"][0]
        assert category.target_days == spec["target_days"]
        assert category.department is not None
        assert category.attributes.count() == translation.attributes.count() >= 1
    graffiti_es = ServiceCategory.objects.get(code="graffiti", locale=spanish)
    surface = graffiti_es.attributes.get(code="surface")
    assert surface.description == "¿Sobre qué está el grafiti?"
    assert {v["key"] for v in surface.values} == {"wall", "fence", "vehicle", "other"}
    missed = ServiceCategory.objects.get(code="missed-trash", locale=english)
    assert missed.target_days == 2
    assert missed.attributes.get().datatype == ServiceAttribute.Datatype.MULTI_VALUE_LIST


def test_every_demo_report_has_a_neighborhood_and_varied_history(seeded):
    reports = ServiceReport.objects.filter(device_id=DEMO_DEVICE_ID)
    assert reports.count() >= 40
    assert not reports.filter(neighborhood__isnull=True).exists()
    assert reports.values("neighborhood").distinct().count() == 5
    statuses = set(reports.values_list("status", flat=True))
    assert {"submitted", "acknowledged", "in_progress", "resolved", "closed"} <= statuses
    assert reports.filter(status="duplicate", duplicate_of__isnull=False).count() == 1
    assert reports.filter(resolution=ServiceReport.Resolution.NOT_CITY).exists()
    assert reports.filter(filed_by__email="resident@example.org").exists()
    assert len(set(reports.values_list("channel", flat=True))) >= 4
    # All filed in the last 60 days, each category's due date computed.
    oldest = reports.order_by("submitted_at").first()
    newest = reports.order_by("submitted_at").last()
    assert (newest.submitted_at - oldest.submitted_at).days >= 30
    assert not reports.filter(due_at__isnull=True).exists()
    for report in reports.filter(closed_at__isnull=False):
        assert report.closed_at >= report.submitted_at


def test_report_section_links_to_the_form_list_and_map(seeded, client):
    english = SectionPage.objects.get(slug="report", locale__language_code="en")
    spanish = english.get_translation(Locale.objects.get(language_code="es"))

    html_en = client.get(english.url).content.decode()
    html_es = client.get(spanish.url).content.decode()

    assert 'href="/en/reports/new/"' in html_en
    assert 'href="/en/reports/map/"' in html_en
    assert 'href="/en/reports/"' in html_en
    assert 'href="/es/reports/new/"' in html_es
    assert 'href="/es/reports/map/"' in html_es


def test_the_demo_leaves_a_likely_duplicate_on_the_triage_map(seeded):
    waiting = ServiceReport.objects.get(description__startswith="Probably the one reported")
    assert waiting.is_open
    nearby = merge_candidates(waiting)
    assert nearby and nearby[0][1] < 30
