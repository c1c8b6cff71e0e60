"""Every Wagtail editor the project registers works under the admin's Content-Security-Policy.

One signed-in instructor (password + TOTP, with every admin permission) opens the add view of
every creatable page type and every snippet, read from Wagtail's own registries when the test
runs (a new page type or snippet is covered without touching this file). On each editor it
presses every InlinePanel "Add", every chooser (and closes its modal), and opens every
StreamField block menu and inserts each block type it offers, then does the same for what
those blocks bring (nested lists, streams, choosers); an InlinePanel "Add" that adds no form
fails. Then every page type is saved as a draft and published, and every snippet saved,
through its editor: the edit view of a page or snippet of that type (the demo has one of
each, the test adds the records only the payment flow issues), or for a page type the demo
lacks, a new page made in its add view. Any console error, page error, CSP violation or
refused save fails the test. (Publishing a new lesson seconds after typing is
tests/browser/test_publish_race.py.)
"""

from __future__ import annotations

import io
import re
import time

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.admin.utils import quote
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page, get_page_models
from wagtail.snippets.models import get_snippet_models

from members.roles import Role
from members.society.models import Invoice, MilestoneReward, Voucher
from tests.browser.journeys import sign_in_with_totp
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Rounds of "press what is new": the blocks one round inserts bring the next round's buttons.
ROUNDS = 4
MODAL = ".modal.in, .modal.show"
MARK = "data-editor-test-pressed"


@pytest.fixture
def demo(live_server):
    call_command("load_demo", stdout=io.StringIO())


def _is_autosave_refusal(response) -> bool:
    """Wagtail's autosave posts the half-written form every half second; a form that does
    not validate yet is answered 400 with the errors as JSON, which the editor shows. That
    is the editor working, not failing."""
    return (
        response.status == 400
        and response.request.method == "POST"
        and response.headers.get("content-type", "").startswith("application/json")
    )


def _listen_for_problems(page, problems: list[str], where: list[str]) -> None:
    autosave_urls: set[str] = set()
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', e => console.error("
        "'CSP violation: ' + e.violatedDirective + ' ' + (e.blockedURI || 'inline')));"
    )

    def on_response(response) -> None:
        if _is_autosave_refusal(response):
            autosave_urls.add(response.url)
        elif response.status >= 400:
            problems.append(
                f"{where[0]}: {response.status} {response.request.method} {response.url}"
            )

    def on_console(msg) -> None:
        if msg.type != "error" and "Content Security Policy" not in msg.text:
            return
        if (
            msg.text.startswith("Failed to load resource")
            and msg.location.get("url") in autosave_urls
        ):
            return  # the browser's own note about the autosave refusal above
        problems.append(f"{where[0]}: console {msg.type}: {msg.text}")

    page.on("pageerror", lambda error: problems.append(f"{where[0]}: page error: {error}"))
    page.on("response", on_response)
    page.on("console", on_console)


def page_editors() -> list[tuple[str, str]]:
    """(label, add URL) of every page type an author can create, under a page it may go in."""
    editors = []
    for model in get_page_models():
        if not model.is_creatable:
            continue
        parent_types = model.allowed_parent_page_models()
        parent = (
            Page.objects.type(*parent_types).filter(depth__gt=1).order_by("depth", "pk").first()
            or Page.objects.type(*parent_types).order_by("depth", "pk").first()
        )
        assert parent is not None, f"the demo content has no page {model.__name__} can go under"
        url = reverse(
            "wagtailadmin_pages:add",
            args=[model._meta.app_label, model._meta.model_name, parent.pk],
        )
        editors.append((model._meta.label, url))
    return editors


def snippet_editors() -> list[tuple[str, str]]:
    return [
        (model._meta.label, reverse(model.snippet_viewset.get_url_name("add")))
        for model in get_snippet_models()
    ]


def _unpressed(page, selector: str):
    return [
        handle
        for handle in page.query_selector_all(f"{selector}:not([{MARK}])")
        if handle.is_visible()
    ]


def _mark(handle) -> None:
    handle.evaluate(f"element => element.setAttribute('{MARK}', '')")


def _close_modal(page, what: str, problems: list[str]) -> None:
    modal = page.locator(MODAL).last
    try:
        # Generous: on a loaded machine the chooser's fetch takes seconds (it returns at once
        # when the modal is there).
        modal.wait_for(state="visible", timeout=20_000)
        # The chooser's content arrives by fetch after the modal opens.
        modal.locator(".modal-body > *").first.wait_for(timeout=20_000)
    except Exception:  # noqa: BLE001 - a chooser that opens nothing is the failure we report
        problems.append(f"{what}: no chooser opened")
        return
    modal.locator("[data-dismiss=modal]").first.click()
    modal.wait_for(state="hidden", timeout=20_000)


