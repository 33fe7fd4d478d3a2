"""The "Riwayat perubahan" of a nomination (field edits and workflow in one timeline) and of a change agent."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agents import services

from .conftest import make_agent, make_employee, today, walk

pytestmark = pytest.mark.django_db

RAW_CODES = ("endorsed", "approved", "submitted", ">draft<", "katalis", "role_model")


def _page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def _edits(nomination, by, n):
    for i in range(n):
        services.nomination_update(nomination=nomination, by=by,
                                   justification=f"Alasan yang diperbarui ke-{i}: memprakarsai layanan daring.")


def test_the_nomination_history_shows_edits_and_workflow_in_one_readable_timeline(
        nominate, login, tim_rb, operator_diskominfo):
    nomination = nominate("endorsed")
    _edits(nomination, operator_diskominfo, 0)
    services.nomination_approve(nomination=nomination, by=tim_rb, decree_number="800/7/BKPSDM/2026",
                                decree_date=today(), confirm_unscored=True)
    html = _page(login(tim_rb), reverse("agents:nomination_history", args=[nomination.pk]))
    timeline = html.split('data-testid="audit-timeline"')[1]
    for label in ("Dibuat", "Diajukan", "Disetujui kepala PD", "Ditetapkan", "Draf → Diajukan", "Nomor SK",
                  "800/7/BKPSDM/2026", "WIB", operator_diskominfo.employee.full_name):
        assert label in timeline, label
    for code in RAW_CODES:
        assert code not in timeline, code
    # Newest first: the approval comes before the submission.
    assert timeline.index("Ditetapkan") < timeline.index("Draf → Diajukan")
    # The decree recorded with the approval is shown inside it, not as a separate edit.
    assert timeline.count('data-kind="changed"') == 0


def test_an_edit_of_the_justification_shows_old_and_new_text(nominate, login, operator_diskominfo):
    nomination = nominate("draft")
    services.nomination_update(nomination=nomination, by=operator_diskominfo,
                               justification="Memimpin <b>digitalisasi</b> arsip kelurahan.")
    html = _page(login(operator_diskominfo), reverse("agents:nomination_history", args=[nomination.pk]))
    assert "Alasan pengusulan" in html and "Diubah" in html
    assert "Memimpin &lt;b&gt;digitalisasi&lt;/b&gt; arsip kelurahan." in html  # user text escaped
    assert "Operator kepegawaian" in html  # the actor's role


def test_the_nomination_detail_page_links_to_its_history(nominate, login, kepala_diskominfo):
    nomination = nominate("submitted")
    html = _page(login(kepala_diskominfo), reverse("agents:nomination_detail", args=[nomination.pk]))
    assert reverse("agents:nomination_history", args=[nomination.pk]) in html


def test_a_nomination_history_is_404_outside_the_scope(nominate, login, operator_dinkes, pegawai_diskominfo):
    nomination = nominate("draft")
    url = reverse("agents:nomination_history", args=[nomination.pk])
    assert login(operator_dinkes).get(url).status_code == 404
    assert login(pegawai_diskominfo).get(url).status_code == 404


def test_the_history_is_paginated_by_25_and_a_bad_page_number_shows_a_page(nominate, login, operator_diskominfo):
    nomination = nominate("draft")
    _edits(nomination, operator_diskominfo, 30)  # 30 edits + creation = 31 entries
    client = login(operator_diskominfo)
    url = reverse("agents:nomination_history", args=[nomination.pk])
    first = _page(client, url)
    assert first.count('data-testid="audit-entry"') == 25 and "Halaman 1 dari 2" in first
    second = _page(client, url + "?page=2")
    assert second.count('data-testid="audit-entry"') == 6 and "Dibuat" in second
    assert _page(client, url + "?page=abc").count('data-testid="audit-entry"') == 25
    assert _page(client, url + "?page=999").count('data-testid="audit-entry"') == 6


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


def test_the_nomination_history_page_costs_the_same_queries_whatever_its_length(
        nominate, login, operator_diskominfo, kepala_diskominfo, tim_rb):
    client = login(tim_rb)
    short, long = nominate("draft"), nominate("draft")
    _edits(short, operator_diskominfo, 2)
    _edits(long, operator_diskominfo, 60)
    for n in (short, long):
        walk(n, "approved", operator=operator_diskominfo, kepala=kepala_diskominfo, tim_rb=tim_rb)
    _queries(client, reverse("agents:nomination_list"))  # the session and the role cache are warm
    few = _queries(client, reverse("agents:nomination_history", args=[short.pk]))
    # The long history's last page names the same models (the creation: period, candidate, agency, operator).
    many = _queries(client, reverse("agents:nomination_history", args=[long.pk]) + "?page=3")
    assert few == many
    assert _queries(client, reverse("agents:nomination_history", args=[long.pk])) <= many
    # The nomination, its records, its transitions, then one query per model named (period, employees, agency,
    # users) and the actors' roles, plus the session and the page's chrome.
    assert many <= 12, many


def test_the_nomination_history_api_is_paginated_and_readable(nominate, api, tim_rb, operator_diskominfo):
    nomination = nominate("approved")
    _edits(nomination, operator_diskominfo, 0)
    body = api(tim_rb).get(f"/api/v1/nominations/{nomination.pk}/history/").json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] == 4
    newest = body["results"][0]
    assert newest["kind"] == "transition" and newest["action"] == "approve" and newest["title"] == "Ditetapkan"
    assert newest["status_change"] == "Disetujui kepala PD → Ditetapkan" and newest["at_display"].endswith("WIB")
    assert newest["actor"] == tim_rb.employee.full_name and newest["actor_role"] == "Tim RB"
    assert {c["label"] for c in newest["changes"]} >= {"nomor SK", "tanggal SK"}
    assert [e["action"] for e in body["results"]] == ["approve", "endorse", "submit", "create"]


def test_the_nomination_history_api_pages_and_refuses_a_page_that_does_not_exist(
        nominate, api, operator_diskominfo):
    nomination = nominate("draft")
    _edits(nomination, operator_diskominfo, 26)
    client = api(operator_diskominfo)
    body = client.get(f"/api/v1/nominations/{nomination.pk}/history/").json()
    assert body["count"] == 27 and len(body["results"]) == 25 and body["next"]
    assert len(client.get(body["next"]).json()["results"]) == 2
    assert client.get(f"/api/v1/nominations/{nomination.pk}/history/?page=9").status_code == 404


# --- change agents ---------------------------------------------------------------------------------------------

@pytest.fixture
def agent(diskominfo):
    return make_agent(make_employee(diskominfo))


def test_the_agent_history_names_roles_and_the_end_of_term(agent, login, tim_rb):
    services.agent_end_term(agent=agent, by=tim_rb, reason="Mutasi ke perangkat daerah lain.", ended_on=today())
    html = _page(login(tim_rb), reverse("agents:agent_history", args=[agent.pk]))
    for label in ("Katalis", "Aktif", "Berakhir", "Mutasi ke perangkat daerah lain.", "Alasan berakhir", "WIB",
                  "Tim RB"):
        assert label in html, label
    assert 'value="active"' not in html and ">active<" not in html


def test_the_agent_history_is_for_city_readers_the_agencys_operator_and_kepala_and_the_agent(
        agent, login, sekda, operator_diskominfo, kepala_diskominfo, agen_diskominfo, operator_dinkes):
    url = reverse("agents:agent_history", args=[agent.pk])
    for user in (sekda, operator_diskominfo, kepala_diskominfo):
        assert login(user).get(url).status_code == 200
    assert login(agen_diskominfo).get(url).status_code == 403  # sees the registry entry, not its history
    assert login(operator_dinkes).get(url).status_code == 404


def test_an_agent_reads_the_history_of_their_own_record(login, agen_diskominfo):
    own = make_agent(agen_diskominfo.employee)
    html = _page(login(agen_diskominfo), reverse("agents:agent_history", args=[own.pk]))
    assert "Riwayat perubahan" in html


def test_the_agent_detail_links_to_its_history_only_for_those_who_may_read_it(agent, login, tim_rb, agen_diskominfo):
    link = reverse("agents:agent_history", args=[agent.pk])
    assert link in _page(login(tim_rb), reverse("agents:agent_detail", args=[agent.pk]))
    assert link not in _page(login(agen_diskominfo), reverse("agents:agent_detail", args=[agent.pk]))


def test_the_agent_history_page_and_api_cost_the_same_queries_whatever_its_length(agent, diskominfo, login, api,
                                                                                  tim_rb):
    other = make_agent(make_employee(diskominfo))
    for record, edits in ((agent, 1), (other, 30)):
        for i in range(edits):
            record.decree_signatory = f"Wali Kota {i}"
            record._history_user = tim_rb
            record.save()
    client = login(tim_rb)
    _queries(client, reverse("agents:agent_list"))  # the session and the role cache are warm
    # The short history and the long one's last page name the same models (employee, agency, users).
    assert (_queries(client, reverse("agents:agent_history", args=[agent.pk]))
            == _queries(client, reverse("agents:agent_history", args=[other.pk]) + "?page=2"))
    rest = api(tim_rb)
    with CaptureQueriesContext(connection) as few:
        assert rest.get(f"/api/v1/agents/{agent.pk}/history/").status_code == 200
    with CaptureQueriesContext(connection) as many:
        assert rest.get(f"/api/v1/agents/{other.pk}/history/?page=2").status_code == 200
    assert len(few) == len(many)
    body = rest.get(f"/api/v1/agents/{other.pk}/history/").json()
    assert body["count"] == 31 and body["results"][0]["changes"][0]["label"] == "penanda tangan SK"
    assert body["results"][0]["actor"] == tim_rb.employee.full_name and "Tim RB" in body["results"][0]["actor_role"]
    oldest = rest.get(f"/api/v1/agents/{other.pk}/history/?page=2").json()["results"][-1]
    assert oldest["kind"] == "created" and oldest["actor"] == "Sistem"  # made by a script, not a person


def test_the_agent_history_api_denies_another_agent_of_the_agency(agent, api, agen_diskominfo, operator_dinkes):
    assert api(agen_diskominfo).get(f"/api/v1/agents/{agent.pk}/history/").status_code == 403
    assert api(operator_dinkes).get(f"/api/v1/agents/{agent.pk}/history/").status_code == 404


def test_a_deleted_record_reads_as_deleted(diskominfo, tim_rb):
    from agenperubahan import audit

    agent = make_agent(make_employee(diskominfo))
    agent._history_user = tim_rb
    pk = agent.pk
    agent.delete()
    agent.pk = pk  # Django clears it on delete; the records keep it
    newest = audit.Timeline(agent, show_nip=False)[0]
    assert newest.kind == "deleted" and newest.title == "Dihapus" and newest.actor == tim_rb.employee.full_name
