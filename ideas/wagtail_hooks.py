"""Ideas in the Wagtail admin: one "Ideas" menu with every idea, the moderation queue, the
flagged items, comments, posting blocks and the moderation log.

Who sees what is decided by permissions (see ``engage/accounts/roles.py``): moderators
hold ``ideas.moderate_idea`` and act on the queues; staff also hold ``ideas.decide_idea``
and decide statuses and merge ideas. Nothing here edits an idea's text, counts or status
directly: every change is an action that goes through ``ideas.services``.

The idea's admin page is the snippet "edit" URL, ``wagtailsnippets_ideas_idea:edit``
(the threshold e-mail links to it).
"""

from django.shortcuts import redirect
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn, StatusFlagColumn, TitleColumn
from wagtail.admin.viewsets.base import ViewSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from engage.accounts.naming import staff_name
from engage.core.admin_views import UsesPublicForm

from . import rules
from .admin_views.actions import (
    BlockAuthorView,
    DecideView,
    DismissFlagsView,
    HideView,
    MergeView,
    PostingBlockCreateView,
    PublishView,
    RestoreView,
    UnblockView,
)
from .admin_views.common import FLAGGED, QUEUE, comment_admin_url
from .admin_views.detail import CommentDetailView, IdeaDetailView
from .admin_views.lists import (
    CommentIndexView,
    IdeaExportView,
    IdeaIndexView,
    InspectRedirectView,
    ModerationLogIndexView,
    NotAvailableView,
    PostingBlockIndexView,
)
from .admin_views.queues import FlaggedView, ModerationQueueView
from .filters import (
    CommentFilterSet,
    IdeaFilterSet,
    ModerationActionFilterSet,
)
from .models import Comment, Idea, ModerationAction, PostingBlock


class IdeaViewSet(UsesPublicForm, SnippetViewSet):
    """Every idea, whatever its status; its page holds the moderation and decision actions.

    Ideas are submitted through the public form, by residents and staff alike."""

    model = Idea
    icon = "pick"
    menu_label = _("Ideas")
    menu_order = 100
    index_view_class = IdeaIndexView
    index_results_template_name = "ideas/admin/idea_index_results.html"
    copy_view_enabled = False
    ordering = ["-created_at", "-pk"]
    list_per_page = 50
    filterset_class = IdeaFilterSet
    list_display = [
        "title",
        Column("campaign", label=_("Campaign"), sort_key="campaign__title"),
        Column("get_status_display", label=_("Status"), sort_key="status"),
        StatusFlagColumn(
            "is_hidden",
            label=pgettext_lazy("idea", "Hidden"),
            true_label=pgettext_lazy("idea", "Hidden"),
        ),
        Column("vote_count", label=_("Votes"), sort_key="vote_count"),
        Column("comment_count", label=_("Comments"), sort_key="comment_count"),
        Column("open_flags", label=_("Open flags"), sort_key="open_flags"),
        DateColumn("published_at", label=_("Published"), sort_key="published_at"),
    ]
    # Search runs in the database: it must find hidden ideas and ones awaiting moderation
    # too, and a number finds the idea with that id (see IdeaIndexView.search_queryset).
    search_fields = ["title", "summary"]
    search_backend_name = None
    public_form_url_name = "ideas:submit"
    public_form_message = _("Ideas are submitted through the public form.")

    @property
    def edit_view(self):
        return self.construct_view(IdeaDetailView)

    @property
    def delete_view(self):
        return self.construct_view(NotAvailableView)

    @property
    def export_view(self):
        return self.construct_view(IdeaExportView, **self.get_index_view_kwargs())

    def get_urlpatterns(self):
        def action(view_class):
            return self.construct_view(view_class, model=Idea)

        return super().get_urlpatterns() + [
            path("export/", self.export_view, name="export"),
            path("publish/<int:pk>/", action(PublishView), name="publish"),
            path("hide/<int:pk>/", action(HideView), name="hide"),
            path("restore/<int:pk>/", action(RestoreView), name="restore"),
            path("dismiss/<int:pk>/", action(DismissFlagsView), name="dismiss"),
            path("block/<int:pk>/", action(BlockAuthorView), name="block"),
            path("decide/<int:pk>/", action(DecideView), name="decide"),
            path("merge/<int:pk>/", action(MergeView), name="merge"),
        ]


def _comment_excerpt(comment):
    from engage.core.sanitize import html_to_text

    text = html_to_text(comment.body)
    return text if len(text) <= 80 else text[:79] + "…"


