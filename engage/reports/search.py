"""What the site search finds among service reports (``ReportsConfig.search_sources``).

Only public reports (not those merged into another), and only what their public page
shows: the reference, the category, the address, the neighborhood and the public notes
of their history (``ServiceReport.search_fields``). A report's index entry is written when
the report is saved; a public note arrives in a new history entry, so that entry's save
re-indexes its report.
"""

from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _
from modelsearch.tasks import insert_or_update_object_task

from engage.core.search import SearchSource

from .listing import CategoryNames, with_category_names
from .models import ReportEvent, ServiceReport


class ReportSource(SearchSource):
    kind = "reports"
    label = _("Reported problems")
    template = "reports/includes/search_result.html"
    order = 40

    def searchable(self, request):
        public = [s for s in ServiceReport.Status.values if s != ServiceReport.Status.DUPLICATE]
        return ServiceReport.objects.filter(status__in=public).select_related(
            "category", "neighborhood"
        )

    def prepare(self, results, request):
        return with_category_names(list(results), CategoryNames())


@receiver(post_save, sender=ReportEvent, dispatch_uid="reports-search-public-note")
def index_public_note(sender, instance, created, raw=False, **kwargs):
    if created and not raw and instance.is_public and instance.public_note:
        insert_or_update_object_task.enqueue("reports", "servicereport", str(instance.report_id))
