"""Who may do what in youth programs, in one place.

Educators manage the programs they are named on; staff manage every program. Nobody else
sees a program's roster: a program (or a session, participant, field report of it) that
is not the person's answers "not found", so its existence is not confirmed either.
A check the person is told about returns ``None`` when allowed, or the translated reason
why not; ``services`` call it again inside their transaction.
"""

from django.http import Http404
from django.utils.translation import gettext as _

from engage.accounts.roles import EDUCATOR, STAFF, has_role

from .models import Program, Session

# What each role may do in the Wagtail admin (see engage.core.parts). Staff run every
# program there; educators work in the educator area of the public site, phone-first.
STAFF_MODELS = (
    "partner",
    "program",
    "session",
    "participant",
    "guardianconsent",
    "attendance",
    "fieldreport",
)
ROLE_PERMISSIONS = {
    STAFF: {
        *(
            f"youth.{action}_{model}"
            for action in ("add", "change", "delete", "view")
            for model in STAFF_MODELS
        ),
        "youth.view_purgelog",
        "youth.view_sessionjoin",
    },
}

# Any group of fewer people than this is shown as "fewer than 5" in reports and results
# shown outside the educator area (code.org's rule for young people's answers).
SMALL_GROUP = 5


def is_staff(user):
    return has_role(user, STAFF)


def is_educator(user):
    return has_role(user, EDUCATOR, STAFF)


def programs_for(user):
    """The programs a person manages: all for staff, their own for an educator."""
    if not user.is_authenticated:
        return Program.objects.none()
    if is_staff(user):
        return Program.objects.all()
    if not has_role(user, EDUCATOR):
        return Program.objects.none()
    return Program.objects.for_educator(user)


def can_manage_program(user, program):
    return programs_for(user).filter(pk=program.pk).exists()


def program_or_404(user, pk):
    """The program ``pk`` if the person manages it; "not found" otherwise."""
    program = programs_for(user).filter(pk=pk).first()
    if program is None:
        raise Http404
    return program


def has_consent(participant):
    """A guardian's consent in force, or the school's consent for educational use."""
    if participant.program.has_school_consent:
        return True
    return participant.consents.in_force().exists()


def consent_refusal(participant):
    """None when ``participant`` may have more than a roster line kept (survey pairing,
    field reports), or why not, in words an educator understands."""
    if has_consent(participant):
        return None
    return _(
        "%(name)s has no consent on record yet. Record a parent's or guardian's consent "
        "(the signed paper form or the online form) on the roster, or the school's consent "
        "for educational use on the program, before %(name)s takes part."
    ) % {"name": participant.display_name}


def shown_count(count):
    """A count as published outside the educator area: the number, or "fewer than 5"."""
    if 0 < count < SMALL_GROUP:
        return _("fewer than %(n)s") % {"n": SMALL_GROUP}
    return str(count)


# --- participants: the roster, consents, the purge ------------------------------------


def why_not_change_roster(user, program):
    """None when ``user`` may add to ``program``'s roster and record its consents."""
    if not can_manage_program(user, program):
        return _("Only the program's educators and staff can change its roster.")
    if program.personal_data_purged_at:
        return _(
            "This program's personal data were removed at the end of its retention period: "
            "its roster and consents can no longer change."
        )
    return None


def why_not_change_participant(user, participant):
    """None when ``user`` may edit ``participant`` and record or withdraw their consent."""
    if participant.purged_at:
        return _("This participant's details were removed at the end of the retention period.")
    return why_not_change_roster(user, participant.program)


# --- programs: sessions and who may open them ------------------------------------------


def session_or_404(user, pk):
    """The session ``pk`` if the person manages its program; "not found" otherwise."""
    session = (
        Session.objects.select_related("program", "lesson", "neighborhood", "access_code")
        .filter(program__in=programs_for(user), pk=pk)
        .first()
    )
    if session is None:
        raise Http404
    return session


def session_survey(session):
    """The survey page a session runs (the program's survey before or after), or None."""
    if session.survey == session.Survey.PRE:
        return session.program.pre_survey
    if session.survey == session.Survey.POST:
        return session.program.post_survey
    return None


def open_refusal(session):
    """None when ``session`` may be opened (its code start working), or why not."""
    program = session.program
    if program.personal_data_purged_at:
        return _(
            "This program's participants were removed under the data-retention policy: its "
            "sessions cannot be opened again."
        )
    if session.survey and session_survey(session) is None:
        return _(
            "This session runs a survey, but the program has no such survey chosen. Choose "
            "the survey on the program's page, or set this session to “No survey”."
        )
    survey = session_survey(session)
    if survey is not None and not survey.live:
        return _(
            "The program's survey “%(title)s” is not published. Ask city staff to publish it, "
            "or set this session to “No survey”."
        ) % {"title": survey.title}
    return None
