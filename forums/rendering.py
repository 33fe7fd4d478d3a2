"""Markdown to safe HTML, done once when a post is saved (the result is stored in ``Post.body_html``).

The parser is cmark-gfm (GitHub's C CommonMark implementation, through cmarkgfm, as PyPI's readme_renderer uses
it): its work grows linearly with the input and costs well under a millisecond per thousand characters, so a body
of 20,000 ``[`` or nested links cannot hold a worker (Python-Markdown's link parsing is quadratic and markdown-it-py,
linear but pure Python, still took up to 0.6 s; issue 14, see bench/markdown.py). Raw HTML passes through the
parser, so its output is never trusted: nh3 (ammonia) keeps only an allowlist of tags, attributes and URL schemes.
``@username`` becomes a mention span, added to the text of the sanitised HTML outside code in one pass; mentions are
read back from the sanitised HTML, leaving out those inside quotes (quoting someone does not notify the people they
mentioned).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import cmarkgfm
import nh3
from cmarkgfm.cmark import Options

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
_MENTION = re.compile(MENTION_RE)
# Sanitised HTML as nh3 serialises it: a tag (``<`` and ``>`` inside attribute values are escaped, so a tag ends at
# the first ``>``) or a run of text (``<`` in text is escaped too). Both patterns are linear: no nested repetition.
_TAG_OR_TEXT = re.compile(r"<(/?)([a-zA-Z0-9]+)[^>]*>|[^<]+|<")
_NO_MENTIONS_IN = {"code", "pre"}


def _mention_span(match: re.Match) -> str:
    return f'<span class="mention">@{match.group(1)}</span>'  # the name is [A-Za-z0-9_.+-]: nothing to escape


def _add_mentions(html: str) -> str:
    """``@username`` in the text of sanitised HTML → a mention span, except in code (inline or block).

    One pass over the tags and text runs; within a run the mention pattern looks at most 150 characters ahead of
    an ``@`` and a name cannot contain ``@``, so the work stays linear in the length of the HTML.
    """
    if "@" not in html:
        return html
    out: list[str] = []
    code_depth = 0
    for token in _TAG_OR_TEXT.finditer(html):
        tag = token.group(2)
        if tag is not None:
            if tag.lower() in _NO_MENTIONS_IN:
                code_depth = max(0, code_depth - 1) if token.group(1) else code_depth + 1
            out.append(token.group(0))
        elif code_depth or "@" not in token.group(0):
            out.append(token.group(0))
        else:
            out.append(_MENTION.sub(_mention_span, token.group(0)))
    return "".join(out)


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


# How deep elements may nest before the sanitiser sees them. nh3's HTML parser (html5ever) checks the stack of open
# elements at every tag, so 10,000 nested quotes (``> `` × 10,000, or raw ``<ol><li>``) cost it quadratic time;
# markdown-it capped nesting at 20 levels, cmark does not. Start tags beyond this depth are shown as text instead.
MAX_NESTING = 48
_TAG_START = re.compile(r"<(/?)([A-Za-z][^\s/>]*)")
_VOID = {
    "area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr", "image", "img", "input", "keygen",
    "link", "meta", "param", "source", "track", "wbr",
}
# An end tag does not close past these (HTML scope boundaries): counting them as still open keeps the count high.
_SCOPE = {"applet", "caption", "html", "marquee", "object", "table", "td", "th", "template", "button", "svg", "math"}
# A start tag that certainly closes the element on top of the stack when it is a ``<p>`` / the same list item.
_CLOSES_P = {
    "address", "article", "aside", "blockquote", "center", "details", "dialog", "dir", "div", "dl", "fieldset",
    "figcaption", "figure", "footer", "header", "hgroup", "main", "menu", "nav", "ol", "p", "section", "summary",
    "ul", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "listing",
}
_CLOSES_SELF = {"li", "dd", "dt", "option"}
_FORMATTING = {"a", "b", "big", "code", "em", "font", "i", "nobr", "s", "small", "strike", "strong", "tt", "u"}


def _cap_nesting(html: str) -> str:
    """Turn start tags nested deeper than MAX_NESTING into text, in one pass (the parser's raw HTML included).

    A model of the open elements that never counts fewer than the HTML parser keeps open (an end tag closes only
    what it certainly closes), so the sanitiser never nests deeper than about MAX_NESTING.
    """
    if html.count("<") <= MAX_NESTING:
        return html
    stack: list[str] = []
    escaped: list[int] = []
    for token in _TAG_START.finditer(html):
        closing, name = token.groups()
        name = name.lower()
        if closing:
            if stack and stack[-1] == name:  # the usual case: the element on top
                stack.pop()
                continue
            for depth in range(len(stack) - 1, -1, -1):
                if stack[depth] == name:
                    # Formatting elements closed on the way stay active and the parser reopens them: keep them.
                    stack[depth:] = [tag for tag in stack[depth + 1:] if tag in _FORMATTING]
                    break
                if stack[depth] in _SCOPE:
                    break
        elif name not in _VOID:
            if stack and ((stack[-1] == "p" and name in _CLOSES_P) or (stack[-1] == name and name in _CLOSES_SELF)):
                stack.pop()
            if len(stack) < MAX_NESTING:
                stack.append(name)
            else:
                escaped.append(token.start())
    if not escaped:
        return html
    out: list[str] = []
    last = 0
    for start in escaped:
        out.append(html[last:start])
        out.append("&lt;")
        last = start + 1
    out.append(html[last:])
    return "".join(out)


# CommonMark with raw HTML (sanitised afterwards), pipe tables and a line break for every newline, as people type
# posts. Only the table extension: no bare-URL autolinks, strikethrough or tag filter (nh3 removes what is unsafe).
_OPTIONS = Options.CMARK_OPT_UNSAFE | Options.CMARK_OPT_HARDBREAKS
_EXTENSIONS = ["table"]


def _markdown(text: str) -> str:
    # A lone surrogate (possible in JSON) cannot be encoded for the C parser: it becomes "?".
    text = _loosen_lists(text).encode("utf-8", "replace").decode("utf-8")
    return cmarkgfm.markdown_to_html_with_extensions(text, options=_OPTIONS, extensions=_EXTENSIONS).rstrip("\n")


def sanitize(html: str) -> str:
    return nh3.clean(
        html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, allowed_classes=ALLOWED_CLASSES,
        url_schemes=URL_SCHEMES, link_rel="noopener noreferrer nofollow ugc", strip_comments=True,
        clean_content_tags={"script", "style"},
    )


def render_markdown(text: str) -> str:
    """Markdown source → sanitised HTML, safe to mark as safe in a template or return from the API."""
    return _add_mentions(sanitize(_cap_nesting(_markdown(text or ""))))


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
