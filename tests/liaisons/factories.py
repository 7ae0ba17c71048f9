"""Factories for the liaisons part, shared by every test module about it.

    liaison = LiaisonFactory(neighborhoods=[hood])        # an active term, with the role
    volunteer = VolunteerFactory(neighborhoods=[hood])    # adult, current waiver accepted
    event = EventFactory(neighborhood=hood, capacity=30)  # published, next week

They write rows directly (not through the services), so a test of a service starts from a
known state; the states they make are ones the services can reach.
"""

from datetime import timedelta

import factory
from django.contrib.auth.models import Group
from django.db.models import F
from django.utils import timezone
from wagtail.models import Locale

from engage.accounts.roles import LIAISON
from liaisons.models import (
    EventKind,
    Liaison,
    SignUp,
    Volunteer,
    VolunteerEvent,
    Waiver,
    WaiverAcceptance,
)
from tests.factories import NeighborhoodFactory, UserFactory


class WaiverFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Waiver

    title = "Volunteer waiver"
    text = "I take part at my own risk and follow the organiser's safety instructions."


class LiaisonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Liaison
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    display_name = factory.Sequence(lambda n: f"Liaison {n}")
    bio = "I live here and know the block."

    @factory.post_generation
    def neighborhoods(term, create, extracted, **kwargs):
        if create:
            term.neighborhoods.set(extracted or [NeighborhoodFactory()])
            if term.ended_at is None:
                term.user.groups.add(Group.objects.get(name=LIAISON))


class VolunteerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Volunteer
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    display_name = factory.Sequence(lambda n: f"Volunteer {n}")
    age_band = Volunteer.AgeBand.ADULT

    @factory.post_generation
    def neighborhoods(volunteer, create, extracted, **kwargs):
        if create and extracted:
            volunteer.neighborhoods.set(extracted)

    @factory.post_generation
    def waiver(volunteer, create, extracted, **kwargs):
        """Accept the current waiver (made if there is none) unless ``waiver=False``."""
        if create and extracted is not False:
            current = Waiver.current() or WaiverFactory()
            WaiverAcceptance.objects.create(volunteer=volunteer, waiver=current)


class EventKindFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EventKind
        django_get_or_create = ("code", "locale")

    code = "cleanup"
    name = "Cleanup"
    locale = factory.LazyFunction(Locale.get_default)


def next_week(hour=10):
    day = timezone.localtime() + timedelta(days=7)
    return day.replace(hour=hour, minute=0, second=0, microsecond=0)


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VolunteerEvent

    kind = factory.SubFactory(EventKindFactory)
    title = factory.Sequence(lambda n: f"Cleanup {n}")
    description = "We clean the lot and the alley behind it."
    starts_at = factory.LazyFunction(next_week)
    ends_at = factory.LazyAttribute(lambda event: event.starts_at + timedelta(hours=3))
    meeting_point = "Corner of Main St and 2nd St"
    lat = 40.005
    lng = -74.995
    neighborhood = factory.SubFactory(NeighborhoodFactory)
    capacity = 30
    organiser = factory.SubFactory(UserFactory)
    status = VolunteerEvent.Status.PUBLISHED


class SignUpFactory(factory.django.DjangoModelFactory):
    """A confirmed sign-up that takes one of the event's places, as ``sign_up`` would."""

    class Meta:
        model = SignUp

    event = factory.SubFactory(EventFactory)
    volunteer = factory.SubFactory(VolunteerFactory)
    status = SignUp.Status.CONFIRMED

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        signup = super()._create(model_class, *args, **kwargs)
        if signup.status in SignUp.PLACE_STATUSES:
            VolunteerEvent.objects.filter(pk=signup.event_id).update(
                places_taken=F("places_taken") + 1
            )
            signup.event.refresh_from_db(fields=["places_taken"])
        return signup
