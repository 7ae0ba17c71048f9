"""Who may do what with ideas. Each check returns None when allowed, or the reason why not.

The reasons are shown to the person as they are, so they are translated sentences. Views
use them to decide what to show; ``services`` calls them again inside its transaction, so
a rule can never be skipped by posting a form directly.
"""

from datetime import timedelta

from allauth.account.utils import has_verified_email
from django.utils import timezone
from django.utils.translation import gettext as _

from engage.accounts.roles import MODERATOR, STAFF

from .models import Idea, IdeasIndexPage, PostingBlock

COMMENT_EDIT_WINDOW = timedelta(minutes=15)

# What each role may do with ideas in the Wagtail admin (see engage.core.parts).
ROLE_PERMISSIONS = {
    # Staff: everything moderators do, plus deciding statuses and official answers.
    # Nobody deletes ideas, comments or flags (counts and budgets depend on them);
    # moderators hide them instead. Deleting a posting block is unblocking.
    STAFF: {
        *(
            f"ideas.{action}_{model}"
            for action in ("add", "change", "view")
            for model in ("idea", "comment", "flag", "postingblock")
        ),
        "ideas.delete_postingblock",
        "ideas.view_moderationaction",
        "ideas.moderate_idea",
        "ideas.decide_idea",
    },
    # Moderators: the moderation queues (publish, hide, restore, block); staff decide.
    MODERATOR: {
        "ideas.view_idea",
        "ideas.change_idea",
        "ideas.view_comment",
        "ideas.change_comment",
        "ideas.view_flag",
        "ideas.change_flag",
        "ideas.view_postingblock",
        "ideas.add_postingblock",
        "ideas.delete_postingblock",
        "ideas.view_moderationaction",
        "ideas.moderate_idea",
    },
}


def can_moderate(user):
    return user.is_authenticated and user.has_perm("ideas.moderate_idea")


def can_decide(user):
    """Staff decide an idea's status and give the official answer."""
    return user.is_authenticated and user.has_perm("ideas.decide_idea")


def can_view(user, idea):
    """Public ideas are for everyone; an idea awaiting moderation or hidden by a moderator
    only for its author and for moderators."""
    if idea.is_public:
        return True
    return user.is_authenticated and (idea.author_id == user.pk or can_moderate(user))


def _posting_refusal(user):
    if not user.is_authenticated:
        return _("Please log in to take part.")
    if not has_verified_email(user):
        return _("Please confirm your e-mail address first; we sent you a link.")
    if PostingBlock.objects.filter(user=user).exists():
        return _("A moderator has stopped this account from posting.")
    return None


def submit_refusal(user, campaign=None, now=None):
    """Why ``user`` may not submit an idea to ``campaign`` (None: the general box)."""
    refusal = _posting_refusal(user)
    if refusal:
        return refusal
    if campaign is None:
        index_page = IdeasIndexPage.objects.live().first()
        if index_page is None or not index_page.general_box_open:
            return _("The general idea box is closed.")
        return None
    now = now or timezone.now()
    if now < campaign.opens_at:
        return _("This campaign is not open yet.")
    if campaign.has_closed(now):
        return _("This campaign has closed; it no longer takes ideas.")
    return None


def vote_refusal(user, idea, now=None):
    if not user.is_authenticated:
        return voting_closed_reason(idea, now) or _("Please log in to vote.")
    if not has_verified_email(user):
        return _("Please confirm your e-mail address first; we sent you a link.")
    return voting_closed_reason(idea, now)


def voting_closed_reason(idea, now=None):
    """Why nobody can vote on ``idea`` now, or None while it takes votes."""
    if idea.status == Idea.Status.AWAITING:
        return _("This idea is awaiting moderation; votes open once it is published.")
    if idea.is_hidden:
        return _("This idea has been hidden by a moderator.")
    if idea.status == Idea.Status.WITHDRAWN:
        return _("This idea was withdrawn by its author; it no longer takes votes.")
    if idea.status == Idea.Status.MERGED:
        return _("This idea was merged into another one; please vote there.")
    if idea.status not in Idea.VOTABLE:
        return _("Voting on this idea has ended: the city has decided.")
    campaign = idea.campaign
    if campaign is not None:
        if not campaign.voting_enabled:
            return _("This campaign does not take votes.")
        if not campaign.is_open(now):
            return _("Voting has closed with the campaign.")
    return None


def unvote_refusal(user, idea, now=None):
    """Taking a vote back is allowed while the campaign is open."""
    if not user.is_authenticated:
        return _("Please log in to vote.")
    if idea.campaign is not None and not idea.campaign.is_open(now):
        return _("Voting has closed with the campaign; votes can no longer be changed.")
    return None


def edit_refusal(user, idea):
    if not user.is_authenticated or idea.author_id != user.pk:
        return _("Only the author can edit this idea.")
    if idea.status in (Idea.Status.WITHDRAWN, Idea.Status.MERGED):
        return _("This idea can no longer be edited.")
    if idea.status not in (Idea.Status.AWAITING, Idea.Status.PUBLISHED):
        return _("The city is already reviewing this idea; it can no longer be edited.")
    if idea.vote_count or idea.comment_count:
        return _("This idea can no longer be edited: people have voted or commented on it.")
    return _posting_refusal(user)


def withdraw_refusal(user, idea):
    if not user.is_authenticated or idea.author_id != user.pk:
        return _("Only the author can withdraw this idea.")
    if idea.status in (Idea.Status.WITHDRAWN, Idea.Status.MERGED):
        return _("This idea can no longer be withdrawn.")
    return None


def comment_refusal(user, idea):
    refusal = _posting_refusal(user)
    if refusal:
        return refusal
    if not idea.is_public:
        return _("This idea is not public, so it cannot be commented on.")
    if idea.status == Idea.Status.MERGED:
        return _("This idea was merged into another one; please comment there.")
    return None


def comment_edit_refusal(user, comment, now=None):
    if not user.is_authenticated or comment.author_id != user.pk:
        return _("Only the author can edit this comment.")
    if comment.is_hidden:
        return _("This comment has been hidden by a moderator.")
    now = now or timezone.now()
    if now - comment.created_at > COMMENT_EDIT_WINDOW:
        return _("Comments can only be edited for 15 minutes after posting.")
    return _posting_refusal(user)


def flag_refusal(user):
    if not user.is_authenticated:
        return _("Please log in to flag content.")
    return None
