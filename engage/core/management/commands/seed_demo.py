"""Load demo content that shows every part of Engage. Safe to run again and again."""

import io
import os
from pathlib import Path

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.images import ImageFile
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.module_loading import import_string
from PIL import Image, ImageDraw
from wagtail.actions.convert_alias import ConvertAliasPageAction
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, Site

from engage.accounts.roles import EDUCATOR, LIAISON, MODERATOR, STAFF
from engage.core.models import CityBranding, ContentPage, HomePage, SectionPage
from engage.core.parts import declared
from engage.neighborhoods.models import Neighborhood

DEFAULT_DEMO_PASSWORD = "engage-demo-2026"  # noqa: S105 (a published demo password)
NEIGHBORHOODS_FILE = (
    Path(settings.BASE_DIR) / "engage" / "neighborhoods" / "data" / "philadelphia.geojson"
)
ADDRESSES_FILE = NEIGHBORHOODS_FILE.with_name("philadelphia-addresses.csv")

DEMO_USERS = [
    # (e-mail, role, display name, home neighborhood slug)
    ("resident@example.org", None, "Rosa M.", "kensington"),
    ("liaison@example.org", LIAISON, "Luis (Kensington liaison)", "kensington"),
    ("educator@example.org", EDUCATOR, "Ms. Evans", "germantown"),
    ("moderator@example.org", MODERATOR, "Moderation team", "center-city"),
    ("staff@example.org", STAFF, "Engage staff", "center-city"),
]

HOME = {
    "en": {
        "title": "Your city is listening",
        "intro": (
            "Answer surveys, propose ideas, report problems on your street and volunteer "
            "with your neighbors — then see what the city did with what you said."
        ),
    },
    "es": {
        "title": "Su ciudad le escucha",
        "intro": (
            "Responda encuestas, proponga ideas, reporte problemas en su calle y haga "
            "voluntariado con sus vecinos; luego vea lo que la ciudad hizo con lo que dijo."
        ),
    },
}

# Each section: (English slug, Spanish slug), then title and description per language.
# Surveys and Ideas make their own sections (first in the menu) with their demo content,
# and Outcomes its own (last).
SECTIONS = [
    (
        ("report", "reportar"),
        {
            "en": ("Report a problem", "Graffiti, illegal dumping, a pothole: tell us where."),
            "es": ("Reportar un problema", "Grafiti, basura ilegal, un bache: díganos dónde."),
        },
    ),
    (
        ("volunteer", "voluntariado"),
        {
            "en": ("Volunteer", "Join a neighborhood cleanup organised by your liaison."),
            "es": ("Voluntariado", "Únase a una limpieza del barrio organizada por su enlace."),
        },
    ),
    (
        ("youth", "jovenes"),
        {
            "en": ("Youth programs", "Young people learn how local government works."),
            "es": ("Programas juveniles", "Los jóvenes aprenden cómo funciona el gobierno local."),
        },
    ),
]

# The "Report a problem" section points to the form, the list and the map.
REPORT_SECTION_BODY = {
    "en": [
        (
            "call_to_action",
            {
                "title": "Something broken on your street?",
                "text": "Tell the city what and where. You can follow what happens next.",
                "page": None,
                "url": "/en/reports/new/",
                "button_label": "Report a problem",
            },
        ),
        (
            "paragraph",
            '<p>See what your neighbors reported: <a href="/en/reports/">the list</a> '
            'or <a href="/en/reports/map/">the map</a>.</p>',
        ),
    ],
    "es": [
        (
            "call_to_action",
            {
                "title": "¿Algo roto en su calle?",
                "text": "Diga a la ciudad qué pasa y dónde. Podrá seguir lo que ocurre después.",
                "page": None,
                "url": "/es/reports/new/",
                "button_label": "Reportar un problema",
            },
        ),
        (
            "paragraph",
            '<p>Vea lo que reportaron sus vecinos: <a href="/es/reports/">la lista</a> '
            'o <a href="/es/reports/map/">el mapa</a>.</p>',
        ),
    ],
}

ABOUT = {
    "en": (
        "About Engage",
        "Engage is the city's place for residents to give feedback and see what came of it.",
    ),
    "es": (
        "Acerca de Engage",
        "Engage es el lugar de la ciudad para opinar y ver qué resultó de ello.",
    ),
}


def load_app_demo_content():
    """Each part loads its own demo content, in INSTALLED_APPS order.

    A part opts in by setting ``demo_content = "dotted.path.to.function"`` on its
    AppConfig; the function takes no arguments, runs after the page tree and the demo
    users exist, and must be idempotent. So the core never imports a part.
    """
    for _app_config, path in declared("demo_content"):
        import_string(path)()


DEMO_CITY_NAME = "City of Riverbend"
DEMO_CITY_SHORT_NAME = "Riverbend"


