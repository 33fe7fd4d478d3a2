"""Instruments: the two defaults, versions frozen once a cycle uses them, editing makes a new version."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from evaluations import services
from evaluations.defaults import BEHAVIOUR_360_CODE, CULTURE_SURVEY_CODE, ensure_default_instruments
from evaluations.models import Dimension, Instrument, Item

from .conftest import new_cycle

BERAKHLAK = ["berorientasi-pelayanan", "akuntabel", "kompeten", "harmonis", "loyal", "adaptif", "kolaboratif"]


def items_per_dimension(instrument):
    return {d.code: d.items.count() for d in instrument.dimensions.all()}


def test_the_360_instrument_has_three_behaviours_for_each_of_the_seven_values(instrument_360):
    assert items_per_dimension(instrument_360) == dict.fromkeys(BERAKHLAK, 3)
    assert len(instrument_360.scale_labels) == 5


def test_the_culture_survey_has_the_21_statements_and_leadership_and_system_blocks(survey_instrument):
    counts = items_per_dimension(survey_instrument)
    assert sum(counts[c] for c in BERAKHLAK) == 21
    assert counts["kepemimpinan"] == 8 and counts["sistem"] == 10
    statements = Item.objects.filter(dimension__instrument=survey_instrument, dimension__code__in=BERAKHLAK)
    assert all(i.text.startswith("Pegawai") for i in statements)
    assert Item.objects.filter(dimension__instrument=survey_instrument, reverse_scored=True).count() == 2


def test_seeding_the_defaults_twice_changes_nothing(db):
    ensure_default_instruments()
    before = (Instrument.objects.count(), Item.objects.count())
    call_command("seed_instruments")
    assert (Instrument.objects.count(), Item.objects.count()) == before
    assert set(Instrument.objects.values_list("code", flat=True)) >= {BEHAVIOUR_360_CODE, CULTURE_SURVEY_CODE}


def test_a_cycle_freezes_its_instrument_and_editing_makes_a_new_version(tim_rb, instrument_360):
    cycle = new_cycle(tim_rb, instrument_360)
    instrument_360.refresh_from_db()
    assert instrument_360.is_frozen
    item = Item.objects.filter(dimension__instrument=instrument_360).order_by("pk")[4]
    saved = services.item_save(instrument=instrument_360, by=tim_rb, item=item, dimension=item.dimension,
                               text="Teks baru", rater_groups=["self", "peer"])
    new = saved.dimension.instrument
    assert new.version == 2 and new.code == instrument_360.code and not new.is_frozen
    item.refresh_from_db()
    assert item.text != "Teks baru"                      # version 1 is untouched
    cycle.refresh_from_db()
    assert cycle.instrument_id == instrument_360.pk
    assert Item.objects.filter(dimension__instrument=new).count() == 21
    # Further edits go to the unfrozen version 2 itself.
    again = services.instrument_update(instrument=new, by=tim_rb, name="Nama baru")
    assert again.pk == new.pk


def test_the_edit_page_saves_a_frozen_instrument_as_a_new_version(login, tim_rb, instrument_360):
    new_cycle(tim_rb, instrument_360)
    client = login(tim_rb)
    response = client.post(reverse("evaluations:instrument_edit", args=[instrument_360.pk]), {
        "name": "Penilaian Perilaku 2027", "description": "", "kind": "360", "scale_max": 4,
        "scale_labels": "Tidak pernah\nJarang\nSering\nSelalu",
    })
    new = Instrument.objects.get(code=instrument_360.code, version=2)
    assert response.status_code == 302 and response.url == reverse("evaluations:instrument_detail", args=[new.pk])
    assert new.scale_max == 4 and new.name == "Penilaian Perilaku 2027"
    instrument_360.refresh_from_db()
    assert instrument_360.scale_max == 5


def test_scale_labels_must_match_the_scale(login, tim_rb, instrument_360):
    response = login(tim_rb).post(reverse("evaluations:instrument_edit", args=[instrument_360.pk]), {
        "name": "X", "kind": "360", "scale_max": 5, "scale_labels": "satu\ndua",
    })
    assert response.status_code == 200
    assert "tepat 5 label" in str(response.context["form"].errors["scale_labels"])


def test_tim_rb_adds_a_dimension_and_an_item_on_the_pages(login, tim_rb):
    client = login(tim_rb)
    client.post(reverse("evaluations:instrument_create"), {
        "code": "uji-baru", "name": "Instrumen uji", "kind": "360", "scale_max": 4, "scale_labels": "a\nb\nc\nd"})
    instrument = Instrument.objects.get(code="uji-baru")
    client.post(reverse("evaluations:dimension_create", args=[instrument.pk]),
                {"code": "kepemimpinan", "name": "Kepemimpinan", "kind": "block", "order": 1})
    dim = Dimension.objects.get(instrument=instrument)
    response = client.post(reverse("evaluations:item_create", args=[instrument.pk]), {
        "dimension": dim.pk, "text": "Memberi umpan balik.", "rater_groups": ["subordinate"], "reverse_scored": "on"})
    assert response.status_code == 302
    item = Item.objects.get(dimension=dim)
    assert item.rater_groups == ["subordinate"] and item.reverse_scored
    page = client.get(reverse("evaluations:instrument_detail", args=[instrument.pk]))
    assert "Memberi umpan balik." in page.content.decode()


def test_deleting_an_item_of_a_draft_instrument_removes_it(login, tim_rb):
    client = login(tim_rb)
    instrument = services.instrument_create(by=tim_rb, code="uji-hapus", name="Instrumen uji", scale_max=4,
                                            scale_labels=["a", "b", "c", "d"])
    dim = services.dimension_save(instrument=instrument, by=tim_rb, code="k", name="Kepemimpinan")
    keep, gone = (services.item_save(instrument=instrument, by=tim_rb, dimension=dim, text=t, rater_groups=["self"])
                  for t in ("Tetap.", "Dihapus."))
    response = client.post(reverse("evaluations:item_delete", args=[instrument.pk, gone.pk]))
    assert response.status_code == 302 and response.url == reverse("evaluations:instrument_detail", args=[instrument.pk])
    assert list(Item.objects.filter(dimension__instrument=instrument)) == [keep]


def test_deleting_an_item_of_a_frozen_instrument_deletes_it_in_a_new_version(login, tim_rb, instrument_360):
    new_cycle(tim_rb, instrument_360)
    item = Item.objects.filter(dimension__instrument=instrument_360).order_by("pk")[2]
    response = login(tim_rb).post(reverse("evaluations:item_delete", args=[instrument_360.pk, item.pk]))
    new = Instrument.objects.get(code=instrument_360.code, version=2)
    assert response.status_code == 302 and response.url == reverse("evaluations:instrument_detail", args=[new.pk])
    assert Item.objects.filter(dimension__instrument=new).count() == 20
    assert not Item.objects.filter(dimension__instrument=new, text=item.text).exists()
    assert Item.objects.filter(dimension__instrument=instrument_360).count() == 21      # version 1 is untouched


def test_an_item_needs_a_rater_group(login, tim_rb, instrument_360):
    dim = instrument_360.dimensions.first()
    response = login(tim_rb).post(reverse("evaluations:item_create", args=[instrument_360.pk]),
                                  {"dimension": dim.pk, "text": "Tanpa kelompok"})
    assert response.status_code == 200
    assert "rater_groups" in response.context["form"].errors


@pytest.mark.parametrize("who", ["operator_diskominfo", "sekda", "pegawai_diskominfo"])
def test_only_tim_rb_manages_instruments(request, login, api, who, instrument_360):
    user = request.getfixturevalue(who)
    assert login(user).get(reverse("evaluations:instrument_list")).status_code == 403
    assert api(user).get("/api/v1/instruments/").json()["count"] == 0
    assert api(user).post("/api/v1/instruments/", {"code": "x", "name": "X", "scale_max": 4,
                                                   "scale_labels": ["a", "b", "c", "d"]}, format="json").status_code == 403


def test_the_api_creates_an_instrument_with_its_content(api, tim_rb):
    response = api(tim_rb).post("/api/v1/instruments/", {
        "code": "survei-mini", "name": "Survei mini", "kind": "survey", "scale_max": 4,
        "scale_labels": ["Sangat tidak setuju", "Tidak setuju", "Setuju", "Sangat setuju"],
        "dimensions": [{"code": "sistem", "name": "Sistem", "kind": "block"}],
        "new_items": [{"dimension": "sistem", "text": "SOP mudah dipahami.", "rater_groups": ["self"]},
                      {"dimension": "sistem", "text": "Pelanggaran dibiarkan.", "rater_groups": ["self"],
                       "reverse_scored": True}],
    }, format="json")
    assert response.status_code == 201, response.json()
    data = response.json()
    assert [i["text"] for i in data["items"]] == ["SOP mudah dipahami.", "Pelanggaran dibiarkan."]
    assert data["scale"]["max"] == 4


def test_the_api_answers_a_frozen_instrument_change_with_the_new_version(api, tim_rb, instrument_360):
    new_cycle(tim_rb, instrument_360)
    response = api(tim_rb).patch(f"/api/v1/instruments/{instrument_360.pk}/", {"name": "Versi baru"}, format="json")
    assert response.status_code == 200
    assert response.json()["version"] == 2 and response.json()["id"] != instrument_360.pk


def test_the_api_rejects_scale_labels_of_the_wrong_length(api, tim_rb):
    response = api(tim_rb).post("/api/v1/instruments/", {"code": "x", "name": "X", "scale_max": 5,
                                                        "scale_labels": ["a"]}, format="json")
    assert response.status_code == 400
    assert "scale_labels" in response.json()
