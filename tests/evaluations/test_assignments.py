"""Opening assigns raters from the organisation data; Tim RB reviews and adjusts them before opening."""

import pytest
from django.urls import reverse

from evaluations import services
from evaluations.models import Assignment, Cycle, RaterGroup
from organization.models import Agency, Role

from .conftest import make_employee, make_user, new_cycle

SELF, SUP, PEER, SUB = (g.value for g in RaterGroup)


@pytest.fixture
def small_org(db):
    """Dinas Uji: a head (no sub-unit); Bidang A with its head M and six pelaksana + one fungsional; Bidang B."""
    dinas = Agency.objects.create(code="UJI", name="Dinas Uji", abbreviation="Uji", kind="dinas")
    bid_a = Agency.objects.create(code="UJI-A", name="Bidang A", kind="bidang", parent=dinas)
    bid_b = Agency.objects.create(code="UJI-B", name="Bidang B", kind="bidang", parent=dinas)
    head = make_employee(dinas, position_type="jpt_pratama", name="Kepala Dinas Uji")
    m = make_employee(dinas, unit=bid_a, superior=head, position_type="administrator", name="Kabid A")
    staff = [make_employee(dinas, unit=bid_a, superior=m, name=f"Staf A{i}") for i in range(1, 7)]
    fungsional = make_employee(dinas, unit=bid_a, superior=m, position_type="fungsional_keahlian", name="Pranata A")
    other_unit = make_employee(dinas, unit=bid_b, superior=head, name="Staf B1")
    leaver = make_employee(dinas, unit=bid_a, superior=m, name="Staf A pensiun")
    leaver.is_active = False
    leaver.save()
    return {"dinas": dinas, "head": head, "m": m, "staff": staff, "fungsional": fungsional, "other": other_unit,
            "leaver": leaver}


def rows(cycle, subject):
    return sorted(Assignment.objects.filter(cycle=cycle, subject=subject).values_list("group", "rater_id"))


def test_raters_come_from_the_org_tree(tim_rb, instrument_360, small_org):
    org = small_org
    cycle = new_cycle(tim_rb, instrument_360, subject_mode=Cycle.SubjectMode.AGENCIES, agencies=[org["dinas"]])
    services.assignments_generate(cycle=cycle, by=tim_rb)
    a1 = org["staff"][0]
    got = rows(cycle, a1)
    assert (SELF, a1.pk) in got
    assert (SUP, org["m"].pk) in got
    peers = [r for g, r in got if g == PEER]
    # Three peers, all from Bidang A with the same position type; never the fungsional, Bidang B or the leaver.
    assert len(peers) == 3
    assert set(peers) <= {s.pk for s in org["staff"][1:]}
    assert not [g for g, _r in got if g == SUB]
    # The head of Bidang A is rated by all its active subordinates, and by the head of the agency.
    got_m = rows(cycle, org["m"])
    assert {r for g, r in got_m if g == SUB} == {s.pk for s in org["staff"]} | {org["fungsional"].pk}
    assert (SUP, org["head"].pk) in got_m
    # The head has no sub-unit: peers come from the whole agency with the same position type (there are none).
    assert not [g for g, _r in rows(cycle, org["head"]) if g == PEER]
    assert not Assignment.objects.filter(cycle=cycle, subject=org["leaver"]).exists()
    assert not Assignment.objects.filter(cycle=cycle, rater=org["leaver"]).exists()


def test_peer_choice_is_deterministic(tim_rb, instrument_360, small_org):
    cycle = new_cycle(tim_rb, instrument_360, subject_mode=Cycle.SubjectMode.AGENCIES, agencies=[small_org["dinas"]])
    services.assignments_generate(cycle=cycle, by=tim_rb)
    first = sorted(Assignment.objects.filter(cycle=cycle).values_list("subject_id", "rater_id", "group"))
    services.assignments_generate(cycle=cycle, by=tim_rb)
    assert sorted(Assignment.objects.filter(cycle=cycle).values_list("subject_id", "rater_id", "group")) == first


def test_the_peer_count_follows_the_cycle_setting(tim_rb, instrument_360, small_org):
    cycle = new_cycle(tim_rb, instrument_360, subject_mode=Cycle.SubjectMode.AGENCIES, agencies=[small_org["dinas"]],
                      groups={PEER: {"min_count": 5}, SELF: {"enabled": False}})
    services.assignments_generate(cycle=cycle, by=tim_rb)
    got = rows(cycle, small_org["staff"][0])
    assert len([g for g, _r in got if g == PEER]) == 5
    assert not [g for g, _r in got if g == SELF]


def test_agents_mode_rates_users_with_an_active_agent_or_role_model_role(tim_rb, instrument_360, small_org):
    org = small_org
    make_user(org["staff"][0], roles=[(Role.AGEN, org["dinas"])])
    make_user(org["m"], roles=[(Role.ROLE_MODEL, org["dinas"])])
    ended = make_user(org["staff"][1], roles=[(Role.AGEN, org["dinas"])])
    ended.roles.update(is_active=False)
    cycle = new_cycle(tim_rb, instrument_360)
    services.assignments_generate(cycle=cycle, by=tim_rb)
    subjects = set(Assignment.objects.filter(cycle=cycle).values_list("subject_id", flat=True))
    assert {org["staff"][0].pk, org["m"].pk} <= subjects
    assert org["staff"][1].pk not in subjects


