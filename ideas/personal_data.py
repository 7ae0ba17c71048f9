"""What the ideas part holds about a person, for their data download and for deleting
their account (``engage.core.privacy``).

Ideas, comments and votes stay when the account is deleted: they are what the person
contributed, and every count (votes, comments) stays as it was; they show as by "a former
resident". Follows go (nobody is left to tell), and so do the flags' free-text details and
a vote budget with nothing left to spend.
"""

from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from engage.core.privacy import Kept, Records

from .models import Comment, Flag, Idea, IdeaFollow, Vote


def records(user):
    return [
        Records(
            _("Ideas you submitted"),
            [
                {
                    _("Title"): idea.title,
                    _("Summary"): idea.summary,
                    _("Description"): strip_tags(idea.body),
                    _("Status"): idea.get_status_display(),
                    _("Neighborhood"): str(idea.neighborhood or ""),
                    _("Submitted"): idea.created_at,
                }
                for idea in Idea.objects.filter(author=user)
                .select_related("neighborhood")
                .order_by("created_at", "pk")
            ],
        ),
        Records(
            _("Your votes for ideas"),
            [
                {_("Idea"): vote.idea.title, _("When"): vote.created_at}
                for vote in Vote.objects.filter(user=user)
                .select_related("idea")
                .order_by("created_at", "pk")
            ],
        ),
        Records(
            _("Your comments on ideas"),
            [
                {
                    _("Idea"): comment.idea.title,
                    _("Comment"): strip_tags(comment.body),
                    _("Posted"): comment.created_at,
                }
                for comment in Comment.objects.filter(author=user)
                .select_related("idea")
                .order_by("created_at", "pk")
            ],
        ),
        Records(
            _("Ideas you follow"),
            [
                {_("Idea"): follow.idea.title, _("Since"): follow.created_at}
                for follow in IdeaFollow.objects.filter(user=user)
                .select_related("idea")
                .order_by("created_at", "pk")
            ],
        ),
        Records(
            _("Ideas and comments you flagged"),
            [
                {
                    _("Reason"): flag.get_reason_display(),
                    _("Details"): flag.details,
                    _("When"): flag.created_at,
                }
                for flag in Flag.objects.filter(reporter=user).order_by("created_at", "pk")
            ],
        ),
    ]


def forget(user):
    IdeaFollow.objects.filter(user=user).delete()
    # What the person wrote to moderators about someone else's post; the flag itself
    # stays, so what moderators decided still adds up.
    Flag.objects.filter(reporter=user).exclude(details="").update(details="")


def kept():
    return [
        Kept(
            gettext_lazy("Ideas, comments and votes"),
            gettext_lazy("They are part of the public discussion and of every idea's count."),
            gettext_lazy(
                "As long as the idea is published. When you delete your account they "
                "stay, shown as by “a former resident”; the ideas you follow are forgotten."
            ),
        ),
    ]
