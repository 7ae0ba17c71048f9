"""A page shown or listed in another language than it is written in says so and carries
its own ``lang``: an English-only survey or idea campaign on the Spanish site (Wagtail's
alias of the English page, or the English page itself in a list) does not pass as
translated."""

import re

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import translation
from wagtail.models import Locale

from tests.ideas.factories import ideas_index, make_campaign
from tests.surveys.factories import make_survey, q, surveys_index

pytestmark = pytest.mark.django_db


@pytest.fixture
def spanish():
    return Locale.objects.get_or_create(language_code="es")[0]


def spanish_copy(page, locale, **fields):
    """A real translation of ``page`` (its Spanish words in ``fields``)."""
    translation_page = page.copy_for_translation(locale, copy_parents=True)
    for name, value in fields.items():
        setattr(translation_page, name, value)
    translation_page.save_revision().publish()
    return translation_page


def spanish_alias(page, locale):
    """What the synchronised page tree puts on the Spanish site for a page nobody
    translated: an alias, a Spanish-locale mirror of the English words."""
    return page.copy_for_translation(locale, copy_parents=True, alias=True)


def english_survey(title="Park survey"):
    return make_survey([q.short("What would you change?")], title=title, results_public=True)


def render(template, page, language):
    request = RequestFactory().get("/")
    with translation.override(language):
        return Template("{% load engage_tags %}" + template).render(
            Context({"page": page, "request": request})
        )


# The tag ------------------------------------------------------------------------------------


def test_the_tag_names_the_language_only_when_it_is_not_the_visitors(spanish):
    survey = english_survey()
    spanish_copy(surveys_index(), spanish, title="Encuestas", slug="encuestas")
    alias = spanish_alias(survey, spanish)
    translated = spanish_copy(english_survey("Library survey"), spanish, title="Encuesta")
    tag = "{% content_language page as foreign %}{{ foreign.code }}|{{ foreign.in_language }}"

    assert render(tag, survey, "en") == "|"
    assert render(tag, survey, "es") == "en|en inglés"  # listed untranslated
    assert render(tag, alias, "es") == "en|en inglés"  # Spanish locale, English words
    assert render(tag, translated, "es") == "|"
    assert render(tag, translated, "en") == "es|in Spanish"


# Surveys ------------------------------------------------------------------------------------


@pytest.fixture
def spanish_site(spanish):
    survey = english_survey()
    spanish_copy(surveys_index(), spanish, title="Encuestas", slug="encuestas")
    alias = spanish_alias(survey, spanish)
    return survey, alias


def test_an_english_survey_on_the_spanish_site_says_so_and_is_marked_english(client, spanish_site):
    survey, alias = spanish_site
    content = client.get(alias.url).content.decode()

    assert alias.url.startswith("/es/")
    assert '<html lang="es">' in content
    assert "language-notice" in content
    assert re.search(r'class="[^"]*language-notice[^"]*"\s+lang="es"', content)
    assert '<h1 lang="en">Park survey</h1>' in content
    assert re.search(r'<span lang="en">What would you change\?</span>', content)
    # Engage's own words on the page stay Spanish: no lang="en" on the buttons.
    assert 'lang="en">Next' not in content


def test_the_english_survey_in_english_has_no_notice(client, spanish_site):
    survey, _alias = spanish_site
    content = client.get(survey.url).content.decode()
    assert "language-notice" not in content
    assert 'lang="en"' not in content.split("<main", 1)[1]


def test_a_translated_survey_has_no_notice(client, spanish):
    survey = english_survey()
    spanish_copy(surveys_index(), spanish, title="Encuestas", slug="encuestas")
    translated = spanish_copy(survey, spanish, title="Encuesta del parque")
    content = client.get(translated.url).content.decode()
    assert "language-notice" not in content
    assert "<h1>Encuesta del parque</h1>" in content


def test_the_spanish_survey_list_tags_the_english_survey(client, spanish_site):
    _survey, alias = spanish_site
    content = client.get(alias.get_parent().url).content.decode()
    assert f'<a href="{alias.url}" lang="en">Park survey</a>' in content
    assert re.search(r'class="usa-tag language-tag" lang="es">En inglés</span>', content)


def test_the_results_of_an_english_survey_on_the_spanish_site_are_marked(client, spanish_site):
    _survey, alias = spanish_site
    content = client.get(alias.url + "results/").content.decode()
    assert "language-notice" in content
    assert '<span lang="en">Park survey</span>' in content


# Idea campaigns -----------------------------------------------------------------------------


def test_an_english_campaign_on_the_spanish_site_says_so(client, spanish):
    campaign = make_campaign("Parks", slug="parks", question="How should we improve parks?")
    spanish_copy(ideas_index(), spanish, title="Ideas", slug="ideas")
    alias = spanish_alias(campaign, spanish)

    page = client.get(alias.url).content.decode()
    assert "language-notice" in page
    assert '<h1 lang="en">Parks</h1>' in page
    assert 'lang="en">How should we improve parks?</p>' in page

    listing = client.get("/es/ideas/").content.decode()
    assert re.search(r'<a href="[^"]*parks/" lang="en">Parks</a>', listing)
    assert "language-tag" in listing

    english = client.get(campaign.url).content.decode()
    assert "language-notice" not in english


# Search ---------------------------------------------------------------------------------------


def test_the_spanish_search_marks_english_pages(client, spanish):
    survey = make_survey([q.short("Which heron?")], title="Heron survey")
    spanish_copy(surveys_index(), spanish, title="Encuestas", slug="encuestas")
    survey_alias = spanish_alias(survey, spanish)
    campaign = make_campaign("Heron campaign", slug="heron-campaign", question="Herons?")
    spanish_copy(ideas_index(), spanish, title="Ideas", slug="ideas")
    campaign_alias = spanish_alias(campaign, spanish)

    spanish_results = client.get("/es/search/", {"q": "heron"}).content.decode()
    for alias, title in ((survey_alias, "Heron survey"), (campaign_alias, "Heron campaign")):
        assert re.search(
            rf'<a href="{alias.url}" lang="en">{title}</a>\s*<span class="usa-tag language-tag"'
            r' lang="es">En inglés</span>',
            spanish_results,
        ), title
    english_results = client.get("/en/search/", {"q": "heron"}).content.decode()
    assert f'<a href="{survey.url}">Heron survey</a>' in english_results
    assert "language-tag" not in english_results
