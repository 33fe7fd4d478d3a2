"""The pages whose bodies are cached (issue 19) as their readers see them, at 375 px and 1280 px: served twice (the
second from the cache) they read the same and carry no CSRF placeholder. The actions posted from the cached
nomination page are walked through in test_agents_journey.py."""

from __future__ import annotations

import pytest

from .conftest import screenshot

pytestmark = pytest.mark.django_db(transaction=True)

PAGES = [
    ("operator.diskominfo", "/", "home-operator"),
    ("operator.diskominfo", "/agents/nominasi/", "nominations-operator"),
    ("tim.rb", "/agents/daftar/", "registry-timrb"),
    ("operator.diskominfo", "/pegawai/", "employees-operator"),
    ("pegawai.diskominfo", "/evaluations/", "my-evaluations"),
    ("tim.rb", "/evaluations/cycles/", "cycles-timrb"),
]


@pytest.mark.parametrize("width", [375, 1280])
def test_cached_pages_read_the_same_twice_at_both_widths(new_page, live, width):
    for username, path, name in PAGES:
        page = new_page(username)
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{live.url}{path}")
        first = page.inner_text("main")
        page.reload()
        assert page.inner_text("main") == first
        assert "fragment-csrf-placeholder" not in page.content()
        screenshot(page, f"cached-{name}-{width}")

