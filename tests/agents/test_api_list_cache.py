"""The cached answers of ``/api/v1/nominations/`` and ``/api/v1/agents/`` (issue 19,
``agenperubahan.api_base.CachedListMixin``): a write (a service, an API call, a bulk ``QuerySet.update()``) shows on
the next request; readers of different scope, or the same roles but another person, never get each other's rows
whoever was answered first; the lists run the same queries with little and with more data."""

from __future__ import annotations

import pytest

from agenperubahan import data_versions, fragments
from agents import services
from agents.models import ChangeAgent, Nomination
from organization.models import Employee, User

from ..api_rows import queries, rows
from .conftest import make_agent, make_employee

pytestmark = pytest.mark.django_db

NOMINATIONS = "/api/v1/nominations/"
AGENTS = "/api/v1/agents/"


# --- nominations ----------------------------------------------------------------------------------------------

def test_a_nomination_created_by_the_service_shows_on_the_next_answer(api, operator_diskominfo, nominate):
    client = api(operator_diskominfo)
    first = nominate("draft")
    assert set(rows(client.get(NOMINATIONS))) == {first.pk}
    second = nominate("draft")
    assert set(rows(client.get(NOMINATIONS))) == {first.pk, second.pk}


def test_a_nomination_submitted_through_the_api_shows_on_the_next_answer(api, operator_diskominfo, nominate):
    client = api(operator_diskominfo)
    nomination = nominate("draft")
    assert rows(client.get(NOMINATIONS))[nomination.pk]["status"] == "draft"
    assert client.post(f"{NOMINATIONS}{nomination.pk}/submit/").status_code == 200
    assert rows(client.get(NOMINATIONS))[nomination.pk]["status"] == "submitted"


def test_a_bulk_update_of_nominations_or_of_their_candidates_shows_on_the_next_answer(api, tim_rb, nominate):
    client = api(tim_rb)
    nomination = nominate("submitted")
    assert rows(client.get(NOMINATIONS))[nomination.pk]["candidate_name"] == nomination.candidate.name
    Nomination.objects.filter(pk=nomination.pk).update(justification="Diubah lewat update massal.")
    assert rows(client.get(NOMINATIONS))[nomination.pk]["justification"] == "Diubah lewat update massal."
    Employee.objects.filter(pk=nomination.candidate_id).update(name="Calon Berganti Nama")
    assert rows(client.get(NOMINATIONS))[nomination.pk]["candidate_name"] == "Calon Berganti Nama"


def test_operators_of_two_agencies_never_get_each_others_nominations(api, operator_diskominfo, operator_dinkes,
                                                                     kepala_dinkes, nominate, dinkes):
    ours = nominate("draft")
    theirs = nominate("draft", agency=dinkes, operator=operator_dinkes, kepala=kepala_dinkes)
    for first, second in ((operator_diskominfo, operator_dinkes), (operator_dinkes, operator_diskominfo)):
        fragments.bump(data_versions.AGENTS)   # each order starts with nothing cached
        answers = {u.pk: set(rows(api(u).get(NOMINATIONS))) for u in (first, second)}
        assert answers[operator_diskominfo.pk] == {ours.pk}
        assert answers[operator_dinkes.pk] == {theirs.pk}


def test_a_kepala_and_tim_rb_never_share_an_answer(api, tim_rb, kepala_dinkes, operator_diskominfo, nominate):
    submitted = nominate("submitted")
    assert submitted.pk in rows(api(tim_rb).get(NOMINATIONS))
    assert submitted.pk not in rows(api(kepala_dinkes).get(NOMINATIONS))


def test_the_stalled_list_is_answered_live(api, tim_rb, nominate):
    client = api(tim_rb)
    nominate("submitted")
    url = f"{NOMINATIONS}?stalled=true"
    client.get(url)
    client.get(NOMINATIONS)
    assert queries(client, url) == queries(client, url) > queries(client, NOMINATIONS)  # built each time


def test_the_nominations_api_runs_the_same_queries_cold_and_warm_at_two_sizes(api, tim_rb, operator_diskominfo,
                                                                              nominate):
    clients = [api(tim_rb), api(operator_diskominfo)]
    nominate("submitted")
    for client in clients:
        client.get(NOMINATIONS)
    warm = [queries(c, NOMINATIONS) for c in clients]
    fragments.bump(data_versions.AGENTS)
    cold = [queries(c, NOMINATIONS) for c in clients]
    for _ in range(8):
        nominate("submitted")
    assert [queries(c, NOMINATIONS) for c in clients] == cold
    assert [queries(c, NOMINATIONS) for c in clients] == warm
    assert all(w < c for w, c in zip(warm, cold, strict=True))


