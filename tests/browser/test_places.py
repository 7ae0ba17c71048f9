"""Finding a place on the report form in a real browser: type an address, pick a
suggestion, see the pin and the neighborhood, file the report; click the map and get the
nearest address; the maps name the neighborhoods and show the whole city, with a legend.
axe-core checks the form with the suggestions open, in English and Spanish, on a desktop
and at 390 px. The demo gazetteer (seed_demo) has made-up addresses along Market Street."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.browser.helpers import DEMO_PASSWORD, log_in
from tests.browser.test_accessibility import serious_violations

FORM = "/{language}/reports/new/?category=graffiti"
# At the east end of Market Street, in Center City but away from the demo reports
# (seed_demo puts them in the middle of each neighborhood), so no duplicate prompt.
TYPED = "100 Market"
SUGGESTION = "100 Market St, Philadelphia 19107"
NEIGHBORHOODS = [
    "Center City",
    "Kensington",
    "South Philadelphia",
    "West Philadelphia",
    "Germantown",
]
TRACKING_URL = re.compile(r"/en/reports/([0-9A-Z]+)/$")


@pytest.fixture(scope="module")
def axe():
    return Axe()


def answer_the_questions(form):
    form.get_by_role("group", name="What is the graffiti on?").get_by_label("Wall").check()
    form.get_by_role("group", name="Is the content offensive or hateful?").get_by_label(
        "No"
    ).check()
    form.get_by_label("Describe the problem").fill("Tag on the shutter, address search test.")


def open_suggestions(page, typed=TYPED):
    address = page.locator("input[name=address]")
    address.click()
    address.press_sequentially(typed, delay=30)
    listbox = page.get_by_role("listbox")
    expect(listbox).to_be_visible()
    expect(address).to_have_attribute("aria-expanded", "true")
    return address, listbox


def test_an_address_chosen_from_the_suggestions_sets_the_pin_and_neighborhood(
    demo_site, page, external_requests
):
    page.goto(demo_site + FORM.format(language="en"))
    form = page.locator("form#report-form")
    answer_the_questions(form)
    address, listbox = open_suggestions(page)
    expect(address).to_have_attribute("role", "combobox")
    option = listbox.get_by_role("option", name=re.compile(f"^{SUGGESTION}"))
    expect(option).to_be_visible()
    expect(page.locator("[data-address-status]")).to_have_text(
        re.compile(r"\d+ address(es)? found")
    )

    # Keyboard: Down highlights the first suggestion, Escape closes, Enter chooses.
    address.press("ArrowDown")
    expect(address).to_have_attribute("aria-activedescendant", re.compile(r"-0$"))
    expect(listbox.get_by_role("option").first).to_have_attribute("aria-selected", "true")
    address.press("Escape")
    expect(listbox).to_be_hidden()
    expect(address).to_have_attribute("aria-expanded", "false")
    address.press("ArrowDown")
    expect(listbox).to_be_visible()
    address.press("Enter")

    expect(listbox).to_be_hidden()
    expect(address).to_have_value(SUGGESTION)
    expect(form.get_by_label("Latitude")).to_have_value(re.compile(r"^39\.952"))
    expect(form.get_by_label("Longitude")).to_have_value(re.compile(r"^-75\.140"))
    expect(page.locator("[data-address-neighborhood]")).to_have_text("Neighborhood: Center City")
    # The pin: the one circle marker on the form's map.
    expect(page.locator("#filing-map path.leaflet-interactive")).to_have_count(1)

    with page.expect_navigation():
        form.get_by_role("button", name="Send report").click()
    if page.locator("#filing-duplicates-heading").count():
        with page.expect_navigation():
            page.get_by_role("button", name="No, file a new report").click()
    expect(page).to_have_url(TRACKING_URL)
    summary = page.locator(".filing-summary")
    expect(summary).to_contain_text("Center City")
    expect(summary).to_contain_text(SUGGESTION)
    expect(page.locator("#report-location")).to_be_visible()
    external_requests.assert_none()


def test_a_click_on_the_map_fills_in_the_nearest_address(demo_site, page, external_requests):
    page.goto(demo_site + FORM.format(language="en"))
    form = page.locator("form#report-form")
    # Typed coordinates move the map there (zoomed in), like "Use my location".
    form.get_by_label("Latitude").fill("39.952380")
    form.get_by_label("Longitude").fill("-75.140000")
    form.get_by_label("Longitude").press("Tab")
    canvas = page.locator("#filing-map")
    box = canvas.bounding_box()
    # 15 px (about 30 m at that zoom) west of the pin (east is outside Center City), so
    # the map, not the pin, is clicked.
    canvas.click(position={"x": box["width"] / 2 - 15, "y": box["height"] / 2})
    expect(page.locator("input[name=address]")).to_have_value(re.compile(r"^10[01] Market St"))
    expect(page.locator("[data-address-neighborhood]")).to_have_text("Neighborhood: Center City")
    expect(form.get_by_label("Longitude")).not_to_have_value("-75.140000")
    external_requests.assert_none()


def inside(inner, outer):
    return (
        inner["x"] >= outer["x"] - 1
        and inner["y"] >= outer["y"] - 1
        and inner["x"] + inner["width"] <= outer["x"] + outer["width"] + 1
        and inner["y"] + inner["height"] <= outer["y"] + outer["height"] + 1
    )


@pytest.mark.parametrize(
    ("path", "canvas"),
    [(FORM.format(language="en"), "#filing-map"), ("/en/reports/map/", "#report-map")],
)
def test_the_maps_show_the_whole_city_with_names_and_a_legend(
    demo_site, page, external_requests, path, canvas
):
    page.goto(demo_site + path)
    map_box = page.locator(canvas).bounding_box()
    for name in NEIGHBORHOODS:
        label = page.locator(f"{canvas} .map-label", has_text=name)
        expect(label).to_be_visible()
        assert inside(label.bounding_box(), map_box), f"{name} is not in view at the start"
    legend = page.locator(".map-legend")
    expect(legend).to_be_visible()
    expect(legend).to_contain_text("A neighborhood")
    if canvas == "#report-map":
        expect(legend).to_contain_text("A report: In progress")
        # The whole city is served: no "only the middle of the map is shown".
        expect(page.locator("#report-map-status")).to_contain_text("reports in view")
        expect(page.locator("#report-map-status")).not_to_contain_text("middle")
    page.wait_for_load_state("networkidle")
    assert page.locator(".leaflet-tile").count() == 0
    external_requests.assert_none()


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("width", [1280, 390])
def test_the_form_with_suggestions_open_passes_axe(
    demo_site, page, axe, external_requests, language, width
):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(demo_site + FORM.format(language=language))
    open_suggestions(page)
    page.locator("input[name=address]").press("ArrowDown")
    report = serious_violations(axe, page, f"{FORM.format(language=language)} at {width} px")
    assert not report, "axe found serious/critical violations:\n" + report
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, f"the form scrolls sideways at {width} px ({scroll_width} px)"
    external_requests.assert_none()


def test_on_the_idea_form_a_suggestion_chooses_the_neighborhood(
    demo_site, page, axe, external_requests
):
    log_in(page, demo_site, "resident@example.org", DEMO_PASSWORD)
    page.goto(demo_site + "/en/ideas/parks-in-kensington/")
    page.get_by_role("link", name="Submit an idea").click()
    form = page.locator("form#idea-form")
    address, listbox = open_suggestions(page, "2400 Kensington")
    report = serious_violations(axe, page, "idea form with suggestions open")
    assert not report, "axe found serious/critical violations:\n" + report
    listbox.get_by_role("option", name=re.compile("^2400 Kensington Ave")).click()
    expect(address).to_have_value(re.compile("^2400 Kensington Ave"))
    expect(form.get_by_label("Latitude")).to_have_value(re.compile(r"^39\.9"))
    neighborhood = form.locator("select[name=neighborhood]")
    expect(neighborhood.locator("option:checked")).to_have_text("Kensington")
    external_requests.assert_none()
