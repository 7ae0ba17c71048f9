"""Helpers every part's demo content uses to set up its section pages (see seed_demo)."""

from wagtail.actions.convert_alias import ConvertAliasPageAction

from .models import SectionPage


def _differs(page, name, value):
    return getattr(page, name) != value


def translate(page, locale, fields, *, differs=_differs):
    """Give ``page`` a published translation in ``locale`` with ``fields`` set.

    The same approach as seed_demo's: turn a Wagtail alias into a real translation, and
    publish a revision only when a field differs (so a second run changes nothing).
    ``differs(translation, name, value)`` compares one field (StreamFields need their own).
    """
    translation = page.get_translation_or_none(locale)
    if translation is None:
        translation = page.copy_for_translation(locale)
    elif translation.alias_of_id:
        translation = ConvertAliasPageAction(translation).execute(skip_permission_checks=True)
    translation = translation.specific
    if translation.live and not any(differs(translation, n, v) for n, v in fields.items()):
        return translation
    for name, value in fields.items():
        setattr(translation, name, value)
    translation.save_revision().publish()
    return translation


def remove_old_section(locale, slug):
    """Delete the plain SectionPage ``slug`` of older demo databases, if nothing is under it
    (a part's own index page replaces it). Returns False when it must stay."""
    old = SectionPage.objects.filter(locale=locale, slug=slug).first()
    if old is None:
        return True
    if old.get_descendants().exists() or any(
        t.get_descendants().exists() for t in old.get_translations()
    ):
        return False
    for translation in old.get_translations():
        translation.delete()
    old.delete()
    return True
