"""What the home page shows of service reports (``ReportsConfig.home_sections``).

Public fields only, as on the public list: category, neighborhood, dates, reference.
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from engage.core.home import Count, HomeSection, start_of_month

from .listing import CategoryNames, with_category_names
from .models import ServiceReport

SHOWN = 5
Status = ServiceReport.Status
FIXED = {"status": Status.RESOLVED, "resolution": ServiceReport.Resolution.FIXED}


class RecentlyFixed(HomeSection):
    key = "recently-fixed"
    heading = _("Recently fixed")
    template = "reports/includes/home_section.html"
    order = 40

    def data(self):
        reports = list(
            ServiceReport.objects.filter(**FIXED, closed_at__isnull=False)
            .select_related("category", "neighborhood")
            .order_by("-closed_at", "-pk")[:SHOWN]
        )
        with_category_names(reports, CategoryNames())
        more = f"{reverse('reports:list')}?status={Status.RESOLVED}"
        return {"reports": reports, "more_url": more}

    def counts(self):
        fixed = ServiceReport.objects.filter(**FIXED, closed_at__gte=start_of_month()).count()
        label = ngettext("problem fixed this month", "problems fixed this month", fixed)
        return [Count(fixed, label, f"{reverse('reports:list')}?status={Status.RESOLVED}")]
