"""The portal speaks English to whoever picks English in the footer, and the English catalogue is complete.

The interface is written in Indonesian; ``locale/en/LC_MESSAGES/django.po`` translates it and the compiled
``django.mo`` is committed so that running the portal or its tests does not need gettext.
"""

from __future__ import annotations

import gettext
import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

LOCALE_DIR = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES"
PO_FILE = LOCALE_DIR / "django.po"
MO_FILE = LOCALE_DIR / "django.mo"


# --- the catalogue --------------------------------------------------------------------------------------------------

def _unquote(line: str) -> str:
    # A PO string is a C string; its escapes (\" \\ \n \t) are also JSON escapes.
    return json.loads(line)


def parse_po(path: Path) -> list[dict]:
    """The entries of a .po file written by the gettext tools (blank-line separated blocks), read with the standard
    library only; the header and obsolete ``#~`` entries are left out.

    Each entry: ``{"msgctxt"?, "msgid", "msgid_plural"?, "msgstr": {index: text}, "flags", "line"}``.
    """
    entries = []
    line_number = 1
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        entry = {"flags": set(), "msgstr": {}, "line": line_number}
        line_number += block.count("\n") + 2
        target = None
        for line in block.strip().splitlines():
            line = line.strip()
            if line.startswith("#,"):
                entry["flags"].update(flag.strip() for flag in line[2:].split(","))
            elif line.startswith("#"):
                continue
            elif line.startswith('"'):
                field, index = target
                if index is None:
                    entry[field] += _unquote(line)
                else:
                    entry[field][index] += _unquote(line)
            else:
                keyword, _space, value = line.partition(" ")
                plural = re.fullmatch(r"msgstr\[(\d+)\]", keyword)
                if plural or keyword == "msgstr":
                    index = int(plural[1]) if plural else 0
                    entry["msgstr"][index] = _unquote(value)
                    target = ("msgstr", index)
                elif keyword in ("msgctxt", "msgid", "msgid_plural"):
                    entry[keyword] = _unquote(value)
                    target = (keyword, None)
                else:
                    raise AssertionError(f"{path}:{entry['line']}: cannot read {line!r}")
        if entry.get("msgid"):
            entries.append(entry)
    return entries


@pytest.fixture(scope="module")
def catalogue():
    return parse_po(PO_FILE)


def _where(entry) -> str:
    return f"django.po line {entry['line']}: {entry['msgid']!r}"


def test_the_english_catalogue_has_hundreds_of_entries(catalogue):
    assert len(catalogue) > 1000
    assert sum(1 for e in catalogue if "msgid_plural" in e) > 10


def test_every_msgid_in_the_english_catalogue_is_translated_and_none_is_fuzzy(catalogue):
    untranslated = [_where(e) for e in catalogue
                    if not e["msgstr"] or any(not text.strip() for text in e["msgstr"].values())
                    or ("msgid_plural" in e and len(e["msgstr"]) != 2)]
    fuzzy = [_where(e) for e in catalogue if "fuzzy" in e["flags"]]
    assert untranslated == [], "untranslated: run makemessages -l en, translate, compilemessages"
    assert fuzzy == []


PLACEHOLDER = re.compile(r"%\(\w+\)[-#0 +]*\d*(?:\.\d+)?[sdifr]|%%|</?[a-z]+[^>]*>")


def test_every_translation_keeps_the_placeholders_and_html_tags_of_its_msgid(catalogue):
    broken = []
    for e in catalogue:
        sources = [e["msgid"], e.get("msgid_plural", e["msgid"])]
        for index, text in e["msgstr"].items():
            source = sources[min(index, 1)]
            if sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(text)):
                broken.append(f"{_where(e)} -> {text!r}")
    assert broken == []


def test_the_committed_mo_file_is_compiled_from_the_current_po_file(catalogue):
    with MO_FILE.open("rb") as handle:
        mo = gettext.GNUTranslations(handle)
    stale = []
    for e in catalogue:
        key = f"{e['msgctxt']}\x04{e['msgid']}" if "msgctxt" in e else e["msgid"]
        if "msgid_plural" in e:
            compiled = [mo._catalog.get((key, i)) for i in range(2)]
            expected = [e["msgstr"][0], e["msgstr"][1]]
        else:
            compiled, expected = mo._catalog.get(key), e["msgstr"][0]
        if compiled != expected:
            stale.append(_where(e))
    assert stale == [], "django.mo is stale: run manage.py compilemessages --ignore=.venv"


# --- the pages ------------------------------------------------------------------------------------------------------

def choose_language(client, code: str):
    response = client.post(reverse("set_language"), {"language": code, "next": "/"})
    assert response.status_code == 302
    return client


