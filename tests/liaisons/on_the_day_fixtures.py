"""What the day-of tests share: a neighborhood with its liaison, events happening now and
over, and photos."""

import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from engage.accounts.roles import STAFF
from tests.factories import NeighborhoodFactory, UserFactory
from tests.liaisons.factories import EventFactory, LiaisonFactory, SignUpFactory, VolunteerFactory


@pytest.fixture
def hood(db):
    return NeighborhoodFactory()


@pytest.fixture
def liaison(hood):
    return LiaisonFactory(neighborhoods=[hood])


@pytest.fixture
def other_liaison(db):
    return LiaisonFactory()


@pytest.fixture
def staff(db):
    return UserFactory(roles=[STAFF])


def happening_now(hood, **fields):
    """Started half an hour ago, ends in two and a half hours: always on today's date."""
    now = timezone.now()
    fields.setdefault("starts_at", now - timedelta(minutes=30))
    fields.setdefault("ends_at", now + timedelta(minutes=150))
    return EventFactory(neighborhood=hood, **fields)


def over(hood, **fields):
    now = timezone.now()
    fields.setdefault("starts_at", now - timedelta(hours=5))
    fields.setdefault("ends_at", now - timedelta(hours=2))
    return EventFactory(neighborhood=hood, **fields)


@pytest.fixture
def today_event(hood):
    return happening_now(hood, capacity=3)


@pytest.fixture
def past_event(hood):
    return over(hood)


@pytest.fixture
def signup(today_event, hood):
    return SignUpFactory(event=today_event, volunteer=VolunteerFactory(neighborhoods=[hood]))


def photo_upload(name="after.jpg", colour="green", size=(40, 30)):
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format="JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")
