from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from wagtail.models import Locale, Page, Site

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
    """The children of the home page (in the active language) shown in menus."""
    request = context.get("request")
    home = _home_page(request)
    if home is None:
        return []
    return list(home.get_children().live().public().in_menu())


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


@register.filter
def user_text(value):
    """Rich text a resident wrote, as the plain text a reader sees (for excerpts; escaped)."""
    return html_to_text(value)
