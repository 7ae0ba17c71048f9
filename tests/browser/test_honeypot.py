"""The honeypot in a real browser: a person never sees it, never tabs into it, and a
screen reader never announces it (engage/core/honeypot.py)."""

import pytest

PAGES = ["/en/accounts/signup/", "/en/reports/new/?category=missed-trash", "/en/youth/join/"]


@pytest.mark.parametrize("path", PAGES)
def test_the_honeypot_is_off_screen_out_of_the_tab_order_and_out_of_the_accessibility_tree(
    demo_site, page, path
):
    page.goto(demo_site + path)
    traps = page.locator('input[name="website"]')
    assert traps.count() >= 1  # the report form has one more per suggested answer

    for trap in traps.all():
        box = trap.bounding_box()
        assert box is None or box["x"] + box["width"] <= 0  # left of the page
    # Hidden from assistive technology: no textbox by that name in the accessibility tree.
    assert page.get_by_role("textbox", name="Leave this field empty").count() == 0
    page.locator("body").focus()
    inputs = page.locator("input, textarea, select, button, a[href]").count()
    for _ in range(inputs + 5):
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement && document.activeElement.name")
        assert focused != "website"
