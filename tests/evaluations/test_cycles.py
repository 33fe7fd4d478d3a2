"""Cycle lifecycle draft → open → closed → published, the cycle form, and the permission rules."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluations import permissions
from evaluations.models import Cycle, CycleRaterGroup, RaterGroup

from .conftest import new_cycle


def test_tim_rb_walks_a_cycle_through_its_lifecycle(api, tim_rb, instrument_360, agen_diskominfo):
    client = api(tim_rb)
    today = timezone.localdate()
    created = client.post("/api/v1/cycles/", {
        "name": "Penilaian 360° uji", "instrument": instrument_360.pk, "opens_on": today.isoformat(),
        "closes_on": (today + dt.timedelta(days=7)).isoformat(),
        "rater_groups": [{"group": "peer", "min_count": 4}],
    }, format="json")
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    groups = {g["group"]: g for g in created.json()["rater_groups"]}
    assert groups["peer"]["min_count"] == 4 and created.json()["anonymity_threshold"] == 3
    # Wrong order is refused.
    assert client.post(f"/api/v1/cycles/{pk}/publish/").status_code == 403
    assert client.post(f"/api/v1/cycles/{pk}/open/").json()["status"] == "open"
    assert client.patch(f"/api/v1/cycles/{pk}/", {"name": "Nama lain"}, format="json").status_code == 400
    assert client.post(f"/api/v1/cycles/{pk}/close/").json()["status"] == "closed"
    assert client.post(f"/api/v1/cycles/{pk}/publish/").json()["status"] == "published"
    cycle = Cycle.objects.get(pk=pk)
    assert cycle.opened_at and cycle.closed_at and cycle.published_at
    assert cycle.history.count() >= 4                       # audit trail of every transition


def test_dates_in_the_wrong_order_are_a_field_error(api, tim_rb, instrument_360):
    today = timezone.localdate()
    response = api(tim_rb).post("/api/v1/cycles/", {
        "name": "Salah", "instrument": instrument_360.pk, "opens_on": today.isoformat(),
        "closes_on": (today - dt.timedelta(days=1)).isoformat()}, format="json")
    assert response.status_code == 400
    assert "closes_on" in response.json()


def test_choosing_agencies_mode_without_agencies_is_a_field_error(api, tim_rb, instrument_360):
    today = timezone.localdate()
    response = api(tim_rb).post("/api/v1/cycles/", {
        "name": "Tanpa PD", "instrument": instrument_360.pk, "opens_on": today.isoformat(),
        "closes_on": today.isoformat(), "subject_mode": "agencies"}, format="json")
    assert response.status_code == 400
    assert "agencies" in response.json()


def test_a_survey_cycle_starts_with_self_as_the_only_rater_group(tim_rb, survey_instrument, diskominfo):
    cycle = new_cycle(tim_rb, survey_instrument, subject_mode="agencies", agencies=[diskominfo])
    enabled = set(CycleRaterGroup.objects.filter(cycle=cycle, enabled=True).values_list("group", flat=True))
    assert enabled == {RaterGroup.SELF}


def test_an_agency_id_beyond_64_bits_is_an_unknown_choice_not_a_server_error(login, tim_rb, instrument_360):
    today = timezone.localdate()
    response = login(tim_rb).post(reverse("evaluations:cycle_create"), {
        "name": "Siklus uji", "instrument": instrument_360.pk, "opens_on": today.isoformat(),
        "closes_on": (today + dt.timedelta(days=10)).isoformat(), "subject_mode": "agencies",
        "agencies": ["9223372036854775808"], "anonymity_threshold": 3, "band_a": 75, "band_b": 50, "band_c": 25})
    assert response.status_code == 200 and "agencies" in response.context["form"].errors
    assert not Cycle.objects.filter(name="Siklus uji").exists()


def test_the_cycle_form_saves_settings_and_rater_groups(login, tim_rb, instrument_360):
    client = login(tim_rb)
    today = timezone.localdate()
    response = client.post(reverse("evaluations:cycle_create"), {
        "name": "Siklus dari formulir", "instrument": instrument_360.pk, "opens_on": today.isoformat(),
        "closes_on": (today + dt.timedelta(days=10)).isoformat(), "subject_mode": "agents",
        "anonymity_threshold": 4, "band_a": 80, "band_b": 65, "band_c": 40})
    assert response.status_code == 302
    cycle = Cycle.objects.get(name="Siklus dari formulir")
    data = {"name": cycle.name, "instrument": instrument_360.pk, "opens_on": today.isoformat(),
            "closes_on": (today + dt.timedelta(days=10)).isoformat(), "subject_mode": "agents",
            "anonymity_threshold": 4, "band_a": 80, "band_b": 65, "band_c": 40}
    for g in RaterGroup:
        data.update({f"{g.value}-enabled": "on", f"{g.value}-weight": 25, f"{g.value}-min_count": 3})
    del data["self-enabled"]
    assert client.post(reverse("evaluations:cycle_edit", args=[cycle.pk]), data).status_code == 302
    assert not CycleRaterGroup.objects.get(cycle=cycle, group="self").enabled
    assert cycle.bands == (80.0, 65.0, 40.0)


def test_bands_must_decrease(login, tim_rb, instrument_360):
    today = timezone.localdate()
    response = login(tim_rb).post(reverse("evaluations:cycle_create"), {
        "name": "Kategori salah", "instrument": instrument_360.pk, "opens_on": today.isoformat(),
        "closes_on": today.isoformat(), "subject_mode": "agents", "anonymity_threshold": 3,
        "band_a": 50, "band_b": 60, "band_c": 25})
    assert response.status_code == 200
    assert "band_a" in response.context["form"].errors


def test_a_threshold_below_two_is_refused(api, tim_rb, instrument_360):
    today = timezone.localdate()
    response = api(tim_rb).post("/api/v1/cycles/", {
        "name": "Ambang 1", "instrument": instrument_360.pk, "opens_on": today.isoformat(),
        "closes_on": today.isoformat(), "anonymity_threshold": 1}, format="json")
    assert response.status_code == 400


def test_the_pages_walk_the_lifecycle(login, tim_rb, instrument_360, agen_diskominfo):
    cycle = new_cycle(tim_rb, instrument_360)
    client = login(tim_rb)
    assert client.get(reverse("evaluations:cycle_detail", args=[cycle.pk])).status_code == 200
    for action, status in [("cycle_open", "open"), ("cycle_close", "closed"), ("cycle_publish", "published")]:
        assert client.post(reverse(f"evaluations:{action}", args=[cycle.pk])).status_code == 302
        cycle.refresh_from_db()
        assert cycle.status == status
    assert client.post(reverse("evaluations:cycle_open", args=[cycle.pk])).status_code == 403


# --- permission rules: each allows and denies ----------------------------------------------------------------

def test_only_tim_rb_manages_cycles(tim_rb, sekda, operator_diskominfo, pegawai_diskominfo):
    assert permissions.can_manage_cycles(tim_rb)
    assert not any(permissions.can_manage_cycles(u) for u in (sekda, operator_diskominfo, pegawai_diskominfo))


def test_transitions_are_allowed_only_from_the_right_status(tim_rb, sekda, instrument_360):
    cycle = new_cycle(tim_rb, instrument_360)
    assert permissions.can_open_cycle(tim_rb, cycle) and not permissions.can_close_cycle(tim_rb, cycle)
    assert not permissions.can_open_cycle(sekda, cycle)
    cycle.status = Cycle.Status.OPEN
    assert permissions.can_close_cycle(tim_rb, cycle) and not permissions.can_publish_cycle(tim_rb, cycle)
    assert not permissions.can_adjust_assignments(tim_rb, cycle)
    cycle.status = Cycle.Status.CLOSED
    assert permissions.can_publish_cycle(tim_rb, cycle) and not permissions.can_publish_cycle(sekda, cycle)


def test_drafts_are_visible_to_tim_rb_only(login, tim_rb, sekda, kepala_diskominfo, pegawai_diskominfo, instrument_360):
    cycle = new_cycle(tim_rb, instrument_360)
    assert cycle in permissions.visible_cycles(tim_rb)
    assert cycle not in permissions.visible_cycles(sekda)
    assert login(kepala_diskominfo).get(reverse("evaluations:cycle_detail", args=[cycle.pk])).status_code == 404
    assert login(pegawai_diskominfo).get(reverse("evaluations:cycle_list")).status_code == 403


@pytest.mark.parametrize("who,allowed", [("tim_rb", True), ("sekda", True), ("kepala_diskominfo", True),
                                         ("operator_diskominfo", True), ("agen_diskominfo", False),
                                         ("pegawai_diskominfo", False)])
def test_who_may_list_cycles(db, request, who, allowed):
    assert permissions.can_list_cycles(request.getfixturevalue(who)) is allowed


def test_scores_exist_only_after_the_close_for_tim_rb_and_after_publication_for_readers(tim_rb, sekda,
                                                                                         instrument_360):
    cycle = new_cycle(tim_rb, instrument_360, status=Cycle.Status.OPEN)
    assert not permissions.can_view_scores(tim_rb, cycle) and not permissions.can_view_scores(sekda, cycle)
    cycle.status = Cycle.Status.CLOSED
    assert permissions.can_view_scores(tim_rb, cycle) and not permissions.can_view_scores(sekda, cycle)
    cycle.status = Cycle.Status.PUBLISHED
    assert permissions.can_view_scores(sekda, cycle)


def test_every_tim_rb_page_renders(login, tim_rb, instrument_360, agen_diskominfo, pegawai_diskominfo):
    from .conftest import answer_all, assign

    cycle = new_cycle(tim_rb, instrument_360)
    client = login(tim_rb)
    item = instrument_360.dimensions.first().items.first()
    for name, args in [("cycle_create", []), ("cycle_edit", [cycle.pk]), ("cycle_assignments", [cycle.pk]),
                       ("instrument_create", []), ("instrument_detail", [instrument_360.pk]),
                       ("instrument_edit", [instrument_360.pk]), ("item_create", [instrument_360.pk]),
                       ("item_edit", [instrument_360.pk, item.pk]), ("dimension_create", [instrument_360.pk]),
                       ("index", [])]:
        assert client.get(reverse(f"evaluations:{name}", args=args)).status_code == 200, name
    Cycle.objects.filter(pk=cycle.pk).update(status=Cycle.Status.CLOSED)
    subject = agen_diskominfo.employee
    answer_all(assign(cycle, subject, subject, "self"), 3)
    answer_all(assign(cycle, subject, pegawai_diskominfo.employee, "peer"), 4, comment="Baik.")
    page = client.get(reverse("evaluations:subject_result", args=[cycle.pk, subject.pk]))
    assert page.status_code == 200
    # A single peer is below the threshold: their comment is never shown, nor offered for release.
    assert "Baik." not in page.content.decode()
    assert "Baik." not in client.get(reverse("evaluations:cycle_comments", args=[cycle.pk])).content.decode()
    assert client.get(reverse("evaluations:results", args=[cycle.pk])).status_code == 200


def test_the_api_schema_includes_the_evaluation_endpoints(api, tim_rb):
    schema = api(tim_rb).get("/api/schema/").content.decode()
    for path in ("/api/v1/cycles/{id}/open/", "/api/v1/cycles/{id}/results/", "/api/v1/assignments/{id}/response/",
                 "/api/v1/instruments/"):
        assert path in schema


def test_a_cycle_search_with_a_null_character_is_an_ordinary_search(api, tim_rb):
    # NUL characters are dropped from the query string before views read them (StripNullCharactersMiddleware).
    response = api(tim_rb).get("/api/v1/cycles/", {"search": "\x00"})
    assert response.status_code == 200 and "results" in response.json()
