"""Browser tests: Playwright driving Debian's Chromium against Django's live server.

Playwright's own browser download is never used: the tests launch the system Chromium
(ACADEMY_CHROMIUM or /usr/bin/chromium) and skip with a reason when there is none.
"""

import os
import threading
import time

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


class InFlightRequests:
    """Counts the live server's requests still running. A request the browser left behind
    (a progress beacon sent as the page closed) holds its transaction's locks; the flush
    that empties the tables after a transactional test must not race it (PostgreSQL
    answers such a race with a deadlock and the flush fails)."""

    def __init__(self, app):
        self.app = app
        self.count = 0
        self.idle = threading.Condition()

    def _finished(self) -> None:
        with self.idle:
            self.count -= 1
            self.idle.notify_all()

    def __call__(self, environ, start_response):
        with self.idle:
            self.count += 1
        try:
            result = self.app(environ, start_response)
        except BaseException:
            self._finished()
            raise
        return _ClosingResult(result, self._finished)

    def wait_until_idle(self, timeout: float = 15.0) -> None:
        deadline = time.monotonic() + timeout
        with self.idle:
            while self.count and time.monotonic() < deadline:
                self.idle.wait(deadline - time.monotonic())


class _ClosingResult:
    def __init__(self, result, finished):
        self.result = result
        self.finished = finished

    def __iter__(self):
        return iter(self.result)

    def close(self) -> None:
        try:
            close = getattr(self.result, "close", None)
            if close is not None:
                close()
        finally:
            self.finished()


@pytest.fixture
def page(browser, live_server, settings):
    from content.demo import ensure_home_page

    # Transactional tests empty every table after each test (post_migrate then restores
    # content types, permissions and role groups): put back the page tree's root, the
    # root collection and the home page the site needs.
    ensure_home_page()
    settings.ALLOWED_HOSTS = ["*"]
    # The site URL every emailed link, certificate and calendar file is built from.
    settings.ACADEMY_BASE_URL = live_server.url
    httpd = live_server.thread.httpd
    app = httpd.get_app()
    in_flight = InFlightRequests(app)
    httpd.set_app(in_flight)
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()
    in_flight.wait_until_idle()
    httpd.set_app(app)
