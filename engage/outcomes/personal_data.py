"""What the outcomes part holds about a person, for their data download and for deleting
their account (``engage.core.privacy``).

Who was told of an outcome, and the answers to "is it fixed?", stay when the account is
deleted: they are what the loop-closure and satisfaction figures count. The address kept
with them goes, and a tombstone account is never written to again (its e-mail is off).
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from engage.core.privacy import Kept, Records

from .models import AnnouncementRecipient, FixedCheck


def records(user):
    return [
        Records(
            _("Outcomes we told you about"),
            [
                {
                    _("Outcome"): recipient.announcement.outcome.title,
                    _("News"): recipient.announcement.get_kind_display(),
                    _("Told"): recipient.queued_at,
                }
                for recipient in AnnouncementRecipient.objects.filter(user=user)
                .select_related("announcement__outcome")
                .order_by("pk")
            ],
        ),
        Records(
            _("Your answers to “is it fixed?”"),
            [
                {
                    _("Report"): check.report.reference,
                    _("Asked"): check.sent_at,
                    _("Answered"): check.answered_at,
                    _("Fixed"): check.fixed,
                    _("Satisfaction"): check.satisfaction,
                    _("Comment"): check.comment,
                }
                for check in FixedCheck.objects.filter(user=user)
                .select_related("report")
                .order_by("sent_at", "pk")
            ],
        ),
    ]


def forget(user):
    AnnouncementRecipient.objects.filter(user=user).exclude(email="").update(email="")
    FixedCheck.objects.filter(user=user).exclude(email="").update(email="")


def kept():
    return [
        Kept(
            gettext_lazy("Who was told of an outcome, and answers to “is it fixed?”"),
            gettext_lazy(
                "To tell each person once, and to measure whether the city closes the loop."
            ),
            gettext_lazy(
                "As long as the performance figures are kept; they name nobody "
                "once your account is deleted."
            ),
        ),
    ]
