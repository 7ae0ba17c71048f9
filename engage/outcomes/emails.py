"""The outcomes part's notification e-mails (templates under ``templates/outcomes/emails/``)."""

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language

from engage.notifications.emails import NotificationEmail, absolute_url, register
from engage.reports.models import Department

from .metrics import Period, service_levels
from .models import Announcement, FixedCheck, OutcomePage


def outcome_in_language(outcome, language):
    """The live translation of ``outcome`` in ``language``, else in its own language,
    else any live one (``outcome`` itself when none is live any more)."""
    pages = OutcomePage.objects.filter(translation_key=outcome.translation_key).live()
    by_language = {page.locale.language_code: page for page in pages.select_related("locale")}
    return (
        by_language.get(language)
        or by_language.get(outcome.locale.language_code)
        or next(iter(by_language.values()), outcome)
    )


def milestone_in(page, milestone):
    """``milestone`` as written on ``page`` (a translation has its copy at the same place)."""
    if milestone is None or milestone.page_id == page.pk:
        return milestone
    return page.milestones.filter(sort_order=milestone.sort_order).first() or milestone


@register
class OutcomeAnnouncementEmail(NotificationEmail):
    """News of an outcome behind which the person took part: published, or a milestone."""

    key = "outcome-announcement"
    topic = "outcomes"
    template_prefix = "outcomes/emails/announcement"

    def get_context(self, user, params):
        announcement = Announcement.objects.select_related("outcome__locale", "milestone").get(
            pk=params["announcement"]
        )
        language = get_language() or ""
        page = outcome_in_language(announcement.outcome, language.split("-")[0])
        url = page.get_url() if page.live else None
        return {
            "announcement": announcement,
            "outcome": page,
            "foreign": page.locale.language_code != language.split("-")[0],
            "milestone": milestone_in(page, announcement.milestone),
            "reached": [
                milestone for milestone in page.milestones.all() if milestone.reached_on is not None
            ],
            "progress": page.overall_progress(),
            "outcome_url": absolute_url(url) if url else "",
        }


@register
class FixedCheckEmail(NotificationEmail):
    """ "Is it really fixed?": asked once, some days after the report was resolved."""

    key = "outcomes-fixed-check"
    topic = "reports"
    template_prefix = "outcomes/emails/fixed_check"

    def get_context(self, user, params):
        check = FixedCheck.objects.select_related("report__category").get(pk=params["check"])
        report = check.report
        return {
            "check": check,
            "report": report,
            "answer_url": absolute_url(reverse("outcomes_fixed_check", args=[check.token()])),
            "report_url": absolute_url(report.get_absolute_url()),
            "answer_until": timezone.localtime(check.answer_until),
        }


@register
class ServiceLevelDigestEmail(NotificationEmail):
    """The week's service levels of one department, to the department's address."""

    key = "outcomes-service-level-digest"
    topic = "reports"
    template_prefix = "outcomes/emails/service_level_digest"

    def get_context(self, user, params):
        department = Department.objects.get(pk=params["department"])
        period = Period(
            datetime.date.fromisoformat(params["start"]),
            datetime.date.fromisoformat(params["end"]),
        )
        week = service_levels.department_week(department, period)
        return {
            **week,
            "department": department,
            "period": period,
            "last_day": period.end - datetime.timedelta(days=1),
            "compliance_percent": (
                None
                if week["counts"].compliance is None
                else round(week["counts"].compliance * 100)
            ),
            "queue_url": absolute_url(
                reverse("reports_department_queue", args=[department.pk]) + "?tab=overdue"
            ),
        }
