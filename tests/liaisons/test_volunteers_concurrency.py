"""Volunteers registering and adopting at the same moment, on a real PostgreSQL server:
one registration per person, and never more adopted blocks than the limit."""

import os

import pytest

from liaisons.models import Adoption, Volunteer, WaiverAcceptance
from liaisons.services import adoptions as areas
from liaisons.services import volunteers as services
from tests.concurrency import run_together
from tests.factories import NeighborhoodFactory, UserFactory, square
from tests.liaisons.factories import VolunteerFactory, WaiverFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="DATABASE_URL does not point at PostgreSQL",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TRIANGLE = {
    "type": "Polygon",
    "coordinates": [[[-74.996, 40.004], [-74.995, 40.004], [-74.996, 40.005], [-74.996, 40.004]]],
}


def test_one_person_registering_ten_times_at_once_registers_once():
    waiver = WaiverFactory()
    hood = NeighborhoodFactory()
    person = UserFactory()

    def register():
        return services.register_volunteer(
            person,
            neighborhoods=[hood],
            waiver_version=waiver.version,
            display_name="Dana",
            age_band=Volunteer.AgeBand.ADULT,
        )

    outcomes = run_together([register] * 10)

    refused = [o for o in outcomes if isinstance(o, services.VolunteerError)]
    assert len(refused) == 9
    assert {str(o) for o in refused} == {"You are already registered as a volunteer."}
    assert Volunteer.objects.filter(user=person).count() == 1
    assert WaiverAcceptance.objects.count() == 1


def test_adopting_many_blocks_at_once_stops_at_the_limit(settings):
    settings.ADOPTION_MAX_ACTIVE = 3
    WaiverFactory()
    hood = NeighborhoodFactory(boundary=square(-75.0, 40.0))
    volunteer = VolunteerFactory(neighborhoods=[hood])

    outcomes = run_together(
        [
            lambda n=n: areas.adopt_area(volunteer, name=f"Block {n}", area=TRIANGLE)
            for n in range(12)
        ]
    )

    refused = [o for o in outcomes if isinstance(o, services.VolunteerError)]
    assert [o for o in outcomes if isinstance(o, Exception) and o not in refused] == []
    assert len(refused) == 9
    assert Adoption.objects.filter(volunteer=volunteer).count() == 3
