"""What the reports part holds about a person, for their data download and for deleting
their account (``engage.core.privacy``).

Reports stay when the account is deleted (where a problem was and what the city did about
it is the city's record, and every count stays), but the name, e-mail address, phone and
device typed with them are blanked; supports stay and count, follows go. A caller's
record in the contact center linked to the account (and the records merged into it)
loses everything that names or reaches the person, and staff's notes about them; the
calls themselves stay, so the contact center's figures do not change.
"""

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from engage.core.privacy import Kept, Records

from .models import Person, PersonNote, ReportFollow, ReportSupport, ServiceReport
from .person_record import filed_by_themselves


def _linked_people(user):
    return Person.objects.filter(Q(user=user) | Q(merged_into__user=user))


def _reports(user):
    """Reports the person filed for themselves, or that were filed for them. Not those a
    liaison or an agent filed for someone else: the details typed there are the
    neighbour's, not theirs."""
    return ServiceReport.objects.filter(
        filed_by_themselves(user) | Q(person__in=_linked_people(user))
    )


def records(user):
    return [
        Records(
            _("Service reports filed by you or for you"),
            [
                {
                    _("Reference"): report.reference,
                    _("Category"): report.category.name,
                    _("Description"): report.description,
                    _("Address"): report.address,
                    _("Latitude"): report.lat,
                    _("Longitude"): report.lng,
                    _("Status"): report.get_status_display(),
                    _("Channel"): report.get_channel_display(),
                    _("Contact name"): report.contact_name,
                    _("Contact e-mail"): report.contact_email,
                    _("Contact phone"): report.contact_phone,
                    _("Submitted"): report.submitted_at,
                    _("Closed"): report.closed_at,
                }
                for report in _reports(user)
                .select_related("category")
                .distinct()
                .order_by("submitted_at", "pk")
            ],
        ),
        Records(
            _("Reports you said affect you too"),
            [
                {_("Reference"): support.report.reference, _("When"): support.created_at}
                for support in ReportSupport.objects.filter(user=user)
                .select_related("report")
                .order_by("created_at", "pk")
            ],
        ),
        Records(
            _("Reports you follow"),
            [
                {_("Reference"): follow.report.reference, _("Since"): follow.created_at}
                for follow in ReportFollow.objects.filter(user=user)
                .select_related("report")
                .order_by("created_at", "pk")
            ],
        ),
        Records(
            _("Your record at the city's contact center"),
            [
                {
                    _("Name"): person.name,
                    _("Phone"): person.phone,
                    _("Other phone"): person.other_phone,
                    _("E-mail address"): person.email,
                    _("Address"): person.address,
                    _("Language"): person.language,
                    _("Calls and visits"): person.contacts.count(),
                    _("Since"): person.created_at,
                }
                for person in _linked_people(user).order_by("pk")
            ],
        ),
    ]


def forget(user):
    people = list(_linked_people(user))
    _reports(user).update(contact_name="", contact_email="", contact_phone="", device_id="")
    ReportFollow.objects.filter(user=user).delete()
    PersonNote.objects.filter(person__in=people).delete()
    for person in people:
        person.name = ""
        person.phone = ""
        person.other_phone = ""
        person.email = ""
        person.address = ""
        person.user = None
        person.save()


def kept():
    return [
        Kept(
            gettext_lazy("Service reports: the problem, where it is, photos, what the city did"),
            gettext_lazy("To fix the problem and to report on the city's service."),
            gettext_lazy(
                "As long as the city keeps its service records. When you delete your "
                "account, the name, e-mail address and phone you gave with a report are "
                "removed, and the reports you follow are forgotten."
            ),
        ),
        Kept(
            gettext_lazy("Your record at the contact center: name, phones, address, calls"),
            gettext_lazy("So an agent can find you and your history when you call."),
            gettext_lazy(
                "Until you delete your account: then your name, phones, e-mail address, "
                "address and staff's notes about you are removed; the calls are counted."
            ),
        ),
    ]
