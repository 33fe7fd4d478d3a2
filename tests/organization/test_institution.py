"""The institution's identity: configured by Tim RB, cached, read by pages, e-mails, SKs and forums."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from organization.institution import Institution, current_institution

pytestmark = pytest.mark.django_db

FORM = {"kind": "kabupaten", "name": "Pemerintah Kabupaten Contoh", "short_name": "Kabupaten Contoh",
        "head_title": "Bupati Contoh", "address": "Jalan Raya 1", "phone": "", "website": "contohkab.go.id",
        "email": "", "signatory_name": "", "signatory_title": "", "signatory_nip": "",
        "reform_team_name": "Tim RB Kabupaten Contoh", "primary_colour": "#14532D", "secondary_colour": "#FACC15"}


def test_tim_rb_changes_the_identity_and_every_page_shows_it_at_once(login, tim_rb, pegawai_diskominfo):
    response = login(tim_rb).post(reverse("organization:institution_edit"), FORM)
    assert response.status_code == 302

    page = login(pegawai_diskominfo).get("/").content.decode()
    assert "Pemerintah Kabupaten Contoh" in page
    assert current_institution().default_signatory == "Bupati Contoh"


def test_a_pegawai_may_not_change_the_identity(login, pegawai_diskominfo):
    response = login(pegawai_diskominfo).post(reverse("organization:institution_edit"), FORM)
    assert response.status_code == 403
    assert Institution.get_solo().name != FORM["name"]


def test_a_warm_request_reads_the_institution_without_a_query(login, pegawai_diskominfo, django_assert_num_queries):
    current_institution()  # warms the cache
    with django_assert_num_queries(0):
        assert current_institution().name


def test_a_logo_must_be_a_real_png_or_jpeg(login, tim_rb, media_root):
    fake = SimpleUploadedFile("logo.png", b"<svg onload=alert(1)>", content_type="image/png")
    response = login(tim_rb).post(reverse("organization:institution_edit"), {**FORM, "logo": fake})
    assert response.status_code == 200
    assert "logo" in response.context["form"].errors


def test_a_colour_must_be_a_hex_code(login, tim_rb):
    response = login(tim_rb).post(reverse("organization:institution_edit"), {**FORM, "primary_colour": "red;}"})
    assert "primary_colour" in response.context["form"].errors


def _png() -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (64, 64), "#0B3D91").save(out, "PNG")
    return out.getvalue()


def test_the_logo_shows_in_the_navbar_and_on_the_pdf_letterhead(login, tim_rb, media_root):
    from organization.documents import build_pdf
    from tests.pdf_checks import image_count

    logo = SimpleUploadedFile("logo.png", _png(), content_type="image/png")
    response = login(tim_rb).post(reverse("organization:institution_edit"), {**FORM, "logo": logo})
    assert response.status_code == 302

    page = login(tim_rb).get("/").content.decode()
    assert current_institution().logo.url in page
    assert image_count(build_pdf(title="Uji", story=[])) == 1


def test_the_theme_and_the_logo_mark_follow_the_institutions_colours_and_name(login, tim_rb):
    institution = current_institution()
    institution.name, institution.short_name = "Pemerintah Kabupaten Sumedang", "Kabupaten Sumedang"
    institution.primary_colour, institution.secondary_colour = "#1A7F37", "#FFCC00"
    institution.save()
    assert institution.initials == "KS"
    html = login(tim_rb).get(reverse("home")).content.decode()
    assert "--bs-primary:#1A7F37;--bs-primary-rgb:26, 127, 55;--ap-primary-dark:#14632a;" in html
    assert "--ap-accent:#FFCC00" in html
    assert 'data-testid="brand-mark">KS</span>' in html and "bi-lightning-charge-fill" not in html
