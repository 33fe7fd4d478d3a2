"""A control that works only through script is not offered before the script has run.

htmx gives a button or a search box its behaviour when the page's scripts run, at the end of the document. Until
then, a click on "Pratinjau" or a keystroke in a search-as-you-type box does nothing: a person on a slow connection
takes it for a broken page, and a browser test that clicks in that moment fails on busy machines only. So such a
control is rendered `disabled` with `data-needs-script`, and `static/js/app.js` enables it once htmx has processed
it. The check reads every template and every module that builds HTML in Python (template tags, cached fragments).
Exempt: a form or a link (without script they submit or navigate, to the same result) and an element that only
polls (`hx-trigger="every 2s"`), which no one clicks.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
REQUESTS = ("hx-get", "hx-post", "hx-put", "hx-patch", "hx-delete")
TEMPLATE_CODE = re.compile(r"{%.*?%}|{{.*?}}|{#.*?#}", re.S)


class _Controls(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found: list[tuple[int, str, dict]] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if any(name in attributes for name in REQUESTS):
            self.found.append((self.getpos()[0], tag, attributes))


def controls_offered_too_early(html: str) -> list[str]:
    parser = _Controls()
    parser.feed(TEMPLATE_CODE.sub(lambda m: "\n" * m.group().count("\n") or "T", html))
    problems = []
    for line, tag, attributes in parser.found:
        if tag == "form" or (tag == "a" and "href" in attributes):
            continue
        if (attributes.get("hx-trigger") or "").startswith("every "):
            continue
        if "disabled" not in attributes or "data-needs-script" not in attributes:
            problems.append(f"line {line}: <{tag}> needs `disabled data-needs-script`")
    return problems


def templates() -> list[Path]:
    """Every template, and every module that builds HTML in Python (template tags, cached fragments)."""
    found = [*ROOT.glob("**/templates/**/*.html"), *ROOT.glob("*/templatetags/*.py"),
             ROOT / "agenperubahan" / "fragments.py"]
    return sorted(p for p in found if ".venv" not in p.parts)


def test_every_control_that_needs_htmx_is_disabled_until_htmx_has_run():
    problems = []
    for path in templates():
        problems += [f"{path.relative_to(ROOT)} {p}" for p in controls_offered_too_early(path.read_text())]
    assert not problems, "\n".join(problems)


def test_the_check_reads_the_templates_that_hold_such_controls():
    names = {p.name for p in templates()}
    assert {"_preview_controls.html", "nomination_form.html", "_pack.html", "forums_tags.py"} <= names


def test_the_check_finds_a_control_offered_too_early_and_accepts_the_exempt_ones():
    early = '''{% load i18n %}
<button type="button" hx-post="{% url 'forums:preview' %}" hx-target="#preview">{% translate "Pratinjau" %}</button>
<input type="search" name="q" hx-get="/cari/" hx-trigger="input changed delay:300ms">
<button type="button" disabled hx-post="/x/">'''
    assert controls_offered_too_early(early) == [
        "line 2: <button> needs `disabled data-needs-script`",
        "line 3: <input> needs `disabled data-needs-script`",
        "line 4: <button> needs `disabled data-needs-script`",
    ]
    fine = '''<button type="button" disabled data-needs-script hx-post="{% url 'forums:preview' %}">x</button>
<form method="post" action="/r/" hx-post="/r/" hx-target="#r"></form>
<a href="/t/2/" hx-get="/t/2/">2</a>
<div id="p"{% if job.is_in_progress %} hx-get="{% url 'status' job.pk %}" hx-trigger="every 2s"{% endif %}></div>'''
    assert controls_offered_too_early(fine) == []
    in_python = 'return format_html(\'<button type="button" hx-post="{}">{}</button>\', url, label)'
    assert controls_offered_too_early(in_python) == ["line 1: <button> needs `disabled data-needs-script`"]


def test_the_script_enables_what_the_templates_disable():
    script = (ROOT / "static" / "js" / "app.js").read_text()
    assert "htmx.onLoad" in script and "[data-needs-script]" in script and "disabled = false" in script
