"""The Youth programs section's own words in the demo: a way in for a participant with a
code, for an educator, and to the privacy notice (the curricula list themselves below)."""

from wagtail.models import Locale

from engage.core.models import SectionPage

SECTION_BODY = {
    "en": [
        (
            "call_to_action",
            {
                "title": "In a youth session?",
                "text": "Type the code your educator wrote on the board. No account needed.",
                "page": None,
                "url": "/en/youth/join/",
                "button_label": "Join a session",
            },
        ),
        (
            "paragraph",
            "<p>Educators: your programs, sessions, rosters and results are in the "
            '<a href="/en/youth/educator/">educator area</a>. What we keep about young '
            'people, and for how long: <a href="/en/youth/privacy/">youth programs and '
            "privacy</a>.</p>",
        ),
    ],
    "es": [
        (
            "call_to_action",
            {
                "title": "¿Estás en una sesión juvenil?",
                "text": (
                    "Escribe el código que tu educador puso en la pizarra. No necesitas cuenta."
                ),
                "page": None,
                "url": "/es/youth/join/",
                "button_label": "Unirme a una sesión",
            },
        ),
        (
            "paragraph",
            "<p>Educadores: sus programas, sesiones, listas y resultados están en el "
            '<a href="/es/youth/educator/">área de educadores</a>. Lo que guardamos sobre '
            'los jóvenes, y por cuánto tiempo: <a href="/es/youth/privacy/">programas '
            "juveniles y privacidad</a>.</p>",
        ),
    ],
}


def load_demo_section(section):
    """Publish the section's body in English and Spanish, unless it already has it."""
    if section is None:
        return
    spanish = section.get_translation_or_none(Locale.objects.get(language_code="es"))
    for page, body in ((section, SECTION_BODY["en"]), (spanish, SECTION_BODY["es"])):
        if page is None:
            continue
        page = SectionPage.objects.get(pk=page.pk)
        current = [(block.block_type, block.get_prep_value()["value"]) for block in page.body]
        if current != body:
            page.body = body
            page.save_revision().publish()
