"""In Chromium: each edit form, opened by the role that edits it and saved unchanged, saves (in both languages).

The browser is the judge here: a value it cannot parse (``10,00`` in a number input) is sent back empty.
"""

import pytest

from tests.e2e.conftest import screenshot
from tests.edit_pages import edit_pages

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("language", ["id", "en"])
def test_every_edit_form_saved_unchanged_succeeds(new_page, live, language):
    pages = edit_pages()
    for name, username, url in pages:
        page = new_page(username)
        page.context.add_cookies([{"name": "django_language", "value": language, "url": live.url}])
        page.goto(f"{live.url}{url}")
        form = page.locator("main form[method=post]").filter(has=page.locator("button[type=submit]")).first
        with page.expect_navigation():
            form.locator("button[type=submit]").first.click()
        errors = page.locator("main .is-invalid, main .invalid-feedback, main .alert-danger, main .errorlist")
        saved = not page.url.endswith(url) or page.locator(".alert-success").count() > 0
        if errors.count() or not saved:
            screenshot(page, f"edit-form-{name}-{language}")
        assert errors.count() == 0, (name, errors.all_inner_texts())
        assert saved, f"{name}: still on the form after saving, without a confirmation"
        page.context.close()
