import json
from dataclasses import dataclass

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, get_language_info, gettext_lazy
from django.utils.translation import gettext as _
from wagtail.models import Locale, Page, Site

from engage.core.branding import colour_version
from engage.core.sanitize import clean_html, html_to_text

register = template.Library()


def _home_page(request):
    """The home page in the active language, looked up once per request and language.

    The header, footer and language switcher all need it.
    """
    if request is None:
        return None
    cache = request.__dict__.setdefault("_engage_home_pages", {})
    language = get_language()
    if language not in cache:
        site = Site.find_for_request(request)
        cache[language] = site.root_page.localized if site else None
    return cache[language]


@register.simple_tag(takes_context=True)
def main_navigation(context):
    """The children of the home page (in the active language) shown in menus, looked up
    once per request and language: the header and the footer both list them."""
    request = context.get("request")
    home = _home_page(request)
    if home is None:
        return []
    cache = request.__dict__.setdefault("_engage_navigation", {})
    language = get_language()
    if language not in cache:
        cache[language] = list(home.get_children().live().public().in_menu())
    return cache[language]


@register.simple_tag(takes_context=True)
def home_url(context):
    request = context.get("request")
    home = _home_page(request)
    return home.get_url(request) if home else "/"


@register.simple_tag(takes_context=True)
def language_links(context):
    """One entry per language with the address of this page in that language.

    A Wagtail page links to its own translation (which may have another slug); any
    other view is the same URL with the language prefix swapped. When a page has no
    translation, the link goes to that language's home page.
    """
    request = context.get("request")
    page = context.get("page")
    current = get_language()
    translations = {}
    if isinstance(page, Page):
        for translation in page.get_translations(inclusive=True).live().select_related("locale"):
            translations[translation.locale.language_code] = translation
    links = []
    for code, name in settings.LANGUAGES:
        if isinstance(page, Page):
            target = translations.get(code)
            if target is None:
                home = _home_page(request)
                locale = Locale.objects.filter(language_code=code).first()
                target = home.get_translation_or_none(locale) if home and locale else None
            url = target.get_url(request) if target else f"/{code}/"
        else:
            url = translate_url(request.get_full_path(), code) if request else f"/{code}/"
        links.append({"code": code, "name": name, "url": url, "is_current": code == current})
    return links


@register.filter
def is_within(page, section):
    """True when ``page`` is ``section`` or one of its descendants (for aria-current)."""
    return isinstance(page, Page) and page.path.startswith(section.path)


@register.filter
def user_html(value):
    """Rich text a resident wrote, cleaned again before it is shown.

    It was cleaned when saved; cleaning is idempotent, so this changes nothing unless the
    stored HTML came from elsewhere (an import, an older allow-list, a database edit).
    """
    return mark_safe(clean_html(value))  # noqa: S308 - the output of the sanitiser


# A page in another language than the visitor's ----------------------------------------------

# How a sentence says a page is in a language ("This survey is in English"): the whole
# phrase is translated, since languages do not all name a language alike mid-sentence.
IN_LANGUAGE = {"en": gettext_lazy("in English"), "es": gettext_lazy("in Spanish")}


@dataclass(frozen=True)
class ContentLanguage:
    """The language a page's content is written in, when it is not the visitor's."""

    code: str  # for the lang attribute of the content
    in_language: str  # "in English", in the visitor's language

    def __str__(self):
        return self.code


def _language_codes(request):
    """{locale id: language code}, read once per request (the locales are few)."""
    holder = request.__dict__ if request is not None else {}
    if "_engage_locale_codes" not in holder:
        holder["_engage_locale_codes"] = dict(Locale.objects.values_list("pk", "language_code"))
    return holder["_engage_locale_codes"]


def page_language(page, request=None):
    """The language ``page``'s content is written in.

    A page not translated yet may still have a place in another language's tree: with the
    synchronised page tree, Wagtail puts an alias there, a mirror of the original whose
    locale is the other language but whose words are the original's. So an alias is in
    its original's language, and any other page in its own locale's.
    """
    codes = _language_codes(request)
    locale_id = page.locale_id
    if page.alias_of_id:
        cache = request.__dict__.setdefault("_engage_alias_locales", {}) if request else {}
        if page.alias_of_id not in cache:
            cache[page.alias_of_id] = (
                Page.objects.filter(pk=page.alias_of_id).values_list("locale_id", flat=True).first()
            )
        locale_id = cache[page.alias_of_id] or locale_id
    return codes.get(locale_id, "")


@register.simple_tag(takes_context=True)
def content_language(context, page):
    """A ``ContentLanguage`` when ``page`` is written in another language than the one
    the visitor reads the site in (a page shown or listed untranslated), else None.

    ``{% content_language page as foreign %}``, then ``lang="{{ foreign.code }}"`` on the
    page's own words and ``includes/language_notice.html`` (or ``language_tag.html`` on a
    card) to say so.
    """
    if not isinstance(page, Page):
        return None
    code = page_language(page, context.get("request"))
    active = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    if not code or code.split("-")[0] == active:
        return None
    phrase = IN_LANGUAGE.get(code)
    if phrase is None:
        try:
            name = get_language_info(code)["name_translated"]
        except KeyError:
            name = code
        phrase = _("in %(language)s") % {"language": name}
    return ContentLanguage(code=code, in_language=str(phrase))


