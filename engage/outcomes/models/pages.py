"""Outcome pages: what changed because residents spoke up, and the feedback behind it.

An outcome is content, so a Wagtail page (translated like every page). What it answers is
``OutcomeLink`` rows, one per idea, service report, survey, cleanup or youth program,
picked in the admin; those parts never import this one; their pages show "this led to …"
through this part's template tags.

A parent outcome ("Safer crossings on Market Street") has child outcomes (each crossing):
its progress is its children's, weighted by each child's ``weight``.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    PageChooserPanel,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from engage.core.blocks import BodyBlock
from engage.core.models import IntroBodyPage

from ..choosers import (
    OutcomeLinksPanel,
    event_chooser,
    idea_chooser,
    program_chooser,
    report_chooser,
)
from ..feedback import linked_feedback


class OutcomeIndexPage(RoutablePageMixin, IntroBodyPage):
    """The public list of outcomes ("You said, we did"), with filters, a map and feeds.

    Sub-pages (``RoutablePageMixin``): the list itself, ``feed/`` (RSS) and ``feed/atom/``,
    each in the page's own language. The routes import ``outcomes.routes`` when called, so
    this module never imports the list queries or the feeds, which import it.
    """

    intro = models.TextField(_("introduction"), blank=True)

    parent_page_types = ["core.HomePage"]
    subpage_types = ["outcomes.OutcomePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("outcomes index")

    @path("")
    def index_view(self, request):
        from .. import routes

        return routes.index(request, self)

    @path("feed/")
    def rss_view(self, request):
        from .. import routes

        return routes.rss(request, self)

    @path("feed/atom/")
    def atom_view(self, request):
        from .. import routes

        return routes.atom(request, self)


class TaggedOutcome(TaggedItemBase):
    content_object = ParentalKey(
        "outcomes.OutcomePage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class OutcomePage(Page):
    """One thing the city changed, why, where, for how much, and how far along it is."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        COMPLETED = "completed", _("Completed")
        CANCELLED = "cancelled", _("Cancelled")

    summary = models.CharField(
        _("what changed"),
        max_length=300,
        help_text=_("One or two sentences: shown on cards, in feeds and in the messages sent."),
    )
    why = RichTextField(
        _("why"),
        features=["bold", "italic", "link", "ol", "ul"],
        blank=True,
        help_text=_("What residents asked for or reported, and what the city weighed."),
    )
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("more about it"))
    department = models.ForeignKey(
        "reports.Department",
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="outcomes",
    )
    neighborhoods = ParentalManyToManyField(
        "neighborhoods.Neighborhood",
        verbose_name=_("neighborhoods"),
        blank=True,
        related_name="outcomes",
    )
    topics = ClusterTaggableManager(through=TaggedOutcome, blank=True, verbose_name=_("topics"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PLANNED
    )
    # A leaf outcome's own progress; a parent's is its children's (``overall_progress``).
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    weight = models.PositiveSmallIntegerField(
        _("weight in the parent outcome"),
        default=1,
        help_text=_("How much this outcome counts in its parent outcome's progress."),
    )
    started_on = models.DateField(_("started"), null=True, blank=True)
    completed_on = models.DateField(_("completed"), null=True, blank=True)
    cost = models.DecimalField(
        _("cost (USD)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Leave empty when it is not known."),
    )
    before_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("before photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    after_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("after photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Where it is, for the outcomes map; empty puts it at its neighborhoods.
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    lng = models.FloatField(_("longitude"), null=True, blank=True)
    # How many people the announcements of this outcome reached (``announcements``).
    people_told = models.PositiveIntegerField(default=0, editable=False)

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("why"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("status"), FieldPanel("progress"), FieldPanel("weight")]),
                FieldRowPanel([FieldPanel("started_on"), FieldPanel("completed_on")]),
            ],
            heading=_("Status"),
        ),
        InlinePanel("milestones", label=_("Milestone")),
        MultiFieldPanel(
            [
                FieldPanel("department"),
                FieldPanel("neighborhoods"),
                FieldPanel("topics"),
                FieldRowPanel([FieldPanel("lat"), FieldPanel("lng")]),
                FieldPanel("cost"),
            ],
            heading=_("Where and who"),
        ),
        FieldRowPanel([FieldPanel("before_image"), FieldPanel("after_image")]),
        OutcomeLinksPanel(
            "links",
            label=_("Feedback behind it"),
            help_text=_(
                "Each idea, service report, survey, volunteer event or youth program this "
                "outcome answers: its page shows “This led to …”, and the people behind it "
                "are told."
            ),
        ),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("why"),
        index.FilterField("status"),
    ]

    parent_page_types = ["outcomes.OutcomeIndexPage", "outcomes.OutcomePage"]
    subpage_types = ["outcomes.OutcomePage"]

    class Meta:
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["feedback"] = linked_feedback(self)
        context["milestones"] = self.milestones.order_by("sort_order", "pk")
        children = list(self.child_outcomes().order_by("path"))
        progress = self.progress_by_path()
        for child in children:
            child.known_progress = progress[child.path]
        self.known_progress = progress[self.path]
        context["children"] = children
        context["parent_outcome"] = self.parent_outcome()
        return context

    def parent_outcome(self):
        parent = self.get_parent().specific
        return parent if isinstance(parent, OutcomePage) and parent.live else None

    def child_outcomes(self):
        return OutcomePage.objects.child_of(self).live().specific()

    def overall_progress(self):
        """This outcome's progress (0–100): its own, or its live children's weighted
        by their ``weight`` (each child's own overall progress, so it goes down the tree)."""
        return self.progress_by_path()[self.path]

    def progress_by_path(self):
        """The overall progress of this outcome and of each live outcome below it, by page
        path, from one query however deep the tree. An outcome under a draft does not
        count: its draft parent is left out of its own parent's progress."""
        rows = (
            OutcomePage.objects.live()
            .descendant_of(self)
            .values_list("path", "depth", "progress", "weight")
        )
        nodes = [(self.path, self.depth, self.progress, self.weight), *rows]
        children = {}
        for node_path, _depth, _progress, weight in nodes[1:]:
            children.setdefault(node_path[: -self.steplen], []).append((node_path, weight))
        progress = {}
        for node_path, _depth, own, _weight in sorted(nodes, key=lambda node: -node[1]):
            weighted = [(progress[child], weight) for child, weight in children.get(node_path, ())]
            total = sum(weight for _progress, weight in weighted)
            if total:
                progress[node_path] = round(sum(p * weight for p, weight in weighted) / total)
            else:
                progress[node_path] = own
        return progress


