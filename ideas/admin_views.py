"""The staff side of ideas in the Wagtail admin: lists, queues, one idea's page and actions.

Every action goes through ``ideas.services`` with ``request.user`` as the moderator or
staff member, so it is checked by ``ideas.rules`` inside its transaction and recorded
(``ModerationAction`` or ``StatusChange``) with who and when; a refused action comes
back as ``services.IdeaError`` and is shown on the form, with what was typed kept.

Who may do what (see ``engage/accounts/roles.py``): moderators (``ideas.moderate_idea``)
publish, hide, restore, dismiss flags and block; staff (``ideas.decide_idea``) also
decide statuses with an official answer and merge ideas. Counts and statuses are never
edited by hand: there is no edit form for an idea, only these actions.
"""

from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import NoReverseMatch, reverse
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView, View
from wagtail.admin import messages
from wagtail.admin.paginator import WagtailPaginator
from wagtail.admin.ui.tables import BulkActionsCheckboxColumn, TitleColumn
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.widgets.button import Button
from wagtail.snippets.views.snippets import IndexView as SnippetIndexView

from engage.accounts.roles import ROLES, has_role

from . import admin_forms, exports, rules, services
from .exports import open_flag_count
from .filters import staff_member_name
from .models import Comment, Flag, Idea, ModerationAction, PostingBlock, StatusChange

Status = Idea.Status

# URL namespaces of the viewsets in wagtail_hooks.py. Wagtail names a snippet's views
# "wagtailsnippets_<app>_<model>"; ideas/emails.py links to IDEAS + ":edit".
IDEAS = "wagtailsnippets_ideas_idea"
COMMENTS = "wagtailsnippets_ideas_comment"
BLOCKS = "wagtailsnippets_ideas_postingblock"
LOG = "wagtailsnippets_ideas_moderationaction"
QUEUE = "ideas_moderation_queue"
FLAGGED = "ideas_flagged"

QUEUE_PAGE_SIZE = 50


def idea_admin_url(idea_or_pk):
    return reverse(f"{IDEAS}:edit", args=[quote(getattr(idea_or_pk, "pk", idea_or_pk))])


def comment_admin_url(comment_or_pk):
    return reverse(f"{COMMENTS}:edit", args=[quote(getattr(comment_or_pk, "pk", comment_or_pk))])


def public_url(obj):
    """The public page of an idea or comment, or "" while the public pages are not mounted."""
    try:
        return obj.get_absolute_url()
    except NoReverseMatch:
        return ""


def who(user):
    """A name for the person who did something: staff by name, residents by public name."""
    if user is None:
        return ""
    if user.is_superuser or has_role(user, *ROLES):
        return staff_member_name(user)
    return str(user.public_name)


def _require(check, user):
    if not check(user):
        raise PermissionDenied


# == Lists ==


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

    def get_add_url(self):
        # Ideas are submitted through the public form, by residents and staff alike.
        return None

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
        return exports.ideas_csv_response(self.get_queryset(), base_url)


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


class SubmitThroughPublicFormView(View):
    """The "add" URL: ideas are submitted through the public form, even by staff."""

    model = None

    def dispatch(self, request, *args, **kwargs):
        try:
            url = reverse("ideas:submit")
        except NoReverseMatch:  # pragma: no cover - the public part is always mounted
            raise Http404 from None
        messages.info(request, _("Ideas are submitted through the public form."))
        return redirect(url)


# == Queues ==


class QueueView(WagtailAdminTemplateMixin, TemplateView):
    """Base for the moderation queues: moderators only."""

    header_icon = "warning"

    def dispatch(self, request, *args, **kwargs):
        _require(rules.can_moderate, request.user)
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def paginate(self, queryset, page_kwarg="p"):
        paginator = WagtailPaginator(queryset, QUEUE_PAGE_SIZE)
        page = paginator.get_page(self.request.GET.get(page_kwarg))
        return {
            "page_obj": page,
            "paginator": paginator,
            "elided_page_range": paginator.get_elided_page_range(page.number),
        }


class ModerationQueueView(QueueView):
    """Ideas awaiting pre-moderation, oldest first: publish or hide each one."""

    template_name = "ideas/admin/moderation_queue.html"
    page_title = _("Moderation queue")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        ideas = (
            Idea.objects.awaiting_moderation()
            .select_related("campaign", "neighborhood", "author")
            .order_by("created_at", "pk")
        )
        context.update(self.paginate(ideas))
        context["queue_url"] = self.request.get_full_path()
        return context