def _total_forms(page, prefix: str) -> int:
    return int(page.locator(f"#id_{prefix}-TOTAL_FORMS").input_value())


def _press_inline_panel_adds(page, label: str, problems: list[str], pressed_names: list[str]):
    pressed = 0
    for button in _unpressed(page, "button[id$='-ADD']"):
        _mark(button)
        name = " ".join((button.text_content() or "").split())
        prefix = button.get_attribute("id").removeprefix("id_").removesuffix("-ADD")
        before = _total_forms(page, prefix)
        button.click()
        if _total_forms(page, prefix) != before + 1:
            problems.append(f"{label}: {name!r} added no form")
        pressed_names.append(name)
        pressed += 1
    return pressed


def _press_choosers(page, label: str, problems: list[str]) -> int:
    pressed = 0
    selector = "button[data-chooser-action-choose], button[id$='-OPEN_MODAL']"
    for button in _unpressed(page, selector):
        _mark(button)
        name = (button.text_content() or "").strip() or "chooser"
        button.click()
        _close_modal(page, f"{label}: {name}", problems)
        pressed += 1
    return pressed


def _stream_of(button) -> str:
    """The id of the stream or list an add button belongs to (one add button each is enough:
    every gap between blocks has its own, and they all open the same menu)."""
    return button.evaluate(
        "b => { let e = b.parentElement; while (e && !e.id) e = e.parentElement;"
        " return e ? e.id : ''; }"
    )


def _press_block_menus(page, seen_streams: set[str]) -> int:
    pressed = 0
    for button in _unpressed(page, "button.c-sf-add-button"):
        _mark(button)
        stream = _stream_of(button)
        if stream in seen_streams:
            continue
        seen_streams.add(stream)
        button.click()
        options = page.locator("[role=listbox] [role=option]")
        if not options.count():
            continue  # a list block's add button inserts its one child type directly
        names = [text.strip() for text in options.all_inner_texts()]
        page.keyboard.press("Escape")
        for name in names:
            _insert_block(page, button, name)
            pressed += 1
    return pressed


def _insert_block(page, button, name: str) -> None:
    """Open the block menu and choose `name`. On a loaded machine the block inserted just
    before may still be laying out under the menu and take the click, which closes the
    menu: then the menu is opened again (three tries), never clicked through."""
    option = page.locator("[role=listbox] [role=option]").filter(
        has_text=re.compile(rf"^\s*{re.escape(name)}\s*$")
    )
    for attempt in range(3):
        button.click()
        try:
            option.first.click(timeout=5_000)
            return
        except Exception:  # noqa: BLE001 - retried below, re-raised on the last try
            if attempt == 2:
                raise
            page.keyboard.press("Escape")


def exercise_editor(page, label: str, url: str, problems: list[str]) -> dict:
    page.goto(url)
    counts = {"inline_adds": 0, "choosers": 0, "blocks": 0, "added": []}
    seen_streams: set[str] = set()
    for _ in range(ROUNDS):
        adds = _press_inline_panel_adds(page, label, problems, counts["added"])
        blocks = _press_block_menus(page, seen_streams)
        choosers = _press_choosers(page, label, problems)
        counts["inline_adds"] += adds
        counts["blocks"] += blocks
        counts["choosers"] += choosers
        if not adds + blocks + choosers:
            break
    return counts


def _submit(page, what: str, problems: list[str], press) -> bool:
    """Press a save button (`press` clicks it) and read the message the editor answers with."""
    with page.expect_navigation(timeout=30_000):
        press()
    messages = page.locator(".messages li")
    if (
        page.locator(".messages li.success").count()
        and not page.locator(".messages li.error").count()
    ):
        return True
    errors = [
        " ".join(text.split())
        for text in page.locator(".w-field--error, .w-field:has(.error-message)").all_inner_texts()
    ]
    problems.append(f"{what}: refused: {messages.all_inner_texts()} {errors[:5]}")
    return False


def _publish(page, label: str, problems: list[str]) -> None:
    def press() -> None:
        page.get_by_role("button", name="More actions").last.click()
        page.locator("button[name=action-publish]").click()

    _submit(page, f"{label}: publish", problems, press)


