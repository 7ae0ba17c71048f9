import re
from unittest import mock

import pytest
from django.core.management import call_command
from wagtail.models import Page, Site
from wagtail.test.utils import WagtailPageTestCase

from engage.core.models import ContentPage, HomePage, SectionPage


@pytest.fixture
def demo(db):
    call_command("seed_demo", verbosity=0)
    return HomePage.objects.get(locale__language_code="en")


class PageTreeRulesTest(WagtailPageTestCase):
    def test_home_page_sits_at_the_root(self):
        self.assertCanCreateAt(Page, HomePage)
        self.assertCanNotCreateAt(SectionPage, HomePage)

    def test_sections_and_content_pages_live_under_home(self):
        self.assertCanCreateAt(HomePage, SectionPage)
        self.assertCanCreateAt(HomePage, ContentPage)
        self.assertCanCreateAt(SectionPage, ContentPage)


@pytest.mark.django_db
def test_every_page_in_the_demo_renders(client, demo):
    for page in Page.objects.live().filter(depth__gte=2).specific():
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        assert page.title in response.content.decode()


@pytest.mark.django_db
def test_the_shell_has_landmarks_navigation_and_a_skip_link(client, demo):
    content = client.get("/en/").content.decode()

    assert '<a class="usa-skipnav" href="#main-content">' in content
    assert '<main id="main-content"' in content
    assert '<nav class="usa-nav" aria-label="Main">' in content
    assert '<button type="button" class="usa-menu-btn">Menu</button>' in content
    assert "<footer" in content
    for section in [
        "Surveys",
        "Ideas",
        "Report a problem",
        "Volunteer",
        "Youth programs",
        "Outcomes",
    ]:
        assert f">{section}</a>" in content
    # Nothing is loaded from another site.
    assert "https://" not in content.split("<body")[0]


@pytest.mark.django_db
def test_the_current_section_is_marked_in_the_navigation(client, demo):
    content = client.get("/en/ideas/").content.decode()

    assert re.search(
        r'<a href="/en/ideas/"\s+class="usa-nav-link usa-current"\s+aria-current="page">', content
    )


@pytest.mark.django_db
def test_the_menus_look_up_the_sites_once_per_request(client, demo):
    # Each menu link built without the request read the sites from the cache again (13
    # round trips to Redis on every page of a production site).
    client.get("/en/")
    with mock.patch.object(
        Site, "get_site_root_paths", wraps=Site.get_site_root_paths
    ) as looked_up:
        content = client.get("/en/").content.decode()

    assert looked_up.call_count == 1
    footer = content.split("<footer", 1)[1]
    assert '<a class="usa-footer__primary-link" href="/en/ideas/">Ideas</a>' in footer


# The site search: tests/core/test_search.py.


@pytest.mark.django_db
def test_unknown_pages_get_a_helpful_404(client, demo):
    response = client.get("/en/no-such-page/")

    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


@pytest.mark.django_db
def test_admin_is_branded_engage(client):
    content = client.get("/admin/login/").content.decode()

    assert "Sign in to Engage" in content
    assert "Engage</title>" in content.replace(" ", "").replace("\n", "") or "- Engage" in content


@pytest.mark.parametrize(
    "link, valid",
    [
        ("/en/reports/new/", True),
        ("https://www.phila.gov/311/", True),
        ("//evil.example/", False),
        ("javascript:alert(1)", False),
        ("reports/new", False),
    ],
)
def test_call_to_action_links_are_site_paths_or_web_addresses(link, valid):
    from django.core.exceptions import ValidationError

    from engage.core.blocks import validate_link

    if valid:
        validate_link(link)
    else:
        with pytest.raises(ValidationError):
            validate_link(link)