def _reason_counts(flags):
    counts = {}
    for flag in flags:
        counts[flag.get_reason_display()] = counts.get(flag.get_reason_display(), 0) + 1
    return sorted(counts.items(), key=lambda item: (-item[1], str(item[0])))


class FlaggedView(QueueView):
    """Ideas and comments with unresolved flags, most flagged first."""

    template_name = "ideas/admin/flagged.html"
    page_title = _("Flagged")

    def _with_flags(self, items, field):
        items = list(items)
        flags = {}
        for flag in (
            Flag.objects.filter(resolved_at=None, **{f"{field}__in": items})
            .select_related("reporter")
            .order_by("created_at")
        ):
            flags.setdefault(getattr(flag, f"{field}_id"), []).append(flag)
        for item in items:
            item.open_flag_list = flags.get(item.pk, [])
            item.reason_counts = _reason_counts(item.open_flag_list)
            item.details = [flag.details for flag in item.open_flag_list if flag.details]
        return items

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        unresolved = Flag.objects.filter(resolved_at=None)
        ideas = (
            Idea.objects.filter(Exists(unresolved.filter(idea=OuterRef("pk"))))
            .annotate(open_flags=open_flag_count("idea"))
            .select_related("campaign", "author")
            .order_by("-open_flags", "pk")
        )
        comments = (
            Comment.objects.filter(Exists(unresolved.filter(comment=OuterRef("pk"))))
            .annotate(open_flags=open_flag_count("comment"))
            .select_related("idea", "author")
            .order_by("-open_flags", "pk")
        )
        idea_page = Paginator(ideas, QUEUE_PAGE_SIZE).get_page(self.request.GET.get("ip"))
        comment_page = Paginator(comments, QUEUE_PAGE_SIZE).get_page(self.request.GET.get("cp"))
        context.update(
            {
                "idea_page": idea_page,
                "ideas": self._with_flags(idea_page, "idea"),
                "comment_page": comment_page,
                "comments": self._with_flags(comment_page, "comment"),
                "queue_url": self.request.get_full_path(),
            }
        )
        return context


# == One idea, one comment ==


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
        entry.who = staff_member_name(entry.moderator) if entry.moderator else ""
    return entries


def _flags(queryset):
    flags = list(queryset.select_related("reporter", "resolved_by").order_by("-created_at"))
    for flag in flags:
        flag.reporter_name = who(flag.reporter)
        flag.resolver_name = who(flag.resolved_by)
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
            change.who = who(change.actor)
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
                "author_name": who(idea.author),
                "author_block": author_block,
                "tags": sorted(tag.name for tag in idea.tags.all()),
                "history": history,
                "flags": flags,
                "open_flag_count": len(open_flags),
                "reason_counts": _reason_counts(open_flags),
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
                "author_name": who(comment.author),
                "parent_author_name": who(comment.parent.author) if comment.parent else "",
                "author_block": author_block,
                "flags": flags,
                "open_flag_count": len(open_flags),
                "reason_counts": _reason_counts(open_flags),
                "log": _log_entries(ModerationAction.objects.filter(comment=comment)),
                "idea_admin_url": idea_admin_url(comment.idea_id),
                "public_url": public_url(comment),
                "actions": self.get_actions(open_flags, author_block),
            }
        )
        return context


# == Actions ==


