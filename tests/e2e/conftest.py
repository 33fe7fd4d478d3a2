"""Playwright (Python) driving Debian's Chromium against the live test server."""

from __future__ import annotations

import functools
import os
from pathlib import Path

import pytest
from playwright.sync_api import Locator as SyncLocator
from playwright.sync_api import Page as SyncPage
from playwright.sync_api import expect

from tests.conftest import seed_small_city

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PASSWORD = "demo-agen-2026"

# Playwright's sync API runs an event loop; Django must allow sync DB access from the test thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


# Actions that use the page's controls. A page's scripts (htmx, Bootstrap, app.js) run at the end of the document, so
# a field or button can be in the page, and Playwright will act on it, before the script that gives it its behaviour
# has run: a click on "Pratinjau" then does nothing, and the test fails on a busy machine only.
# The same list tells `test_waits.py` which calls may change the page or start a navigation.
PAGE_ACTIONS = frozenset({
    "check", "clear", "click", "dblclick", "dispatch_event", "fill", "hover", "press", "press_sequentially",
    "select_option", "set_checked", "set_input_files", "tap", "type", "uncheck",
})


def _after_load(action):
    @functools.wraps(action)
    def act(self, *args, **kwargs):
        page = self if isinstance(self, SyncPage) else self.page
        page.wait_for_load_state("load")
        return action(self, *args, **kwargs)

    act.waits_for_load = True
    return act


def act_only_on_loaded_pages() -> None:
    """Every action of every browser test waits first until its page has loaded, scripts included.

    Playwright waits for the navigation a click starts to commit, not for the new page's scripts; an action in
    between lands on a control without its behaviour. Done once for the Page and Locator classes, so that no test,
    fixture or helper can act on a half-loaded page.
    """
    for cls in (SyncPage, SyncLocator):
        for name in PAGE_ACTIONS:
            method = getattr(cls, name, None)
            if method and not getattr(method, "waits_for_load", False):
                setattr(cls, name, _after_load(method))


# An assertion waits as long as an action does (Playwright's default for assertions is 5 s, for actions 15 s here):
# on a machine running two test workers and a live server per worker, a page can take longer than 5 s to answer.
expect.set_options(timeout=15_000)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: apt-get install -y chromium")
    from playwright.sync_api import sync_playwright

    act_only_on_loaded_pages()
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-dev-shm-usage"])
        yield b
        b.close()


@pytest.fixture
def live(live_server, settings):
    """The live server with the small city seeded (transactional tests start from an empty database)."""
    seed_small_city()
    settings.AXES_ENABLED = False
    return live_server


@pytest.fixture
def new_page(browser, live):
    contexts = []

    def _new_page(username: str | None = None):
        context = browser.new_context(locale="id-ID", timezone_id="Asia/Jakarta", viewport={"width": 1280, "height": 900})
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15000)
        if username:
            sign_in(page, live.url, username)
        return page

    yield _new_page
    for c in contexts:
        c.close()


def sign_in(page, base_url: str, username: str, password: str = PASSWORD):
    page.goto(f"{base_url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    # The sign-in page's own address matches any pattern under base_url, so wait for the navigation the form starts.
    with page.expect_navigation():
        page.click("button[type=submit]")


def screenshot(page, name: str):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
