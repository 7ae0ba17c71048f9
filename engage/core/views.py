from django.core.paginator import Paginator
from django.db import connection
from django.shortcuts import render
from django.utils.translation import gettext as _
from wagtail.models import Locale, Page

SEARCH_RESULTS_PER_PAGE = 10
MAX_QUERY_LENGTH = 200


def search(request):
    """Full-text search over the live, public pages in the visitor's language."""
    query = request.GET.get("q", "").strip()
    error = None
    results_page = None
    if len(query) > MAX_QUERY_LENGTH:
        error = _("Please shorten your search to %(max)d characters or fewer.") % {
            "max": MAX_QUERY_LENGTH
        }
    elif query:
        pages = (
            Page.objects.live()
            .public()
            .filter(locale=Locale.get_active())
            .specific()
            # SQLite ranks with one bm25() subquery per match, which grows with the
            # square of the matches; rank only where the database does it well.
            .search(query, order_by_relevance=connection.vendor != "sqlite")
        )
        paginator = Paginator(pages, SEARCH_RESULTS_PER_PAGE)
        results_page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "core/search.html",
        {"search_query": query, "results": results_page, "error": error},
    )
