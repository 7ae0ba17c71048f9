"""Releasing and keeping back field reports: what reaches the city, and what never does."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from engage.accounts.roles import EDUCATOR, STAFF
from engage.reports.models import ReportEvent, ReportPhoto, ServiceReport
from tests.factories import NeighborhoodFactory, UserFactory, square
from tests.reports.factories import CategoryFactory
from youth.models import FieldReport, FieldReportPhoto
from youth.services import field_reports as services
from youth.services.field_reports import ReviewRefused

from .factories import (
    FieldReportFactory,
    ParticipantFactory,
    ProgramFactory,
    SessionFactory,
)

pytestmark = pytest.mark.django_db

Review = FieldReport.Review


def make_educator():
    # tests/youth/factories.EducatorFactory's ``roles = [...]`` replaces UserFactory's
    # post-generation hook with a plain field (User() then refuses it): not used here.
    return UserFactory(roles=[EDUCATOR])


@pytest.fixture
def educator():
    return make_educator()


@pytest.fixture
def session(educator):
    return SessionFactory(program=ProgramFactory(educators=[educator]))


@pytest.fixture
def child(session):
    return ParticipantFactory(program=session.program, first_name="Zebulon", consent=True)


def test_releasing_files_an_ordinary_youth_report_without_contact_or_filer(
    session, child, educator, django_capture_on_commit_callbacks
):
    neighborhood = NeighborhoodFactory(boundary=square(-75.0, 40.0))
    held = FieldReportFactory(session=session, participant=child, photos=2)

    with django_capture_on_commit_callbacks(execute=True):
        done = services.release(held, by=educator)

    report = done.report
    assert done.review == Review.RELEASED and done.reviewed_by == educator
    assert report.channel == ServiceReport.Channel.YOUTH
    assert report.filed_by is None
    assert (report.contact_name, report.contact_email, report.contact_phone) == ("", "", "")
    assert report.description == "Graffiti on the wall by the bus stop."
    assert report.address == "12 Main Street"
    assert report.neighborhood == neighborhood
    assert report.status == ServiceReport.Status.SUBMITTED
    assert report.due_at is not None  # the city's service-level clock is running
    # The public history says "filed" and nothing about the session; staff see who sent it.
    public = list(report.events.filter(is_public=True).values_list("kind", flat=True))
    assert public == [ReportEvent.Kind.FILED]
    note = report.events.get(is_public=False)
    assert note.actor == educator and session.title in note.internal_note


def test_the_kept_photos_become_fresh_public_files_and_the_held_ones_are_deleted(
    session, child, educator, django_capture_on_commit_callbacks
):
    held = FieldReportFactory(session=session, participant=child, photos=3)
    face, *others = list(held.photos.order_by("pk"))
    held_names = [photo.image.name for photo in held.photos.all()]

    with django_capture_on_commit_callbacks(execute=True):
        done = services.release(held, by=educator, kept_photo_ids=[p.pk for p in others])

    photos = list(ReportPhoto.objects.filter(report=done.report))
    assert len(photos) == 2
    assert all(not p.image.name.startswith("youth/held/") for p in photos)
    assert all(default_storage.exists(p.image.name) for p in photos)
    # Nothing held stays behind: not the kept photos' originals, not the face.
    assert not FieldReportPhoto.objects.filter(field_report=held).exists()
    assert not any(default_storage.exists(name) for name in held_names)


def test_the_educators_corrections_are_what_the_city_receives(session, child, educator):
    held = FieldReportFactory(
        session=session, participant=child, description="Zebulon saw tags by the school."
    )
    dumping = CategoryFactory(code="dumping", name="Illegal dumping")

    done = services.release(
        held, by=educator, description="  Tags by the school.  ", category=dumping
    )

    assert done.report.description == "Tags by the school."
    assert done.report.category == dumping
    assert done.category == dumping


def test_without_a_point_in_a_neighborhood_the_session_neighborhood_is_used(educator):
    here = NeighborhoodFactory()
    program = ProgramFactory(educators=[educator])
    session = SessionFactory(program=program, neighborhood=here)
    held = FieldReportFactory(session=session, lat=None, lng=None, address="Behind the gym")

    report = services.release(held, by=educator).report

    report.refresh_from_db()
    assert report.neighborhood == here


def test_a_second_release_is_refused_and_files_nothing_more(session, child, educator):
    held = FieldReportFactory(session=session, participant=child)
    first = services.release(held, by=educator)

    with pytest.raises(ReviewRefused, match=first.report.reference):
        services.release(held, by=educator)
    with pytest.raises(ReviewRefused):
        services.reject(held, by=educator, reason="Oops")
    assert ServiceReport.objects.count() == 1


def test_a_report_whose_consent_was_withdrawn_cannot_be_released(session, child, educator):
    held = FieldReportFactory(session=session, participant=child)
    child.consents.update(withdrawn_at=timezone.now())

    with pytest.raises(ReviewRefused, match="Zebulon R. has no consent on record"):
        services.release(held, by=educator)

    held.refresh_from_db()
    assert held.review == Review.HELD
    assert not ServiceReport.objects.exists()


def test_the_schools_consent_is_enough(session, educator):
    session.program.school_consent_by = "J. Ortiz, principal"
    session.program.school_consent_on = timezone.localdate()
    session.program.save()
    child = ParticipantFactory(program=session.program)  # no guardian consent
    held = FieldReportFactory(session=session, participant=child)

    assert services.release(held, by=educator).report is not None


def test_an_anonymous_report_needs_no_consent(session, educator):
    held = FieldReportFactory(session=session, participant=None)

    assert services.release(held, by=educator).review == Review.RELEASED


def test_an_educator_of_another_program_cannot_release_or_reject(session, child):
    stranger = make_educator()
    held = FieldReportFactory(session=session, participant=child)

    with pytest.raises(ReviewRefused):
        services.release(held, by=stranger)
    with pytest.raises(ReviewRefused):
        services.reject(held, by=stranger, reason="No")
    with pytest.raises(ReviewRefused):
        services.edit_field_report(held, by=stranger, description="")
    held.refresh_from_db()
    assert held.review == Review.HELD and held.description


def test_staff_review_every_program(session, child):
    staff = UserFactory(roles=[STAFF])
    held = FieldReportFactory(session=session, participant=child)

    assert services.release(held, by=staff).report.channel == ServiceReport.Channel.YOUTH


def test_keeping_a_report_back_needs_a_reason_and_files_nothing(session, child, educator):
    held = FieldReportFactory(session=session, participant=child, photos=1)

    with pytest.raises(ReviewRefused):
        services.reject(held, by=educator, reason="   ")
    done = services.reject(held, by=educator, reason="Not a city problem")

    assert done.review == Review.REJECTED and done.reason == "Not a city problem"
    assert done.reviewed_by == educator and done.reviewed_at is not None
    assert not ServiceReport.objects.exists()
    # Its photos stay private until the retention purge.
    assert done.photos.count() == 1


def test_a_report_kept_back_can_still_be_sent_later(session, child, educator):
    held = FieldReportFactory(session=session, participant=child)
    services.reject(held, by=educator, reason="Check with the class first")

    done = services.release(held, by=educator)

    assert done.review == Review.RELEASED and done.reason == ""


def test_saving_corrections_keeps_the_report_waiting(session, child, educator):
    held = FieldReportFactory(session=session, participant=child, photos=2)
    first, second = held.photos.order_by("pk")

    services.edit_field_report(held, by=educator, description="Tags.", kept_photo_ids=[second.pk])

    held.refresh_from_db()
    first.refresh_from_db()
    second.refresh_from_db()
    assert held.review == Review.HELD and held.description == "Tags."
    assert (first.keep, second.keep) == (False, True)
    assert not ServiceReport.objects.exists()


def test_an_unreadable_held_photo_stops_the_release_with_a_way_out(session, child, educator):
    held = FieldReportFactory(session=session, participant=child, photos=1)
    photo = held.photos.get()
    default_storage.delete(photo.image.name)
    default_storage.save(photo.image.name, ContentFile(b"not a picture"))

    with pytest.raises(ReviewRefused, match="Untick it"):
        services.release(held, by=educator)
    assert not ServiceReport.objects.exists()

    done = services.release(held, by=educator, kept_photo_ids=[])
    assert done.report.photos.count() == 0