def save_and_publish_page(page, model, add_url: str, problems: list[str]) -> str:
    """Save a draft of a page of this type and publish it, through the editor."""
    label = model._meta.label
    existing = model.objects.exact_type(model).order_by("pk").first()
    if existing is None:
        page.goto(add_url)
        # Typed, as an author does: Wagtail fills the slug from the title as keys go up.
        page.locator("#id_title").press_sequentially(f"Editor test {model._meta.verbose_name}")
        # Wagtail fills the slug when the title loses focus; saving before that lands would
        # race it (CI saw "slug: this field is required" on a loaded machine).
        page.locator("#id_title").press("Tab")
        slug = page.locator("#id_slug")
        deadline = time.monotonic() + 15
        while not slug.input_value() and time.monotonic() < deadline:
            page.wait_for_timeout(100)
        how = "new page"
    else:
        page.goto(reverse("wagtailadmin_pages:edit", args=[existing.pk]))
        how = "edited page"
    draft = page.get_by_role("button", name=re.compile(r"^\s*Save draft\s*$"))
    if _submit(page, f"{label}: save draft", problems, draft.first.click):
        _publish(page, label, problems)
    return how


def save_snippet(page, model, problems: list[str]) -> None:
    instance = model.objects.order_by("pk").first()
    label = model._meta.label
    if instance is None:
        problems.append(f"{label}: no record to save (give the demo or this test one)")
        return
    page.goto(reverse(model.snippet_viewset.get_url_name("edit"), args=[quote(instance.pk)]))
    save = page.get_by_role("button", name=re.compile(r"^\s*Save\s*$"))
    _submit(page, f"{label}: save", problems, save.first.click)


def issued_records() -> None:
    """The records only the payment flow issues (none in the demo): an invoice, a voucher."""
    today = timezone.localdate()
    Invoice.objects.create(
        number="EDITOR-TEST-1", issued_on=today, membership_number="M-TEST-1",
        buyer_name="Erin Editor", description="Membership fee", net_amount=100,
        vat_rate=0, vat_amount=0, gross_amount=100, currency="EUR",
        payment_method="bank transfer", paid_on=today, seller_name="The society",
    )  # fmt: skip
    milestone = MilestoneReward.objects.filter(voucher__isnull=True).order_by("pk").first()
    assert milestone is not None, "the demo has no milestone reward for a voucher"
    Voucher.objects.create(
        milestone=milestone, membership_number="M-TEST-1", code="EDITOR-TEST-1",
        percent_off=10, description="Test reward",
    )  # fmt: skip


RECORDING_ADDS = ("Add Chapters", "Add Captions", "Add Speakers", "Add Related")


def test_every_page_and_snippet_editor_works_under_the_admin_policy(page, live_server, demo):
    editor = UserFactory(roles=[Role.INSTRUCTOR], is_staff=True, is_superuser=True)
    secret = generate_totp_secret()
    TOTP.activate(editor, secret)
    issued_records()
    pages, snippets = page_editors(), snippet_editors()
    # The registries hold what the project registers; guard against an empty enumeration.
    assert {"courses.LessonPage", "webinars.RecordingPage"} <= {label for label, _ in pages}
    assert "courses.Question" in {label for label, _ in snippets}

    problems: list[str] = []
    where = ["sign-in"]
    _listen_for_problems(page, problems, where)
    sign_in_with_totp(page, editor, secret, "/admin/")

    covered = {}
    for label, url in [*pages, *snippets]:
        where[0] = label
        started = time.monotonic()
        covered[label] = exercise_editor(page, label, url, problems)
        print(label, covered[label], f"{time.monotonic() - started:.1f}s", flush=True)
    # The question editor and the recording editor of the issue: their buttons were pressed.
    assert covered["courses.Question"]["inline_adds"] >= 1
    assert covered["courses.Question"]["choosers"] >= 1
    recording_adds = covered["webinars.RecordingPage"]["added"]
    for name in RECORDING_ADDS:
        assert any(added.startswith(name) for added in recording_adds), (name, recording_adds)
    assert covered["courses.LessonPage"]["blocks"] >= 5

    # Every page type saved as a draft and published, every snippet saved.
    saved = {}
    page_models = {model._meta.label: model for model in get_page_models()}
    for label, url in pages:
        where[0] = f"{label} (save)"
        saved[label] = save_and_publish_page(page, page_models[label], url, problems)
    for model in get_snippet_models():
        where[0] = f"{model._meta.label} (save)"
        save_snippet(page, model, problems)
        saved[model._meta.label] = "saved"
    assert set(saved) == set(covered)
    assert not problems, "\n  ".join(["", *problems])
    print("editors covered:", covered, "saved:", saved)
