"""The knowledge base in the site search: its own group, "Answers", each result with its
short answer, so a resident often reads what they need on the results page.

Declared in ``ReportsConfig.search_sources``. Only live, public answers in the visitor's
language; the "Pages" group then leaves answers out.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale

from engage.core.search import SearchSource

from ..models import KnowledgeAnswerPage


class AnswerSource(SearchSource):
    kind = "answers"
    label = _("Answers")
    template = "reports/knowledge/includes/search_result.html"
    # Right after the site's pages: answers are what most searches are looking for.
    order = 15
    page_models = ("reports.KnowledgeAnswerPage",)

    def searchable(self, request):
        return KnowledgeAnswerPage.objects.live().public().filter(locale=Locale.get_active())
