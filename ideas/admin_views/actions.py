"""The actions on ideas, comments and people: publish, hide, restore, dismiss flags,
block and unblock, decide and merge. Each is a short form that calls ``ideas.services``."""

from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin import messages
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from engage.accounts.naming import actor_name

from .. import admin_forms, rules, services
from ..models import Comment, Idea, PostingBlock
from .common import BLOCKS, comment_admin_url, idea_admin_url, require

Status = Idea.Status


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
        require(self.check, request.user)
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
    """Lift a moderator's hiding. What that means depends on where the item was: an idea
    hidden while it awaited pre-moderation goes back to the moderation queue, not onto the
    site, and the page and the message say so."""

    form_class = admin_forms.NoteForm
    error_field = None
    submit_label = _("Restore")
    submit_classname = "button"

    def get_page_title(self):
        return _("Restore idea") if self.model is Idea else _("Restore comment")

    def get_intro(self):
        if self.model is Comment:
            if self.object.idea.is_public:
                return _("The comment appears on the site again, under its idea.")
            return _(
                "The comment is no longer hidden, but its idea is not on the site: "
                "the comment shows once the idea does."
            )
        if self.object.published_at is not None:
            return _("It appears on the site again, as it was before it was hidden.")
        if self.object.status == Idea.Status.AWAITING:
            return _(
                "It was hidden before it was published. Restoring it puts it back in the "
                "moderation queue: it does not appear on the site until a moderator "
                "publishes it."
            )
        return _(
            "It was never published, so it stays off the site: restoring it only lifts the hiding."
        )

    def perform(self, data):
        services.restore(self.request.user, reason=data["reason"], **{self.item: self.object})

    def get_success_message(self, data):
        self.object.refresh_from_db()
        if self.model is Comment:
            if self.object.idea.is_public:
                return _("The comment is restored: it is on the site again.")
            return _("The comment is restored; it shows on the site once its idea is public.")
        title = {"title": self.object.title}
        if self.object.is_public:
            return _("“%(title)s” is restored: it is on the site again.") % title
        if self.object.status == Idea.Status.AWAITING:
            return (
                _(
                    "“%(title)s” is restored to the moderation queue. It is not on the site "
                    "until it is published."
                )
                % title
            )
        return (
            _("“%(title)s” is no longer hidden; it stays off the site (never published).") % title
        )


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
        name = actor_name(self.object.author)
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
        return _("%(name)s can no longer post.") % {"name": actor_name(self.object.author)}


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
        return _("%(name)s can no longer post.") % {"name": actor_name(self._user)}


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
        return actor_name(self.object.user)

    def get_intro(self):
        return _(
            "%(name)s will be able to submit ideas and comment again. They were blocked "
            "because: “%(reason)s”"
        ) % {"name": actor_name(self.object.user), "reason": self.object.reason}

    def object_url(self):
        return reverse(f"{BLOCKS}:list")

    def perform(self, data):
        services.unblock_user(self.request.user, self.object.user, data["reason"])

    def get_success_message(self, data):
        return _("%(name)s can post again.") % {"name": actor_name(self.object.user)}
