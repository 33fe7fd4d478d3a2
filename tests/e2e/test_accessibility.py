"""axe-core (vendored from npm in tests/vendor/axe.min.js) on the main page of every role: no serious or critical
violations. The browser context bypasses the CSP only so that the test can inject axe."""

from pathlib import Path

import pytest

from tests.e2e.conftest import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parents[1] / "vendor" / "axe.min.js"

# (user, the pages that are that role's main work)
ROLE_PAGES = [
    (None, ["/accounts/login/"]),
    ("admin", ["/"]),
    ("tim.rb", ["/", "/agents/", "/evaluations/"]),
    ("sekda", ["/", "/dashboards/"]),
    ("kepala.diskominfo", ["/", "/agents/"]),
    ("operator.diskominfo", ["/", "/pegawai/", "/agents/"]),
    ("agen.diskominfo", ["/", "/forums/"]),
    ("pegawai.diskominfo", ["/", "/evaluations/", "/notifications/"]),
]


def serious_violations(page):
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"] if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("username,paths", ROLE_PAGES, ids=[u or "anonymous" for u, _ in ROLE_PAGES])
def test_main_pages_have_no_serious_accessibility_violations(browser, live, username, paths):
    context = browser.new_context(bypass_csp=True, locale="id-ID")
    page = context.new_page()
    try:
        if username:
            sign_in(page, live.url, username)
        problems = {}
        for path in paths:
            response = page.goto(live.url + path)
            assert response.status < 400, f"{path} answered {response.status}"
            found = serious_violations(page)
            if found:
                problems[path] = found
        assert problems == {}
    finally:
        context.close()
