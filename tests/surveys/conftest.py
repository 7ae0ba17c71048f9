import pytest

from tests.surveys.factories import every_type_survey


@pytest.fixture
def survey(db):
    return every_type_survey()
