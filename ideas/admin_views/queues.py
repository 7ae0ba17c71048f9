"""The moderation queues: ideas awaiting moderation, and flagged ideas and comments."""

from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.paginator import WagtailPaginator
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .. import rules
from ..exports import open_flag_count
from ..models import Comment, Flag, Idea
from .common import reason_counts, require

QUEUE_PAGE_SIZE = 50


class QueueView(WagtailAdminTemplateMixin, TemplateView):
    """Base for the moderation queues: moderators only."""

    header_icon = "warning"

    def dispatch(self, request, *args, **kwargs):
        require(rules.can_moderate, request.user)
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
            item.reason_counts = reason_counts(item.open_flag_list)
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
