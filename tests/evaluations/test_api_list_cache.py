"""The cached answers of ``/api/v1/assignments/`` and ``/api/v1/cycles/`` (issue 19,
``agenperubahan.api_base.CachedListMixin``): a write (a service, an API call, a bulk ``QuerySet.update()``) shows on
the next request; a rater's list is theirs alone (keyed by the person: nothing about who rates whom reaches anyone
else), and readers of different scope never get each other's cycles or counts, whoever was answered first; the
lists run the same queries with little and with more data."""

from __future__ import annotations

import pytest

from agenperubahan import data_versions, fragments
from evaluations.models import Cycle, RaterGroup
from organization.models import Employee

from ..api_rows import queries, rows
from .conftest import answer_all, assign, make_employee, make_user, new_cycle
from .test_results import two_agency_cycle  # noqa: F401  (a fixture)

pytestmark = pytest.mark.django_db

ASSIGNMENTS = "/api/v1/assignments/"
CYCLES = "/api/v1/cycles/"
PEER = RaterGroup.PEER


@pytest.fixture
def open_cycle(tim_rb, instrument_360):
    return new_cycle(tim_rb, instrument_360, name="Siklus berjalan", status=Cycle.Status.OPEN)


# --- my assignments ---------------------------------------------------------------------------------------------

def test_a_new_assignment_and_a_submission_show_on_the_next_answer(api, pegawai_diskominfo, open_cycle, diskominfo):
    client = api(pegawai_diskominfo)
    assert rows(client.get(ASSIGNMENTS)) == {}
    subject = make_employee(diskominfo)
    assignment = assign(open_cycle, subject, pegawai_diskominfo.employee, PEER)
    assert set(rows(client.get(ASSIGNMENTS))) == {assignment.pk}
    items = client.get(f"{ASSIGNMENTS}{assignment.pk}/").json()["items"]
    answers = [{"item": i["id"], "score": 4} for i in items]
    saved = client.post(f"{ASSIGNMENTS}{assignment.pk}/response/", {"answers": answers, "submit": True}, format="json")
    assert saved.status_code == 200, saved.content
    assert rows(client.get(ASSIGNMENTS)) == {}                        # pending only: the submitted one is gone
    assert rows(client.get(f"{ASSIGNMENTS}?status=all"))[assignment.pk]["status"] == "submitted"


def test_a_bulk_update_of_cycles_or_subjects_shows_on_the_next_answer(api, pegawai_diskominfo, open_cycle, diskominfo):
    client = api(pegawai_diskominfo)
    subject = make_employee(diskominfo)
    assignment = assign(open_cycle, subject, pegawai_diskominfo.employee, PEER)
    assert rows(client.get(ASSIGNMENTS))[assignment.pk]["subject_name"] == subject.name
    Cycle.objects.filter(pk=open_cycle.pk).update(name="Siklus Diganti Massal")
    assert rows(client.get(ASSIGNMENTS))[assignment.pk]["cycle_name"] == "Siklus Diganti Massal"
    Employee.objects.filter(pk=subject.pk).update(name="Subjek Diganti Massal")
    assert rows(client.get(ASSIGNMENTS))[assignment.pk]["subject_name"] == "Subjek Diganti Massal"
    Cycle.objects.filter(pk=open_cycle.pk).update(status=Cycle.Status.CLOSED)
    assert rows(client.get(ASSIGNMENTS)) == {}


def test_each_rater_gets_their_own_list_only(api, pegawai_diskominfo, agen_diskominfo, tim_rb, open_cycle, diskominfo):
    """The agent is rated by the pegawai and rates someone else: neither list names the other's assignment, and the
    agent's list never says who rates them, whichever answer was cached first."""
    other = make_employee(diskominfo)
    theirs = assign(open_cycle, agen_diskominfo.employee, pegawai_diskominfo.employee, PEER)   # pegawai rates agen
    mine = assign(open_cycle, other, agen_diskominfo.employee, PEER)                          # agen rates other
    for first, second in ((pegawai_diskominfo, agen_diskominfo), (agen_diskominfo, pegawai_diskominfo)):
        fragments.bump(data_versions.EVALUATIONS)
        answers = {u.pk: rows(api(u).get(ASSIGNMENTS)) for u in (first, second)}
        assert set(answers[pegawai_diskominfo.pk]) == {theirs.pk}
        assert set(answers[agen_diskominfo.pk]) == {mine.pk}
        assert pegawai_diskominfo.employee.name not in str(answers[agen_diskominfo.pk])
    assert rows(api(tim_rb).get(ASSIGNMENTS)) == {}     # Tim RB rates nobody here and sees nobody's assignments


def test_two_raters_with_the_same_roles_never_share_a_list(api, open_cycle, diskominfo):
    raters = [make_user(make_employee(diskominfo)), make_user(make_employee(diskominfo))]
    assert fragments.scope_of(raters[0]) == fragments.scope_of(raters[1])
    subject = make_employee(diskominfo)
    made = [assign(open_cycle, subject, r.employee, PEER) for r in raters]
    assert set(rows(api(raters[0]).get(ASSIGNMENTS))) == {made[0].pk}
    assert set(rows(api(raters[1]).get(ASSIGNMENTS))) == {made[1].pk}


