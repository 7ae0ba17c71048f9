from django.urls import reverse

from engage.notifications.emails import NotificationEmail, absolute_url, register

from .models import Comment, Idea, StatusChange


def _idea_context(idea_pk):
    idea = Idea.objects.select_related("campaign").get(pk=idea_pk)
    return {"idea": idea, "idea_url": absolute_url(idea.get_absolute_url())}


@register
class IdeaStatusEmail(NotificationEmail):
    """An idea the person wrote, voted for and follows, or follows, changed status."""

    key = "idea-status"
    topic = "ideas"
    template_prefix = "ideas/emails/idea_status"

    def get_context(self, user, params):
        context = _idea_context(params["idea"])
        change = StatusChange.objects.get(pk=params["change"])
        merged_into = context["idea"].merged_into
        return {
            **context,
            "change": change,
            "is_author": context["idea"].author_id == user.pk,
            "merged_into_url": absolute_url(merged_into.get_absolute_url()) if merged_into else "",
        }


@register
class OfficialReplyEmail(NotificationEmail):
    """Staff answered on an idea the person wrote or follows."""

    key = "idea-official-reply"
    topic = "ideas"
    template_prefix = "ideas/emails/official_reply"

    def get_context(self, user, params):
        comment = Comment.objects.select_related("idea").get(pk=params["comment"])
        return {
            **_idea_context(comment.idea_id),
            "comment": comment,
            "comment_url": absolute_url(comment.get_absolute_url()),
        }


@register
class CommentReplyEmail(NotificationEmail):
    """Someone replied to the person's comment."""

    key = "idea-comment-reply"
    topic = "ideas"
    template_prefix = "ideas/emails/comment_reply"

    def get_context(self, user, params):
        reply = Comment.objects.select_related("idea", "author", "parent").get(pk=params["reply"])
        return {
            **_idea_context(reply.idea_id),
            "reply": reply,
            "reply_url": absolute_url(reply.get_absolute_url()),
        }


@register
class ContentHiddenEmail(NotificationEmail):
    """A moderator hid the person's idea or comment; they are told why."""

    key = "idea-content-hidden"
    topic = "ideas"
    template_prefix = "ideas/emails/content_hidden"

    def get_context(self, user, params):
        context = _idea_context(params["idea"])
        comment = Comment.objects.get(pk=params["comment"]) if params.get("comment") else None
        return {**context, "comment": comment, "reason": params["reason"]}


@register
class ThresholdReachedEmail(NotificationEmail):
    """Staff: an idea reached its campaign's support threshold and awaits review."""

    key = "idea-threshold"
    topic = "ideas"
    template_prefix = "ideas/emails/threshold_reached"

    def get_context(self, user, params):
        context = _idea_context(params["idea"])
        return {
            **context,
            "admin_url": absolute_url(
                reverse("wagtailsnippets_ideas_idea:edit", args=[params["idea"]])
            ),
        }
