"""The waitlist: order, offers that lapse (never on the event's day), and what people are told."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django.utils.formats import date_format

from liaisons.models import SignUp
from liaisons.services import signups as services
from tests.liaisons.factories import EventFactory, VolunteerFactory
from tests.liaisons.signups_support import event_at

pytestmark = pytest.mark.django_db

Status = SignUp.Status
HOUR = datetime.timedelta(hours=1)


def in_ten_days(hour=10):
    day = timezone.localtime() + datetime.timedelta(days=10)
    return day.replace(hour=hour, minute=0, second=0, microsecond=0)


def day_before(event, hour, minute=0):
    """``hour:minute`` local time on the day before the event."""
    start = timezone.localtime(event.starts_at)
    previous = (start - datetime.timedelta(days=1)).date()
    return timezone.make_aware(
        datetime.datetime.combine(previous, datetime.time(hour, minute))  # noqa: DTZ001
    )


def full_event_with_waitlist(waiting=3, **fields):
    """An event of one place, taken, and ``waiting`` people on its waitlist in order."""
    event = event_at(in_ten_days(), capacity=1, **fields)
    holder = services.sign_up(event, VolunteerFactory(display_name="Holder"))
    queue = [
        services.sign_up(event, VolunteerFactory(display_name=f"Waiting {n}"))
        for n in range(waiting)
    ]
    assert {s.status for s in queue} <= {Status.WAITLISTED}
    return event, holder, queue


def reload(*objects):
    for obj in objects:
        obj.refresh_from_db()


def test_waitlist_positions_follow_the_order_people_signed_up():
    event, _holder, queue = full_event_with_waitlist(3)

    assert [services.waitlist_position(s) for s in queue] == [1, 2, 3]
    services.cancel_signup(queue[0])
    reload(*queue)
    assert [services.waitlist_position(s) for s in queue[1:]] == [1, 2]


def test_a_freed_place_is_offered_to_the_first_person_waiting(django_capture_on_commit_callbacks):
    event, holder, queue = full_event_with_waitlist(3)
    now = timezone.now()

    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_signup(holder, now=now)

    reload(event, *queue)
    assert [s.status for s in queue] == [Status.OFFERED, Status.WAITLISTED, Status.WAITLISTED]
    assert queue[0].offer_expires_at == now + datetime.timedelta(hours=24)
    # The place moved along without ever being free for someone who did not wait.
    assert event.places_taken == 1
    assert services.sign_up(event, VolunteerFactory()).status == Status.WAITLISTED
    (offer,) = mail.outbox
    assert offer.to == [queue[0].volunteer.user.email]
    assert "A place is free for you at" in offer.subject
    assert event.get_absolute_url() in offer.body
    lapses = date_format(timezone.localtime(queue[0].offer_expires_at), "DATETIME_FORMAT")
    assert f"You have until {lapses} to accept or decline on the event's page;" in offer.body


def test_the_offer_time_is_a_setting(settings):
    settings.LIAISONS_OFFER_HOURS = 6
    event, holder, queue = full_event_with_waitlist(1)
    now = timezone.now()

    services.cancel_signup(holder, now=now)

    reload(queue[0])
    assert queue[0].offer_expires_at == now + 6 * HOUR


def test_an_offer_lapses_before_the_events_day_begins():
    event, holder, queue = full_event_with_waitlist(1)
    afternoon_before = day_before(event, 14)

    services.cancel_signup(holder, now=afternoon_before)

    reload(queue[0])
    midnight = day_before(event, 0) + datetime.timedelta(days=1)
    assert queue[0].status == Status.OFFERED
    assert queue[0].offer_expires_at == midnight
    # The start of the event's day, local time: never a moment of the day itself.
    assert timezone.localtime(queue[0].offer_expires_at).time() == datetime.time(0, 0)


def test_a_place_freed_too_late_for_an_offer_goes_straight_to_the_next_person(
    django_capture_on_commit_callbacks,
):
    event, holder, queue = full_event_with_waitlist(2)

    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_signup(holder, now=day_before(event, 23, 30))

    reload(event, *queue)
    assert [s.status for s in queue] == [Status.CONFIRMED, Status.WAITLISTED]
    assert queue[0].offer_expires_at is None
    assert event.places_taken == 1
    (told,) = mail.outbox
    assert told.to == [queue[0].volunteer.user.email]
    assert "You have a place at" in told.subject
    assert "you are now confirmed" in told.body


def test_on_the_events_day_a_freed_place_is_confirmed_directly():
    event, holder, queue = full_event_with_waitlist(1)
    morning = event.starts_at - 2 * HOUR

    services.cancel_signup(holder, now=morning)

    reload(queue[0])
    assert queue[0].status == Status.CONFIRMED


def test_direct_confirmation_skips_whoever_has_a_place_elsewhere_then():
    event, holder, queue = full_event_with_waitlist(2)
    elsewhere = event_at(event.starts_at)
    services.sign_up(elsewhere, queue[0].volunteer)

    services.cancel_signup(holder, now=event.starts_at - 2 * HOUR)

    reload(*queue)
    assert [s.status for s in queue] == [Status.WAITLISTED, Status.CONFIRMED]


def test_accepting_an_offer_confirms_the_place():
    event, holder, queue = full_event_with_waitlist(1)
    now = timezone.now()
    services.cancel_signup(holder, now=now)
    reload(queue[0])

    services.answer_offer(queue[0], accept=True, now=now + HOUR)

    reload(event, queue[0])
    assert queue[0].status == Status.CONFIRMED
    assert queue[0].offer_expires_at is None
    assert event.places_taken == 1


def test_declining_an_offer_passes_the_place_to_the_next_person():
    event, holder, queue = full_event_with_waitlist(2)
    now = timezone.now()
    services.cancel_signup(holder, now=now)
    reload(queue[0])

    services.answer_offer(queue[0], accept=False, now=now + HOUR)

    reload(event, *queue)
    assert [s.status for s in queue] == [Status.CANCELLED, Status.OFFERED]
    assert event.places_taken == 1


def test_declining_the_last_offer_frees_the_place():
    event, holder, queue = full_event_with_waitlist(1)
    services.cancel_signup(holder)
    reload(queue[0])

    services.answer_offer(queue[0], accept=False)

    event.refresh_from_db()
    assert event.places_taken == 0


def test_answering_an_offer_that_lapsed_is_refused_and_the_place_moves_on():
    event, holder, queue = full_event_with_waitlist(2)
    now = timezone.now()
    services.cancel_signup(holder, now=now)
    reload(queue[0])

    with pytest.raises(services.SignUpRefused, match="This offer has lapsed"):
        services.answer_offer(queue[0], accept=True, now=now + 25 * HOUR)

    reload(event, *queue)
    assert [s.status for s in queue] == [Status.LAPSED, Status.OFFERED]
    assert event.places_taken == 1
    # And the same answer again, after the sweep: still refused, nothing changes.
    with pytest.raises(services.SignUpRefused, match="This offer has lapsed"):
        services.answer_offer(queue[0], accept=True, now=now + 26 * HOUR)


def test_accepting_is_refused_when_the_person_took_a_place_elsewhere_at_that_time():
    event, holder, queue = full_event_with_waitlist(1)
    # A waitlist place is no clash: meanwhile they sign up for another event then.
    services.sign_up(event_at(event.starts_at, title="Park day"), queue[0].volunteer)
    services.cancel_signup(holder)
    reload(queue[0])

    with pytest.raises(services.SignUpRefused, match="“Park day” at the same time"):
        services.answer_offer(queue[0], accept=True)
    reload(queue[0])
    assert queue[0].status == Status.OFFERED


def test_answering_without_an_offer_is_refused():
    event, holder, queue = full_event_with_waitlist(1)

    with pytest.raises(services.SignUpRefused, match="There is no place on offer"):
        services.answer_offer(queue[0], accept=True)
    with pytest.raises(services.SignUpRefused, match="You already have a place"):
        services.answer_offer(holder, accept=True)


def test_lapse_offers_passes_each_expired_place_on_and_is_idempotent(
    django_capture_on_commit_callbacks,
):
    event, holder, queue = full_event_with_waitlist(3)
    now = timezone.now()
    services.cancel_signup(holder, now=now)
    mail.outbox.clear()

    assert services.lapse_offers(now + 23 * HOUR) == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert services.lapse_offers(now + 25 * HOUR) == 1
    assert services.lapse_offers(now + 25 * HOUR) == 0

    reload(event, *queue)
    assert [s.status for s in queue] == [Status.LAPSED, Status.OFFERED, Status.WAITLISTED]
    assert queue[1].offer_expires_at == now + 25 * HOUR + 24 * HOUR
    assert event.places_taken == 1
    subjects = sorted(message.subject for message in mail.outbox)
    assert len(subjects) == 2
    assert "has gone to the next person" in subjects[1]
    assert {m.to[0] for m in mail.outbox} == {
        queue[0].volunteer.user.email,
        queue[1].volunteer.user.email,
    }


def test_offers_lapse_in_turn_until_the_waitlist_is_empty_then_the_place_is_free():
    event, holder, queue = full_event_with_waitlist(2)
    now = timezone.now()
    services.cancel_signup(holder, now=now)

    services.lapse_offers(now + 25 * HOUR)
    services.lapse_offers(now + 50 * HOUR)

    reload(event, *queue)
    assert [s.status for s in queue] == [Status.LAPSED, Status.LAPSED]
    assert event.places_taken == 0
    assert services.sign_up(event, VolunteerFactory()).status == Status.CONFIRMED


def test_a_lapse_swept_on_the_events_day_confirms_the_next_person_directly():
    event, holder, queue = full_event_with_waitlist(2)
    services.cancel_signup(holder, now=day_before(event, 20))
    reload(queue[0])
    assert queue[0].offer_expires_at == day_before(event, 0) + datetime.timedelta(days=1)

    services.lapse_offers(event.starts_at - 3 * HOUR)

    reload(*queue)
    assert [s.status for s in queue] == [Status.LAPSED, Status.CONFIRMED]


def test_offer_deadline_in_the_site_time_zone():
    event = event_at(in_ten_days(hour=9))
    start = timezone.localtime(event.starts_at)
    midnight = start.replace(hour=0)

    assert services.offer_deadline(event, midnight - 30 * HOUR) == midnight - 6 * HOUR
    assert services.offer_deadline(event, midnight - 5 * HOUR) == midnight
    assert services.offer_deadline(event, midnight - datetime.timedelta(minutes=59)) is None
    assert services.offer_deadline(event, midnight + HOUR) is None


def test_no_offers_for_a_cancelled_event():
    event, holder, queue = full_event_with_waitlist(1)
    event.status = event.Status.CANCELLED
    event.save()

    services.cancel_signup(holder)

    reload(event, queue[0])
    assert queue[0].status == Status.WAITLISTED
    assert event.places_taken == 0


def test_one_event_s_waitlist_does_not_move_another_s():
    event, holder, queue = full_event_with_waitlist(1)
    other = EventFactory(capacity=1)
    services.sign_up(other, VolunteerFactory())
    other_waiting = services.sign_up(other, VolunteerFactory())

    services.cancel_signup(holder)

    other_waiting.refresh_from_db()
    assert other_waiting.status == Status.WAITLISTED


def test_the_cron_command_lapses_due_offers_once():
    event, holder, queue = full_event_with_waitlist(2)
    services.cancel_signup(holder)
    SignUp.objects.filter(pk=queue[0].pk).update(
        offer_expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )

    outputs = []
    for _run in range(2):
        output = io.StringIO()
        call_command("lapse_waitlist_offers", stdout=output)
        outputs.append(output.getvalue().strip())

    assert outputs == ["1 offer(s) lapsed.", "0 offer(s) lapsed."]
    reload(*queue)
    assert [s.status for s in queue] == [Status.LAPSED, Status.OFFERED]
