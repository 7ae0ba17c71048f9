"""Curricula: Wagtail pages an educator teaches from and prints.

A ``CurriculumPage`` (under the Youth programs section) holds its ``LessonPage``s in order.
Both are translatable like every page; the PDFs are sub-pages (``routes.py``).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from ..blocks import LessonBlock


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

    def lessons(self):
        return LessonPage.objects.child_of(self).live().order_by("path")

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

    @path("handout/")
    def handout_view(self, request):
        from .. import routes

        return routes.lesson_handout(request, self)
