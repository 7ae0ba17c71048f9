"""What a person did in the ideas part, for staff reading their record in the contact
center (``engage.core.person_record``): their ideas, votes and comments, hidden ones
included (staff see what moderators hid), each linking to its admin page."""

from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from engage.core.person_record import EntrySource, TimelineEntry

from .admin_views.common import comment_admin_url, idea_admin_url
from .models import Comment, Idea, Vote


def entries(user):
    return [
        EntrySource(
            rows=Idea.objects.filter(author=user).order_by("-created_at", "-pk"),
            entry=_idea,
        ),
        EntrySource(
            rows=Vote.objects.filter(user=user)
            .select_related("idea")
            .order_by("-created_at", "-pk"),
            entry=_vote,
        ),
        EntrySource(
            rows=Comment.objects.filter(author=user)
            .select_related("idea")
            .order_by("-created_at", "-pk"),
            entry=_comment,
        ),
    ]


def _idea(idea):
    return TimelineEntry(
        when=idea.created_at,
        kind=_("Idea"),
        title=idea.title,
        url=idea_admin_url(idea),
        detail=idea.get_status_display(),
    )


def _vote(vote):
    return TimelineEntry(
        when=vote.created_at,
        kind=_("Vote for an idea"),
        title=vote.idea.title,
        url=idea_admin_url(vote.idea_id),
    )


def _comment(comment):
    return TimelineEntry(
        when=comment.created_at,
        kind=_("Comment on an idea"),
        title=comment.idea.title,
        url=comment_admin_url(comment),
        detail=Truncator(strip_tags(comment.body)).chars(200),
    )
