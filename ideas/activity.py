"""The person's ideas, votes, comments and follows on their “My activity” page
(see ``engage.core.activity``)."""

import bisect
from collections import defaultdict

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from engage.core.activity import ActivitySection

from .models import (
    COMMENT_PAGE_PARAM,
    COMMENT_THREADS_PER_PAGE,
    Comment,
    Idea,
    IdeaFollow,
    Vote,
)


def _viewable_ideas(user, prefix="idea__"):
    """Ideas the person may open: public ones, and their own (``rules.can_view``)."""
    return Q(**{f"{prefix}is_hidden": False, f"{prefix}published_at__isnull": False}) | Q(
        **{f"{prefix}author": user}
    )


def sections(user):
    return [
        ActivitySection(
            key="ideas",
            title=_("My ideas"),
            items=Idea.objects.filter(author=user).order_by("-created_at", "-pk"),
            template="ideas/includes/activity_idea.html",
            empty=_("You have not shared an idea yet."),
            order=20,
        ),
        ActivitySection(
            key="votes",
            title=_("My votes"),
            items=Vote.objects.filter(user=user)
            .filter(_viewable_ideas(user))
            .select_related("idea")
            .order_by("-created_at", "-pk"),
            template="ideas/includes/activity_vote.html",
            empty=_("You have not voted for an idea yet."),
            order=30,
        ),
        ActivitySection(
            key="comments",
            title=_("My comments"),
            items=Comment.objects.filter(author=user)
            .filter(_viewable_ideas(user))
            .select_related("idea", "parent")
            .order_by("-created_at", "-pk"),
            template="ideas/includes/activity_comment.html",
            empty=_("You have not commented on an idea yet."),
            order=40,
            prepare=_comment_links,
        ),
        ActivitySection(
            key="followed_ideas",
            title=_("Ideas I follow"),
            items=IdeaFollow.objects.filter(user=user)
            .filter(_viewable_ideas(user))
            .select_related("idea")
            .order_by("-created_at", "-pk"),
            template="ideas/includes/activity_followed_idea.html",
            empty=_("You do not follow any idea."),
            order=70,
        ),
    ]


def _comment_links(comments):
    """Set ``activity_url`` on each comment: its place in its idea's comment list.

    ``Comment.get_absolute_url`` counts the threads before one comment (a query each);
    here one query reads the starts of the visible threads of the ideas on the page.
    """
    idea_ids = {comment.idea_id for comment in comments}
    starts = defaultdict(list)
    for idea_id, created_at, pk in (
        Comment.objects.threads()
        .filter(idea_id__in=idea_ids)
        .order_by("created_at", "pk")
        .values_list("idea_id", "created_at", "pk")
    ):
        starts[idea_id].append((created_at, pk))
    for comment in comments:
        thread = comment.parent if comment.parent_id else comment
        before = bisect.bisect_left(starts[comment.idea_id], (thread.created_at, thread.pk))
        page = before // COMMENT_THREADS_PER_PAGE + 1
        query = f"?{COMMENT_PAGE_PARAM}={page}" if page > 1 else ""
        comment.activity_url = f"{comment.idea.get_absolute_url()}{query}#comment-{comment.pk}"
