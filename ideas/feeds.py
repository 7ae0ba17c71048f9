"""RSS and Atom feeds of the newest ideas, overall and per campaign.

    /<language>/ideas/feed/            RSS 2.0, every campaign and the general box
    /<language>/ideas/feed/atom/       the same as Atom
    /<language>/ideas/feed/<pk>/       RSS 2.0 of one campaign (any language version's pk)
    /<language>/ideas/feed/<pk>/atom/  the same as Atom

An item is a visible idea (published, not hidden), newest first by publication date: its
title, its summary as plain text, its address, when it was published, its tags as
categories and its author's public name. Never an e-mail address.
"""

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape
from django.utils.translation import gettext as _
from wagtail.models import Locale

from .models import Idea, IdeaCampaignPage, IdeasIndexPage

FEED_SIZE = 50


def _localized(page):
    """``page`` in the active language when translated (feeds are read in one language)."""
    try:
        locale = Locale.get_active()
    except Locale.DoesNotExist:
        return page
    return page.get_translation_or_none(locale) or page


class IdeasRssFeed(Feed):
    feed_type = Rss201rev2Feed

    def get_object(self, request, campaign_pk=None):
        if campaign_pk is None:
            return None
        campaign = IdeaCampaignPage.objects.live().public().filter(pk=campaign_pk).first()
        if campaign is None:
            raise Http404(_("There is no such campaign."))
        return campaign.canonical()

    def title(self, campaign):
        if campaign is None:
            return _("Ideas")
        return _("Ideas: %(campaign)s") % {"campaign": _localized(campaign).title}

    def description(self, campaign):
        if campaign is None:
            return _("The newest ideas residents have shared.")
        return _localized(campaign).question

    def link(self, campaign):
        if campaign is not None:
            return _localized(campaign).url
        index = IdeasIndexPage.objects.live().public().filter(locale=Locale.get_default()).first()
        return _localized(index).url if index else "/"

    def items(self, campaign):
        ideas = Idea.objects.visible().filter(published_at__isnull=False)
        if campaign is not None:
            ideas = ideas.filter(campaign=campaign)
        return (
            ideas.select_related("author")
            .prefetch_related("tags")
            .order_by("-published_at", "-pk")[:FEED_SIZE]
        )

    # Readers treat titles and descriptions as HTML: escape the plain text once more, as
    # Django's own default ``item_title`` does.
    def item_title(self, idea):
        return escape(idea.title)

    def item_description(self, idea):
        return escape(idea.summary)

    def item_link(self, idea):
        return idea.get_absolute_url()

    def item_pubdate(self, idea):
        return idea.published_at

    def item_updateddate(self, idea):
        return idea.updated_at

    def item_author_name(self, idea):
        return str(idea.author.public_name)

    def item_categories(self, idea):
        return [tag.name for tag in idea.tags.all()]


class IdeasAtomFeed(IdeasRssFeed):
    feed_type = Atom1Feed

    def subtitle(self, campaign):
        return self.description(campaign)
