"""The pattern page, rendered by a real browser: the components look as their usage notes
say (a danger button never looks like Save, a focused control shows the ring, reduced
motion is honoured) at phone and desktop width."""

import pytest

from tests.browser.axe import assert_accessible

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

SECTIONS = [
    "Colour roles",
    "Type scale",
    "Spacing",
    "Buttons",
    "Form controls",
    "Cards",
    "Empty states",
    "Tables",
    "Badges and messages",
    "Focus and motion",
]


def style(locator, prop: str) -> str:
    return locator.evaluate(f"el => getComputedStyle(el).getPropertyValue('{prop}')")


@pytest.mark.parametrize("width", [1366, 390])
def test_the_pattern_page_shows_every_component_as_documented(page, width):
    page.set_viewport_size({"width": width, "height": 900})
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto("/patterns/")
    for name in SECTIONS:
        assert page.get_by_role("heading", name=name, exact=True).is_visible()

    buttons = page.locator("#buttons")
    save = buttons.get_by_role("button", name="Save", exact=True)
    regrade = buttons.get_by_role("button", name="Regrade all")
    cancel = buttons.get_by_role("button", name="Cancel")
    secondary = buttons.get_by_role("button", name="Preview")
    assert style(save, "background-color") == "rgb(13, 59, 102)"  # --color-primary
    assert style(regrade, "background-color") == "rgb(164, 22, 26)"  # --color-danger
    assert style(secondary, "background-color") == "rgb(255, 255, 255)"
    assert style(cancel, "background-color") == "rgba(0, 0, 0, 0)"  # tertiary: no fill
    assert float(style(save, "height").removesuffix("px")) >= 44

    form = page.locator("#forms")
    email = form.get_by_label("Email address")
    assert email.get_attribute("aria-invalid") == "true"
    assert form.locator("#" + email.get_attribute("aria-describedby")).is_visible()
    assert form.get_by_role("group", name="Training level").is_visible()  # fieldset + legend
    assert style(form.get_by_label("Resident"), "accent-color") == "rgb(13, 59, 102)"
    assert style(form.get_by_label("Sample case (DICOM-SR)"), "border-top-style") == "dashed"

    cards = page.locator("#cards .card")
    assert cards.count() == 3
    for image in cards.locator("img.card__image").all():
        assert image.evaluate("img => img.complete && img.naturalWidth > 0")  # drawn by the site
        assert image.get_attribute("alt") == ""
    assert cards.first.get_by_role("progressbar").is_visible()
    assert (
        page.get_by_role("region", name="Certificates (example)").get_attribute("tabindex") == "0"
    )

    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    assert_accessible(page)
    assert errors == []


def test_a_focused_control_shows_the_ring_and_reduced_motion_is_honoured(page):
    page.emulate_media(reduced_motion="reduce")
    page.goto("/patterns/")
    save = page.locator("#buttons").get_by_role("button", name="Save", exact=True)
    save.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")  # keyboard focus: :focus-visible applies
    assert save.evaluate("el => el === document.activeElement")
    assert style(save, "outline-style") == "solid"
    assert style(save, "outline-width") == "3px"
    assert style(save, "outline-color") == "rgb(255, 191, 71)"  # --color-focus
    assert style(page.locator("html"), "scroll-behavior") == "auto"