class ActionView(WagtailAdminTemplateMixin, FormView):
    """GET: a short form (a reason, an answer, or just a confirmation); POST: act.

    ``perform`` calls the service; an ``IdeaError`` is shown on the form (on
    ``error_field`` when that field was left empty, which is what the service refused),
    and nothing is changed. After acting, the person goes back to ``?next=`` (a queue)
    or to the item's admin page.
    """

    model = Idea
    form_class = admin_forms.ConfirmForm
    template_name = "ideas/admin/action.html"
    check = staticmethod(rules.can_moderate)
    page_title = ""
    intro = ""
    submit_label = _("Confirm")
    submit_classname = "button"
    error_field = None
    header_icon = "pick"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.object = self.get_object()

    def get_object(self):
        return get_object_or_404(self.model, pk=self.kwargs["pk"])

    def dispatch(self, request, *args, **kwargs):
        _require(self.check, request.user)
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return str(self.object) if self.object is not None else ""

    def object_url(self):
        if isinstance(self.object, Idea):
            return idea_admin_url(self.object)
        if isinstance(self.object, Comment):
            return comment_admin_url(self.object)
        return reverse(f"{BLOCKS}:list")

    def get_breadcrumbs_items(self):
        items = list(self.breadcrumbs_items)
        if self.object is not None:
            items.append(
                {
                    "url": self.object_url(),
                    "label": capfirst(self.object._meta.verbose_name),
                    "sublabel": self.object,
                }
            )
        items.append({"url": "", "label": self.get_page_title()})
        return items

    def get_intro(self):
        return self.intro

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            {
                "object": self.object,
                "intro": self.get_intro(),
                "submit_label": self.submit_label,
                "submit_classname": self.submit_classname,
                "next": get_valid_next_url_from_request(self.request),
                "cancel_url": self.get_success_url(),
            }
        )
        return context

    def get_success_url(self):
        return get_valid_next_url_from_request(self.request) or self.object_url()

    def perform(self, data):
        raise NotImplementedError

    def get_success_message(self, data):
        return ""

    def form_valid(self, form):
        try:
            self.perform(form.cleaned_data)
        except services.IdeaError as error:
            field = self.error_field
            if field is None or form.cleaned_data.get(field, "").strip():
                field = None
            form.add_error(field, str(error))
            return self.form_invalid(form)
        message = self.get_success_message(form.cleaned_data)
        if message:
            messages.success(self.request, message)
        return redirect(self.get_success_url())

    def form_invalid(self, form):
        messages.validation_error(
            self.request, _("Nothing was changed. Please check the form."), form
        )
        return super().form_invalid(form)


class PublishView(ActionView):
    page_title = _("Publish idea")
    intro = _(
        "The idea appears on the site at once, and its author and followers are told. "
        "The publication is recorded with your name."
    )
    submit_label = _("Publish")

    def perform(self, data):
        services.publish(self.object, self.request.user)

    def get_success_message(self, data):
        return _("“%(title)s” is published.") % {"title": self.object.title}


class HideView(ActionView):
    form_class = admin_forms.HideForm
    error_field = "reason"
    submit_label = _("Hide")
    submit_classname = "button serious"

    def get_page_title(self):
        return _("Hide idea") if self.model is Idea else _("Hide comment")

    def get_intro(self):
        if self.model is Idea:
            return _(
                "The idea disappears from the site and its open flags are resolved. "
                "Its author gets an e-mail with your reason."
            )
        return _(
            "The comment disappears from the site and its open flags are resolved. "
            "Its author gets an e-mail with your reason."
        )

    def perform(self, data):
        services.hide(self.request.user, data["reason"], **{self.item: self.object})

    @property
    def item(self):
        return "idea" if self.model is Idea else "comment"

    def get_success_message(self, data):
        if self.model is Idea:
            return _("“%(title)s” is hidden; its author was told why.") % {
                "title": self.object.title
            }
        return _("The comment is hidden; its author was told why.")


class RestoreView(HideView):
    form_class = admin_forms.NoteForm
    error_field = None
    submit_label = _("Restore")
    submit_classname = "button"

    def get_page_title(self):
        return _("Restore idea") if self.model is Idea else _("Restore comment")

    def get_intro(self):
        return _("It appears on the site again, as it was before it was hidden.")

    def perform(self, data):
        services.restore(self.request.user, reason=data["reason"], **{self.item: self.object})

    def get_success_message(self, data):
        return _("Restored: it is on the site again.")


class DismissFlagsView(HideView):
    form_class = admin_forms.NoteForm
    error_field = None
    submit_label = _("Dismiss flags")
    submit_classname = "button"

    def get_page_title(self):
        return _("Dismiss flags")

    def get_intro(self):
        return _(
            "The flags are closed and the item stays on the site as it is. "
            "The people who flagged it are not told."
        )

    def perform(self, data):
        services.dismiss_flags(self.request.user, reason=data["reason"], **{self.item: self.object})

    def get_success_message(self, data):
        return _("The flags were dismissed.")


