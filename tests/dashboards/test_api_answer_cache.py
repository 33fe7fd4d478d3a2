"""The dashboard API's answer is kept rendered (``agenperubahan.api_base.cached_answer``) per scope and query string:
a warm request reads no table for it, and nothing the answer depends on is ever served stale or across scopes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from dashboards.api import _figures_life
from organization.models import Role, RoleAssignment

pytestmark = pytest.mark.django_db

URL = "/api/v1/dashboard/"


def _get(client, params=None):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL, params or {})
    return response, [q["sql"] for q in queries]


def test_a_warm_answer_reads_no_table_and_equals_the_built_one(program, api, kepala_diskominfo, diskominfo):
    client = api(kepala_diskominfo)
    first, _ = _get(client)
    second, sql = _get(client)
    assert first.status_code == second.status_code == 200
    assert second.json() == first.json()
    assert second.json()["scope"]["agency_id"] == diskominfo.pk
    assert second["Content-Type"] == first["Content-Type"] == "application/json"
    assert sql == []  # force_authenticate: no session; the roles, the agency and the figures come from the cache


def test_each_scope_gets_its_own_answer(program, api, kepala_diskominfo, kepala_dinkes, sekda, diskominfo, dinkes):
    assert _get(api(kepala_diskominfo))[0].json()["scope"]["agency_id"] == diskominfo.pk
    assert _get(api(kepala_dinkes))[0].json()["scope"]["agency_id"] == dinkes.pk
    assert _get(api(sekda))[0].json()["scope"]["whole_city"] is True
    # The same query string, another scope: the kepala of Dinkes never gets Diskominfo's cached answer.
    assert _get(api(kepala_diskominfo), {"agency": diskominfo.pk})[0].status_code == 200
    assert _get(api(kepala_dinkes), {"agency": diskominfo.pk})[0].status_code == 404
    assert _get(api(sekda), {"agency": diskominfo.pk})[0].json()["scope"]["agency_id"] == diskominfo.pk


def test_a_reader_who_loses_the_role_is_refused_although_the_answer_is_cached(program, api, kepala_diskominfo):
    assert _get(api(kepala_diskominfo))[0].status_code == 200
    RoleAssignment.objects.get(user=kepala_diskominfo, role=Role.KEPALA).delete()
    user = type(kepala_diskominfo).objects.get(pk=kepala_diskominfo.pk)
    assert _get(api(user))[0].status_code == 403


def test_a_renamed_agency_shows_at_once(program, api, kepala_diskominfo, diskominfo):
    client = api(kepala_diskominfo)
    assert _get(client)[0].status_code == 200
    diskominfo.name = "Dinas Komunikasi, Informatika dan Persandian"
    diskominfo.save()
    rows = _get(client)[0].json()["agencies"]
    assert [r["name"] for r in rows] == ["Dinas Komunikasi, Informatika dan Persandian"]


def test_a_bad_filter_is_answered_every_time_and_never_kept(program, api, sekda):
    client = api(sekda)
    for _ in range(2):
        response, _sql = _get(client, {"agency": "abc"})
        assert response.status_code == 400
        assert "agency" in response.json()
        response, _sql = _get(client, {"period": "999999"})
        assert response.status_code == 400
    assert _get(client)[0].status_code == 200


def test_the_answer_lives_no_longer_than_its_figures(settings):
    settings.DASHBOARD_CACHE_SECONDS = 900

    class Answer:
        def __init__(self, generated_at):
            self.data = {"generated_at": generated_at.isoformat()}

    now = timezone.now()
    assert 890 <= _figures_life(Answer(now)) <= 900
    assert 290 <= _figures_life(Answer(now - dt.timedelta(seconds=600))) <= 300
    assert _figures_life(Answer(now - dt.timedelta(seconds=901))) == 0
    assert _figures_life(type("Broken", (), {"data": {}})()) == 0
