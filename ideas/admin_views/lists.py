"""The lists of ideas, comments, posting blocks and the moderation log (snippet index
views), and what stands in for the edit and delete URLs these records do not have (the
ideas' "add" URL is `engage.core.admin_views.UsesPublicForm`)."""

from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import View
from wagtail.admin.ui.tables import BulkActionsCheckboxColumn, TitleColumn
from wagtail.admin.widgets.button import Button
from wagtail.snippets.views.snippets import IndexView as SnippetIndexView

from .. import exports, rules
from ..exports import open_flag_count
from .common import BLOCKS, IDEAS


class NoBulkActionsMixin:
    """No tick boxes: the only snippet bulk action is "delete", which these lists refuse."""

    @cached_property
    def columns(self):
        return [c for c in super().columns if not isinstance(c, BulkActionsCheckboxColumn)]


class ReadOnlyIndexMixin(NoBulkActionsMixin):
    """Rows link to the read-only "inspect" page; nothing is added, edited or deleted here."""

    # The models' fields have no translated verbose names: name the first column here.
    title_label = None

    @cached_property
    def columns(self):
        columns = super().columns
        for column in columns:
            if isinstance(column, TitleColumn) and self.title_label:
                column.label = self.title_label
        return columns

    def get_add_url(self):
        return None

    def get_edit_url(self, instance):
        return None

    def get_delete_url(self, instance):
        return None

    def get_copy_url(self, instance):
        return None


class IdeaIndexView(NoBulkActionsMixin, SnippetIndexView):
    """All ideas, with filters, search and the CSV download of what is shown."""

    results_template_name = "ideas/admin/idea_index_results.html"

    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .select_related("campaign", "neighborhood")
            .annotate(open_flags=open_flag_count("idea"))
        )

    def search_queryset(self, queryset):
        """Title and summary words, or an idea's number (``123`` or ``#123``)."""
        if not self.is_searching:
            return queryset
        query = self.search_query.strip()
        number = query.lstrip("#")
        condition = Q(title__icontains=query) | Q(summary__icontains=query)
        if number.isdigit():
            condition |= Q(pk=int(number))
        return queryset.filter(condition)

    def get_delete_url(self, instance):
        # Deleting would drop votes without giving voters their vote budget back and
        # lose the public history: moderators hide ideas instead.
        return None

    @cached_property
    def csv_url(self):
        query = self.request.GET.copy()
        for key in (self.page_kwarg, "_w_filter_fragment"):
            query.pop(key, None)
        url = reverse(f"{IDEAS}:export")
        return f"{url}?{query.urlencode()}" if query else url

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["csv_url"] = self.csv_url
        return context


class IdeaExportView(IdeaIndexView):
    """The CSV of the ideas the list shows, with the same filters, search and order."""

    permission_required = "view"
    any_permission_required = None

    def get(self, request, *args, **kwargs):
        base_url = request.build_absolute_uri("/").rstrip("/")
        return exports.IdeaCsvExport(self.get_queryset(), base_url).response()


class CommentIndexView(NoBulkActionsMixin, SnippetIndexView):
    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .select_related("idea", "author")
            .annotate(open_flags=open_flag_count("comment"))
        )

    def get_add_url(self):
        return None

    def get_delete_url(self, instance):
        # The idea's comment count would no longer match: hide comments instead.
        return None


class PostingBlockIndexView(ReadOnlyIndexMixin, SnippetIndexView):
    title_label = _("Person")

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("user", "blocked_by")

    def get_add_url(self):
        if rules.can_moderate(self.request.user):
            return reverse(f"{BLOCKS}:add")
        return None

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if rules.can_moderate(self.request.user):
            buttons.append(
                Button(
                    _("Unblock"),
                    url=reverse(f"{BLOCKS}:delete", args=[quote(instance.pk)]),
                    icon_name="lock-open",
                    priority=30,
                )
            )
        return buttons


class ModerationLogIndexView(ReadOnlyIndexMixin, SnippetIndexView):
    title_label = _("Action")

    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .select_related("moderator", "idea", "comment", "comment__idea", "target_user")
        )


class NotAvailableView(View):
    """For the URLs of add, edit and delete that these records do not have.

    Refused for everyone (a 404 would be turned into a redirect to a language prefix):
    the admin sends the person back to its dashboard with a message.
    """

    model = None

    def dispatch(self, request, *args, **kwargs):
        raise PermissionDenied


class InspectRedirectView(View):
    """An "edit" URL that has nothing to edit: show the record instead."""

    model = None
    inspect_url_name = None

    def dispatch(self, request, *args, **kwargs):
        return redirect(self.inspect_url_name, kwargs["pk"])
