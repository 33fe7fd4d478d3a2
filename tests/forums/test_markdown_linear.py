"""Rendering a post costs work in proportion to its length, whatever it contains (issue 14: 20,000 ``[`` took 79 s).

The parser is cmark-gfm (C, linear by design); what runs in Python around it (list loosening, sanitising, @mention
spans) must stay linear too. No timings here (the machine is shared): the work is counted as the Python lines the
renderer executes, for an adversarial body and for one twice as long. Linear work doubles; quadratic work
quadruples. bench/markdown_inputs.py times the same inputs at the length limit.
"""

import sys
from html.parser import HTMLParser

import pytest

from forums.rendering import MAX_BODY_LENGTH, MAX_NESTING, _add_mentions, render_markdown

ADVERSARIAL = {
    "open brackets": "[",
    "unclosed links": "[a](",
    "unclosed tags": "<a ",
    "images": "![",
    "emphasis delimiters": "*_",
    "unmatched code spans": "`a",
    "entities": "&#",
    "bare at signs": "@",
    "mentions back to back": "@a",
    "mentions with trailing dots": "@a" + "." * 147 + " ",
    "mentions in code": "`@a` ",
    "tables": "|@a|",
    "lines of list items": "a\n- @b\n",
}


def _work(text: str) -> int:
    count = 0

    def tracer(frame, event, arg):
        nonlocal count
        count += 1
        return tracer

    sys.settrace(tracer)
    try:
        render_markdown(text)
    finally:
        sys.settrace(None)
    return count


@pytest.mark.parametrize("unit", ADVERSARIAL.values(), ids=ADVERSARIAL.keys())
def test_twice_the_adversarial_input_costs_about_twice_the_work(unit):
    small, large = unit * (600 // len(unit)), unit * (1200 // len(unit))
    _work(small)  # warm caches (compiled patterns, the parser)
    ratio = _work(large) / _work(small)
    assert ratio < 2.6, f"{unit!r}: twice the input costs {ratio:.1f}× the work"


@pytest.mark.parametrize("unit", ADVERSARIAL.values(), ids=ADVERSARIAL.keys())
def test_an_adversarial_body_at_the_length_limit_renders(unit):
    html = render_markdown((unit * MAX_BODY_LENGTH)[:MAX_BODY_LENGTH])
    assert "<script" not in html


def test_the_preview_is_for_people_who_may_write_somewhere(login, pegawai_diskominfo, sekda, operator_diskominfo):
    from django.urls import reverse

    url = reverse("forums:preview")
    assert login(pegawai_diskominfo).post(url, {"body": "[" * 100}).status_code == 403
    assert login(sekda).post(url, {"body": "*uji*"}).status_code == 403
    assert login(operator_diskominfo).post(url, {"body": "*uji*"}).status_code == 200


@pytest.mark.parametrize("unit", ["@", "@a", "@a.", "@" + "a" * 149 + ".", "<code>@a", "</code>@a", "<b>@a</b>"])
def test_mention_spans_are_added_in_one_pass(unit):
    """The mention pass runs over the sanitised HTML: its own Python work is per tag or mention, never per pair."""
    small, large = unit * (3000 // len(unit)), unit * (6000 // len(unit))

    def work(html):
        count = 0

        def tracer(frame, event, arg):
            nonlocal count
            count += 1
            return tracer

        sys.settrace(tracer)
        try:
            _add_mentions(html)
        finally:
            sys.settrace(None)
        return count

    work(small)
    assert work(large) / max(work(small), 1) < 2.6


def test_mentions_are_spans_outside_code_only():
    html = render_markdown("@budi dan `@kode` [@tautan](https://contoh.go.id) surel a@b.go.id @akhir.\n\n"
                           "    @blok\n\n|@sel|\n|-|\n|x|")
    assert '<span class="mention">@budi</span>' in html
    assert '<span class="mention">@tautan</span></a>' in html
    assert '<span class="mention">@akhir</span>.' in html
    assert '<span class="mention">@sel</span>' in html
    assert "<code>@kode</code>" in html and "<code>@blok\n</code>" in html
    assert "a@b.go.id" in html


class _Depth(HTMLParser):
    VOID = {"br", "hr", "img"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth = self.deepest = 0

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            self.depth += 1
            self.deepest = max(self.deepest, self.depth)

    def handle_endtag(self, tag):
        self.depth -= 1


NESTING = {
    "nested quotes": "> ",
    "lists in quotes": "> - ",
    "nested emphasis": None,
    "raw nested lists": "<ol><li>",
    "raw divs": "<div>",
    "reopened formatting": None,
}


@pytest.mark.parametrize("name", NESTING.keys())
def test_nesting_stays_shallow_whatever_the_body(name):
    """The sanitiser's HTML parser checks the open elements at every tag: 10,000 nested quotes cost it quadratic
    time (cmark, unlike markdown-it, does not cap nesting). Start tags deeper than MAX_NESTING become text."""
    n = MAX_BODY_LENGTH
    text = {
        "nested emphasis": "**a" * (n // 6) + "a**" * (n // 6),
        "reopened formatting": "".join(f"<p><b title={i}></p>x" for i in range(n))[:n],
    }.get(name) or (NESTING[name] * n)[:n]
    checker = _Depth()
    checker.feed(render_markdown(text))
    assert checker.deepest <= MAX_NESTING + 3


def test_ordinary_nesting_is_untouched():
    text = "> kutipan\n>\n> - satu\n>   - dua\n>     > **tebal _miring_**\n\n<div><b>x</b></div>"
    html = render_markdown(text)
    assert "&lt;" not in html
    assert "<blockquote>" in html and "<strong>tebal <em>miring</em></strong>" in html
