"""Categories shared by the reports tests (an English graffiti category with a Spanish
translation, and an English pothole category)."""

import pytest
from wagtail.models import Locale

from engage.reports.models import ServiceCategory


@pytest.fixture
def locales(db):
    english, _ = Locale.objects.get_or_create(language_code="en")
    spanish, _ = Locale.objects.get_or_create(language_code="es")
    return english, spanish


@pytest.fixture
def graffiti(locales):
    english, spanish = locales
    category = ServiceCategory.objects.create(
        code="graffiti", name="Graffiti removal", locale=english, target_days=7
    )
    translation = category.copy_for_translation(spanish)
    translation.name = "Eliminación de grafiti"
    translation.save()
    return category


@pytest.fixture
def pothole(locales):
    return ServiceCategory.objects.create(
        code="pothole", name="Pothole", locale=locales[0], target_days=5
    )
