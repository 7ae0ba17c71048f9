"""The outcomes part's notification e-mails (templates under ``templates/outcomes/emails/``)."""

from django.utils.translation import get_language

from engage.notifications.emails import NotificationEmail, absolute_url, register

from .models import Announcement, OutcomePage


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
