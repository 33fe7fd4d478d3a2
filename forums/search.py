"""Search hits with the words found marked, safely.

The rule: user text is escaped *before* any ``<mark>`` is added, so neither a post nor the query can put markup on
the results page. The matches are carried through as two private-use characters (U+E000 and U+E001, removed from
the text first, so a post cannot forge them), the text between them is escaped, and only then do they become
``<mark>`` and ``</mark>``.

- PostgreSQL: ``ts_headline`` with the search configuration the vectors were built with (``indonesian`` where the
  server has it), over the same query the search ran, so stemmed forms are marked too ("perubahan" marks
  "berubah" in the Indonesian configuration). ``selectors.search_posts`` annotates ``headline_title`` and
  ``headline_body``; ``selectors.search_page`` reads them for the page's rows only (the ids query of the paginator
  does not compute them).
- Elsewhere (SQLite): the words of the query, matched case-insensitively in the plain text, with an excerpt around
  the first match.
"""

from __future__ import annotations

import html
import re

import nh3
from django.contrib.postgres.search import SearchHeadline, SearchQuery
from django.db.models import F, Func, Value
from django.utils.safestring import SafeString

START, STOP = "\ue000", "\ue001"
MAX_WORDS = 8
EXCERPT_CHARS = 240
_SENTINELS = re.compile(f"([{START}{STOP}])")


def _strip_sentinels_sql(expression):
    return Func(Func(expression, Value(START), Value(""), function="REPLACE"), Value(STOP), Value(""),
                function="REPLACE")


def headline_annotations(query: SearchQuery, config) -> dict:
    """``headline_title`` and ``headline_body`` for ``QuerySet.annotate`` (PostgreSQL): the title with every match
    marked, and a fragment of the body's text (its HTML without tags, entities left for ``marked``)."""
    body_text = Func(F("body_html"), Value("<[^>]*>"), Value(" "), Value("g"), function="regexp_replace")
    return {
        "headline_title": SearchHeadline(_strip_sentinels_sql(F("topic__title")), query, config=config,
                                         start_sel=START, stop_sel=STOP, highlight_all=True),
        "headline_body": SearchHeadline(_strip_sentinels_sql(body_text), query, config=config,
                                        start_sel=START, stop_sel=STOP, max_words=35, min_words=15),
    }


def _join(segments) -> SafeString:
    """(text, marked) pairs → HTML: each text escaped (``html.escape``, as Django's ``escape``), the marked ones
    inside ``<mark>``."""
    # Every piece of user text is escaped here; the only markup is the literal <mark> around it.
    joined = "".join(f"<mark>{html.escape(text)}</mark>" if mark else html.escape(text) for text, mark in segments if text)
    return SafeString(joined)  # nosec B703 B308: each text escaped just above


def _segments(text: str, *, entities: bool = False) -> list[tuple[str, bool]]:
    """Text carrying START/STOP around matches → (text, marked) pairs; an unclosed mark ends with the text."""
    segments: list[tuple[str, bool]] = []
    inside = False
    for part in _SENTINELS.split(text or ""):
        if part in (START, STOP):
            inside = part == START
        elif part:
            segments.append((html.unescape(part) if entities else part, inside))
    return segments


def marked(text: str, *, entities: bool = False) -> SafeString:
    """Text carrying START/STOP around matches → escaped HTML with ``<mark>``. With ``entities`` the text is from
    HTML (``&lt;`` stays a character, not markup, and is not escaped twice)."""
    return _join(_segments(text, entities=entities))


def query_words(q: str) -> list[str]:
    return [w for w in (q or "").split()[:MAX_WORDS] if w]


def _spans(text: str, words: list[str]) -> list[tuple[int, int]]:
    if not words:
        return []
    pattern = re.compile("|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True)), re.IGNORECASE)
    return [m.span() for m in pattern.finditer(text) if m.end() > m.start()]


def highlight_text(text: str, words: list[str], *, excerpt: bool = False) -> SafeString:
    """``text`` (plain, unescaped) escaped, with ``words`` in ``<mark>``; with ``excerpt`` only about
    EXCERPT_CHARS characters around the first match (or from the start)."""
    text = (text or "").replace(START, "").replace(STOP, "")
    spans = _spans(text, words)
    prefix = suffix = ""
    if excerpt and len(text) > EXCERPT_CHARS:
        first = spans[0][0] if spans else 0
        begin = max(0, first - EXCERPT_CHARS // 4)
        if begin:
            space = text.rfind(" ", 0, begin)
            begin = space + 1 if space >= 0 else begin
            prefix = "… "
        end = min(len(text), begin + EXCERPT_CHARS)
        if end < len(text):
            space = text.rfind(" ", begin, end)
            end = space if space > begin else end
            suffix = " …"
        spans = [(max(s, begin), min(e, end)) for s, e in spans if e > begin and s < end]
        text_out, offset = text[begin:end], begin
    else:
        text_out, offset = text, 0
    segments: list[tuple[str, bool]] = [(prefix, False)]
    last = 0
    for s, e in spans:
        s, e = s - offset, e - offset
        if s < last:
            continue
        segments += [(text_out[last:s], False), (text_out[s:e], True)]
        last = e
    segments += [(text_out[last:], False), (suffix, False)]
    return _join(segments)


def plain(html_text: str) -> str:
    """Sanitised post HTML → its text (characters, not entities), whitespace collapsed."""
    return html.unescape(re.sub(r"\s+", " ", nh3.clean(html_text or "", tags=set())).strip())


def highlight_row(row: dict, words: list[str]) -> dict[str, SafeString]:
    """``{"title": …, "excerpt": …}`` of a search result (a row of ``selectors.search_page``), escaped, the matches
    in ``<mark>``: from ``headline_title`` and ``headline_body`` (PostgreSQL), else from ``topic__title`` and
    ``body_html`` with ``words`` (``query_words``) marked."""
    if "headline_body" in row:
        return {"title": marked(row["headline_title"]), "excerpt": marked(row["headline_body"], entities=True)}
    return {"title": highlight_text(row.get("topic__title") or "", words),
            "excerpt": highlight_text(plain(row.get("body_html") or ""), words, excerpt=True)}