class CommentViewSet(SnippetViewSet):
    model = Comment
    icon = "comment"
    menu_label = _("Comments")
    menu_order = 400
    index_view_class = CommentIndexView
    copy_view_enabled = False
    ordering = ["-created_at", "-pk"]
    list_per_page = 50
    filterset_class = CommentFilterSet
    list_display = [
        TitleColumn(
            "excerpt",
            label=_("Comment"),
            accessor=_comment_excerpt,
            get_url=lambda comment: comment_admin_url(comment),
        ),
        Column("idea", label=_("Idea"), sort_key="idea__title"),
        Column("author", label=_("Author")),
        StatusFlagColumn("is_official", label=_("Official"), true_label=_("Official reply")),
        StatusFlagColumn("is_hidden", label=_("Hidden"), true_label=_("Hidden")),
        Column("open_flags", label=_("Open flags"), sort_key="open_flags"),
        DateColumn("created_at", label=_("Posted"), sort_key="created_at"),
    ]
    search_fields = ["body"]
    search_backend_name = None

    @property
    def add_view(self):
        return self.construct_view(NotAvailableView)

    @property
    def edit_view(self):
        return self.construct_view(CommentDetailView)

    @property
    def delete_view(self):
        return self.construct_view(NotAvailableView)

    def get_urlpatterns(self):
        def action(view_class):
            return self.construct_view(view_class, model=Comment)

        return super().get_urlpatterns() + [
            path("hide/<int:pk>/", action(HideView), name="hide"),
            path("restore/<int:pk>/", action(RestoreView), name="restore"),
            path("dismiss/<int:pk>/", action(DismissFlagsView), name="dismiss"),
            path("block/<int:pk>/", action(BlockAuthorView), name="block"),
        ]


class PostingBlockViewSet(SnippetViewSet):
    """People a moderator stopped from posting. Add = block, delete = unblock."""

    model = PostingBlock
    icon = "lock"
    menu_label = _("Posting blocks")
    menu_order = 500
    index_view_class = PostingBlockIndexView
    inspect_view_enabled = True
    copy_view_enabled = False
    ordering = ["-created_at", "-pk"]
    list_display = [
        # The first column links to the record and holds its buttons (inspect, unblock).
        "user",
        Column("reason", label=_("Reason")),
        Column(
            "blocked_by",
            label=_("Blocked by"),
            accessor=lambda block: staff_name(block.blocked_by),
        ),
        DateColumn("created_at", label=_("Since"), sort_key="created_at"),
    ]
    search_fields = ["user__display_name", "user__email", "reason"]
    search_backend_name = None

    @property
    def add_view(self):
        return self.construct_view(PostingBlockCreateView)

    @property
    def edit_view(self):
        return self.construct_view(InspectRedirectView)

    @property
    def delete_view(self):
        return self.construct_view(UnblockView)


def _log_subject(entry):
    if entry.comment_id:
        return _("a comment on “%(title)s”") % {"title": entry.comment.idea.title}
    if entry.idea_id:
        return entry.idea.title
    return str(entry.target_user.public_name) if entry.target_user else ""


class ModerationActionViewSet(SnippetViewSet):
    """The moderation log: read-only, written by the services."""

    model = ModerationAction
    icon = "history"
    menu_label = _("Moderation log")
    menu_order = 600
    index_view_class = ModerationLogIndexView
    inspect_view_enabled = True
    copy_view_enabled = False
    ordering = ["-created_at", "-pk"]
    list_per_page = 50
    filterset_class = ModerationActionFilterSet
    list_display = [
        "kind",
        Column("subject", label=_("On"), accessor=_log_subject),
        Column(
            "moderator", label=_("Moderator"), accessor=lambda entry: staff_name(entry.moderator)
        ),
        Column("reason", label=_("Reason")),
        DateColumn("created_at", label=_("When"), sort_key="created_at"),
    ]
    search_fields = ["reason"]
    search_backend_name = None

    @property
    def add_view(self):
        return self.construct_view(NotAvailableView)

    @property
    def edit_view(self):
        return self.construct_view(InspectRedirectView)

    @property
    def delete_view(self):
        return self.construct_view(NotAvailableView)


class _ModeratorsMenuItem(MenuItem):
    def is_shown(self, request):
        return rules.can_moderate(request.user)


class QueueViewSet(ViewSet):
    """A moderators' page that is not a model listing (the queues)."""

    view_class = None
    menu_item_class = _ModeratorsMenuItem

    def get_urlpatterns(self):
        return [path("", self.construct_view(self.view_class), name="index")]


class ModerationQueueViewSet(QueueViewSet):
    name = QUEUE
    url_prefix = "ideas/moderation-queue"
    view_class = ModerationQueueView
    icon = "tasks"
    menu_label = _("Moderation queue")
    menu_order = 200


class FlaggedViewSet(QueueViewSet):
    name = FLAGGED
    url_prefix = "ideas/flagged"
    view_class = FlaggedView
    icon = "warning"
    menu_label = _("Flagged")
    menu_order = 300


class IdeasGroup(SnippetViewSetGroup):
    menu_label = _("Ideas")
    menu_icon = "pick"
    menu_order = 260
    items = (
        IdeaViewSet,
        ModerationQueueViewSet,
        FlaggedViewSet,
        CommentViewSet,
        PostingBlockViewSet,
        ModerationActionViewSet,
    )


register_snippet(IdeasGroup)


@hooks.register("before_bulk_action")
def refuse_bulk_deletion(request, action_type, objects, action_class_instance):
    """Ideas, comments, blocks and the log are never deleted in bulk (counts, history)."""
    model = getattr(action_class_instance, "model", None)
    if action_type == "delete" and model in (Idea, Comment, PostingBlock, ModerationAction):
        messages.error(
            request,
            _("These records cannot be deleted: hide ideas and comments, and unblock people."),
        )
        return redirect(getattr(action_class_instance, "next_url", None) or "wagtailadmin_home")
    return None
