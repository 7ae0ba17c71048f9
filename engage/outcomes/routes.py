"""What the outcomes index page's sub-pages call (``OutcomeIndexPage``'s ``@path`` routes).

``models`` never imports the list queries or the feeds: each route imports this module
when it is called, and this module imports them, which import the models.
"""

from . import listing
from .feeds import OutcomesAtomFeed, OutcomesRssFeed


def index(request, page):
    """``<index>/``: the outcomes, filtered and paged, with their map."""
    return page.render(request, context_overrides=listing.list_context(request, page))


def rss(request, page):
    """``<index>/feed/``: the newest outcomes in the page's language, RSS 2.0."""
    return OutcomesRssFeed()(request, index=page)


def atom(request, page):
    """``<index>/feed/atom/``: the same as Atom."""
    return OutcomesAtomFeed()(request, index=page)
