"""What the youth part holds about a person with an account, for their data download and
for deleting that account (``engage.core.privacy``).

Young participants have no account (they join a session with a code, and their data are
purged on the retention the program sets: ``purge_youth_data``), so the only people with
an account here are educators. Deleting an educator's account takes them off the programs
still running or to come, so that staff see those programs need another educator; the
programs they taught that are over keep them, as by "a former resident", so the
program's history still says somebody ran it.
"""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from engage.core.privacy import Kept, Records

from .models import Program


def records(user):
    return [
        Records(
            _("Youth programs you teach or taught"),
            [
                {
                    _("Program"): program.name,
                    _("Site"): program.site,
                    _("First day"): program.starts_on,
                    _("Last day"): program.ends_on,
                }
                for program in Program.objects.for_educator(user).order_by("starts_on", "pk")
            ],
        ),
    ]


def forget(user):
    today = timezone.localdate()
    for program in Program.objects.for_educator(user).filter(ends_on__gte=today):
        program.educators.remove(user)


def kept():
    return [
        Kept(
            gettext_lazy("Young participants: first name or initials, school, grade, consent"),
            gettext_lazy("To run the sessions and record guardian consent."),
            gettext_lazy(
                "Removed a set number of months after the program's last day (Settings → "
                "Youth data retention); the counts stay. Participants have no account."
            ),
        ),
        Kept(
            gettext_lazy("Educators: the programs you teach"),
            gettext_lazy("So you can run your sessions and see your students' work."),
            gettext_lazy(
                "Until you delete your account: then you leave the programs still "
                "running; those that are over keep you as “a former resident”."
            ),
        ),
    ]
