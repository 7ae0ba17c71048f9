"""Outcome pages for the tests of the outcomes list, its feeds, the home page and search.

index = outcomes_index()
outcome = make_outcome("New trees on Oak Street", status="completed", progress=100)
child = make_outcome("Crossing at 5th", parent=outcome)
index_es = spanish(index, title="Resultados", slug="resultados")
"""

from wagtail.actions.convert_alias import ConvertAliasPageAction
from wagtail.models import Locale

from engage.outcomes.models import OutcomeIndexPage, OutcomePage
from tests.ideas.factories import home_page


def outcomes_index(**fields):
    index = OutcomeIndexPage.objects.filter(locale=Locale.get_default()).first()
    if index is None:
        fields.setdefault("title", "Outcomes")
        fields.setdefault("slug", "outcomes")
        fields.setdefault("intro", "You said, we did.")
        index = home_page().add_child(instance=OutcomeIndexPage(**fields))
        index.save_revision().publish()
    return index


def make_outcome(title, *, parent=None, neighborhoods=(), topics=(), live=True, **fields):
    """A published outcome under ``parent`` (the English index by default)."""
    parent = parent or outcomes_index()
    fields.setdefault("summary", f"{title}: done because residents asked.")
    fields.setdefault("slug", f"outcome-{OutcomePage.objects.count() + 1}")
    outcome = parent.add_child(instance=OutcomePage(title=title, live=live, **fields))
    if neighborhoods:
        outcome.neighborhoods.set(neighborhoods)
    if topics:
        outcome.topics.add(*topics)
    revision = outcome.save_revision()
    if live:
        revision.publish()
    outcome.refresh_from_db()
    return outcome


def spanish(page, **fields):
    """``page``'s published Spanish translation with ``fields`` set."""
    locale, _created = Locale.objects.get_or_create(language_code="es")
    translation = page.get_translation_or_none(locale)
    if translation is None:
        translation = page.copy_for_translation(locale, copy_parents=True)
    elif translation.alias_of_id:
        # Wagtail mirrors new pages into the other languages' trees as aliases.
        translation = ConvertAliasPageAction(translation).execute(skip_permission_checks=True)
    translation = translation.specific
    for name, value in fields.items():
        setattr(translation, name, value)
    translation.save_revision().publish()
    translation.refresh_from_db()
    return translation
