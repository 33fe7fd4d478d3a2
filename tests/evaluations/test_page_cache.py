"""The cached page bodies of the evaluations app (issue 19): a write shows on the next page, scopes never share a
body, and the pages run the same queries with little and with more data."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agenperubahan import data_versions, fragments
from evaluations.models import Cycle, RaterGroup

from .conftest import assign, new_cycle
from .test_results import close, publish, two_agency_cycle  # noqa: F401  (two_agency_cycle: a fixture)

pytestmark = pytest.mark.django_db

CYCLES = reverse("evaluations:cycle_list")


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


def test_a_new_cycle_shows_on_the_cached_cycle_list_at_once(login, tim_rb, instrument_360):
    client = login(tim_rb)
    client.get(CYCLES)
    new_cycle(tim_rb, instrument_360, name="Siklus yang baru dibuat")
    assert "Siklus yang baru dibuat" in client.get(CYCLES).content.decode()


def test_a_draft_cycle_stays_out_of_the_kepalas_cached_list(login, tim_rb, kepala_diskominfo, instrument_360):
    new_cycle(tim_rb, instrument_360, name="Draf rahasia Tim RB")
    assert "Draf rahasia Tim RB" in login(tim_rb).get(CYCLES).content.decode()
    assert "Draf rahasia Tim RB" not in login(kepala_diskominfo).get(CYCLES).content.decode()


def test_the_cycle_list_runs_the_same_queries_cold_at_two_sizes(login, tim_rb, instrument_360):
    client = login(tim_rb)
    new_cycle(tim_rb, instrument_360, status=Cycle.Status.OPEN)
    client.get(CYCLES)
    warm = queries(client, CYCLES)
    fragments.bump(data_versions.EVALUATIONS)
    small = queries(client, CYCLES)
    for n in range(5):
        new_cycle(tim_rb, instrument_360, name=f"Siklus tambahan {n}", status=Cycle.Status.OPEN)
    client.get(CYCLES)  # the new cycles' response counts are counted once, then kept (cycle_list's own cache)
    fragments.bump(data_versions.EVALUATIONS)
    assert queries(client, CYCLES) == small
    assert queries(client, CYCLES) == warm < small


def test_closing_a_cycle_shows_on_its_cached_results_at_once(login, tim_rb, two_agency_cycle):  # noqa: F811
    url = reverse("evaluations:results", args=[two_agency_cycle.pk])
    client = login(tim_rb)
    assert client.get(url).context["show_scores"] is False
    client.get(url)
    close(two_agency_cycle)
    response = client.get(url)
    assert response.context["show_scores"] is True


def test_two_kepala_never_share_a_cached_results_page(login, tim_rb, kepala_diskominfo, kepala_dinkes, diskominfo,
                                                      dinkes, two_agency_cycle):  # noqa: F811
    publish(two_agency_cycle)
    url = reverse("evaluations:results", args=[two_agency_cycle.pk])
    city = login(tim_rb).get(url).content.decode()
    assert diskominfo.name in city and dinkes.name in city
    ours = login(kepala_diskominfo).get(url).content.decode()
    theirs = login(kepala_dinkes).get(url).content.decode()
    assert diskominfo.name in ours and dinkes.name not in ours
    assert dinkes.name in theirs and diskominfo.name not in theirs


def test_a_new_assignment_shows_on_the_raters_cached_page_at_once(login, tim_rb, pegawai_diskominfo, instrument_360,
                                                                  staff_of, diskominfo):
    cycle = new_cycle(tim_rb, instrument_360, name="Siklus penilai", status=Cycle.Status.OPEN)
    client = login(pegawai_diskominfo)
    client.get(reverse("evaluations:index"))
    subject = staff_of(diskominfo, 1, exclude=[pegawai_diskominfo.employee_id])[0]
    assign(cycle, subject, pegawai_diskominfo.employee, RaterGroup.PEER)
    assert subject.name in client.get(reverse("evaluations:index")).content.decode()


# --- the results page's cycle lookup (issue 19, fifth session): cached per scope under the evaluations version ---

def test_a_bulk_rename_of_the_cycle_shows_in_the_results_title_at_once(login, kepala_diskominfo,
                                                                       two_agency_cycle):  # noqa: F811
    publish(two_agency_cycle)
    url = reverse("evaluations:results", args=[two_agency_cycle.pk])
    client = login(kepala_diskominfo)
    client.get(url)
    Cycle.objects.filter(pk=two_agency_cycle.pk).update(name="Siklus berganti nama")  # no signal
    assert "Siklus berganti nama" in client.get(url).content.decode().split("</title>", 1)[0]


def test_a_cycle_put_back_to_draft_answers_404_at_once(login, kepala_diskominfo, tim_rb,
                                                       two_agency_cycle):  # noqa: F811
    publish(two_agency_cycle)
    url = reverse("evaluations:results", args=[two_agency_cycle.pk])
    client = login(kepala_diskominfo)
    assert client.get(url).status_code == 200
    assert login(tim_rb).get(url).status_code == 200  # the city scope's lookup, cached too
    Cycle.objects.filter(pk=two_agency_cycle.pk).update(status=Cycle.Status.DRAFT)
    assert client.get(url).status_code == 404


def test_a_reader_without_results_never_gets_a_lookup_another_scope_cached(login, tim_rb, pegawai_diskominfo,
                                                                           two_agency_cycle):  # noqa: F811
    publish(two_agency_cycle)
    url = reverse("evaluations:results", args=[two_agency_cycle.pk])
    assert login(tim_rb).get(url).status_code == 200
    assert login(tim_rb).get(url).status_code == 200
    assert login(pegawai_diskominfo).get(url).status_code == 404


def test_the_warm_results_page_runs_only_the_sessions_query(login, kepala_diskominfo, two_agency_cycle):  # noqa: F811
    publish(two_agency_cycle)
    url = reverse("evaluations:results", args=[two_agency_cycle.pk])
    client = login(kepala_diskominfo)
    client.get(url)  # the first read stores the results snapshot (a write: the versions move)
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    assert len(ctx) == 1  # the session's user: no cycle lookup, no figures
