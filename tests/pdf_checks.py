"""Reading a PDF back in tests (pypdf): its text, and whether user text turned into links or images."""

from __future__ import annotations

import io
import re

from pypdf import PdfReader

# ReportLab Paragraph markup a name, position, title or comment may carry: each must print literally.
PAYLOADS = {
    "link": '<link href="http://evil.example/">Klik</link>',
    "img": '<img src="/etc/passwd" width="90" height="90"/>',
    "a": '<a href="javascript:alert(1)">x</a>',
    "unbalanced": "<b>tebal <i>miring",
    "font": '<font color="red" size="40">&amp;',
}


def read(content: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(content))


def text_of(content: bytes) -> str:
    """The PDF's text with whitespace collapsed (line breaks inside a table cell become spaces)."""
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in read(content).pages))


def link_annotations(content: bytes) -> list:
    links = []
    for page in read(content).pages:
        for annot in page.get("/Annots") or []:
            if annot.get_object().get("/Subtype") == "/Link":
                links.append(annot.get_object())
    return links


def image_count(content: bytes) -> int:
    return sum(len(page.images) for page in read(content).pages)


def assert_literal(content: bytes, *fragments: str) -> None:
    # Narrow table cells wrap anywhere: compare without whitespace.
    text = re.sub(r"\s+", "", text_of(content))
    for fragment in fragments:
        assert re.sub(r"\s+", "", fragment) in text, f"{fragment!r} is not printed literally"
    assert link_annotations(content) == [], "user text became a link"
    assert image_count(content) == 0, "user text pulled an image into the PDF"