def test_tim_rb_adds_and_removes_raters_before_opening(login, tim_rb, instrument_360, small_org):
    org = small_org
    cycle = new_cycle(tim_rb, instrument_360, subject_mode=Cycle.SubjectMode.AGENCIES, agencies=[org["dinas"]])
    client = login(tim_rb)
    client.post(reverse("evaluations:assignments_generate", args=[cycle.pk]))
    response = client.post(reverse("evaluations:cycle_assignments", args=[cycle.pk]),
                           {"subject": org["staff"][0].nip, "rater": org["other"].nip, "group": PEER})
    assert response.status_code == 302
    added = Assignment.objects.get(cycle=cycle, subject=org["staff"][0], rater=org["other"])
    assert added.is_manual
    # Rebuilding keeps manual additions.
    client.post(reverse("evaluations:assignments_generate", args=[cycle.pk]))
    assert Assignment.objects.filter(pk=added.pk).exists()
    client.post(reverse("evaluations:assignment_remove", args=[cycle.pk, added.pk]))
    assert not Assignment.objects.filter(pk=added.pk).exists()


def test_adding_the_same_rater_twice_is_a_field_error(login, tim_rb, instrument_360, small_org):
    org = small_org
    cycle = new_cycle(tim_rb, instrument_360, subject_mode=Cycle.SubjectMode.AGENCIES, agencies=[org["dinas"]])
    services.assignments_generate(cycle=cycle, by=tim_rb)
    response = login(tim_rb).post(reverse("evaluations:cycle_assignments", args=[cycle.pk]),
                                  {"subject": org["staff"][0].nip, "rater": org["m"].nip, "group": PEER})
    assert response.status_code == 400
    assert "sudah menjadi penilai" in str(response.context["form"].errors["rater"])


def test_an_unknown_nip_is_a_field_error(login, tim_rb, instrument_360, small_org):
    cycle = new_cycle(tim_rb, instrument_360, subject_mode=Cycle.SubjectMode.AGENCIES, agencies=[small_org["dinas"]])
    response = login(tim_rb).post(reverse("evaluations:cycle_assignments", args=[cycle.pk]),
                                  {"subject": "123", "rater": small_org["m"].nip, "group": PEER})
    assert response.status_code == 400
    assert "tidak ditemukan" in str(response.context["form"].errors["subject"])


def test_raters_cannot_be_changed_after_opening(api, tim_rb, instrument_360, small_org):
    org = small_org
    cycle = new_cycle(tim_rb, instrument_360, subject_mode=Cycle.SubjectMode.AGENCIES, agencies=[org["dinas"]])
    assert api(tim_rb).post(f"/api/v1/cycles/{cycle.pk}/open/").status_code == 200
    response = api(tim_rb).post(f"/api/v1/cycles/{cycle.pk}/assignments/",
                                {"subject": org["staff"][0].pk, "rater": org["other"].pk, "group": PEER})
    assert response.status_code == 403
    some = Assignment.objects.filter(cycle=cycle).first()
    assert api(tim_rb).delete(f"/api/v1/cycles/{cycle.pk}/assignments/{some.pk}/").status_code == 403


def test_opening_without_a_review_builds_the_assignments(api, tim_rb, instrument_360, small_org):
    cycle = new_cycle(tim_rb, instrument_360, subject_mode=Cycle.SubjectMode.AGENCIES, agencies=[small_org["dinas"]])
    response = api(tim_rb).post(f"/api/v1/cycles/{cycle.pk}/open/")
    assert response.status_code == 200
    assert response.json()["status"] == "open"
    assert Assignment.objects.filter(cycle=cycle).count() > 10


def test_the_review_page_lists_subjects_short_of_peers(login, tim_rb, instrument_360, small_org):
    cycle = new_cycle(tim_rb, instrument_360, subject_mode=Cycle.SubjectMode.AGENCIES, agencies=[small_org["dinas"]])
    services.assignments_generate(cycle=cycle, by=tim_rb)
    response = login(tim_rb).get(reverse("evaluations:cycle_assignments", args=[cycle.pk]))
    assert response.status_code == 200
    names = [s["name"] for s in response.context["review"]["shortfalls"]]
    assert "Kepala Dinas Uji" in names      # no peers of the same position type
    assert "Staf A1" not in names


def test_the_api_review_lists_assignments_for_tim_rb_only(api, tim_rb, operator_diskominfo, instrument_360, small_org):
    cycle = new_cycle(tim_rb, instrument_360, subject_mode=Cycle.SubjectMode.AGENCIES, agencies=[small_org["dinas"]])
    services.assignments_generate(cycle=cycle, by=tim_rb)
    response = api(tim_rb).get(f"/api/v1/cycles/{cycle.pk}/assignments/")
    assert response.status_code == 200
    assert response.json()["count"] == Assignment.objects.filter(cycle=cycle).count()
    # A draft is not even visible to an operator.
    assert api(operator_diskominfo).get(f"/api/v1/cycles/{cycle.pk}/assignments/").status_code == 404
