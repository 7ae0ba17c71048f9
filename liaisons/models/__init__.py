"""Liaisons and volunteers: the people, the events they organise, and the proof of their work.

Everything here is transactional data written by residents, liaisons and staff, so these
are plain models (staff review them in the Wagtail admin; kinds of events and the waiver
are snippets). Rules that must hold whatever the timing are written into the database:

- an event never has more people holding a place than its capacity: ``places_taken``
  counts confirmed sign-ups and open offers, only ever changes by a conditional ``F()``
  update in the same transaction as the sign-up it counts, and a check constraint forbids
  it to pass ``capacity``;
- a volunteer holds at most one live sign-up per event, a person at most one open
  liaison application and one active liaison term (partial unique constraints);
- a reminder is sent once per sign-up and per lead time (``ReminderSent``), so the
  reminder task may run as often as it likes.
"""

from .codes import new_calendar_token, new_certificate_code, new_personal_code
from .events import EventKind, EventPhoto, EventTarget, ReminderSent, SignUp, VolunteerEvent
from .hours import HoursCertificate, VolunteerHours
from .network import Liaison, LiaisonApplication, LiaisonContactMessage, VolunteerBroadcast
from .volunteers import Adoption, Volunteer, Waiver, WaiverAcceptance

__all__ = [
    "Adoption",
    "EventKind",
    "EventPhoto",
    "EventTarget",
    "HoursCertificate",
    "Liaison",
    "LiaisonApplication",
    "LiaisonContactMessage",
    "ReminderSent",
    "SignUp",
    "Volunteer",
    "VolunteerBroadcast",
    "VolunteerEvent",
    "VolunteerHours",
    "Waiver",
    "WaiverAcceptance",
    "new_calendar_token",
    "new_certificate_code",
    "new_personal_code",
]