def test_the_assignments_api_runs_the_same_queries_cold_and_warm_at_two_sizes(api, pegawai_diskominfo, open_cycle,
                                                                              diskominfo):
    client = api(pegawai_diskominfo)
    assign(open_cycle, make_employee(diskominfo), pegawai_diskominfo.employee, PEER)
    client.get(ASSIGNMENTS)
    warm = queries(client, ASSIGNMENTS)
    fragments.bump(data_versions.EVALUATIONS)
    cold = queries(client, ASSIGNMENTS)
    for _ in range(8):
        assign(open_cycle, make_employee(diskominfo), pegawai_diskominfo.employee, PEER)
    assert queries(client, ASSIGNMENTS) == cold
    assert queries(client, ASSIGNMENTS) == warm < cold


# --- cycles -----------------------------------------------------------------------------------------------------

def test_a_cycle_made_by_the_service_changed_through_the_api_or_in_bulk_shows_on_the_next_answer(api, tim_rb,
                                                                                                 instrument_360):
    client = api(tim_rb)
    client.get(CYCLES)
    cycle = new_cycle(tim_rb, instrument_360, name="Siklus dari layanan")
    assert rows(client.get(CYCLES))[cycle.pk]["name"] == "Siklus dari layanan"
    assert client.patch(f"{CYCLES}{cycle.pk}/", {"name": "Siklus lewat API"}, format="json").status_code == 200
    assert rows(client.get(CYCLES))[cycle.pk]["name"] == "Siklus lewat API"
    Cycle.objects.filter(pk=cycle.pk).update(name="Siklus lewat update massal")
    assert rows(client.get(CYCLES))[cycle.pk]["name"] == "Siklus lewat update massal"


def test_a_draft_never_reaches_a_kepala_even_after_tim_rb_was_answered(api, tim_rb, kepala_diskominfo, instrument_360):
    draft = new_cycle(tim_rb, instrument_360, name="Draf rahasia Tim RB")
    assert draft.pk in rows(api(tim_rb).get(CYCLES))
    assert draft.pk not in rows(api(kepala_diskominfo).get(CYCLES))


def test_two_agencies_kepala_get_their_own_counts(api, kepala_diskominfo, kepala_dinkes, tim_rb, dinkes, staff_of,
                                                  two_agency_cycle):  # noqa: F811
    cycle = two_agency_cycle.pk
    subject = Employee.objects.filter(agency=dinkes).order_by("pk").first()
    for rater in staff_of(dinkes, 10)[6:]:
        assign(two_agency_cycle, subject, rater, PEER)            # Dinkes: four more raters who have not answered
    answers = {}
    for user in (kepala_diskominfo, kepala_dinkes, tim_rb, kepala_diskominfo):
        answers.setdefault(user.pk, []).append(rows(api(user).get(CYCLES))[cycle]["response_rate"])
    live = {}
    for user in (kepala_diskominfo, kepala_dinkes, tim_rb):
        fragments.bump(data_versions.EVALUATIONS)
        live[user.pk] = rows(api(user).get(CYCLES))[cycle]["response_rate"]
    assert {pk: values[0] for pk, values in answers.items()} == live
    assert answers[kepala_diskominfo.pk] == [live[kepala_diskominfo.pk]] * 2
    assert len(set(live.values())) == 3                             # three different figures


def test_a_submission_changes_the_counts_on_the_next_answer(api, tim_rb, open_cycle, diskominfo):
    client = api(tim_rb)
    people = [make_employee(diskominfo) for _ in range(4)]
    made = [assign(open_cycle, people[0], rater, PEER) for rater in people[1:]]
    before = rows(client.get(CYCLES))[open_cycle.pk]["response_rate"]
    answer_all(made[0], 4)
    assert rows(client.get(CYCLES))[open_cycle.pk]["response_rate"] != before


def test_the_cycles_api_runs_the_same_queries_cold_and_warm_at_two_sizes(api, tim_rb, kepala_diskominfo,
                                                                          instrument_360):
    clients = [api(tim_rb), api(kepala_diskominfo)]
    new_cycle(tim_rb, instrument_360, status=Cycle.Status.OPEN)
    for client in clients:
        client.get(CYCLES)
    warm = [queries(c, CYCLES) for c in clients]
    fragments.bump(data_versions.EVALUATIONS)
    cold = [queries(c, CYCLES) for c in clients]
    for n in range(5):
        new_cycle(tim_rb, instrument_360, name=f"Siklus tambahan {n}", status=Cycle.Status.OPEN)
    for client in clients:
        client.get(CYCLES)   # the new cycles' city counts are counted once, then kept (disclosure.cycle_counts)
    fragments.bump(data_versions.EVALUATIONS)
    assert [queries(c, CYCLES) for c in clients] == cold
    assert [queries(c, CYCLES) for c in clients] == warm
    assert all(w < c for w, c in zip(warm, cold, strict=True))