# --- the agent registry ---------------------------------------------------------------------------------------

def test_a_new_agent_shows_on_the_next_answer(api, tim_rb, diskominfo):
    client = api(tim_rb)
    first = make_agent(make_employee(diskominfo))
    assert first.pk in rows(client.get(AGENTS))
    second = make_agent(make_employee(diskominfo))
    assert {first.pk, second.pk} <= set(rows(client.get(AGENTS)))


def test_a_term_ended_through_the_api_or_a_bulk_update_shows_on_the_next_answer(api, tim_rb, diskominfo):
    client = api(tim_rb)
    agent = make_agent(make_employee(diskominfo))
    assert rows(client.get(AGENTS))[agent.pk]["status"] == "active"
    assert client.post(f"{AGENTS}{agent.pk}/end-term/", {"reason": "Mutasi"}, format="json").status_code == 200
    assert rows(client.get(AGENTS))[agent.pk]["status"] == "ended"
    ChangeAgent.objects.filter(pk=agent.pk).update(decree_number="800/77/Massal")
    assert rows(client.get(AGENTS))[agent.pk]["decree_number"] == "800/77/Massal"


def test_a_role_model_designated_by_the_service_shows_on_the_next_answer(api, tim_rb, kepala_dinkes):
    import datetime as dt

    from .conftest import today

    client = api(tim_rb)
    before = set(rows(client.get(f"{AGENTS}?kind=role_model")))
    agent = services.role_model_designate(by=tim_rb, employee=kepala_dinkes.employee, period=None,
                                          decree_number="800/31/Org/2026", decree_date=today(),
                                          decree_signatory="Wali Kota Bandung", term_start=today(),
                                          term_end=today() + dt.timedelta(days=365))
    assert set(rows(client.get(f"{AGENTS}?kind=role_model"))) == before | {agent.pk}


def test_operators_of_two_agencies_never_get_each_others_agents(api, operator_diskominfo, operator_dinkes,
                                                                diskominfo, dinkes):
    ours, theirs = make_agent(make_employee(diskominfo)), make_agent(make_employee(dinkes))
    first = set(rows(api(operator_diskominfo).get(AGENTS)))
    second = set(rows(api(operator_dinkes).get(AGENTS)))
    assert ours.pk in first and theirs.pk not in first
    assert theirs.pk in second and ours.pk not in second


def test_two_people_with_no_role_see_only_their_own_record(api, diskominfo):
    people = [make_employee(diskominfo), make_employee(diskominfo)]
    agents = [make_agent(p) for p in people]
    users = [User.objects.create(username=f"orang.{p.pk}", employee=p) for p in people]
    assert fragments.scope_of(users[0]) == fragments.scope_of(users[1])
    assert set(rows(api(users[0]).get(AGENTS))) == {agents[0].pk}
    assert set(rows(api(users[1]).get(AGENTS))) == {agents[1].pk}


def test_the_agents_api_runs_the_same_queries_cold_and_warm_at_two_sizes(api, tim_rb, agen_diskominfo, diskominfo):
    clients = [api(tim_rb), api(agen_diskominfo)]
    make_agent(make_employee(diskominfo))
    for client in clients:
        client.get(AGENTS)
    warm = [queries(c, AGENTS) for c in clients]
    fragments.bump(data_versions.AGENTS)
    cold = [queries(c, AGENTS) for c in clients]
    for _ in range(8):
        make_agent(make_employee(diskominfo))
    assert [queries(c, AGENTS) for c in clients] == cold
    assert [queries(c, AGENTS) for c in clients] == warm
    assert all(w < c for w, c in zip(warm, cold, strict=True))


def test_nomination_rows_read_with_values_are_what_the_serializer_gives(tim_rb, operator_diskominfo, nominate):
    """Dates, times (in the current time zone), scores (decimals) and empty values, as the serializer gives them."""
    import datetime as dt
    from decimal import Decimal

    from django.utils import timezone

    from agents.api import NominationViewSet

    from ..api_rows import assert_rows_match_the_serializer

    made = [nominate(status) for status in ("draft", "submitted", "endorsed", "approved", "rejected")]
    Nomination.objects.filter(pk=made[1].pk).update(score_total=Decimal("87.5"), score_count=3,
                                                    waiting_since=timezone.now() - dt.timedelta(days=40))
    Nomination.objects.filter(pk=made[2].pk).update(score_total=Decimal("100"), decree_date=dt.date(2026, 2, 28))
    for user in (tim_rb, operator_diskominfo):
        assert assert_rows_match_the_serializer(NominationViewSet, "nomination", user) == 5
    assert assert_rows_match_the_serializer(NominationViewSet, "nomination", tim_rb, "?stalled=true") == 1
