"""Markdown to safe HTML, done once when a post is saved (the result is stored in ``Post.body_html``).

The parser is markdown-it-py (CommonMark): its work grows linearly with the input, so a body of 20,000 ``[`` or
nested links cannot hold a worker for minutes (Python-Markdown's link parsing is quadratic; issue 14, see
bench/markdown.py). Raw HTML passes through the parser, so its output is never trusted: nh3 (ammonia) keeps only an
allowlist of tags, attributes and URL schemes. ``@username`` becomes a mention span; mentions are read back from the
sanitised HTML, leaving out those inside quotes (quoting someone does not notify the people they mentioned).
"""

from __future__ import annotations

import re
from functools import lru_cache
from html import escape
from html.parser import HTMLParser

import nh3
from markdown_it import MarkdownIt

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
_MENTION_AT = re.compile(r"@([A-Za-z0-9_][A-Za-z0-9_.+-]{0,148}[A-Za-z0-9_]|[A-Za-z0-9_])")
_NOT_BEFORE_MENTION = re.compile(r"[\w.@/]")


def _mention_rule(state, silent: bool) -> bool:
    """An inline rule at an ``@``: the username after it becomes a mention (bounded look-ahead, no backtracking)."""
    pos = state.pos
    if state.src[pos] != "@" or (pos > 0 and _NOT_BEFORE_MENTION.match(state.src[pos - 1])):
        return False
    match = _MENTION_AT.match(state.src, pos, state.posMax)
    if not match:
        return False
    if not silent:
        token = state.push("mention", "", 0)
        token.content = match.group(1)
    state.pos = match.end()
    return True


def _render_mention(renderer, tokens, idx, options, env) -> str:
    return f'<span class="mention">@{escape(tokens[idx].content)}</span>'


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


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    # CommonMark with raw HTML (sanitised afterwards), pipe tables and a line break for every newline, as people
    # type posts. Mentions run after code spans (`@x` in code stays code) and inside link text like other text.
    md = MarkdownIt("commonmark", {"html": True, "breaks": True}).enable("table")
    md.inline.ruler.before("emphasis", "mention", _mention_rule)
    md.add_render_rule("mention", _render_mention)
    return md


def _markdown(text: str) -> str:
    return _parser().render(_loosen_lists(text)).rstrip("\n")


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
