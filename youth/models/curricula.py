"""Curricula: Wagtail pages an educator teaches from and prints.

A ``CurriculumPage`` (under the Youth programs section) holds its ``LessonPage``s in order.
Both are translatable like every page; the PDFs are sub-pages (``routes.py``).
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from engage.accounts.roles import EDUCATOR, STAFF, has_role

from ..blocks import LessonBlock

# The first words of the youth part's own URLs (youth/urls.py), which sit beside the
# curricula under /<language>/youth/: a curriculum with one of them as its slug could never
# be reached. Kept here because the models may not import the URL map (it imports views);
# tests/youth/test_curricula_pages.py checks that this list still covers youth/urls.py.
RESERVED_SLUGS = frozenset(
    {
        "class",
        "consent",
        "educator",
        "field-reports",
        "join",
        "participants",
        "privacy",
        "programs",
        "sessions",
    }
)

# The blocks a student takes home: printed on the lesson's handout.
HANDOUT_BLOCKS = ("handout", "vocabulary")


class CurriculumPage(RoutablePageMixin, Page):
    """A course of lessons; ``pdf/`` is the whole curriculum as one printable document."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link", "ul"])
    ages = models.CharField(_("ages"), max_length=40, blank=True, help_text=_("e.g. 11–14"))
    for_educators = RichTextField(
        _("notes for educators"),
        blank=True,
        features=["bold", "italic", "link", "ul", "ol"],
        help_text=_("How to use this curriculum: preparation, pacing, adapting it."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("ages"),
        FieldPanel("for_educators"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("for_educators"),
    ]
    parent_page_types = ["core.SectionPage"]
    subpage_types = ["youth.LessonPage"]

    class Meta:
        verbose_name = _("curriculum")

    def clean(self):
        super().clean()
        if self.slug in RESERVED_SLUGS:
            raise ValidationError(
                {
                    "slug": _(
                        "“%(slug)s” is taken by the youth programs' own pages. Choose another slug."
                    )
                    % {"slug": self.slug}
                }
            )

    def lessons(self):
        return LessonPage.objects.child_of(self).live().order_by("path")

    def pdf_url(self):
        """The whole curriculum's PDF (for links from the programs' pages too)."""
        return self.url + self.reverse_subpage("pdf_view")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        lessons = list(self.lessons())
        context["lessons"] = lessons
        context["total_minutes"] = sum(lesson.duration_minutes for lesson in lessons)
        return context

    @path("pdf/")
    def pdf_view(self, request):
        from .. import routes

        return routes.curriculum_pdf(request, self)


class LessonPage(RoutablePageMixin, Page):
    """One lesson: objectives, timed activities, questions, vocabulary, handouts.

    ``handout/`` is the lesson's printable handout."""

    summary = models.TextField(_("summary"), blank=True)
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=60)
    body = StreamField(LessonBlock(), blank=True, verbose_name=_("lesson"))

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("duration_minutes"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
    ]
    parent_page_types = ["youth.CurriculumPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("lesson")

    def handout_url(self):
        """The lesson's printable handout (the session page links to it as well)."""
        return self.url + self.reverse_subpage("handout_view")

    def handout_blocks(self):
        """What the students take home, in the lesson's order: handouts and vocabulary."""
        return [block for block in self.body if block.block_type in HANDOUT_BLOCKS]

    def activity_minutes(self):
        """The minutes of the timed activities (to compare with the lesson's duration)."""
        return sum(block.value["minutes"] for block in self.body if block.block_type == "activity")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        curriculum = self.get_parent().specific
        lessons = list(curriculum.lessons())
        number = next((n for n, lesson in enumerate(lessons, 1) if lesson.pk == self.pk), None)
        context.update(
            curriculum=curriculum,
            lesson_count=len(lessons),
            lesson_number=number,
            previous_lesson=lessons[number - 2] if number and number > 1 else None,
            next_lesson=lessons[number] if number and number < len(lessons) else None,
            # The same test as youth.rules.is_educator, which the models may not import.
            for_educator=has_role(request.user, EDUCATOR, STAFF),
        )
        return context

    @path("handout/")
    def handout_view(self, request):
        from .. import routes

        return routes.lesson_handout(request, self)
