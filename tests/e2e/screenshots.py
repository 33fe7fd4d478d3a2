"""Screenshots of each role's home page at 375 px and 1280 px, for docs/screenshots/ and the README.

Run by hand (not part of the suite: the file name does not start with test_):

    CHROMIUM_PATH=/usr/bin/chromium .venv/bin/python -m pytest tests/e2e/screenshots.py -p no:xdist -q
"""

from pathlib import Path

import pytest

from tests.e2e.conftest import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

OUT = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
ROLES = ["tim.rb", "sekda", "kepala.diskominfo", "operator.diskominfo", "agen.diskominfo", "pegawai.diskominfo"]
SIZES = ((1280, 800), (375, 800))  # not full-page: the PNGs stay small


def test_take_screenshots(browser, live):
    OUT.mkdir(parents=True, exist_ok=True)
    for username in ROLES:
        context = browser.new_context(locale="id-ID", timezone_id="Asia/Jakarta", viewport={"width": 1280, "height": 800})
        page = context.new_page()
        try:
            sign_in(page, live.url, username)
            for width, height in SIZES:
                page.set_viewport_size({"width": width, "height": height})
                page.goto(live.url + "/")
                page.wait_for_load_state("networkidle")
                page.screenshot(path=str(OUT / f"{username.replace('.', '-')}-{width}.png"))
        finally:
            context.close()
