"""The outcomes list in a real browser: the map of the demo outcomes with its legend,
filtering by status and neighborhood without JavaScript tricks, the page's feeds; axe-core
on the list in English and Spanish, on a desktop and a 390-px phone. Nothing is loaded from
outside the server (the demo has no tile server: the map shows the outlines only).
"""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.browser.test_accessibility import serious_violations

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture(scope="module")
def axe():
    return Axe()


def card(page, title):
    heading = page.get_by_role("heading", name=title, exact=True)
    return page.locator(".outcome-results .outcome-card").filter(has=heading)


def test_the_map_shows_the_outcomes_and_the_filters_narrow_the_list(
    demo_site, page, external_requests
):
    page.goto(demo_site + "/en/outcomes/")

    expect(page.get_by_role("heading", level=1)).to_have_text("Outcomes")
    the_map = page.get_by_role("region", name=re.compile("Map of the outcomes listed"))
    expect(the_map).to_be_visible()
    # One dot per outcome with a place: the demo's are all placed.
    expect(the_map.locator("path.leaflet-interactive")).to_have_count(8)
    legend = page.locator("#outcome-map-legend")
    expect(legend).to_be_visible()
    expect(legend).to_contain_text("An outcome: Completed")
    results = page.locator(".outcome-results")
    expect(results.get_by_role("heading", level=2)).to_have_text("8 outcomes")
    expect(card(page, "Cleaner streets in Kensington")).to_contain_text("50% done")

    form = page.locator("form.outcome-filters")
    form.get_by_label("Status").select_option(label="Completed")
    form.get_by_label("Neighborhood").select_option(label="Kensington")
    with page.expect_navigation():
        form.get_by_role("button", name="Show outcomes").click()

    expect(page).to_have_url(re.compile(r"neighborhood=kensington"))
    expect(results.get_by_role("heading", level=2)).to_have_text("2 outcomes")
    expect(results.get_by_role("heading", level=3)).to_have_text(
        ["Hope Street dumping cleared", "Raised garden beds at Harrowgate Park"]
    )
    expect(card(page, "Hope Street dumping cleared")).to_contain_text(
        "Part of: Cleaner streets in Kensington"
    )
    expect(page.locator("#outcome-map path.leaflet-interactive")).to_have_count(2)
    link = results.get_by_role("link", name="Raised garden beds at Harrowgate Park")
    expect(link).to_have_attribute("href", "/en/outcomes/garden-beds-harrowgate/")

    with page.expect_navigation():
        page.get_by_role("link", name="Clear filters").click()
    expect(results.get_by_role("heading", level=2)).to_have_text("8 outcomes")
    external_requests.assert_none()


def test_a_filter_that_means_nothing_is_named(demo_site, page, external_requests):
    page.goto(demo_site + "/en/outcomes/?status=finished")

    expect(page.get_by_role("status")).to_contain_text("Status: “finished”")
    expect(page.locator(".outcome-results h2")).to_have_text("8 outcomes")
    external_requests.assert_none()


def test_the_spanish_list_and_its_feed(demo_site, page, external_requests):
    page.goto(demo_site + "/es/resultados/")

    expect(page.get_by_role("heading", level=1)).to_have_text("Resultados")
    expect(card(page, "Calles más limpias en Kensington")).to_contain_text("50")
    feed = page.request.get(demo_site + "/es/resultados/feed/")
    assert feed.ok
    assert "<language>es</language>" in feed.text()
    assert "Huertos elevados en el parque Harrowgate" in feed.text()
    external_requests.assert_none()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_outcomes_list_passes_axe_in_both_languages(
    demo_site, page, axe, viewport, external_requests
):
    page.set_viewport_size(viewport)
    problems = []
    for path in (
        "/en/outcomes/",
        "/es/resultados/",
        "/en/outcomes/?status=completed&neighborhood=kensington",
        "/en/outcomes/?status=nothing",
    ):
        response = page.goto(demo_site + path)
        assert response.ok, f"{path} answered {response.status}"
        expect(page.locator("#outcome-map")).to_be_visible()
        report = serious_violations(axe, page, path)
        if report:
            problems.append(report)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= viewport["width"], f"{path} scrolls sideways: {width} px"
    assert not problems, "axe found serious/critical violations:\n" + "\n".join(problems)
    external_requests.assert_none()
