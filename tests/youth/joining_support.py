"""What the joining tests share: a program with an open session, and a device that joins."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from engage.accounts.roles import EDUCATOR
from tests.factories import UserFactory
from tests.youth.factories import (
    ParticipantFactory,
    ProgramFactory,
    SessionFactory,
    open_session,
)
from youth.models import SessionJoin

JOIN_URL = reverse("youth:join")
NAME_URL = reverse("youth:choose_name")
HOME_URL = reverse("youth:participant_home")
SURVEY_URL = reverse("youth:start_survey")
REPORT_URL = reverse("youth:file_field_report")
LEAVE_URL = reverse("youth:leave")


@pytest.fixture
def educator(db):
    # Not EducatorFactory: its class-level ``roles`` list replaces the post-generation
    # hook of UserFactory, so the User model receives ``roles=`` and refuses it.
    return UserFactory(roles=[EDUCATOR])


@pytest.fixture
def program(educator):
    return ProgramFactory(educators=[educator], allow_anonymous=True)


@pytest.fixture
def session(program):
    return open_session(SessionFactory(program=program, title="Walk around the block"))


@pytest.fixture
def ana(program):
    return ParticipantFactory(program=program, first_name="Anastasia", consent=True)


@pytest.fixture
def bo(program):
    """On the roster, but nobody has given consent yet."""
    return ParticipantFactory(program=program, first_name="Bohdana", last_initial="K")


def enter_code(client, session):
    return client.post(JOIN_URL, {"code": session.join_code})


def join_as(client, session, participant=None):
    """The device types the code, then chooses ``participant`` (None: no name)."""
    enter_code(client, session)
    if participant is None:
        return client.post(NAME_URL, {"action": "anonymous", "anonymous-handout_code": ""})
    return client.post(NAME_URL, {"action": "name", "participant": participant.pk})


def device_join(client):
    stored = client.session["youth-joined"]
    return SessionJoin.objects.get(device_key=stored["device"])


def image_file(name="photo.jpg", *, size=(40, 30), exif=None):
    buffer = io.BytesIO()
    kwargs = {"exif": exif} if exif is not None else {}
    Image.new("RGB", size, (30, 120, 30)).save(buffer, format="JPEG", **kwargs)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def messages_of(response):
    return [str(m) for m in response.context["messages"]]
