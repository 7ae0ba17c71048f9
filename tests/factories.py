import factory
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from engage.neighborhoods.models import Neighborhood

PASSWORD = "correct-Horse-battery-9"


def square(lng, lat, size=0.01):
    """A GeoJSON square polygon with its south-west corner at (lng, lat)."""
    return {
        "type": "Polygon",
        "coordinates": [
            [
                [lng, lat],
                [lng + size, lat],
                [lng + size, lat + size],
                [lng, lat + size],
                [lng, lat],
            ]
        ],
    }


class NeighborhoodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Neighborhood

    name = factory.Sequence(lambda n: f"Neighborhood {n}")
    slug = factory.Sequence(lambda n: f"neighborhood-{n}")
    boundary = factory.Sequence(lambda n: square(-75.0 + n * 0.1, 40.0))


class UserFactory(factory.django.DjangoModelFactory):
    """A resident with a verified e-mail address who can log in with PASSWORD."""

    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    display_name = factory.Faker("first_name")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def verified(user, create, extracted, **kwargs):
        if create and extracted is not False:
            EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)

    @factory.post_generation
    def roles(user, create, extracted, **kwargs):
        if create and extracted:
            user.groups.add(*Group.objects.filter(name__in=extracted))


ANONYMOUS, RESIDENT, SUPERUSER = "anonymous", "resident", "superuser"


def make_person(kind):
    """A user for one row of a role matrix: anonymous (None), resident, superuser or a role."""
    if kind == ANONYMOUS:
        return None
    if kind == SUPERUSER:
        return UserFactory(is_superuser=True, is_staff=True)
    if kind == RESIDENT:
        return UserFactory()
    return UserFactory(roles=[kind])
