"""The shared letterhead renderer and the escaping every PDF's user text goes through."""

import pytest
from reportlab.lib.units import cm

from organization.documents import bar_chart, build_pdf, para, styles, text
from organization.institution import Institution
from tests.pdf_checks import PAYLOADS, assert_literal, text_of

pytestmark = pytest.mark.django_db


def test_text_escapes_reportlab_markup():
    assert text('<link href="x">a</link> & b') == "&lt;link href=&quot;x&quot;&gt;a&lt;/link&gt; &amp; b"
    assert text(None) == ""


@pytest.mark.parametrize("payload", PAYLOADS.values(), ids=PAYLOADS.keys())
def test_markup_in_user_text_prints_literally_with_no_link_or_image(payload):
    story = [para(payload, styles()["BodyText"])]
    pdf = build_pdf(title=f"Judul {payload}", period=payload, story=story)
    assert_literal(pdf, payload, f"Judul {payload}")


def test_every_pdf_has_the_letterhead_the_print_time_in_wib_and_page_numbers():
    institution = Institution.get_solo()
    story = [para(f"Baris {n}", styles()["BodyText"]) for n in range(120)]  # three pages or so
    content = text_of(build_pdf(title="Laporan uji", period="Januari 2027", story=story))

    assert institution.name.upper() in content
    assert all(line in content for line in institution.letterhead_lines)
    assert "Periode: Januari 2027" in content and "WIB" in content
    assert "Halaman 1 dari " in content and "Halaman 2 dari " in content


def test_a_chart_without_numbers_is_left_out_and_one_with_numbers_is_drawn():
    assert bar_chart(["A", "B"], [None, None], width=10 * cm) is None
    assert bar_chart(["<b>A", "B"], [80.5, None], width=10 * cm) is not None
