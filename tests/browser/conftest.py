"""Browser tests: Playwright driving Debian's Chromium against Django's live server.

Playwright's own browser download is never used: the tests launch the system Chromium
(ACADEMY_CHROMIUM or /usr/bin/chromium) and skip with a reason when there is none.
"""

import os

import pytest

from tests.support.services import chromium_path

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
# between browser steps are ordinary synchronous code, so Django's guard can step aside.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    executable = chromium_path()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server, settings):
    from content.demo import ensure_home_page

    # Transactional tests empty every table after each test (post_migrate then restores
    # content types, permissions and role groups): put back the page tree's root, the
    # root collection and the home page the site needs.
    ensure_home_page()
    settings.ALLOWED_HOSTS = ["*"]
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()