def demo_logo_png():
    """A 160-px seal for the demo city: a gold diamond on the USWDS primary blue."""
    image = Image.new("RGBA", (160, 160), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((0, 0, 159, 159), fill="#005ea2")
    draw.polygon([(80, 24), (136, 80), (80, 136), (24, 80)], fill="#ffffff")
    draw.polygon([(80, 52), (108, 80), (80, 108), (52, 80)], fill="#ffbe2e")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    buffer.seek(0)
    return buffer


class Command(BaseCommand):
    help = (
        "Load demo content (pages, neighborhoods, one user per role, then each part's "
        "demo content). Idempotent."
    )

    def handle(self, *args, **options):
        if not settings.DEMO_CONTENT_ALLOWED:
            raise CommandError(
                "Demo content is disabled under these settings (production). "
                "It creates users with a published password."
            )
        password = os.environ.get("DEMO_PASSWORD") or DEFAULT_DEMO_PASSWORD
        call_command("import_neighborhoods", str(NEIGHBORHOODS_FILE), verbosity=0)
        call_command("import_addresses", str(ADDRESSES_FILE), verbosity=0)
        with transaction.atomic():
            home = self.build_page_tree()
            self.set_branding()
            self.create_users(password)
            load_app_demo_content()
        self.stdout.write(self.style.SUCCESS(f"Demo content ready at {home.url or '/'}"))
        self.stdout.write(
            "Demo logins (password: "
            f"{password}): " + ", ".join(email for email, *_rest in DEMO_USERS)
        )

    # Branding --------------------------------------------------------------

    def set_branding(self):
        """The demo city's name and a drawn logo (Settings → City branding)."""
        site = Site.objects.get(is_default_site=True)
        branding = CityBranding.for_site(site)
        branding.name = DEMO_CITY_NAME
        branding.short_name = DEMO_CITY_SHORT_NAME
        if branding.logo is None:
            branding.logo = get_image_model().objects.create(
                title=f"{DEMO_CITY_NAME} logo",
                file=ImageFile(demo_logo_png(), name="city-logo.png"),
            )
        branding.save()

    # Pages -----------------------------------------------------------------

    def build_page_tree(self):
        english, _ = Locale.objects.get_or_create(language_code="en")
        spanish, _ = Locale.objects.get_or_create(language_code="es")
        root = Page.get_first_root_node()
        site = Site.objects.filter(is_default_site=True).first()

        home = HomePage.objects.filter(locale=english).first()
        if home is None:
            # Replace the "Welcome to Wagtail" page that Wagtail's migrations create.
            Page.objects.filter(depth=2).exclude(
                content_type__model="homepage", content_type__app_label="core"
            ).delete()
            home = HomePage(slug="home", locale=english, **HOME["en"])
            root.add_child(instance=home)
            home.save_revision().publish()
        if site is None:
            site = Site.objects.create(
                hostname="localhost",
                port=80,
                root_page=home,
                is_default_site=True,
                site_name="Engage",
            )
        elif site.root_page_id != home.pk:
            site.root_page = home
            site.site_name = "Engage"
            site.save()

        self.translate(home, spanish, HOME["es"])
        for (slug, slug_es), texts in SECTIONS:
            title, description = texts["en"]
            section = SectionPage.objects.filter(locale=english, slug=slug).first()
            if section is None:
                section = SectionPage(
                    title=title,
                    slug=slug,
                    show_in_menus=True,
                    search_description=description,
                    intro=f"<p>{description}</p>",
                )
                home.add_child(instance=section)
                section.save_revision().publish()
            title_es, description_es = texts["es"]
            section_es = self.translate(
                section,
                spanish,
                {
                    "title": title_es,
                    "slug": slug_es,
                    "search_description": description_es,
                    "intro": f"<p>{description_es}</p>",
                },
            )
            if slug == "report":
                self.set_body(section.specific, REPORT_SECTION_BODY["en"])
                self.set_body(section_es, REPORT_SECTION_BODY["es"])

        about = ContentPage.objects.filter(locale=english, slug="about").first()
        if about is None:
            title, intro = ABOUT["en"]
            about = ContentPage(title=title, slug="about", intro=intro, search_description=intro)
            home.add_child(instance=about)
            about.save_revision().publish()
        title_es, intro_es = ABOUT["es"]
        self.translate(
            about,
            spanish,
            {
                "title": title_es,
                "slug": "acerca-de",
                "intro": intro_es,
                "search_description": intro_es,
            },
        )
        return home

    def translate(self, page, locale, fields):
        """Give ``page`` a published translation in ``locale`` with ``fields`` set.

        With WAGTAILSIMPLETRANSLATION_SYNC_PAGE_TREE, Wagtail may already have made an
        alias (a mirror of the English page); turn it into a real translation.
        """
        translation = page.get_translation_or_none(locale)
        if translation is None:
            translation = page.copy_for_translation(locale)
        elif translation.alias_of_id:
            translation = ConvertAliasPageAction(translation).execute(skip_permission_checks=True)
        translation = translation.specific
        if all(getattr(translation, name) == value for name, value in fields.items()) and (
            translation.live
        ):
            return translation
        for name, value in fields.items():
            setattr(translation, name, value)
        translation.save_revision().publish()
        return translation

    def set_body(self, page, body):
        """Publish ``body`` on ``page`` unless it already has it (idempotent)."""
        current = [(block.block_type, block.get_prep_value()["value"]) for block in page.body]
        if current == body:
            return
        page.body = body
        page.save_revision().publish()

    # Users -----------------------------------------------------------------

    def create_users(self, password):
        User = get_user_model()
        neighborhoods = {n.slug: n for n in Neighborhood.objects.all()}
        for email, role, display_name, neighborhood_slug in DEMO_USERS:
            user, _ = User.objects.get_or_create(email=email)
            user.display_name = display_name
            user.home_neighborhood = neighborhoods.get(neighborhood_slug)
            user.is_staff = role == STAFF
            user.is_superuser = role == STAFF
            user.set_password(password)
            user.save()
            if role:
                user.groups.add(Group.objects.get(name=role))
            EmailAddress.objects.update_or_create(
                user=user, email=email, defaults={"verified": True, "primary": True}
            )
