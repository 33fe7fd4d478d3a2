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


def test_numbers_follow_the_active_language_in_pages_pdfs_and_exports():
    from django.utils import translation

    from evaluations.templatetags.evaluations_tags import score
    from organization.formats import decimal

    with translation.override("id"):
        assert decimal(80.3) == "80,3"
        assert score(64.94) == "64,9"
    with translation.override("en"):
        assert decimal(80.3) == "80.3"
        assert score(64.94) == "64.9"  # was "64,9" on English pages


def test_band_labels_are_translated_when_shown():
    from django.utils import translation

    from evaluations.templatetags.evaluations_tags import band_label

    with translation.override("en"):
        english = band_label("A")
    with translation.override("id"):
        assert band_label("A") == "Sehat"
    assert english != "Sehat"
