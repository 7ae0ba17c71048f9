"""The staff actions on surveys that the audit trail records (``engage.core.audit``).

Both are written on the survey page rather than on the response, so that an anonymous
survey's entries never name a response: a paper form typed in at a given minute must not
be traceable to the row it made. Exports are recorded by ``engage.core.exports``; edits
and publishing of the survey pages are in Wagtail's own page history.
"""

from django.utils.translation import gettext_lazy as _

from engage.core.audit import AuditAction, record

ACTIONS = [
    AuditAction("surveys.paper_entry", _("Paper response entered")),
    AuditAction("surveys.response_delete", _("Survey response deleted")),
]


def record_response(response, action, *, user):
    data = {"channel": response.channel}
    if not response.survey.anonymous:
        data["response"] = response.pk
    return record(response.survey, action, user=user, data=data)
