"""Every browser test reads the page it means to read.

Playwright's `expect(...)` assertions retry until the page shows what they ask, but a plain read (`count()`,
`is_visible()`, `inner_text()`, ...) returns what the browser holds at that instant. Right after a click that
submits a form or follows a link, that can still be the old page: a journey once counted the score fields of the
nomination page instead of the scoring page it had just clicked to, found none, and failed on some runs only.

The rule, checked here on the source of every browser test: after an action (click, press, fill, ...), a plain read
needs a wait before it (`expect(...)`, `wait_for_url`, `goto`, `with page.expect_navigation()`, ...). This test needs
no browser, so it runs in every pass of the suite.
"""

from __future__ import annotations

import ast
from pathlib import Path

from .conftest import PAGE_ACTIONS

HERE = Path(__file__).resolve().parent

# Methods of a Playwright locator, page or keyboard that change the page and may start a navigation: the same list
# whose calls the browser fixture makes wait for the page's load (conftest.py).
ACTIONS = PAGE_ACTIONS
# Calls that wait for the page to settle (every `expect...` and `to_...` assertion as well).
WAITS = frozenset({
    "go_back", "go_forward", "goto", "new_page", "reload", "sign_in", "wait_for", "wait_for_event",
    "wait_for_function", "wait_for_load_state", "wait_for_selector", "wait_for_timeout", "wait_for_url",
})
# Reads that return at once with whatever is there. A query set's `count()` is one too: after a click, the server
# may not have written yet.
READS = frozenset({
    "all_inner_texts", "all_text_contents", "bounding_box", "content", "count", "evaluate", "get_attribute",
    "inner_html", "inner_text", "input_value", "is_checked", "is_disabled", "is_editable", "is_enabled",
    "is_hidden", "is_visible", "text_content", "title",
})


def _method(call: ast.Call) -> str | None:
    return call.func.attr if isinstance(call.func, ast.Attribute) else None


def _kind(call: ast.Call) -> str | None:
    method = _method(call)
    name = method or (call.func.id if isinstance(call.func, ast.Name) else "")
    if name in WAITS or name.startswith(("expect", "to_")):
        return "wait"
    if method in ACTIONS:
        return "action"
    if method in READS and not (method == "count" and call.args):  # str.count("x") reads nothing
        return "read"
    return None


def _events(function: ast.FunctionDef) -> list[tuple[tuple[int, int], str, str, int]]:
    """The function's actions, waits and reads in the order they run (a call ends after the calls inside it)."""
    found = []
    for node in ast.walk(function):
        if isinstance(node, ast.Call) and (kind := _kind(node)):
            found.append(((node.end_lineno, node.end_col_offset), kind, _method(node) or "", node.lineno))
        elif isinstance(node, ast.With) and any(
            isinstance(item.context_expr, ast.Call) and (_method(item.context_expr) or "").startswith("expect")
            for item in node.items
        ):  # `with page.expect_navigation(): ...click()` has waited once the block is left
            found.append(((node.end_lineno, node.end_col_offset + 1), "wait", "", node.lineno))
    return sorted(found)


def unwaited_reads(source: str, filename: str = "<test>") -> list[str]:
    problems = []
    for function in ast.walk(ast.parse(source)):
        if not isinstance(function, ast.FunctionDef):
            continue
        pending = None
        for _, kind, method, line in _events(function):
            if kind == "action":
                pending = (method, line)
            elif kind == "wait":
                pending = None
            elif pending:
                problems.append(f"{filename}:{line}: {method}() right after {pending[0]}() on line {pending[1]}")
    return problems


def test_no_browser_test_reads_the_page_before_it_has_settled():
    problems = []
    for path in sorted(HERE.glob("*.py")):
        problems += unwaited_reads(path.read_text(), path.name)
    assert not problems, "use expect(...) or wait first:\n" + "\n".join(problems)


def test_the_check_finds_the_race_that_once_failed_and_accepts_its_mends():
    racy = '''
def journey(page):
    page.get_by_role("link", name="Beri nilai").click()
    selects = page.locator("select[name^=score_]")
    for i in range(selects.count()):
        selects.nth(i).select_option("4")
    page.get_by_role("button", name="Simpan").click()
    assert Nomination.objects.count() == 1
'''
    assert [p.split(": ", 1)[1] for p in unwaited_reads(racy)] == [
        "count() right after click() on line 3",
        "count() right after click() on line 7",
    ]
    mended = '''
def journey(page):
    page.get_by_role("link", name="Beri nilai").click()
    expect(page.locator("select").first).to_be_visible()
    for i in range(page.locator("select").count()):
        page.locator("select").nth(i).select_option("4")
    with page.expect_navigation():
        page.get_by_role("button", name="Simpan").click()
    assert Nomination.objects.count() == 1
    assert page.locator("h1").inner_text().count("x") == 0
'''
    assert unwaited_reads(mended) == []
