"""Whatever people type, the page and the API only carry allowlisted, harmless HTML."""

import re
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from forums.rendering import render_markdown

pytestmark = pytest.mark.django_db

CORPUS = [
    "<script>alert('xss')</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    "<body onload=alert(1)>",
    "<div onmouseover=\"alert(1)\">hover</div>",
    "[klik](javascript:alert(1))",
    "[klik](JaVaScRiPt:alert(1))",
    "[klik](<javascript:alert(1)>)",
    "<a href=\"javascript:alert(1)\">a</a>",
    "<a href=\"&#106;avascript:alert(1)\">entity</a>",
    "![gambar](javascript:alert(1))",
    "![gambar](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "<svg onload=alert(1)><script>alert(2)</script></svg>",
    "<svg><a xlink:href=\"javascript:alert(1)\"><text>x</text></a></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<iframe src=\"https://evil.example\"></iframe>",
    "<object data=\"javascript:alert(1)\"></object>",
    "<style>body{display:none}</style>",
    "<p style=\"background:url(javascript:alert(1))\">gaya</p>",
    "<form action=\"https://evil.example\"><input name=x></form>",
    "**tebal _miring <b onclick=alert(1)>x",
    "[tidak ditutup](javascript:alert(1)",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "``` \n<script>alert(1)</script>\n```",
    "<<img src=x onerror=alert(1)//>",
    "<meta http-equiv=\"refresh\" content=\"0;url=https://evil.example\">",
    "<base href=\"https://evil.example/\">",
]

SAFE_TAGS = {
    "p", "br", "hr", "strong", "em", "b", "i", "del", "s", "code", "pre", "blockquote", "ul", "ol", "li",
    "h1", "h2", "h3", "h4", "h5", "h6", "a", "img", "table", "thead", "tbody", "tr", "th", "td", "span", "sup", "sub",
}
SAFE_ATTRS = {"href", "title", "src", "alt", "align", "start", "rel", "class"}


class _Checker(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []

    def handle_starttag(self, tag, attrs):
        if tag not in SAFE_TAGS:
            self.problems.append(f"tag <{tag}>")
        for name, value in attrs:
            if name not in SAFE_ATTRS:
                self.problems.append(f"attribute {name} on <{tag}>")
            if name in ("href", "src"):
                scheme = re.sub(r"[\s\x00-\x1f]", "", value or "").lower().split(":", 1)
                if len(scheme) == 2 and scheme[0] not in ("http", "https", "mailto"):
                    self.problems.append(f"{name}={value}")
            if name == "class" and value != "mention":
                self.problems.append(f"class={value}")


def problems(html: str) -> list[str]:
    checker = _Checker()
    checker.feed(html)
    return checker.problems


def test_every_corpus_entry_renders_without_dangerous_markup():
    for payload in CORPUS:
        html = render_markdown(payload)
        assert not problems(html), (payload, html)


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("<>\"'=/:;&#()[]!*_`\\ aehijlnoprstvx@\n")), max_size=80))
def test_random_markup_never_yields_a_script_or_event_handler(text):
    assert not problems(render_markdown(text))


def test_the_corpus_is_harmless_on_the_topic_page_and_in_the_api(login, api, agen_diskominfo, diskominfo_forum,
                                                                 new_topic):
    body = "\n\n".join(CORPUS)
    topic = new_topic(diskominfo_forum, agen_diskominfo, title="Uji <script>alert(1)</script> judul", body=body)
    page = login(agen_diskominfo).get(topic.get_absolute_url()).content.decode()
    stored = topic.first_post.body_html
    assert stored in page  # the page shows the stored, sanitised HTML as is
    assert not problems(stored)
    assert "onerror" not in page and "<script>alert" not in page
    assert not re.search(r"(href|src)\s*=\s*[\"']?\s*(javascript|data):", page, re.IGNORECASE)
    assert "<script>alert(1)</script>" not in page  # the title is escaped
    data = api(agen_diskominfo).get(f"/api/v1/topics/{topic.pk}/").json()
    assert not problems(data["body_html"])
    posts = api(agen_diskominfo).get(f"/api/v1/posts/?topic={topic.pk}").json()["results"]
    assert posts and all(not problems(p["body_html"]) for p in posts)


def test_the_preview_uses_the_same_sanitiser(login, agen_diskominfo):
    from django.urls import reverse

    response = login(agen_diskominfo).post(reverse("forums:preview"), {"body": "<img src=x onerror=alert(1)> **ok**"})
    html = response.content.decode()
    assert "<strong>ok</strong>" in html
    assert "onerror" not in html


def test_ordinary_markdown_still_works():
    html = render_markdown("# Judul\n\n**tebal**, _miring_, [tautan](https://bandung.go.id)\n\n- satu\n- dua\n\n"
                           "> kutipan\n\n`kode`")
    for expected in ["<h1>Judul</h1>", "<strong>tebal</strong>", "<em>miring</em>", 'href="https://bandung.go.id"',
                     "<li>satu</li>", "<blockquote>", "<code>kode</code>"]:
        assert expected in html
