from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from . import home
from .blocks import BodyBlock


class IntroBodyPage(Page):
    """A page with an introduction and a body of blocks; ``intro`` is set by each type."""

    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]

    class Meta:
        abstract = True


class HomePage(IntroBodyPage):
    """The site root: what Engage is for, a way into each part, and what is happening in
    them (the sections and live counts the parts declare, ``engage.core.home``), then what
    editors write in the body."""

    intro = models.TextField(_("introduction"), blank=True)

    parent_page_types = ["wagtailcore.Page"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["sections"] = self.get_children().live().public().in_menu().specific()
        context.update(home.rendered_sections())
        return context


class SectionPage(IntroBodyPage):
    """The landing page of one part of the site (Surveys, Ideas, Report a problem, …).

    Each part's issue replaces or fills its section; until then the section explains
    what will be there, so navigation never leads to a dead end.
    """

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    parent_page_types = ["core.HomePage"]

    class Meta:
        verbose_name = _("section page")


class ContentPage(IntroBodyPage):
    """A plain page of text: about, privacy, accessibility statement, help."""

    intro = models.TextField(_("introduction"), blank=True)

    class Meta:
        verbose_name = _("content page")
