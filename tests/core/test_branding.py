"""The city's name, short name, logo and colour (Settings → City branding) on the site."""

import pytest
from django.core.management import call_command
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, Site

from engage.core.branding import city_name
from engage.core.models import CityBranding, HomePage


@pytest.fixture
def branding(db):
    """A home page as the default site's root, and the site's (unsaved) branding."""
    locale, _ = Locale.objects.get_or_create(language_code="en")
    home = HomePage(title="Welcome", slug="home-test", locale=locale)
    Page.get_first_root_node().add_child(instance=home)
    site = Site.objects.get(is_default_site=True)
    site.root_page = home
    site.save()
    return CityBranding.for_site(site)


@pytest.mark.django_db
def test_seed_demo_names_the_city_and_gives_it_a_logo():
    call_command("seed_demo", verbosity=0)
    branding = CityBranding.for_site(Site.objects.get(is_default_site=True))
    assert branding.name == "City of Riverbend"
    assert branding.short_name == "Riverbend"
    assert branding.logo is not None
    call_command("seed_demo", verbosity=0)  # idempotent: still one logo
    assert get_image_model().objects.filter(title="City of Riverbend logo").count() == 1


@pytest.mark.django_db
def test_the_header_footer_and_title_show_the_citys_name(client, branding):
    branding.name = "Town of Testville"
    branding.short_name = "Testville"
    branding.save()

    content = client.get("/en/").content.decode()

    title = content[content.index("<title>") : content.index("</title>")]
    assert "· Town of Testville" in title and "Engage" not in title
    header = content[content.index('<header class="usa-header') : content.index("</header>")]
    assert '<span class="engage-logo__name engage-logo__name--full">Town of Testville' in header
    assert '<span class="engage-logo__name engage-logo__name--short">Testville' in header
    assert 'class="engage-logo__image"' in header  # the default logo until one is chosen
    footer = content[content.index("<footer") : content.index("</footer>")]
    assert '<p class="usa-footer__logo-heading">Town of Testville</p>' in footer
    assert city_name() == "Town of Testville"


@pytest.mark.django_db
def test_a_primary_colour_is_served_as_a_style_sheet(client, branding):
    assert "/branding.css" not in client.get("/en/").content.decode()

    branding.primary_colour = "#2e6b30"
    branding.save()
    content = client.get("/en/").content.decode()

    assert '<link rel="stylesheet"\n' in content or "/branding.css?v=" in content
    response = client.get("/branding.css")
    assert response["Content-Type"].startswith("text/css")
    assert "#2e6b30" in response.content.decode()


@pytest.mark.django_db
def test_a_colour_that_is_not_hexadecimal_is_refused(client, branding):
    from django.core.exceptions import ValidationError

    branding.primary_colour = "x;}a{b}"  # seven characters: what the column holds
    with pytest.raises(ValidationError):
        branding.full_clean()
    branding.save()  # past the validators: the style sheet still carries none of it
    assert "a{b}" not in client.get("/branding.css").content.decode()


@pytest.mark.django_db
def test_staff_edit_the_branding_in_the_admin_settings(client, branding, django_user_model):
    admin = django_user_model.objects.create_superuser("admin@example.org", "pw-12345678")  # noqa: S106
    client.force_login(admin)
    site = Site.objects.get(is_default_site=True)
    url = f"/admin/settings/core/citybranding/{site.pk}/"

    response = client.get(url)
    assert response.status_code == 200
    assert "City branding" in response.content.decode()
    response = client.post(
        url, {"name": "Village of Elm", "short_name": "Elm", "logo": "", "primary_colour": ""}
    )
    assert response.status_code == 302
    assert CityBranding.for_site(site).name == "Village of Elm"
    assert "· Village of Elm" in client.get("/en/").content.decode()
