"""What the ideas part tells the page cache (connected in ``IdeasConfig.ready``).

Every write to the part's tables empties the cache of anonymous pages
(``engage.core.page_cache``) except the tables named here, which no public page shows.
A CDN, when one is configured, is told which pages a vote, comment or idea changed.
"""

from django.urls import reverse

from engage.core.page_cache import absolute_url, not_shown_to_visitors, purge_on_change

from .models import Comment, Flag, Idea, ModerationAction, PostingBlock, Vote, VoteBudget

# A person's own vote budget shows on their pages only; flags, posting blocks and the
# moderation log are staff's (a flag that hides something writes to the idea or comment).
not_shown_to_visitors(VoteBudget, Flag, PostingBlock, ModerationAction)


def _idea_pages(idea_id):
    return [absolute_url(reverse("ideas:detail", kwargs={"pk": idea_id}))]


def _idea_and_campaign(idea):
    campaign = idea.campaign if idea.campaign_id else None
    return [*_idea_pages(idea.pk), campaign.full_url if campaign else None]


purge_on_change(Idea, _idea_and_campaign)
purge_on_change(Vote, lambda vote: _idea_pages(vote.idea_id))
purge_on_change(Comment, lambda comment: _idea_pages(comment.idea_id))
