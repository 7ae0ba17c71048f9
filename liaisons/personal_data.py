"""What the liaisons part holds about a person, for their data download and for deleting
their account (``engage.core.privacy``).

When the account is deleted, the volunteer record stays for the hours, attendance and
results it counts, but its name becomes "a former resident" and its phones, emergency
contact, guardian and secret links are blanked or replaced. Places at events still to
come are released through the sign-up service, so the waitlist gets them; blocks adopted
are let go; a liaison's term ends as if they stepped down, and an application still
waiting is withdrawn. Past sign-ups and hours stay: every figure adds up as before.
"""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from engage.core.privacy import Kept, Records

from .models import (
    Adoption,
    HoursCertificate,
    Liaison,
    LiaisonApplication,
    LiaisonContactMessage,
    SignUp,
    Volunteer,
    VolunteerHours,
    new_calendar_token,
    new_personal_code,
)
from .services import network as network_services
from .services import signups as signup_services


def records(user):
    volunteer = Volunteer.objects.filter(user=user).first()
    return [
        *_volunteer_records(volunteer),
        Records(
            _("Your applications to be a liaison"),
            [
                {
                    _("Public name"): application.display_name,
                    _("Why"): application.motivation,
                    _("Availability"): application.availability,
                    _("How to reach you"): application.contact_preference,
                    _("Bio"): application.bio,
                    _("Status"): application.get_status_display(),
                    _("Applied"): application.created_at,
                }
                for application in LiaisonApplication.objects.filter(applicant=user).order_by(
                    "created_at", "pk"
                )
            ],
        ),
        Records(
            _("Your terms as a liaison"),
            [
                {
                    _("Public name"): term.display_name,
                    _("Bio"): term.bio,
                    _("Started"): term.started_at,
                    _("Ended"): term.ended_at,
                }
                for term in Liaison.objects.filter(user=user).order_by("started_at", "pk")
            ],
        ),
        Records(
            _("Messages you sent to a liaison"),
            [
                {
                    _("Your name"): message.sender_name,
                    _("Your e-mail address"): message.sender_email,
                    _("Message"): message.body,
                    _("Sent"): message.created_at,
                }
                for message in LiaisonContactMessage.objects.filter(sender=user).order_by(
                    "created_at", "pk"
                )
            ],
        ),
    ]


def _volunteer_records(volunteer):
    if volunteer is None:
        return []
    return [
        Records(
            _("Your volunteer registration"),
            [
                {
                    _("Name on rosters and certificates"): volunteer.display_name,
                    _("Neighborhoods"): [str(place) for place in volunteer.neighborhoods.all()],
                    _("Skills"): volunteer.skills,
                    _("Availability"): volunteer.availability,
                    _("Phone"): volunteer.phone,
                    _("Age"): volunteer.get_age_band_display(),
                    _("Emergency contact name"): volunteer.emergency_contact_name,
                    _("Emergency contact phone"): volunteer.emergency_contact_phone,
                    _("Parent or guardian"): volunteer.guardian_name,
                    _("Parent or guardian's phone or e-mail"): volunteer.guardian_contact,
                    _("Guardian consent recorded"): volunteer.guardian_consent_at,
                    _("Registered"): volunteer.created_at,
                }
            ],
        ),
        Records(
            _("Your sign-ups for volunteer events"),
            [
                {
                    _("Event"): signup.event.title,
                    _("Starts"): signup.event.starts_at,
                    _("Status"): signup.get_status_display(),
                    _("Checked in"): signup.checked_in_at,
                }
                for signup in volunteer.signups.select_related("event").order_by("created_at", "pk")
            ],
        ),
        Records(
            _("Your volunteer hours"),
            [
                {
                    _("Date"): hours.date,
                    _("Hours"): hours.hours,
                    _("What you did"): hours.description,
                    _("Status"): hours.get_status_display(),
                }
                for hours in VolunteerHours.objects.filter(volunteer=volunteer).order_by(
                    "date", "pk"
                )
            ],
        ),
        Records(
            _("Areas you adopted"),
            [
                {
                    _("Name"): adoption.name,
                    _("Group"): adoption.group_name,
                    _("Adopted"): adoption.created_at,
                    _("Ended"): adoption.ended_at,
                }
                for adoption in volunteer.adoptions.order_by("created_at", "pk")
            ],
        ),
    ]


def forget(user, *, now=None):
    now = now or timezone.now()
    _release_places(user, now)
    for application in LiaisonApplication.objects.filter(
        applicant=user, status=LiaisonApplication.Status.PENDING
    ):
        network_services.withdraw(application, user)
    LiaisonApplication.objects.filter(applicant=user).update(
        display_name="", motivation="", availability="", contact_preference="", bio=""
    )
    if Liaison.objects.active().filter(user=user).exists():
        network_services.step_down(user)
    Liaison.objects.filter(user=user).update(display_name=str(_former_resident()), bio="")
    LiaisonContactMessage.objects.filter(sender=user).update(sender_name="", sender_email="")
    volunteer = Volunteer.objects.filter(user=user).first()
    if volunteer is not None:
        _blank_volunteer(volunteer, now)


def _former_resident():
    return gettext_lazy("a former resident")


def _release_places(user, now):
    """Places at events still to come go back, to the waitlist first (the service's way)."""
    live = SignUp.objects.live().filter(
        volunteer__user=user, event__starts_at__gt=now, checked_in_at__isnull=True
    )
    for signup in live:
        signup_services.cancel_signup(signup, now=now)


def _blank_volunteer(volunteer, now):
    Adoption.objects.filter(volunteer=volunteer, ended_at__isnull=True).update(ended_at=now)
    HoursCertificate.objects.filter(volunteer=volunteer).update(name=str(_former_resident()))
    volunteer.display_name = str(_former_resident())
    volunteer.skills = ""
    volunteer.availability = ""
    volunteer.phone = ""
    volunteer.emergency_contact_name = ""
    volunteer.emergency_contact_phone = ""
    volunteer.guardian_name = ""
    volunteer.guardian_contact = ""
    # The old check-in code and calendar address must stop working.
    volunteer.personal_code = new_personal_code()
    volunteer.calendar_token = new_calendar_token()
    volunteer.save()


def kept():
    return [
        Kept(
            gettext_lazy("Volunteer registration: name, phone, age band, emergency contact"),
            gettext_lazy("To run events safely and reach you on the day."),
            gettext_lazy(
                "Until you delete your account: then they are removed, your places at "
                "events still to come go to the waitlist, and your hours stay counted "
                "as by “a former resident”."
            ),
        ),
        Kept(
            gettext_lazy("Sign-ups, attendance and volunteer hours"),
            gettext_lazy("For certificates of hours and the volunteering figures."),
            gettext_lazy(
                "As long as the program keeps its figures; they name nobody once "
                "your account is deleted."
            ),
        ),
    ]
