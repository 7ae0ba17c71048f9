from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from . import search as site_search
from .inputs import CONTROL_CHARACTERS, checks_own_input


def _read_query(request):
    """The search as typed, and why it cannot be run (None when it can)."""
    query = request.GET.get("q", "")
    if CONTROL_CHARACTERS.search(query):
        # Shown back without them, so the rest of what was typed is kept.
        return CONTROL_CHARACTERS.sub("", query).strip(), _(
            "Your search contained characters that cannot be searched for (control "
            "characters). They have been taken out: check the words and search again."
        )
    query = query.strip()
    if len(query) > site_search.MAX_QUERY_LENGTH:
        return query, _("Please shorten your search to %(max)d characters or fewer.") % {
            "max": site_search.MAX_QUERY_LENGTH
        }
    return query, None


# The search reads its own parameters: a control character in ``q`` gets a message and
# the rest of the query back, rather than the empty page the input guard would leave.
@checks_own_input
@require_GET
def search(request):
    """One search over everything the parts declare, grouped by kind (engage.core.search)."""
    query, error = _read_query(request)
    kinds = site_search.kinds()
    kind = request.GET.get("kind", "")
    kind = kind if kind in kinds else ""
    groups, shown = [], None
    if query and not error:
        groups, shown = site_search.search_everything(
            query, request, kind=kind or None, page_number=request.GET.get("page")
        )
    words = site_search.search_words(query)
    return render(
        request,
        "core/search.html",
        {
            "search_query": query,
            "error": error,
            "kinds": kinds,
            "kind": kind,
            "groups": groups,
            "shown": shown,
            "total": sum(group.count for group in groups),
            "searched": bool(query and not error),
            # For links: only the words searched for, which need no escaping beyond a URL's.
            "query_words": words,
            "page_query": f"q={words}&kind={kind}",
        },
    )
