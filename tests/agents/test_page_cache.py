"""The cached page bodies of the agents app (issue 19): a write shows on the next page, scopes never share a body,
and a page runs the same queries with little and with more data, cold and warm."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agents import services
from organization.models import Employee

from .conftest import make_agent, make_employee

pytestmark = pytest.mark.django_db

NOMINATIONS = reverse("agents:nomination_list")
REGISTRY = reverse("agents:agent_list")


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


def test_a_new_nomination_shows_on_the_cached_list_at_once(login, operator_diskominfo, nominate):
    client = login(operator_diskominfo)
    first = nominate("draft")
    assert first.candidate.name in client.get(NOMINATIONS).content.decode()
    second = nominate("draft")
    html = client.get(NOMINATIONS).content.decode()
    assert second.candidate.name in html


def test_a_renamed_candidate_shows_on_the_cached_list_at_once(login, tim_rb, nominate):
    client = login(tim_rb)
    nomination = nominate("submitted")
    client.get(NOMINATIONS)
    Employee.objects.filter(pk=nomination.candidate_id).update(name="Nama Baru Sekali")  # a bulk write: no signal
    assert "Nama Baru Sekali" in client.get(NOMINATIONS).content.decode()


def test_operators_of_two_agencies_never_see_each_others_list(login, operator_diskominfo, operator_dinkes, dinkes,
                                                              kepala_dinkes, nominate):
    ours = nominate("draft")
    theirs = nominate("draft", agency=dinkes, employee=make_employee(dinkes), operator=operator_dinkes,
                      kepala=kepala_dinkes)
    mine = login(operator_diskominfo).get(NOMINATIONS).content.decode()
    other = login(operator_dinkes).get(NOMINATIONS).content.decode()
    assert ours.candidate.name in mine and theirs.candidate.name not in mine
    assert theirs.candidate.name in other and ours.candidate.name not in other


def test_the_nomination_list_runs_the_same_queries_cold_and_warm_at_two_sizes(login, tim_rb, nominate):
    from agenperubahan import data_versions, fragments

    client = login(tim_rb)
    nominate("submitted")
    client.get(NOMINATIONS)
    warm_small = queries(client, NOMINATIONS)
    fragments.bump(data_versions.AGENTS)
    cold_small = queries(client, NOMINATIONS)
    for status in ["draft", "submitted", "endorsed"] * 3:
        nominate(status)
    client.get(NOMINATIONS)  # the new notices dropped the cached unread count
    warm_big = queries(client, NOMINATIONS)
    fragments.bump(data_versions.AGENTS)
    cold_big = queries(client, NOMINATIONS)
    assert (warm_small, cold_small) == (warm_big, cold_big)
    assert warm_small <= 2 < cold_small  # warm: the session and the user only come from the cache; the body too


def test_an_action_shows_on_the_cached_detail_page_at_once(login, operator_diskominfo, kepala_diskominfo, nominate):
    nomination = nominate("draft")
    url = reverse("agents:nomination_detail", args=[nomination.pk])
    submit = reverse("agents:nomination_action", args=[nomination.pk, "submit"])
    client = login(operator_diskominfo)
    assert submit in client.get(url).content.decode()
    assert submit in client.get(url).content.decode()                   # from the cache
    services.nomination_submit(nomination=nomination, by=operator_diskominfo)
    assert submit not in client.get(url).content.decode()


def test_the_cached_detail_page_offers_each_reader_their_own_steps_and_a_working_csrf_token(
        login, operator_diskominfo, kepala_diskominfo, nominate):
    nomination = nominate("submitted")
    url = reverse("agents:nomination_detail", args=[nomination.pk])
    endorse = reverse("agents:nomination_action", args=[nomination.pk, "endorse"])
    assert endorse not in login(operator_diskominfo).get(url).content.decode()
    kepala = login(kepala_diskominfo)
    kepala.get(url)
    html = kepala.get(url).content.decode()                              # from the cache
    assert endorse in html
    assert "fragment-csrf-placeholder" not in html
    token = html.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    assert len(token) == 64


def test_a_new_agent_shows_on_the_cached_registry_at_once_and_scopes_stay_apart(login, tim_rb, agen_diskominfo,
                                                                                 dinkes):
    search, row = {"q": "Agen Baru Dinkes"}, ">Agen Baru Dinkes</a>"
    city = login(tim_rb)
    assert row not in city.get(REGISTRY, search).content.decode()
    make_agent(make_employee(dinkes, name="Agen Baru Dinkes"))
    assert row in city.get(REGISTRY, search).content.decode()
    assert row not in login(agen_diskominfo).get(REGISTRY, search).content.decode()


def test_the_registry_runs_the_same_queries_cold_at_two_sizes(login, tim_rb, diskominfo):
    from agenperubahan import data_versions, fragments

    client = login(tim_rb)
    make_agent(make_employee(diskominfo))  # an empty page skips the rows' query
    client.get(REGISTRY)
    fragments.bump(data_versions.AGENTS)
    small = queries(client, REGISTRY)
    for _ in range(6):
        make_agent(make_employee(diskominfo))
    client.get(REGISTRY)
    fragments.bump(data_versions.AGENTS)
    assert queries(client, REGISTRY) == small


def test_a_cached_home_panel_counts_a_new_nomination_at_once(login, kepala_diskominfo, nominate):
    nominate("submitted")
    client = login(kepala_diskominfo)
    assert '<span class="badge text-bg-warning">1</span>' in client.get(reverse("home")).content.decode()
    nominate("submitted")
    assert '<span class="badge text-bg-warning">2</span>' in client.get(reverse("home")).content.decode()


def test_a_warm_home_page_runs_no_query_for_its_cached_panels(login, tim_rb, nominate):
    from agenperubahan import data_versions, fragments

    client = login(tim_rb)
    nominate("endorsed")
    client.get(reverse("home"))
    warm = queries(client, reverse("home"))
    fragments.bump(data_versions.AGENTS)
    cold = queries(client, reverse("home"))
    assert warm < cold