class BlockAuthorView(ActionView):
    """Stop the author of an idea or comment from posting."""

    form_class = admin_forms.BlockForm
    error_field = "reason"
    page_title = _("Block the author from posting")
    submit_label = _("Block")
    submit_classname = "button serious"

    def get_intro(self):
        name = who(self.object.author)
        if PostingBlock.objects.filter(user_id=self.object.author_id).exists():
            return _(
                "%(name)s is already blocked. Blocking again replaces the recorded reason."
            ) % {"name": name}
        return _(
            "%(name)s will no longer be able to submit ideas, comment or edit what they "
            "wrote. Their ideas and comments stay as they are."
        ) % {"name": name}

    def perform(self, data):
        services.block_user(self.request.user, self.object.author, data["reason"])

    def get_success_message(self, data):
        return _("%(name)s can no longer post.") % {"name": who(self.object.author)}


class DecideView(ActionView):
    form_class = admin_forms.DecideForm
    template_name = "ideas/admin/decide.html"
    check = staticmethod(rules.can_decide)
    error_field = "answer"
    page_title = _("Decide and answer")
    intro = _(
        "The new status and your answer are added to the idea's public status history, "
        "and its author and followers are told by e-mail."
    )
    submit_label = _("Save decision")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "idea": self.object}

    def perform(self, data):
        services.decide(self.object, self.request.user, data["status"], data["answer"])

    def get_success_message(self, data):
        return _("“%(title)s” is now “%(status)s”.") % {
            "title": self.object.title,
            "status": Status(data["status"]).label,
        }


class MergeView(ActionView):
    form_class = admin_forms.MergeForm
    template_name = "ideas/admin/merge.html"
    check = staticmethod(rules.can_decide)
    page_title = _("Merge into another idea")
    intro = _(
        "This idea is marked as merged and points to the other one. Its votes and "
        "followers move there; a person who supported both keeps one vote."
    )
    submit_label = _("Merge")

    @cached_property
    def search(self):
        return self.request.GET.get("q", "").strip()

    def get_form_kwargs(self):
        candidates = admin_forms.merge_candidates(self.object)
        shown = admin_forms.search_candidates(candidates, self.search)
        return {**super().get_form_kwargs(), "idea": self.object, "shown": shown}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["search"] = self.search
        context["campaign_label"] = (
            self.object.campaign.title if self.object.campaign else _("General idea box")
        )
        return context

    def perform(self, data):
        self.target = services.merge(self.object, data["target"], self.request.user, data["answer"])

    def get_success_url(self):
        target = getattr(self, "target", None)
        if target is not None:
            return idea_admin_url(target)
        return super().get_success_url()

    def get_success_message(self, data):
        return _("“%(source)s” was merged into “%(target)s”.") % {
            "source": self.object.title,
            "target": self.target.title,
        }


class PostingBlockCreateView(ActionView):
    """The "add" URL of posting blocks: block someone by the e-mail address they use."""

    model = PostingBlock
    form_class = admin_forms.BlockByEmailForm
    error_field = "reason"
    page_title = _("Block someone from posting")
    intro = _(
        "The person will no longer be able to submit ideas, comment or edit what they "
        "wrote. To block the author of an idea or comment, use the button on its page."
    )
    submit_label = _("Block")
    submit_classname = "button serious"
    header_icon = "lock"

    def get_object(self):
        return None

    def object_url(self):
        return reverse(f"{BLOCKS}:list")

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(f"{BLOCKS}:list"), "label": capfirst(_("posting blocks"))},
            {"url": "", "label": self.get_page_title()},
        ]

    def perform(self, data):
        services.block_user(self.request.user, self._user, data["reason"])

    def form_valid(self, form):
        self._user = form.user
        return super().form_valid(form)

    def get_success_message(self, data):
        return _("%(name)s can no longer post.") % {"name": who(self._user)}


class UnblockView(ActionView):
    """The "delete" URL of a posting block: let the person post again."""

    model = PostingBlock
    form_class = admin_forms.NoteForm
    page_title = _("Unblock")
    submit_label = _("Unblock")
    header_icon = "lock-open"

    def get_object(self):
        return get_object_or_404(PostingBlock.objects.select_related("user"), pk=self.kwargs["pk"])

    def get_page_subtitle(self):
        return who(self.object.user)

    def get_intro(self):
        return _(
            "%(name)s will be able to submit ideas and comment again. They were blocked "
            "because: “%(reason)s”"
        ) % {"name": who(self.object.user), "reason": self.object.reason}

    def object_url(self):
        return reverse(f"{BLOCKS}:list")

    def perform(self, data):
        services.unblock_user(self.request.user, self.object.user, data["reason"])

    def get_success_message(self, data):
        return _("%(name)s can post again.") % {"name": who(self.object.user)}
