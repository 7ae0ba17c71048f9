"""USWDS's file input in the resident's language: uswds.min.js writes its words in English
only, and static/js/file-input.js puts the translated ones (from the usa_widget filter) in
their place. On the Spanish report form, a resident sees and hears Spanish, a wrong file
type is refused in Spanish, and the photo chosen is filed with the report."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from PIL import Image
from playwright.sync_api import expect

from tests.browser.helpers import DEMO_PASSWORD, DESKTOP, PHONE, log_in
from tests.browser.test_accessibility import serious_violations

# Near the north-west of Center City, away from the English test's report and seed_demo's
# (the duplicate prompt is still handled, just in case).
LAT, LNG = "39.9585", "-75.1720"
TRACKING_URL = re.compile(r"/es/reports/([0-9A-Z]+)/$")
# What USWDS writes in English (uswds.min.js): none of it may show on the Spanish site.
USWDS_ENGLISH = re.compile(
    r"Drag files? here|choose from folder|No files? selected|Selected file|files selected"
    r"|Change files?|You have selected|not a valid file type",
    re.IGNORECASE,
)


@pytest.fixture(scope="module")
def axe():
    return Axe()


@pytest.fixture
def photo(tmp_path):
    path = tmp_path / "graffiti.jpg"
    Image.new("RGB", (320, 240), (180, 60, 40)).save(path, "JPEG")
    return path


def spoken_name(page, selector):
    return page.locator(selector).evaluate("input => input.getAttribute('aria-label') || ''")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_spanish_report_form_has_a_spanish_file_input_and_files_the_photo(
    demo_site, page, photo, tmp_path, axe, viewport, external_requests
):
    page.set_viewport_size(viewport)
    page.goto(f"{demo_site}/es/reports/new/?category=graffiti")
    form = page.locator("form#report-form")
    file_input = form.locator(".usa-file-input")
    expect(file_input).to_have_attribute("data-enhanced", "true")  # USWDS built it

    # Before a file is chosen: the instructions, and the live region, in Spanish.
    instructions = file_input.locator(".usa-file-input__instructions")
    expect(instructions).to_be_visible()
    expect(instructions).to_have_text(
        re.compile(r"^(Arrastre los archivos aquí o elija de una carpeta|Elija de una carpeta)$")
    )
    status = file_input.locator(".usa-sr-only[aria-live]")
    expect(status).to_have_text("No ha elegido ningún archivo.")
    # The field is still named by its own label, and USWDS's aria-label is Spanish too.
    expect(form.get_by_label("Fotos (opcional)")).to_have_attribute("type", "file")
    assert not USWDS_ENGLISH.search(spoken_name(page, "input[name=photos]"))
    report = serious_violations(axe, page, f"/es/reports/new/ at {viewport['width']} px")
    assert not report, "axe found serious/critical violations:\n" + report

    # A file that is not an image: USWDS refuses it, in Spanish.
    text_file = tmp_path / "notas.txt"
    text_file.write_text("not a photo")
    form.locator("input[name=photos]").set_input_files(text_file)
    expect(file_input.locator(".usa-file-input__accepted-files-message")).to_have_text(
        "Error: este tipo de archivo no es válido."
    )
    assert not USWDS_ENGLISH.search(spoken_name(page, "input[name=photos]"))

    # The photo: its preview, the heading and what a screen reader hears, in Spanish.
    form.locator("input[name=photos]").set_input_files(photo)
    heading = file_input.locator(".usa-file-input__preview-heading")
    expect(heading).to_have_text(re.compile(r"^\s*Archivo elegido\s+Cambiar el archivo\s*$"))
    expect(file_input.locator(".usa-file-input__preview")).to_contain_text("graffiti.jpg")
    expect(status).to_have_text("Ha elegido el archivo: graffiti.jpg")  # after 1 s (USWDS)
    expect(page.locator("input[name=photos]")).to_have_attribute("aria-label", "Cambiar el archivo")
    assert not USWDS_ENGLISH.search(file_input.inner_text())
    report = serious_violations(axe, page, f"/es/reports/new/ with a photo, {viewport['width']}")
    assert not report, "axe found serious/critical violations:\n" + report

    # The rest of the form, then the photo is filed with the report.
    form.locator("input[name=attr_surface][value=wall]").check()
    form.locator("textarea[name=description]").fill("Pintada en la persiana de la tienda.")
    form.locator("input[name=lat]").fill(LAT)
    form.locator("input[name=lng]").fill(LNG)
    with page.expect_navigation():
        form.get_by_role("button", name="Enviar reporte").click()
    if page.locator("#filing-duplicates-heading").count():
        with page.expect_navigation():
            page.get_by_role("button", name="No, enviar un reporte nuevo").click()
    expect(page).to_have_url(TRACKING_URL)
    image = page.locator(".filing-photos img")
    expect(image).to_have_count(1)
    image.scroll_into_view_if_needed()  # loading="lazy"
    handle = image.element_handle()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=handle)
    external_requests.assert_none()


def test_the_english_file_input_keeps_uswds_words(demo_site, page, photo, external_requests):
    page.goto(f"{demo_site}/en/reports/new/?category=graffiti")
    file_input = page.locator("form#report-form .usa-file-input")
    expect(file_input.locator(".usa-file-input__instructions")).to_have_text(
        re.compile(r"^(Drag files here or choose from folder|Choose from folder)$")
    )
    page.locator("input[name=photos]").set_input_files(photo)
    expect(file_input.locator(".usa-file-input__preview-heading")).to_have_text(
        re.compile(r"^\s*Selected file\s+Change file\s*$")
    )
    expect(file_input.locator(".usa-sr-only[aria-live]")).to_have_text(
        "You have selected the file: graffiti.jpg"
    )
    external_requests.assert_none()


def test_the_spanish_idea_form_has_a_spanish_single_file_input(
    demo_site, page, photo, axe, external_requests
):
    log_in(page, demo_site, "resident@example.org", DEMO_PASSWORD, language="es")
    page.goto(f"{demo_site}/es/ideas/new/")
    file_input = page.locator("form#idea-form .usa-file-input")
    expect(file_input.locator(".usa-file-input__instructions")).to_have_text(
        re.compile(r"^(Arrastre el archivo aquí o elija de una carpeta|Elija de una carpeta)$")
    )
    page.locator("form#idea-form input[type=file]").set_input_files(photo)
    expect(file_input.locator(".usa-file-input__preview-heading")).to_have_text(
        re.compile(r"^\s*Archivo elegido\s+Cambiar el archivo\s*$")
    )
    assert not USWDS_ENGLISH.search(file_input.inner_text())
    report = serious_violations(axe, page, "/es/ideas/new/ with a picture")
    assert not report, "axe found serious/critical violations:\n" + report
    external_requests.assert_none()