@register.filter
def user_text(value):
    """Rich text a resident wrote, as the plain text a reader sees (for excerpts; escaped)."""
    return html_to_text(value)


@register.simple_tag(takes_context=True)
def page_breadcrumbs(context):
    """The links above a Wagtail page at least two levels under the home page: Home, then
    each ancestor below it (one query). Empty elsewhere."""
    request = context.get("request")
    page = context.get("page")
    home = _home_page(request)
    if not isinstance(page, Page) or home is None or page.depth < home.depth + 2:
        return []
    if not page.path.startswith(home.path):
        return []
    crumbs = [{"url": home.get_url(request), "title": _("Home")}]
    for ancestor in page.get_ancestors().filter(depth__gt=home.depth).specific(defer=True):
        crumbs.append({"url": ancestor.get_url(request), "title": ancestor.title})
    return crumbs


@register.simple_tag
def branding_colour_version(branding):
    return colour_version(branding)


# USWDS's class for each kind of Django widget (BoundField.widget_type).
USWDS_WIDGET_CLASSES = {
    "select": "usa-select",
    "selectmultiple": "usa-select",
    "nullbooleanselect": "usa-select",
    "textarea": "usa-textarea",
    "clearablefile": "usa-file-input",
    "file": "usa-file-input",
    "multiplefile": "usa-file-input",
    "checkbox": "usa-checkbox__input",
    "checkboxselectmultiple": "",
    "radioselect": "",
}


@register.filter
def usa_widget(field):
    """A form field's widget rendered with its USWDS class (usa-input, usa-select, …) and
    usa-input--error when it has errors; the widget's own classes are kept."""
    css_class = USWDS_WIDGET_CLASSES.get(field.widget_type, "usa-input")
    classes = [field.field.widget.attrs.get("class", ""), css_class]
    if field.errors and css_class in ("usa-input", "usa-select", "usa-textarea"):
        classes.append(f"{css_class}--error")
    attrs = {"class": " ".join(c for c in classes if c)}
    if css_class == "usa-file-input":
        widget = field.field.widget
        multiple = getattr(widget, "allow_multiple_selected", False) or "multiple" in widget.attrs
        attrs.update(file_input_texts(multiple=multiple))
        if field.label and field.auto_id:
            # USWDS's script names the input with its instructions (an aria-label); the
            # field's own label, pointed to here, stays its name.
            attrs["aria-labelledby"] = f"{field.auto_id}_label"
    return field.as_widget(attrs=attrs)


def file_input_texts(*, multiple):
    """The words of USWDS's file input in the active language, as attributes of the input.

    uswds.min.js writes them in English only; static/js/file-input.js puts these in their
    place (``data-errormessage`` is USWDS's own attribute for the invalid-type message).
    """
    texts = {
        "drag": _("Drag files here or") if multiple else _("Drag file here or"),
        # Translators: after "Drag file here or" with a mouse; alone on a touch screen.
        "choose": _("choose from folder"),
        "chooseAlone": _("Choose from folder"),
        "none": _("No files selected.") if multiple else _("No file selected."),
        # Translators: read by screen readers once a file is chosen.
        "selectedOne": _("You have selected the file: %(name)s"),
        # Translators: read by screen readers; the count is always 2 or more.
        "selectedMany": _("You have selected %(count)s files: %(names)s"),
        "headingOne": _("Selected file"),
        # Translators: the count is always 2 or more.
        "headingMany": _("%(count)s files selected"),
        "changeOne": _("Change file"),
        "changeMany": _("Change files"),
    }
    return {
        "data-file-input-texts": json.dumps(texts, ensure_ascii=False),
        "data-errormessage": _("Error: This is not a valid file type."),
    }


@register.filter
def usa_label(field, css_class="usa-label"):
    """The field's <label> (or, with "usa-legend", its <legend>) with a USWDS class."""
    # USWDS labels carry no colon; a field's own suffix (label_suffix) still wins.
    suffix = field.field.label_suffix if field.field.label_suffix is not None else ""
    attrs = {"class": css_class}
    if USWDS_WIDGET_CLASSES.get(field.widget_type) == "usa-file-input" and field.auto_id:
        attrs["id"] = f"{field.auto_id}_label"  # see usa_widget
    if css_class == "usa-legend":
        return field.legend_tag(attrs=attrs, label_suffix=suffix)
    return field.label_tag(attrs=attrs, label_suffix=suffix)


@register.filter
def one_to(count):
    """1, 2, … ``count``: the steps of a step indicator."""
    return range(1, int(count) + 1)
