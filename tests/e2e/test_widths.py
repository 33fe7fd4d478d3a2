"""Every width: each demo role's menu pages at 375, 768, 1024 and 1280 px are never wider than the window, and the
user menu's "Keluar" can be reached (toggler and dropdown opened, the button visible and inside the viewport).

One browser context per role; the page is reused across widths and paths."""

import pytest

from tests.e2e.conftest import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WIDTHS = (375, 768, 1024, 1280)
ROLES = ["admin", "tim.rb", "sekda", "kepala.diskominfo", "operator.diskominfo", "agen.diskominfo",
         "pegawai.diskominfo"]

# The menu's own links (top level and dropdown entries), in the order shown.
MENU_PATHS = """() => [...new Set([...document.querySelectorAll('#mainnav .navbar-nav.me-auto a[href]')]
    .map(a => a.getAttribute('href')).filter(h => h && h.startsWith('/')))]"""

OVERFLOW = """() => {
  const over = document.documentElement.scrollWidth - window.innerWidth;
  if (over <= 0) return null;
  const wide = [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
    .slice(-3).map(e => e.tagName.toLowerCase() + (e.className && typeof e.className === 'string'
      ? '.' + e.className.trim().split(/\\s+/).join('.') : ''));
  return {over, wide};
}"""


def logout_reachable(page) -> str | None:
    """Open the menu (toggler when collapsed) and the user dropdown; is "Keluar" visible and inside the viewport?"""
    toggler = page.locator("nav .navbar-toggler")
    if toggler.is_visible():
        toggler.click()
        page.locator("#mainnav.show").wait_for()
    page.locator("#mainnav [data-testid=user-menu]").click()
    keluar = page.locator("#mainnav form[action$='/logout/'] button")
    keluar.wait_for(state="visible")
    # Scroll vertically only: a horizontal scroll would hide the very overflow this checks.
    page.evaluate("(el) => window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - 100)",
                  keluar.element_handle())
    box = keluar.bounding_box()
    width = page.viewport_size["width"]
    if box is None or box["x"] < 0 or box["x"] + box["width"] > width + 1:
        return f"Keluar outside the viewport: {box}"
    return None


@pytest.mark.parametrize("username", ROLES)
def test_every_menu_page_fits_every_width(browser, live, username):
    context = browser.new_context(locale="id-ID", timezone_id="Asia/Jakarta", viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.set_default_timeout(15000)
    try:
        sign_in(page, live.url, username)
        paths = ["/", *[p for p in page.evaluate(MENU_PATHS) if p != "/"]]
        problems = []
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 800})
            for path in paths:
                response = page.goto(live.url + path)
                assert response.status < 400, f"{path} answered {response.status}"
                over = page.evaluate(OVERFLOW)
                if over:
                    problems.append(f"{width}px {path}: {over['over']}px too wide ({over['wide']})")
            page.goto(live.url + "/")
            unreachable = logout_reachable(page)
            if unreachable:
                problems.append(f"{width}px: {unreachable}")
            # The expanded navbar stays one row: every entry (and the user menu) at the same height.
            rows = page.evaluate("""() => document.querySelector('nav .navbar-toggler').offsetParent ? 1 :
                new Set([...document.querySelectorAll('#mainnav > ul > li')]
                    .map(li => Math.round(li.getBoundingClientRect().bottom / 8))).size""")
            if rows > 1:
                problems.append(f"{width}px: the expanded navbar wraps onto {rows} rows")
        assert problems == [], "\n".join(problems)
    finally:
        context.close()


@pytest.mark.parametrize("username", ["admin", "tim.rb"])
def test_the_longest_navbar_fits_the_narrowest_expanded_width(browser, live, username):
    """The worst case the small city does not show by itself: the longest menus (admin, Tim RB), English labels
    (longer than Indonesian), a three-digit unread badge and a long user name, at 1200 px (the narrowest width
    where the navbar is expanded) and at 1280 px. A width rule that holds here holds for every role and language."""
    context = browser.new_context(locale="en-US", timezone_id="Asia/Jakarta", viewport={"width": 1200, "height": 800})
    context.add_cookies([{"name": "django_language", "value": "en", "url": live.url}])
    page = context.new_page()
    page.set_default_timeout(15000)
    try:
        sign_in(page, live.url, username)
        problems = []
        for width in (1200, 1280, 1440, 1700, 1920):
            page.set_viewport_size({"width": width, "height": 800})
            page.goto(live.url + "/")
            assert page.evaluate("document.documentElement.lang") == "en"
            page.evaluate("""() => {
                const bell = document.querySelector('#mainnav a[href*="notif"]');
                if (bell) {
                    let badge = bell.querySelector('.badge');
                    if (!badge) { badge = document.createElement('span'); badge.className = 'badge rounded-pill';
                                  bell.appendChild(badge); }
                    badge.textContent = '999+';
                }
                document.querySelectorAll('.nav-user-name').forEach(n => n.textContent =
                    'Dr. Raden Ayu Sekar Kusumawardhani, S.Sos., M.Si.');
            }""")
            over = page.evaluate(OVERFLOW)
            if over:
                problems.append(f"{width}px: {over['over']}px too wide ({over['wide']})")
            rows = page.evaluate("""() => new Set([...document.querySelectorAll('#mainnav > ul > li')]
                .map(li => Math.round(li.getBoundingClientRect().bottom / 8))).size""")
            if rows > 1:
                problems.append(f"{width}px: the expanded navbar wraps onto {rows} rows")
        assert problems == [], "\n".join(problems)
    finally:
        context.close()
