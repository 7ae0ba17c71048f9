"""One idea's and one comment's admin page: the item, its history, flags and moderation
log, and the buttons of the actions on it."""

from django.contrib.admin.utils import quote
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin

from engage.accounts.naming import actor_name, staff_name

from .. import rules
from ..models import Comment, Flag, Idea, ModerationAction, PostingBlock, StatusChange
from .common import BLOCKS, COMMENTS, IDEAS, idea_admin_url, public_url, reason_counts

Status = Idea.Status


class ObjectPageMixin(PermissionCheckedMixin, WagtailAdminTemplateMixin):
    """An idea's or a comment's admin page: for everyone who may view or change it."""

    any_permission_required = ["change", "view"]
    index_url_name = None
    edit_url_name = None
    delete_url_name = None
    inspect_url_name = None
    header_icon = ""

    def get_page_subtitle(self):
        return str(self.object)

    def get_breadcrumbs_items(self):
        items = list(self.breadcrumbs_items)
        if self.index_url_name:
            items.append(
                {
                    "url": reverse(self.index_url_name),
                    "label": capfirst(self.model._meta.verbose_name_plural),
                }
            )
        items.append({"url": "", "label": self.get_page_title(), "sublabel": self.object})
        return items


def _log_entries(queryset):
    entries = list(queryset.select_related("moderator", "comment", "target_user"))
    for entry in entries:
        # Only moderators and staff moderate: name them as colleagues.
        entry.who = staff_name(entry.moderator)
    return entries


def _flags(queryset):
    flags = list(queryset.select_related("reporter", "resolved_by").order_by("-created_at"))
    for flag in flags:
        flag.reporter_name = actor_name(flag.reporter)
        flag.resolver_name = actor_name(flag.resolved_by)
    return flags


def _action(label, url, *, classname="button-secondary", post=False):
    return {"label": label, "url": url, "classname": classname, "post": post}


class IdeaDetailView(ObjectPageMixin, TemplateView):
    """The idea, its status history, flags and moderation log, and the actions on it."""

    model = Idea
    template_name = "ideas/admin/idea_detail.html"
    page_title = _("Idea")
    header_icon = "pick"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.object = get_object_or_404(
            Idea.objects.select_related("campaign", "neighborhood", "author", "merged_into"),
            pk=kwargs["pk"],
        )

    def get_actions(self, open_flags, author_block):
        idea, user = self.object, self.request.user
        pk = quote(idea.pk)
        here = self.request.path
        actions = []
        if rules.can_moderate(user):
            if idea.status == Status.AWAITING and not idea.is_hidden:
                actions.append(
                    _action(
                        _("Publish"),
                        reverse(f"{IDEAS}:publish", args=[pk]),
                        classname="",
                        post=True,
                    )
                )
            if idea.is_hidden:
                actions.append(_action(_("Restore"), reverse(f"{IDEAS}:restore", args=[pk])))
            else:
                actions.append(
                    _action(_("Hide"), reverse(f"{IDEAS}:hide", args=[pk]), classname="serious")
                )
            if open_flags:
                actions.append(_action(_("Dismiss flags"), reverse(f"{IDEAS}:dismiss", args=[pk])))
            if author_block is None:
                actions.append(_action(_("Block the author"), reverse(f"{IDEAS}:block", args=[pk])))
            else:
                actions.append(
                    _action(
                        _("Unblock the author"),
                        reverse(f"{BLOCKS}:delete", args=[quote(author_block.pk)])
                        + f"?next={here}",
                    )
                )
        if rules.can_decide(user):
            if idea.status not in (Status.AWAITING, Status.WITHDRAWN, Status.MERGED):
                actions.append(
                    _action(
                        _("Decide and answer"),
                        reverse(f"{IDEAS}:decide", args=[pk]),
                        classname="",
                    )
                )
            if idea.status not in (Status.MERGED, Status.WITHDRAWN):
                actions.append(
                    _action(_("Merge into another idea"), reverse(f"{IDEAS}:merge", args=[pk]))
                )
        return actions

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        idea = self.object
        history = list(StatusChange.objects.filter(idea=idea).select_related("actor"))
        for change in history:
            change.who = actor_name(change.actor)
        flags = _flags(Flag.objects.filter(idea=idea))
        open_flags = [flag for flag in flags if flag.resolved_at is None]
        author_block = PostingBlock.objects.filter(user_id=idea.author_id).first()
        comments = Comment.objects.filter(idea=idea).aggregate(
            total=Count("pk"), hidden=Count("pk", filter=Q(is_hidden=True))
        )
        context.update(
            {
                "idea": idea,
                "object": idea,
                "author_name": actor_name(idea.author),
                "author_block": author_block,
                "tags": sorted(tag.name for tag in idea.tags.all()),
                "history": history,
                "flags": flags,
                "open_flag_count": len(open_flags),
                "reason_counts": reason_counts(open_flags),
                "log": _log_entries(
                    ModerationAction.objects.filter(Q(idea=idea) | Q(comment__idea=idea))
                ),
                "merged_ideas": list(idea.merged_ideas.order_by("pk")),
                "comment_counts": comments,
                "comments_url": reverse(f"{COMMENTS}:list") + f"?idea={idea.pk}",
                "public_url": public_url(idea),
                "actions": self.get_actions(open_flags, author_block),
                "next_url": self.request.path,
            }
        )
        return context


class CommentDetailView(ObjectPageMixin, TemplateView):
    """A comment, its flags and moderation log, and the actions on it."""

    model = Comment
    template_name = "ideas/admin/comment_detail.html"
    page_title = _("Comment")
    header_icon = "comment"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.object = get_object_or_404(
            Comment.objects.select_related("idea", "author", "parent", "parent__author"),
            pk=kwargs["pk"],
        )

    def get_page_subtitle(self):
        return _("on “%(idea)s”") % {"idea": self.object.idea.title}

    def get_actions(self, open_flags, author_block):
        comment, user = self.object, self.request.user
        pk = quote(comment.pk)
        actions = []
        if rules.can_moderate(user):
            if comment.is_hidden:
                actions.append(_action(_("Restore"), reverse(f"{COMMENTS}:restore", args=[pk])))
            else:
                actions.append(
                    _action(_("Hide"), reverse(f"{COMMENTS}:hide", args=[pk]), classname="serious")
                )
            if open_flags:
                actions.append(
                    _action(_("Dismiss flags"), reverse(f"{COMMENTS}:dismiss", args=[pk]))
                )
            if author_block is None:
                actions.append(
                    _action(_("Block the author"), reverse(f"{COMMENTS}:block", args=[pk]))
                )
            else:
                actions.append(
                    _action(
                        _("Unblock the author"),
                        reverse(f"{BLOCKS}:delete", args=[quote(author_block.pk)])
                        + f"?next={self.request.path}",
                    )
                )
        return actions

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        comment = self.object
        flags = _flags(Flag.objects.filter(comment=comment))
        open_flags = [flag for flag in flags if flag.resolved_at is None]
        author_block = PostingBlock.objects.filter(user_id=comment.author_id).first()
        context.update(
            {
                "comment": comment,
                "object": comment,
                "author_name": actor_name(comment.author),
                "parent_author_name": actor_name(comment.parent.author) if comment.parent else "",
                "author_block": author_block,
                "flags": flags,
                "open_flag_count": len(open_flags),
                "reason_counts": reason_counts(open_flags),
                "log": _log_entries(ModerationAction.objects.filter(comment=comment)),
                "idea_admin_url": idea_admin_url(comment.idea_id),
                "public_url": public_url(comment),
                "actions": self.get_actions(open_flags, author_block),
            }
        )
        return context
