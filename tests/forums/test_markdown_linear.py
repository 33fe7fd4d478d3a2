"""Rendering a post costs work in proportion to its length, whatever it contains (issue 14: 20,000 ``[`` took 79 s).

No timings here (the machine is shared): the work is counted as the Python lines the renderer executes, for an
adversarial body and for one twice as long. Linear work doubles; quadratic work quadruples. bench/markdown.py times
the same inputs at the length limit.
"""

import sys

import pytest

from forums.rendering import MAX_BODY_LENGTH, render_markdown

ADVERSARIAL = {
    "open brackets": "[",
    "unclosed links": "[a](",
    "unclosed tags": "<a ",
    "images": "![",
    "emphasis delimiters": "*_",
    "unmatched code spans": "`a",
    "entities": "&#",
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
