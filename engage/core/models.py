from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.images import get_image_model_string
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

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["children"] = self.get_children().live().public().specific(defer=True)
        return context


class ContentPage(IntroBodyPage):
    """A plain page of text: about, privacy, accessibility statement, help."""

    intro = models.TextField(_("introduction"), blank=True)

    class Meta:
        verbose_name = _("content page")


HEX_COLOUR = RegexValidator(
    r"^#[0-9a-fA-F]{6}$", _("Enter a colour as # and six hexadecimal digits, e.g. #005ea2.")
)


@register_setting(icon="site")
class CityBranding(BaseSiteSetting):
    """The city's name and logo, shown in the header, footer, page titles and e-mails.

    A setting rather than code, so that a city adopting Engage brands it from the admin.
    """

    name = models.CharField(
        _("city name"),
        max_length=100,
        default="Engage",
        help_text=_("Shown in the header, the footer and every page title."),
    )
    short_name = models.CharField(
        _("short name"),
        max_length=40,
        blank=True,
        help_text=_("Shown instead of the full name where space is short (phones)."),
    )
    logo = models.ForeignKey(
        get_image_model_string(),
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Shown beside the city name in the header; a wide or square image."),
    )
    primary_colour = models.CharField(
        _("primary colour"),
        max_length=7,
        blank=True,
        validators=[HEX_COLOUR],
        help_text=_(
            "Optional. The colour of the header bar and buttons, e.g. #005ea2. Choose one "
            "dark enough for white text (a contrast of at least 4.5:1)."
        ),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("short_name"),
        FieldPanel("logo"),
        FieldPanel("primary_colour"),
    ]

    class Meta:
        verbose_name = _("city branding")

    @property
    def display_short_name(self):
        return self.short_name or self.name
