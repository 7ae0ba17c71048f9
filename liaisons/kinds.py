"""The kinds of volunteer events a new site starts with, in English and Spanish.

Kinds are data staff edit (a snippet), so the names are written here as stored text, not
as translatable strings. The data migration ``0002_events_default_kinds`` creates them in
the default locale (and in Spanish when that locale exists); the demo, which creates the
Spanish locale later, calls ``ensure_default_kinds`` again to add the Spanish names.
Both pass their own models, so the migration runs on its historical models.
"""

from django.conf import settings

DEFAULT_KINDS = (
    # code, fixes reports, {language: name}
    ("cleanup", True, {"en": "Cleanup", "es": "Limpieza"}),
    ("tree-planting", False, {"en": "Tree planting", "es": "Plantación de árboles"}),
    (
        "alley-lot-cleanup",
        True,
        {"en": "Alley or lot clean-up", "es": "Limpieza de callejón o solar"},
    ),
    ("mentoring-day", False, {"en": "Mentoring day", "es": "Día de mentoría"}),
)


def ensure_default_kinds(event_kind_model, locale_model):
    """Create each default kind in the default locale and its translations in the other
    locales that exist and have a name here; keep what staff already changed. Idempotent."""
    locales = list(locale_model.objects.all())
    if not locales:
        return
    default = _default_locale(locales, locale_model)
    for code, targets_reports, names in DEFAULT_KINDS:
        original = event_kind_model.objects.filter(code=code, locale=default).first()
        if original is None:
            original = event_kind_model.objects.create(
                code=code,
                locale=default,
                name=names.get(_language(default), names["en"]),
                targets_reports=targets_reports,
            )
        for locale in locales:
            name = names.get(_language(locale))
            if locale.pk == default.pk or name is None:
                continue
            if not event_kind_model.objects.filter(code=code, locale=locale).exists():
                event_kind_model.objects.create(
                    code=code,
                    locale=locale,
                    name=name,
                    targets_reports=original.targets_reports,
                    translation_key=original.translation_key,
                )


def _language(locale):
    return locale.language_code.split("-")[0].lower()


def _default_locale(locales, locale_model):
    wanted = settings.LANGUAGE_CODE.split("-")[0].lower()
    for locale in locales:
        if _language(locale) == wanted:
            return locale
    return locales[0]
