"""The approval chain follows the organisation data: the head of the candidate's agency (or a Plt./Plh. in force)
endorses, the chain is set per period, a stalled nomination escalates, and decisions ask for confirmation."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from agents import permissions, services
from agents.models import Nomination, NominationTransition
from notifications import reminders as registry
from notifications.models import Notification
from organization.models import ActingHead, Agency, Role, RoleAssignment, User
from organization.services import acting_head_save

from .conftest import JUSTIFICATION, fresh, make_employee, make_period, today, walk

pytestmark = pytest.mark.django_db

LETTER = "800.1.3.3/077-BKPSDM"


@pytest.fixture
def dishub():
    return Agency.objects.select_related("head").get(code="DISHUB")


@pytest.fixture
def operator_dishub():
    return User.objects.select_related("employee").get(username="operator.dishub")


@pytest.fixture
def plt_dishub():
    return User.objects.select_related("employee").get(username="plt.dishub")


def account_for(employee, username: str) -> User:
    return User.objects.create_user(username, password="x", employee=employee)


def acting(agency, employee, *, kind=ActingHead.Kind.PLT, starts=-5, ends=30, by=None) -> ActingHead:
    by = by or User.objects.get(username="tim.rb")
    return acting_head_save(acting=ActingHead(
        agency=agency, employee=employee, kind=kind, starts_on=today() + dt.timedelta(days=starts),
        ends_on=today() + dt.timedelta(days=ends), letter_number=LETTER), by=by)


@pytest.fixture
def submitted_dishub(period, operator_dishub, dishub):
    def _make():
        nomination = services.nomination_create(by=operator_dishub, period=period, candidate=make_employee(dishub),
                                                justification=JUSTIFICATION)
        services.nomination_submit(nomination=nomination, by=operator_dishub)
        return Nomination.objects.select_related("period", "agency").get(pk=nomination.pk)

    return _make


# --- who endorses: the rule, allowed and denied for each ------------------------------------------------------

def test_the_head_of_the_agency_in_the_organisation_data_endorses(nominate, kepala_diskominfo, diskominfo):
    assert diskominfo.head_id == kepala_diskominfo.employee_id  # the demo records the head
    nomination = nominate("submitted")
    assert permissions.can_endorse_nomination(fresh(kepala_diskominfo), nomination)
    services.nomination_endorse(nomination=nomination, by=kepala_diskominfo)
    trail = NominationTransition.objects.get(nomination=nomination, action="endorse")
    assert trail.step == "kepala_pd" and trail.acting_head is None and trail.on_behalf_of is None
    assert trail.capacity == kepala_diskominfo.employee.position


def test_a_plt_in_force_today_endorses_in_the_heads_name_and_the_trail_keeps_both(
        submitted_dishub, plt_dishub, dishub):
    nomination = submitted_dishub()
    assert permissions.can_endorse_nomination(fresh(plt_dishub), nomination)
    services.nomination_endorse(nomination=nomination, by=plt_dishub, comment="Layak.")
    assert Nomination.objects.get(pk=nomination.pk).status == "endorsed"
    trail = NominationTransition.objects.get(nomination=nomination, action="endorse")
    assert trail.actor == plt_dishub and trail.on_behalf_of == dishub.head
    assert trail.acting_head.employee_id == plt_dishub.employee_id
    assert trail.capacity.startswith(f"Plt. {dishub.head.position} a.n. {dishub.head.name}")


def test_a_plt_whose_range_has_ended_or_not_begun_may_not_endorse(submitted_dishub, dishub, tim_rb):
    nomination = submitted_dishub()
    ended = account_for(make_employee(dishub, position_type="administrator"), "plh.lama")
    acting(dishub, ended.employee, kind=ActingHead.Kind.PLH, starts=-20, ends=-1)
    future = account_for(make_employee(dishub, position_type="administrator"), "plh.nanti")
    acting(dishub, future.employee, kind=ActingHead.Kind.PLH, starts=2, ends=10)
    for user in (ended, future):
        assert not permissions.can_endorse_nomination(fresh(user), nomination)
        with pytest.raises(PermissionDenied, match="Plt./Plh."):
            services.nomination_endorse(nomination=nomination, by=fresh(user))


def test_the_head_of_another_agency_may_not_endorse(submitted_dishub, kepala_dinkes, api):
    nomination = submitted_dishub()
    assert not permissions.can_endorse_nomination(fresh(kepala_dinkes), nomination)
    assert api(kepala_dinkes).post(f"/api/v1/nominations/{nomination.pk}/endorse/", {}, format="json").status_code == 404


def test_the_administrator_does_not_endorse_in_the_heads_place_and_is_told_to_record_a_plt(submitted_dishub, admin_user,
                                                                                          api):
    nomination = submitted_dishub()
    assert not permissions.can_endorse_nomination(admin_user, nomination)
    response = api(admin_user).post(f"/api/v1/nominations/{nomination.pk}/endorse/", {}, format="json")
    assert response.status_code == 403 and "Plt./Plh." in response.json()["detail"]


def test_a_kepala_role_holder_who_is_no_longer_the_head_may_not_endorse(nominate, kepala_diskominfo, diskominfo):
    nomination = nominate("submitted")
    Agency.objects.filter(pk=diskominfo.pk).update(head=make_employee(diskominfo, position_type="jpt_pratama"))
    assert not permissions.can_endorse_nomination(fresh(kepala_diskominfo), nomination)


def test_without_a_recorded_head_the_kepala_role_still_endorses(nominate, kepala_diskominfo, diskominfo):
    nomination = nominate("submitted")
    Agency.objects.filter(pk=diskominfo.pk).update(head=None)
    assert permissions.can_endorse_nomination(fresh(kepala_diskominfo), nomination)
    services.nomination_endorse(nomination=nomination, by=fresh(kepala_diskominfo))


def test_a_plt_sees_the_agencys_nominations_only_while_in_force(submitted_dishub, plt_dishub, login):
    nomination = submitted_dishub()
    client = login(plt_dishub)
    assert client.get(reverse("agents:nomination_list")).status_code == 200
    page = client.get(reverse("agents:nomination_detail", args=[nomination.pk])).content.decode()
    assert 'data-testid="endorse-capacity"' in page and "Plt." in page
    home = client.get(reverse("home")).content.decode()
    assert nomination.candidate.name in home.split('data-testid="panel-kepala"')[1]
    ActingHead.objects.filter(employee=plt_dishub.employee).update(ends_on=today() - dt.timedelta(days=1))
    assert client.get(reverse("agents:nomination_detail", args=[nomination.pk])).status_code == 404
    assert client.get(reverse("agents:nomination_list")).status_code == 403


def test_the_plt_return_is_recorded_in_the_heads_name_too(submitted_dishub, plt_dishub, dishub):
    nomination = submitted_dishub()
    services.nomination_return(nomination=nomination, by=plt_dishub, comment="Lengkapi bukti SKP.")
    trail = NominationTransition.objects.get(nomination=nomination, action="return")
    assert trail.on_behalf_of == dishub.head and trail.capacity.startswith("Plt.")


def test_the_endorser_is_notified_from_the_organisation_data(period, operator_dishub, dishub, plt_dishub):
    nomination = services.nomination_create(by=operator_dishub, period=period, candidate=make_employee(dishub),
                                            justification=JUSTIFICATION)
    services.nomination_submit(nomination=nomination, by=operator_dishub)
    assert list(Notification.objects.filter(kind="nomination_submitted").values_list("recipient__username", flat=True)) \
        == ["plt.dishub"]


# --- acting head records ---------------------------------------------------------------------------------------

def test_an_acting_heads_dates_must_be_in_order(dishub, tim_rb):
    with pytest.raises(ValidationError) as exc:
        acting(dishub, make_employee(dishub), kind=ActingHead.Kind.PLH, starts=5, ends=1)
    assert "ends_on" in exc.value.message_dict


def test_two_acting_heads_of_the_same_kind_may_not_overlap_but_a_plh_beside_a_plt_may(dishub, tim_rb):
    with pytest.raises(ValidationError) as exc:
        acting(dishub, make_employee(dishub), kind=ActingHead.Kind.PLT, starts=10, ends=40)
    assert "tumpang tindih" in str(exc.value.message_dict["starts_on"])
    acting(dishub, make_employee(dishub), kind=ActingHead.Kind.PLH, starts=10, ends=12)


def test_only_tim_rb_and_administrators_record_acting_heads(dishub, kepala_dinkes, tim_rb, admin_user, api):
    body = {"agency": dishub.pk, "employee": make_employee(dishub).nip, "kind": "plh",
            "starts_on": (today() + dt.timedelta(days=60)).isoformat(),
            "ends_on": (today() + dt.timedelta(days=62)).isoformat(), "letter_number": LETTER}
    assert api(kepala_dinkes).post("/api/v1/acting-heads/", body, format="json").status_code == 403
    created = api(tim_rb).post("/api/v1/acting-heads/", body, format="json")
    assert created.status_code == 201 and created.json()["office"] == dishub.head.position
    overlapping = api(admin_user).post("/api/v1/acting-heads/", body, format="json")
    assert overlapping.status_code == 400 and "starts_on" in overlapping.json()
    assert api(kepala_dinkes).get("/api/v1/acting-heads/?current=true").status_code == 200


def test_tim_rb_records_a_plh_on_the_page(login, tim_rb, dishub):
    employee = make_employee(dishub)
    response = login(tim_rb).post(reverse("organization:acting_head_list"), {
        "agency": dishub.pk, "employee_nip": employee.nip, "kind": "plh",
        "starts_on": (today() + dt.timedelta(days=70)).isoformat(),
        "ends_on": (today() + dt.timedelta(days=71)).isoformat(), "letter_number": LETTER})
    assert response.status_code == 302
    assert ActingHead.objects.filter(employee=employee, kind="plh").exists()
    wrong = login(tim_rb).post(reverse("organization:acting_head_list"), {
        "agency": dishub.pk, "employee_nip": employee.nip, "kind": "plh",
        "starts_on": (today() + dt.timedelta(days=71)).isoformat(),
        "ends_on": (today() + dt.timedelta(days=80)).isoformat(), "letter_number": LETTER})
    assert wrong.status_code == 400 and "tumpang tindih" in wrong.content.decode()


def test_the_acting_head_page_runs_the_same_queries_at_two_sizes(login, tim_rb, dishub, django_assert_num_queries):
    client = login(tim_rb)
    url = reverse("organization:acting_head_list") + "?semua=1"
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    for i in range(4):
        acting(dishub, make_employee(dishub), kind=ActingHead.Kind.PLH, starts=100 + 3 * i, ends=101 + 3 * i)
    with django_assert_num_queries(len(ctx)):
        client.get(url)


# --- the chain per period ----------------------------------------------------------------------------------------

def test_a_period_with_a_sekda_step_needs_the_sekdas_endorsement_after_the_kepala(
        tim_rb, sekda, kepala_diskominfo, operator_diskominfo, diskominfo, api):
    period = make_period(tim_rb, approval_chain=["kepala_pd", "sekda", "tim_rb"])
    nomination = services.nomination_create(by=operator_diskominfo, period=period,
                                            candidate=make_employee(diskominfo), justification=JUSTIFICATION)
    nomination = walk(nomination, "submitted", operator=operator_diskominfo, kepala=kepala_diskominfo, tim_rb=tim_rb)
    assert not permissions.can_endorse_nomination(fresh(sekda), nomination)
    services.nomination_endorse(nomination=nomination, by=kepala_diskominfo)
    nomination = Nomination.objects.select_related("period").get(pk=nomination.pk)
    assert (nomination.status, nomination.endorse_step, nomination.current_step) == ("submitted", 1, "sekda")
    assert not permissions.can_endorse_nomination(fresh(kepala_diskominfo), nomination)
    assert Notification.objects.filter(kind="nomination_submitted", recipient=sekda).exists()
    response = api(sekda).post(f"/api/v1/nominations/{nomination.pk}/endorse/", {}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "endorsed"
    steps = list(NominationTransition.objects.filter(nomination=nomination, action="endorse").values_list("step",
                                                                                                            flat=True))
    assert steps == ["kepala_pd", "sekda"]


def test_an_invalid_chain_is_a_field_error(api, tim_rb):
    for chain in (["kepala_pd"], ["tim_rb", "kepala_pd"], ["kepala_pd", "kepala_pd", "tim_rb"], ["bupati", "tim_rb"]):
        response = api(tim_rb).post("/api/v1/periods/", {"approval_chain": chain}, format="json")
        assert response.status_code == 400 and "approval_chain" in response.json(), chain


# --- confirmations -------------------------------------------------------------------------------------------------

def test_the_endorse_page_shows_the_checklist_and_asks_for_confirmation(nominate, login, kepala_diskominfo):
    nomination = nominate("submitted")
    client = login(kepala_diskominfo)
    page = client.get(reverse("agents:nomination_detail", args=[nomination.pk])).content.decode()
    assert 'data-testid="eligibility-rules"' in page and 'name="endorse-confirm"' in page
    url = reverse("agents:nomination_action", args=[nomination.pk, "endorse"])
    refused = client.post(url, {"endorse-comment": "Layak."})
    assert refused.status_code == 400 and "Centang konfirmasi" in refused.content.decode()
    assert Nomination.objects.get(pk=nomination.pk).status == "submitted"
    assert client.post(url, {"endorse-comment": "Layak.", "endorse-confirm": "on"}).status_code == 302
    assert Nomination.objects.get(pk=nomination.pk).status == "endorsed"


def test_reject_asks_for_confirmation(nominate, login, tim_rb):
    nomination = nominate("endorsed")
    url = reverse("agents:nomination_action", args=[nomination.pk, "reject"])
    assert login(tim_rb).post(url, {"reject-reason": "Belum ada contoh."}).status_code == 400
    assert Nomination.objects.get(pk=nomination.pk).status == "endorsed"


def test_approving_without_a_panel_score_needs_tim_rbs_explicit_confirmation_and_the_trail_says_so(nominate, api, tim_rb):
    nomination = nominate("endorsed")
    body = {"decree_number": "800/31/BKPSDM", "decree_date": today().isoformat()}
    refused = api(tim_rb).post(f"/api/v1/nominations/{nomination.pk}/approve/", body, format="json")
    assert refused.status_code == 400 and "confirm_unscored" in refused.json()
    assert Nomination.objects.get(pk=nomination.pk).status == "endorsed"
    done = api(tim_rb).post(f"/api/v1/nominations/{nomination.pk}/approve/", {**body, "confirm_unscored": True},
                            format="json")
    assert done.status_code == 200
    trail = NominationTransition.objects.get(nomination=nomination, action="approve")
    assert trail.without_scores and "tanpa nilai panel" in trail.comment


def test_the_page_asks_for_the_unscored_confirmation_only_when_nobody_scored(nominate, login, tim_rb):
    nomination = nominate("endorsed")
    page = login(tim_rb).get(reverse("agents:nomination_detail", args=[nomination.pk])).content.decode()
    assert 'name="approve-confirm_unscored"' in page and 'name="approve-confirm"' in page


# --- escalation and the stalled list --------------------------------------------------------------------------

def _age(nomination, days):
    Nomination.objects.filter(pk=nomination.pk).update(waiting_since=timezone.now() - dt.timedelta(days=days))


def run_twice(kind):
    now = timezone.now()
    return registry.run(kind, now=now, force=True), registry.run(kind, now=now, force=True)


def test_a_stalled_nomination_reminds_its_endorser_then_tim_rb_once(tim_rb, submitted_dishub, plt_dishub):
    waiting = submitted_dishub()
    recent = submitted_dishub()
    _age(waiting, 6)  # the period's default: 5 days
    _age(recent, 2)
    assert run_twice("nominations_stalled") == (1, 0)
    assert list(Notification.objects.filter(kind="nomination_stalled").values_list("recipient__username", flat=True)) \
        == ["plt.dishub"]
    assert not Notification.objects.filter(kind="nomination_stalled_tim_rb").exists()
    _age(waiting, 11)  # twice the setting: Tim RB hears of it
    first, second = run_twice("nominations_stalled")
    members = User.objects.filter(roles__role=Role.TIM_RB, roles__is_active=True, is_active=True).distinct().count()
    assert (first, second) == (1 + members, 0)  # a new waiting spell: the endorser again, and each member once
    assert Notification.objects.filter(kind="nomination_stalled_tim_rb", recipient=tim_rb).count() == 1


def test_the_escalation_days_are_a_setting_of_the_period(tim_rb, operator_dishub, dishub, plt_dishub):
    period = make_period(tim_rb, escalation_days=20)
    nomination = services.nomination_create(by=operator_dishub, period=period, candidate=make_employee(dishub),
                                            justification=JUSTIFICATION)
    services.nomination_submit(nomination=nomination, by=operator_dishub)
    _age(nomination, 10)
    assert run_twice("nominations_stalled") == (0, 0)


def test_tim_rb_sees_every_stalled_nomination_in_one_list_and_in_the_api(tim_rb, submitted_dishub, nominate, login,
                                                                       api, kepala_diskominfo):
    stalled = submitted_dishub()
    _age(stalled, 9)
    endorsed = nominate("endorsed")
    _age(endorsed, 7)
    fresh_one = submitted_dishub()
    page = login(tim_rb).get(reverse("agents:nomination_stalled")).content.decode()
    listed = page.split('data-testid="stalled-list"')[1]
    assert stalled.candidate.name in listed and endorsed.candidate.name in listed
    assert fresh_one.candidate.name not in listed
    ids = {n["id"] for n in api(tim_rb).get("/api/v1/nominations/?stalled=true").json()["results"]}
    assert {stalled.pk, endorsed.pk} <= ids and fresh_one.pk not in ids
    assert login(kepala_diskominfo).get(reverse("agents:nomination_stalled")).status_code == 403


def test_the_stalled_list_runs_the_same_queries_at_two_sizes(tim_rb, submitted_dishub, login,
                                                               django_assert_num_queries):
    client = login(tim_rb)
    _age(submitted_dishub(), 9)
    client.get(reverse("agents:nomination_stalled"))
    with CaptureQueriesContext(connection) as ctx:
        client.get(reverse("agents:nomination_stalled"))
    for _ in range(5):
        _age(submitted_dishub(), 9)
    with django_assert_num_queries(len(ctx)):
        client.get(reverse("agents:nomination_stalled"))


# --- the demo ----------------------------------------------------------------------------------------------------

def test_every_top_level_agency_has_its_head_recorded_and_kepala_and_operator_accounts(dishub):
    agencies = list(Agency.objects.top_level().select_related("head"))
    assert all(a.head_id for a in agencies)
    kepala = set(RoleAssignment.objects.filter(role=Role.KEPALA, is_active=True).values_list("agency__code", flat=True))
    operators = set(RoleAssignment.objects.filter(role=Role.OPERATOR, is_active=True)
                    .values_list("agency__code", flat=True))
    codes = {a.code for a in agencies}
    assert codes - kepala == {"SETDA", "DISHUB"}  # the Setda's head is the sekda; Dishub acts through a Plt.
    assert operators == codes
    assert User.objects.get(username="sekda").employee_id == Agency.objects.get(code="SETDA").head_id
    assert ActingHead.objects.on().filter(agency=dishub, employee__user__username="plt.dishub").exists()
    assert not User.objects.filter(employee=dishub.head).exists()


def test_every_open_demo_nomination_can_move_forward(media_root):
    from agents import demo

    demo.seed(seed=2026)
    open_ones = list(Nomination.objects.select_related("period", "agency")
                     .filter(status__in=["draft", "submitted", "endorsed"]))
    assert open_ones
    users = list(User.objects.filter(is_active=True).select_related("employee"))
    stuck = []
    for nomination in open_ones:
        rule = {"draft": permissions.can_submit_nomination, "submitted": permissions.can_endorse_nomination,
                "endorsed": permissions.can_decide_nomination}[nomination.status]
        if not any(rule(user, nomination) for user in users):
            stuck.append((nomination.agency.code, nomination.status))
    assert stuck == []


def test_tim_rb_records_the_head_of_an_agency_in_the_api_and_it_must_belong_to_the_agency(api, tim_rb, dishub,
                                                                                          diskominfo):
    outsider = make_employee(diskominfo)
    refused = api(tim_rb).patch(f"/api/v1/agencies/{dishub.pk}/", {"head": outsider.nip}, format="json")
    assert refused.status_code == 400 and "head" in refused.json()
    new_head = make_employee(dishub, position="Kepala Dinas Perhubungan", position_type="jpt_pratama")
    done = api(tim_rb).patch(f"/api/v1/agencies/{dishub.pk}/", {"head": new_head.nip}, format="json")
    assert done.status_code == 200 and Agency.objects.get(pk=dishub.pk).head_id == new_head.pk
