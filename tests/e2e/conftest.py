"""Playwright (Python) driving Debian's Chromium against the live test server."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import seed_small_city

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PASSWORD = "demo-agen-2026"

# Playwright's sync API runs an event loop; Django must allow sync DB access from the test thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: apt-get install -y chromium")
    from playwright.sync_api import sync_playwright

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
