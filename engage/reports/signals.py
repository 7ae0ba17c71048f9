"""What the reports part tells the page cache (connected in ``ReportsConfig.ready``).

Every write to the part's tables empties the cache of anonymous pages
(``engage.core.page_cache``) except the tables named here, which no public page shows.
A CDN, when one is configured, is told which report page a write changed.
"""

from django.urls import reverse

from engage.core.page_cache import absolute_url, not_shown_to_visitors, purge_on_change

from .models import (
    AnswerFeedback,
    AnswerViews,
    Contact,
    Open311ApiKey,
    Person,
    PersonNote,
    ReportEvent,
    ReportPhoto,
    ReportSupport,
    ServiceReport,
)

# The contact center's people, notes and contacts and the API keys are staff's. An
# answer's readers are counted on every reading (``AnswerViews``): emptying the cache
# each time would keep nothing; the "most read" list may lag by PAGE_CACHE_SECONDS.
not_shown_to_visitors(Person, PersonNote, Contact, Open311ApiKey, AnswerViews, AnswerFeedback)


def _report_page(report):
    return [absolute_url(reverse("reports:detail", args=[report.reference]))]


def _its_report_page(row):
    return _report_page(row.report)


purge_on_change(ServiceReport, _report_page)
for _model in (ReportEvent, ReportPhoto, ReportSupport):
    purge_on_change(_model, _its_report_page)
