"""The educators' and staff's actions on youth programs that the audit trail records
(``engage.core.audit``).

Participants are minors: no entry names one. An entry about a participant or a field
report is titled with its number only, so the purge of the youth data
(``purge_youth_data``) leaves nothing personal behind in the audit trail.
"""

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