def page_text(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def assert_speaks(content: str, english: list[str], indonesian: list[str]):
    for phrase in english:
        assert phrase in content, f"missing English {phrase!r}"
    for phrase in indonesian:
        assert phrase not in content, f"Indonesian {phrase!r} still shown"


def test_the_portal_speaks_indonesian_until_someone_chooses_english(client, db):  # the page names the institution
    content = page_text(client, reverse("login"))

    assert '<html lang="id">' in content
    assert "Masuk ke Portal Agen Perubahan" in content


def test_an_anonymous_visitor_who_chooses_english_gets_an_english_login_page(client, db):
    content = page_text(choose_language(client, "en"), reverse("login"))

    assert '<html lang="en">' in content
    assert_speaks(content,
                  ["Log in to the Change Agent Portal", "Forgot your password?", "Skip to main content", "Language"],
                  ["Masuk ke Portal Agen Perubahan", "Lupa kata sandi?", "Lompat ke konten utama", "Bahasa<"])


def test_tim_rb_who_chooses_english_is_welcomed_in_english_on_the_home_page(login, tim_rb):
    content = page_text(choose_language(login(tim_rb), "en"), reverse("home"))

    assert_speaks(content,
                  ["Welcome, ", "Your roles: Reform Team (Tim RB)", "Log out", "Dashboards",
                   "Nominations awaiting decision"],
                  ["Selamat datang", "Peran Anda", "Keluar", "Dasbor", "Nominasi menunggu keputusan"])


def test_a_change_agent_has_the_singular_role_label_in_english(login, agen_diskominfo):
    content = page_text(choose_language(login(agen_diskominfo), "en"), reverse("home"))

    assert "Your roles: Change agent<" in content
    assert "My action plans" in content


MAIN_PAGES = [
    ("operator_diskominfo", "organization:employee_list",
     ["Employees (ASN)", "Import from SIMPEG", "Add employee", "Search name or NIP"],
     ["Pegawai (ASN)", "Impor dari SIMPEG", "Tambah pegawai", "Cari nama atau NIP"]),
    ("operator_diskominfo", "agents:nomination_list",
     ["Change agent nominations", "Nominate candidate", "All statuses", "No matching nominations."],
     ["Nominasi agen perubahan", "Usulkan calon", "Semua status", "Belum ada nominasi yang cocok."]),
    ("tim_rb", "agents:index",
     ["Agent registry", "Action plans", "Nominations awaiting decision"],
     ["Daftar agen", "Rencana aksi", "Nominasi menunggu keputusan"]),
    ("agen_diskominfo", "forums:index",
     ["Change agent forums", "All forums", "My topics", "Search the forums"],
     ["Forum agen perubahan", "Semua forum", "Topik saya", "Cari di forum"]),
    ("pegawai_diskominfo", "evaluations:index",
     ["My assessments", "Awaiting your assessment", "No assessments are waiting for you."],
     ["Penilaian saya", "Menunggu penilaian Anda", "Tidak ada penilaian yang menunggu Anda."]),
    ("sekda", "dashboards:index",
     ["Kota Bandung dashboard", "Key figures", "Download Excel", "How the figures are calculated"],
     ["Dasbor Kota Bandung", "Angka utama", "Unduh Excel", "Cara angka dihitung"]),
]


@pytest.mark.parametrize(("who", "url_name", "english", "indonesian"), MAIN_PAGES,
                         ids=[url for _who, url, _en, _id in MAIN_PAGES])
def test_the_main_page_of_each_app_is_in_english_after_switching(request, db, login, who, url_name, english,
                                                                  indonesian):
    # ``db`` is named here so that pytest-django runs this test with the other database tests (before the
    # transactional ones, which empty the database): the user fixture is only looked up by name below.
    user = request.getfixturevalue(who)
    content = page_text(choose_language(login(user), "en"), reverse(url_name))

    assert '<html lang="en">' in content
    assert_speaks(content, english, indonesian)


def test_switching_back_to_indonesian_restores_the_indonesian_interface(login, operator_diskominfo):
    client = choose_language(login(operator_diskominfo), "en")
    assert "Import from SIMPEG" in page_text(client, reverse("organization:employee_list"))

    content = page_text(choose_language(client, "id"), reverse("organization:employee_list"))

    assert_speaks(content, ["Impor dari SIMPEG", "Tambah pegawai"], ["Import from SIMPEG", "Add employee"])


def test_an_simpeg_file_is_read_with_indonesian_labels_even_while_english_is_active():
    from django.utils import translation

    from organization.importing import columns
    from organization.models import PositionLevel, SkpPredikat

    with translation.override("en"):
        assert str(SkpPredikat.SANGAT_BAIK.label) == "Excellent"
        assert columns._file_label(SkpPredikat.SANGAT_BAIK.label) == "Sangat Baik"
        assert columns._choices(PositionLevel.choices)["Ahli Pertama"] == PositionLevel.choices[0][0]
        assert columns.parse_skp("Sangat Baik") == SkpPredikat.SANGAT_BAIK
