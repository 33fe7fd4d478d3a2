"""The "Riwayat perubahan" of a 360° cycle: its own fields for Tim RB, and nothing about raters or answers."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from agenperubahan import audit
from evaluations import services
from evaluations.models import Assignment, Cycle

from .conftest import answer_all, new_cycle

pytestmark = pytest.mark.django_db

RAW_CODES = (">draft<", ">open<", ">closed<", ">published<", "agencies")


@pytest.fixture
def walked(tim_rb, instrument_360, diskominfo, dinkes):
    """A cycle Tim RB created, edited (dates, threshold, agencies), opened, closed and published."""
    cycle = new_cycle(tim_rb, instrument_360, name="Penilaian 360° riwayat")
    today = timezone.localdate()
    services.cycle_update(cycle=cycle, by=tim_rb, name="Penilaian 360° riwayat (revisi)", anonymity_threshold=4,
                          closes_on=today + dt.timedelta(days=20), agencies=[diskominfo, dinkes])
    for service in (services.cycle_open, services.cycle_close, services.cycle_publish):
        service(cycle=Cycle.objects.get(pk=cycle.pk), by=tim_rb)
    return Cycle.objects.get(pk=cycle.pk)


def _html(client, cycle, query="") -> str:
    response = client.get(reverse("evaluations:cycle_history", args=[cycle.pk]) + query)
    assert response.status_code == 200
    return response.content.decode().split('data-testid="audit-timeline"')[1]


def test_the_cycle_history_reads_in_words_and_names_tim_rb(walked, login, tim_rb):
    timeline = _html(login(tim_rb), walked)
    for text in ("Dibuat", "Diubah", "Nama siklus", "Penilaian 360° riwayat (revisi)", "Ambang anonimitas", "3", "4",
                 "Batas akhir pengisian", "Perangkat daerah", "Dinas Komunikasi dan Informatika", "Status",
                 "Draf", "Dibuka", "Ditutup", "Diterbitkan", "WIB", tim_rb.employee.full_name, "Tim RB"):
        assert text in timeline, text
    for code in RAW_CODES:
        assert code not in timeline, code
    # The save and its agencies update (two records a moment apart) read as one edit.
    assert timeline.count('data-kind="changed"') == 4  # the edit, then open, close, publish


def test_answers_leave_no_trace_in_the_cycle_history(walked, tim_rb, instrument_360, login, diskominfo):
    cycle = services.cycle_open(cycle=new_cycle(tim_rb, instrument_360, name="Siklus anonim"), by=tim_rb)
    before = len(audit.Timeline(cycle, show_nip=False))
    subject, rater = diskominfo.employees.order_by("pk")[:2]
    assignment = Assignment.objects.create(cycle=cycle, subject=subject, rater=rater, group="peer")
    answer_all(assignment, 4, comment="Komentar rahasia penilai")
    Cycle.objects.bump_answers_version(pk=cycle.pk)
    # Even a save of the whole row while answers come in (a counter changes) adds nothing readable.
    row = Cycle.objects.get(pk=cycle.pk)
    row.answers_version += 1
    row.save()
    assert len(audit.Timeline(cycle, show_nip=False)) == before
    timeline = _html(login(tim_rb), cycle)
    for secret in (rater.name, subject.name, "Komentar rahasia penilai", cycle.peer_seed, "Peer", "Rekan"):
        assert secret not in timeline, secret
    shown = {f.name for f in audit._shown_fields(Cycle, show_nip=True)}
    assert {"peer_seed", "answers_version"}.isdisjoint(shown)


def test_only_tim_rb_and_administrators_read_a_cycle_history(walked, login, admin_user, tim_rb, sekda,
                                                            kepala_diskominfo, operator_diskominfo, pegawai_diskominfo):
    url = reverse("evaluations:cycle_history", args=[walked.pk])
    for user in (admin_user, tim_rb):
        assert login(user).get(url).status_code == 200
    for reader in (sekda, kepala_diskominfo, operator_diskominfo):  # they see the cycle and its figures
        assert login(reader).get(url).status_code == 403
    assert login(pegawai_diskominfo).get(url).status_code == 404


def test_the_cycle_detail_links_to_its_history_for_tim_rb_only(walked, login, tim_rb, sekda):
    detail = reverse("evaluations:cycle_detail", args=[walked.pk])
    link = reverse("evaluations:cycle_history", args=[walked.pk])
    assert link in login(tim_rb).get(detail).content.decode()
    assert link not in login(sekda).get(detail).content.decode()


def test_the_cycle_history_costs_the_same_queries_whatever_its_length(walked, tim_rb, instrument_360, login,
                                                                      diskominfo):
    long = new_cycle(tim_rb, instrument_360, name="Siklus panjang")
    for i in range(40):
        services.cycle_update(cycle=Cycle.objects.get(pk=long.pk), by=tim_rb, name=f"Siklus panjang {i}",
                              agencies=[diskominfo] if i % 2 else [])
    client = login(tim_rb)
    client.get(reverse("evaluations:cycle_list"))
    with CaptureQueriesContext(connection) as few:
        _html(client, walked)
    with CaptureQueriesContext(connection) as many:
        _html(client, long, "?page=2")
    assert len(few) == len(many), (len(few), len(many))


def test_the_cycle_history_api_is_tim_rbs_and_paginated(walked, api, tim_rb, sekda):
    body = api(tim_rb).get(f"/api/v1/cycles/{walked.pk}/history/").json()
    assert body["count"] == 5 and body["results"][0]["changes"][0]["new"] == "Diterbitkan"
    assert body["results"][-1]["kind"] == "created"
    assert api(sekda).get(f"/api/v1/cycles/{walked.pk}/history/").status_code == 403
