"""The educators' and staff's actions on youth programs that the audit trail records
(``engage.core.audit``).

Participants are minors: no entry names one. An entry about a participant or a field
report is titled with its number only, so the purge of the youth data
(``purge_youth_data``) leaves nothing personal behind in the audit trail. Attendance is
recorded on the session, as the counts present and absent after each mark, never who.
"""

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from engage.core.audit import AuditAction, record

ACTIONS = [
    AuditAction("youth.program_create", _("Youth program created")),
    AuditAction("youth.program_update", _("Youth program changed")),
    AuditAction("youth.field_report_release", _("Field report sent to the city")),
    AuditAction("youth.field_report_reject", _("Field report kept back"), _("Kept back: {reason}")),
    AuditAction("youth.consent_record", _("Guardian's paper consent recorded")),
    AuditAction("youth.consent_withdraw", _("Guardian's consent withdrawn")),
    AuditAction("youth.school_consent_record", _("School's consent recorded")),
    AuditAction("youth.school_consent_withdraw", _("School's consent withdrawn")),
    AuditAction("youth.session_create", _("Youth session planned")),
    AuditAction("youth.session_update", _("Youth session changed")),
    AuditAction(
        "youth.session_open", _("Youth session opened"), _("Join code works until {until}")
    ),
    AuditAction("youth.session_close", _("Youth session closed")),
    AuditAction(
        "youth.attendance",
        _("Attendance taken"),
        _("Attendance: {present} present, {absent} absent"),
    ),
]


def record_participant(participant, action, *, user):
    return record(
        participant,
        action,
        user=user,
        data={"program": participant.program_id},
        title=gettext("Participant %(number)s") % {"number": participant.pk},
    )


def record_field_report(field_report, action, *, user, **data):
    return record(
        field_report,
        action,
        user=user,
        data={"session": field_report.session_id, **data},
        title=gettext("Field report %(number)s") % {"number": field_report.pk},
    )


def record_session(session, action, *, user, **data):
    return record(session, action, user=user, data={"program": session.program_id, **data})


def record_opening(session, *, user, hours, extended):
    until = timezone.localtime(session.open_until)
    return record_session(
        session,
        "youth.session_open",
        user=user,
        hours=hours,
        extended=extended,
        until=until.strftime("%Y-%m-%d %H:%M"),
    )


def record_attendance(session, *, user):
    """The session's marks so far, counted: who was present stays on the sheet."""
    marks = session.attendance.aggregate(
        present_marks=Count("pk", filter=Q(present=True)),
        absent_marks=Count("pk", filter=Q(present=False)),
    )
    return record_session(
        session,
        "youth.attendance",
        user=user,
        present=marks["present_marks"],
        absent=marks["absent_marks"],
    )
