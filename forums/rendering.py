"""Markdown to safe HTML, done once when a post is saved (the result is stored in ``Post.body_html``).

Python-Markdown passes raw HTML through, so its output is never trusted: nh3 (ammonia) keeps only an allowlist of
tags, attributes and URL schemes. ``@username`` becomes a mention span; mentions are read back from the sanitised
HTML, leaving out those inside quotes (quoting someone does not notify the people they mentioned).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree  # noqa: S405 - builds elements only, parses nothing
from html.parser import HTMLParser

import markdown
import nh3
from markdown.inlinepatterns import InlineProcessor

MAX_BODY_LENGTH = 20_000

ALLOWED_TAGS = {
    "p", "br", "hr", "strong", "em", "b", "i", "del", "s", "code", "pre", "blockquote", "ul", "ol", "li",
    "h1", "h2", "h3", "h4", "h5", "h6", "a", "img", "table", "thead", "tbody", "tr", "th", "td", "span", "sup", "sub",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "th": {"align"},
    "td": {"align"},
    "ol": {"start"},
}
ALLOWED_CLASSES = {"span": {"mention"}}
URL_SCHEMES = {"http", "https", "mailto"}

# A username as Django allows it (letters, digits, @ . + - _), not preceded by a word character (so e-mail
# addresses are not mentions), and not ending in a dot (the end of a sentence).
MENTION_RE = r"(?<![\w.@/])@([A-Za-z0-9_][A-Za-z0-9_.+-]{0,148}[A-Za-z0-9_]|[A-Za-z0-9_])"


class _MentionProcessor(InlineProcessor):
    def handleMatch(self, m, data):  # noqa: N802 - Python-Markdown's API
        el = etree.Element("span")
        el.set("class", "mention")
        el.text = "@" + m.group(1)
        return el, m.start(0), m.end(0)


class _MentionExtension(markdown.Extension):
    def extendMarkdown(self, md):  # noqa: N802 - Python-Markdown's API
        # Below code spans and links (higher numbers run first), so `@x` in code stays code.
        md.inlinePatterns.register(_MentionProcessor(MENTION_RE, md), "forum_mention", 65)


_LIST_ITEM = re.compile(r"^\s{0,3}([-*+]|\d{1,3}[.)])\s+\S")
_FENCE = re.compile(r"^\s{0,3}(```|~~~)")


def _loosen_lists(text: str) -> str:
    """Let a list start right under a line of text (as people type it), outside fenced code."""
    out: list[str] = []
    fenced = False
    for line in text.replace("\r\n", "\n").split("\n"):
        if _FENCE.match(line):
            fenced = not fenced
        elif not fenced and _LIST_ITEM.match(line) and out and out[-1].strip() and not _LIST_ITEM.match(out[-1]) \
                and not out[-1].lstrip().startswith((">", "|")) and not out[-1].startswith((" ", "\t")):
            out.append("")
        out.append(line)
    return "\n".join(out)


def _markdown(text: str) -> str:
    md = markdown.Markdown(
        extensions=["fenced_code", "tables", "sane_lists", "nl2br", _MentionExtension()],
        output_format="html",
    )
    return md.convert(_loosen_lists(text))


def sanitize(html: str) -> str:
    return nh3.clean(
        html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, allowed_classes=ALLOWED_CLASSES,
        url_schemes=URL_SCHEMES, link_rel="noopener noreferrer nofollow ugc", strip_comments=True,
        clean_content_tags={"script", "style"},
    )


def render_markdown(text: str) -> str:
    """Markdown source → sanitised HTML, safe to mark as safe in a template or return from the API."""
    return sanitize(_markdown(text or ""))


class _MentionCollector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.quote_depth = 0
        self.in_mention = False
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "blockquote":
            self.quote_depth += 1
        elif tag == "span" and ("class", "mention") in attrs:
            self.in_mention = True

    def handle_endtag(self, tag):
        if tag == "blockquote":
            self.quote_depth = max(0, self.quote_depth - 1)
        elif tag == "span":
            self.in_mention = False

    def handle_data(self, data):
        if self.in_mention and not self.quote_depth and data.startswith("@"):
            self.found.append(data[1:])


def mentioned_usernames(html: str) -> list[str]:
    """Usernames mentioned in sanitised post HTML, in order, without duplicates, outside quotes."""
    collector = _MentionCollector()
    collector.feed(html)
    seen: dict[str, None] = {}
    for name in collector.found:
        seen.setdefault(name, None)
    return list(seen)


def quote_markdown(author_name: str, username: str, body: str) -> str:
    """The Markdown a reply starts with when it quotes a post."""
    lines = (body or "").strip().splitlines() or [""]
    quoted = "\n".join(f"> {line}" if line.strip() else ">" for line in lines)
    return f"> **{author_name}** (@{username}) menulis:\n>\n{quoted}\n\n"


def plain_text(html: str, limit: int = 200) -> str:
    """A short plain-text excerpt of sanitised HTML (notifications, search results)."""
    text = re.sub(r"\s+", " ", nh3.clean(html, tags=set())).strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
