"""RSS and Atom feeds of the newest outcomes, one pair per language.

    /en/outcomes/feed/        RSS 2.0 of the outcomes under the English index page
    /en/outcomes/feed/atom/   the same as Atom
    /es/resultados/feed/      …and the Spanish index page's, in Spanish

They are sub-pages of ``OutcomeIndexPage`` (its routes), so each language's index gives the
outcomes in its own language. An item is a live, public outcome, newest first by first
publication: its title, what changed (the summary), its address, when it was published and
last changed, its status and topics as categories.
"""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape

from .listing import newest_first, outcomes_under

FEED_SIZE = 50


class OutcomesRssFeed(Feed):
    feed_type = Rss201rev2Feed

    def get_object(self, request, index):
        # One feed object serves one request (``routes`` makes it): the request gives the
        # addresses relative to this site.
        self.request = request
        # Django reads the feed's language as a plain attribute.
        self.language = index.locale.language_code
        return index

    def title(self, index):
        return index.title

    def description(self, index):
        return index.search_description or index.intro

    def link(self, index):
        return index.get_url(self.request)

    def items(self, index):
        return newest_first(outcomes_under(index)).prefetch_related("tagged_items__tag")[:FEED_SIZE]

    # Readers treat titles and descriptions as HTML: escape the plain text once more, as
    # Django's own default ``item_title`` does.
    def item_title(self, outcome):
        return escape(outcome.title)

    def item_description(self, outcome):
        return escape(outcome.summary)

    def item_link(self, outcome):
        return outcome.get_url(self.request)

    def item_pubdate(self, outcome):
        return outcome.first_published_at

    def item_updateddate(self, outcome):
        return outcome.last_published_at

    def item_categories(self, outcome):
        return [str(outcome.get_status_display())] + [
            item.tag.name for item in outcome.tagged_items.all()
        ]


class OutcomesAtomFeed(OutcomesRssFeed):
    feed_type = Atom1Feed

    def subtitle(self, index):
        return self.description(index)