class OutcomeMilestone(Orderable):
    """A step of an outcome; staff may choose to tell contributors when it is reached."""

    page = ParentalKey(OutcomePage, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("milestone"), max_length=150)
    due_on = models.DateField(_("expected"), null=True, blank=True)
    reached_on = models.DateField(_("reached"), null=True, blank=True)
    announce = models.BooleanField(
        _("tell contributors when reached"),
        default=False,
        help_text=_("Everyone behind the linked feedback gets one message when it is reached."),
    )

    panels = [
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("due_on"), FieldPanel("reached_on")]),
        FieldPanel("announce"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self):
        return self.title


class OutcomeLink(Orderable):
    """One piece of feedback an outcome answers: exactly one of an idea, a service
    report, a survey (and, optionally, the questions whose results it shows), a volunteer
    event (a cleanup) or a youth program."""

    KINDS = ("idea", "report", "survey", "event", "program")

    panels = [
        FieldPanel("idea", widget=idea_chooser.widget_class),
        FieldPanel("report", widget=report_chooser.widget_class),
        PageChooserPanel("survey", page_type="surveys.SurveyPage"),
        FieldPanel("questions"),
        FieldPanel("event", widget=event_chooser.widget_class),
        FieldPanel("program", widget=program_chooser.widget_class),
    ]

    page = ParentalKey(OutcomePage, on_delete=models.CASCADE, related_name="links")
    idea = models.ForeignKey(
        "ideas.Idea",
        verbose_name=_("idea"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="outcome_links",
    )
    report = models.ForeignKey(
        "reports.ServiceReport",
        verbose_name=_("service report"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="outcome_links",
    )
    survey = models.ForeignKey(
        "surveys.SurveyPage",
        verbose_name=_("survey"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="outcome_links",
    )
    # The survey questions (their block ids) whose results the outcome page shows.
    questions = models.JSONField(_("survey questions shown"), default=list, blank=True)
    event = models.ForeignKey(
        "liaisons.VolunteerEvent",
        verbose_name=_("volunteer event"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="outcome_links",
    )
    program = models.ForeignKey(
        "youth.Program",
        verbose_name=_("youth program"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="outcome_links",
    )

    class Meta(Orderable.Meta):
        verbose_name = _("linked feedback")
        verbose_name_plural = _("linked feedback")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(idea__isnull=False, report=None, survey=None, event=None, program=None)
                    | Q(idea=None, report__isnull=False, survey=None, event=None, program=None)
                    | Q(idea=None, report=None, survey__isnull=False, event=None, program=None)
                    | Q(idea=None, report=None, survey=None, event__isnull=False, program=None)
                    | Q(idea=None, report=None, survey=None, event=None, program__isnull=False)
                ),
                name="outcome_link_names_one_thing",
            ),
        ]
        permissions = [("link_feedback", "Can choose the feedback behind an outcome")]

    def clean(self):
        super().clean()
        chosen = [kind for kind in self.KINDS if getattr(self, f"{kind}_id")]
        if len(chosen) != 1:
            raise ValidationError(
                _(
                    "Choose exactly one piece of feedback per row: an idea, a service "
                    "report, a survey, a volunteer event or a youth program. Add a row for "
                    "each."
                )
            )
        if self.questions and not self.survey_id:
            raise ValidationError({"questions": _("Only a survey has questions to show.")})
        if self.questions:
            known = self.survey.specific.structure.by_id
            if not isinstance(self.questions, list) or any(
                qid not in known for qid in self.questions
            ):
                raise ValidationError(
                    {"questions": _("Choose questions of the survey this row names.")}
                )

    @property
    def kind(self):
        return next(kind for kind in self.KINDS if getattr(self, f"{kind}_id"))

    @property
    def target(self):
        return getattr(self, self.kind)

    def __str__(self):
        return str(self.target)
