"""Kinds of volunteer events: the defaults a site starts with (data migration), their
Spanish names, and staff's own kinds in the admin."""

import pytest
from django.urls import reverse
from django.utils import translation
from wagtail.models import Locale

from liaisons.kinds import DEFAULT_KINDS, ensure_default_kinds
from liaisons.listing.events import KindNames
from liaisons.models import EventKind
from tests.liaisons.events_support import area, staff
from tests.liaisons.factories import EventFactory

pytestmark = pytest.mark.django_db
CODES = {code for code, _targets, _names in DEFAULT_KINDS}


def test_the_migration_created_the_default_kinds_in_the_default_locale():
    english = Locale.get_default()
    kinds = {kind.code: kind for kind in EventKind.objects.filter(locale=english)}
    assert set(kinds) == CODES
    assert kinds["cleanup"].name == "Cleanup"
    assert kinds["cleanup"].targets_reports
    assert not kinds["mentoring-day"].targets_reports


def test_spanish_names_are_added_once_the_locale_exists_and_staff_edits_are_kept():
    cleanup = EventKind.objects.get(code="cleanup", locale=Locale.get_default())
    cleanup.name = "Neighborhood cleanup"
    cleanup.save()
    spanish = Locale.objects.create(language_code="es")
    ensure_default_kinds(EventKind, Locale)
    ensure_default_kinds(EventKind, Locale)  # idempotent
    limpieza = EventKind.objects.get(code="cleanup", locale=spanish)
    assert limpieza.name == "Limpieza"
    assert limpieza.translation_key == cleanup.translation_key
    assert EventKind.objects.filter(locale=spanish).count() == len(CODES)
    cleanup.refresh_from_db()
    assert cleanup.name == "Neighborhood cleanup"


def test_the_list_names_kinds_in_the_visitors_language(client):
    Locale.objects.create(language_code="es")
    ensure_default_kinds(EventKind, Locale)
    EventFactory(neighborhood=area())
    with translation.override("es"):
        response = client.get(reverse("liaisons:events"))
        assert "Limpieza" in response.content.decode()
        assert ("cleanup", "Limpieza") in KindNames().choices()


def test_staff_add_a_kind_in_the_admin(client):
    client.force_login(staff())
    url = reverse("wagtailsnippets_liaisons_eventkind:add")
    response = client.post(
        url, {"name": "Mural painting", "code": "mural", "targets_reports": "on"}
    )
    assert response.status_code == 302
    assert EventKind.objects.get(code="mural").locale == Locale.get_default()
