"""The knowledge base: answers to what people ask the city, as Wagtail pages.

Residents read them on the site (and find them in the site search); agents answer callers
from them; the report form offers the answers related to the chosen category before a
report is filed. Each answer has an owner department and a last-reviewed date, and comes
up for review when older than its review period.
"""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from engage.core.models import IntroBodyPage


class KnowledgeIndexPage(IntroBodyPage):
    """The knowledge base's front page: search, topics, the most read answers."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    parent_page_types = ["core.HomePage", "core.SectionPage"]
    subpage_types = ["reports.KnowledgeAnswerPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("knowledge base")

    def get_context(self, request, *args, **kwargs):
        from ..knowledge import routes

        context = super().get_context(request, *args, **kwargs)
        context.update(routes.index_context(request, self))
        return context


OWNER_REQUIRED = _(
    "Choose the department that owns this answer before publishing it: someone must "
    "review it when it grows old."
)


class KnowledgeAnswerForm(WagtailAdminPageForm):
    """The answer's admin form: publishing without an owner department says why not."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "owner_department" in self.fields:
            self.fields["owner_department"].error_messages["required"] = OWNER_REQUIRED


class KnowledgeAnswerTopic(TaggedItemBase):
    content_object = ParentalKey(
        "reports.KnowledgeAnswerPage", on_delete=models.CASCADE, related_name="tagged_topics"
    )


class KnowledgeAnswerPage(RoutablePageMixin, Page):
    """One answer: the question as people ask it, the answer, and who keeps it true."""

    summary = models.CharField(
        _("short answer"),
        max_length=300,
        help_text=_("One or two sentences: what an agent reads out first."),
    )
    answer = RichTextField(_("answer"), features=["h3", "bold", "italic", "link", "ul", "ol"])
    topics = ClusterTaggableManager(
        through=KnowledgeAnswerTopic, blank=True, verbose_name=_("topics")
    )
    categories = ParentalManyToManyField(
        "reports.ServiceCategory",
        blank=True,
        verbose_name=_("related service categories"),
        help_text=_("The report form shows this answer before a report of these is filed."),
    )
    owner_department = models.ForeignKey(
        "reports.Department",
        verbose_name=_("owner department"),
        null=True,
        blank=False,
        on_delete=models.PROTECT,
        related_name="knowledge_answers",
        help_text=_("The department that keeps this answer true and reviews it."),
    )
    last_reviewed = models.DateField(_("last reviewed"), default=timezone.localdate)
    review_every_days = models.PositiveSmallIntegerField(_("review every (days)"), default=365)

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("answer"),
        FieldPanel("topics"),
        FieldPanel("categories"),
    ]
    settings_panels = Page.settings_panels + [
        MultiFieldPanel(
            [
                FieldPanel("owner_department"),
                FieldPanel("last_reviewed"),
                FieldPanel("review_every_days"),
            ],
            heading=_("Review"),
        ),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary", boost=2),
        index.SearchField("answer"),
        index.RelatedFields("tagged_topics", [index.SearchField("tag_id")]),
        index.FilterField("owner_department_id"),
    ]
    parent_page_types = ["reports.KnowledgeIndexPage"]
    subpage_types = []
    base_form_class = KnowledgeAnswerForm

    class Meta:
        verbose_name = _("knowledge-base answer")
        verbose_name_plural = _("knowledge-base answers")

    def full_clean(self, exclude=None, *args, **kwargs):
        # The admin's form leaves out a field it did not require: the owner of a draft.
        self._owner_required = "owner_department" not in (exclude or ())
        super().full_clean(exclude, *args, **kwargs)

    def clean_fields(self, exclude=None):
        # A missing owner is refused by ``clean`` with a message saying why, instead of
        # Django's bare "This field cannot be blank."; drafts may still be saved without one.
        exclude = set(exclude or ()) | {"owner_department"}
        super().clean_fields(exclude=exclude)

    def clean(self):
        super().clean()
        owner_required = getattr(self, "_owner_required", True)
        if owner_required and self.live and self.owner_department_id is None:
            raise ValidationError({"owner_department": OWNER_REQUIRED})

    def get_context(self, request, *args, **kwargs):
        from ..knowledge import routes

        context = super().get_context(request, *args, **kwargs)
        context.update(routes.answer_context(request, self))
        return context

    @property
    def review_due(self):
        return self.last_reviewed + timedelta(days=self.review_every_days)

    def needs_review(self, today=None):
        return (today or timezone.localdate()) > self.review_due

    def serve(self, request, view=None, args=None, kwargs=None):
        # Each reading of the answer itself counts, once per request; previews and the
        # feedback route do not.
        is_answer = view is None or getattr(view, "__name__", "") == "index_route"
        if is_answer and request.method == "GET" and not getattr(request, "is_preview", False):
            from ..knowledge import routes

            routes.count_view(self)
        return super().serve(request, view, args, kwargs)

    @path("feedback/")
    def feedback_view(self, request):
        from ..knowledge import routes

        return routes.feedback(request, self)


class AnswerFeedback(models.Model):
    """ "Did this answer your question?": yes or no, and a comment for staff."""

    class Source(models.TextChoices):
        PAGE = "page", _("The answer's page")
        REPORT_FORM = "report_form", _("The report form")

    page = models.ForeignKey(KnowledgeAnswerPage, on_delete=models.CASCADE, related_name="feedback")
    helpful = models.BooleanField(_("answered the question"))
    comment = models.TextField(_("comment"), max_length=2000, blank=True)
    source = models.CharField(max_length=12, choices=Source.choices, default=Source.PAGE)
    # A "yes" on the report form: the resident did not file the report (a request avoided).
    avoided_request = models.BooleanField(default=False)
    language = models.CharField(max_length=12, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("answer feedback")
        verbose_name_plural = _("answer feedback")

    def __str__(self):
        return f"{self.page_id} · {'yes' if self.helpful else 'no'}"


class AnswerViews(models.Model):
    """How often an answer was read, per day (one row per page and day, counted with F())."""

    page = models.ForeignKey(KnowledgeAnswerPage, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    views = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("answer views")
        constraints = [
            models.UniqueConstraint(fields=["page", "day"], name="reports_answer_views_day"),
        ]

    def __str__(self):
        return f"{self.page_id} · {self.day}: {self.views}"
