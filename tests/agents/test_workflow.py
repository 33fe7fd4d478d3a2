"""The nomination workflow: each transition allowed to its role and scope only, recorded, and notified."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse

from agents.models import ChangeAgent, Nomination, NominationTransition
from notifications.models import Notification
from organization.models import RoleAssignment

from .conftest import today

pytestmark = pytest.mark.django_db

ALL = ["admin", "tim.rb", "sekda", "kepala.diskominfo", "operator.diskominfo", "agen.diskominfo",
       "pegawai.diskominfo", "kepala.dinkes", "operator.dinkes", "agen.dinkes"]
# Who sees a Diskominfo nomination at all (everyone else gets 404).
IN_SCOPE = {"admin", "tim.rb", "sekda", "kepala.diskominfo", "operator.diskominfo"}

TODAY = object()  # replaced by the test's own today when the payload is sent (the SK may not be dated in the future)


def payload_for(action):
    return {k: today().isoformat() if v is TODAY else v for k, v in TRANSITIONS[action][2].items()}


# action: (state it starts from, who may do it, API payload)
TRANSITIONS = {
    "submit": ("draft", {"operator.diskominfo"}, {}),
    "endorse": ("submitted", {"kepala.diskominfo"}, {}),
    "approve": ("endorsed", {"tim.rb", "admin"}, {"decree_number": "800/7/BKPSDM/2026", "decree_date": TODAY,
                                                  "confirm_unscored": True}),
    "reject": ("endorsed", {"tim.rb", "admin"}, {"reason": "Belum ada contoh perubahan nyata."}),
    "return@submitted": ("submitted", {"kepala.diskominfo"}, {"comment": "Lengkapi bukti SKP."}),
    "return@endorsed": ("endorsed", {"tim.rb", "admin"}, {"comment": "Perjelas contoh perubahan."}),
}
CASES = [(action, username) for action in TRANSITIONS for username in ALL]


def expected(action, username):
    _state, allowed, _payload = TRANSITIONS[action]
    if username in allowed:
        return "allowed"
    return "forbidden" if username in IN_SCOPE else "not_found"


@pytest.mark.parametrize(("action", "username"), CASES)
def test_each_transition_in_the_api_is_allowed_only_to_its_role_and_scope(action, username, nominate, api, django_user_model):
    state = TRANSITIONS[action][0]
    payload = payload_for(action)
    nomination = nominate(state)
    user = django_user_model.objects.get(username=username)
    verb = action.split("@")[0]
    response = api(user).post(f"/api/v1/nominations/{nomination.pk}/{verb}/", payload, format="json")
    outcome = expected(action, username)
    if outcome == "allowed":
        assert response.status_code == 200, response.content
        assert response.json()["status"] != state
    else:
        assert response.status_code == (403 if outcome == "forbidden" else 404), (username, response.content)
        assert Nomination.objects.get(pk=nomination.pk).status == state


@pytest.mark.parametrize("username", ALL)
def test_each_transition_in_the_browser_follows_the_same_rules(username, nominate, login, django_user_model):
    user = django_user_model.objects.get(username=username)
    client = login(user)
    for action, (state, _allowed, _payload) in TRANSITIONS.items():
        payload = payload_for(action)
        nomination = nominate(state)
        verb = action.split("@")[0]
        prefix = {"submit": None, "endorse": "endorse", "approve": "approve", "reject": "reject", "return": "return"}[verb]
        data = {f"{prefix}-{k}": v for k, v in payload.items()} if prefix else {}
        if verb in ("endorse", "approve", "reject"):
            data[f"{prefix}-confirm"] = "on"  # the confirmation checkbox of a decision
        response = client.post(reverse("agents:nomination_action", args=[nomination.pk, verb]), data)
        outcome = expected(action, username)
        if outcome == "allowed":
            assert response.status_code == 302, (action, response.content[:500])
        else:
            assert response.status_code == (403 if outcome == "forbidden" else 404), (action, username)


def test_the_full_path_records_actor_time_from_to_and_comment(nominate, operator_diskominfo, kepala_diskominfo, tim_rb, api):
    nomination = nominate("approved")
    trail = list(NominationTransition.objects.filter(nomination=nomination).order_by("at", "pk"))
    assert [(t.action, t.from_status, t.to_status, t.actor.username) for t in trail] == [
        ("create", "", "draft", "operator.diskominfo"),
        ("submit", "draft", "submitted", "operator.diskominfo"),
        ("endorse", "submitted", "endorsed", "kepala.diskominfo"),
        ("approve", "endorsed", "approved", "tim.rb"),
    ]
    assert all(t.at for t in trail)
    # The API's history: the same trail, newest first, paginated and readable (docs/audit.md).
    history = api(tim_rb).get(f"/api/v1/nominations/{nomination.pk}/history/").json()["results"]
    assert [h["action"] for h in history] == ["approve", "endorse", "submit", "create"]
    assert history[0]["actor"] == tim_rb.employee.full_name and "800/1/BKPSDM/2026" in history[0]["comment"]


def test_the_nomination_page_shows_its_history(nominate, login, kepala_diskominfo):
    nomination = nominate("submitted")
    page = login(kepala_diskominfo).get(reverse("agents:nomination_detail", args=[nomination.pk])).content.decode()
    history = page.split('data-testid="history"')[1]
    assert "Dibuat" in history and "Diajukan" in history
    assert "Draf → Diajukan" in history


def test_reject_without_a_reason_is_a_field_error(nominate, api, tim_rb):
    nomination = nominate("endorsed")
    response = api(tim_rb).post(f"/api/v1/nominations/{nomination.pk}/reject/", {}, format="json")
    assert response.status_code == 400
    assert "reason" in response.json()
    assert Nomination.objects.get(pk=nomination.pk).status == "endorsed"


def test_reject_without_a_reason_in_the_browser_shows_the_error_on_the_field(nominate, login, tim_rb):
    nomination = nominate("endorsed")
    response = login(tim_rb).post(reverse("agents:nomination_action", args=[nomination.pk, "reject"]),
                                  {"reject-reason": "", "reject-confirm": "on"})
    assert response.status_code == 400
    assert "Alasan penolakan wajib diisi" in str(response.context["reject_form"].errors["reason"])


def test_return_without_a_comment_is_a_field_error(nominate, api, kepala_diskominfo):
    nomination = nominate("submitted")
    response = api(kepala_diskominfo).post(f"/api/v1/nominations/{nomination.pk}/return/", {"comment": " "}, format="json")
    assert response.status_code == 400 and "comment" in response.json()


def test_approve_without_a_decree_number_is_a_field_error(nominate, api, tim_rb):
    nomination = nominate("endorsed")
    response = api(tim_rb).post(f"/api/v1/nominations/{nomination.pk}/approve/", {"decree_date": today().isoformat()},
                                format="json")
    assert response.status_code == 400 and "decree_number" in response.json()
    assert not ChangeAgent.objects.filter(nomination=nomination).exists()


def test_a_returned_nomination_goes_back_to_draft_with_the_comment_and_can_be_resubmitted(nominate, operator_diskominfo,
                                                                                           kepala_diskominfo):
    from agents import services

    nomination = nominate("submitted")
    services.nomination_return(nomination=nomination, by=kepala_diskominfo, comment="Lengkapi bukti SKP.")
    nomination.refresh_from_db()
    assert nomination.status == "draft" and nomination.return_comment == "Lengkapi bukti SKP."
    services.nomination_submit(nomination=nomination, by=operator_diskominfo)
    nomination.refresh_from_db()
    assert nomination.status == "submitted" and nomination.return_comment == ""


def test_submitting_notifies_the_kepala_in_app_and_by_email(nominate, kepala_diskominfo, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        nomination = nominate("submitted")
    notes = Notification.objects.filter(kind="nomination_submitted")
    assert set(notes.values_list("recipient__username", flat=True)) == {"kepala.diskominfo"}
    assert notes.get().url == reverse("agents:nomination_detail", args=[nomination.pk])
    assert any(kepala_diskominfo.email in m.to for m in mail.outbox)


def test_endorsing_notifies_tim_rb_and_approval_notifies_the_agency_and_the_new_agent(nominate):
    nomination = nominate("approved")
    endorsed = set(Notification.objects.filter(kind="nomination_endorsed").values_list("recipient__username", flat=True))
    assert endorsed == {"tim.rb"}
    decided = set(Notification.objects.filter(kind="nomination_approved").values_list("recipient__username", flat=True))
    assert decided == {"operator.diskominfo", "kepala.diskominfo"}
    appointed = Notification.objects.get(kind="agent_appointed")
    assert appointed.recipient.employee_id == nomination.candidate_id


def test_approval_creates_the_agent_with_term_roles_and_decree_and_an_agen_role_assignment(nominate, period):
    nomination = nominate("approved")
    agent = ChangeAgent.objects.get(nomination=nomination)
    assert (agent.term_start, agent.term_end) == (period.term_start, period.term_end)
    assert agent.decree_number == "800/1/BKPSDM/2026" and agent.decree_date == today()
    assert agent.roles == ["katalis", "pemberi_solusi", "mediator", "penghubung"]
    user = agent.employee.user
    # The username is a neutral handle from the name, never the NIP (personal data, shown on forum posts).
    assert agent.employee.nip not in user.username and not user.has_usable_password()
    from organization.identity.usernames import username_base

    assert user.username.startswith(username_base(agent.employee.name))
    assert RoleAssignment.objects.get(user=user, role="agen").agency_id == agent.agency_id


def test_approval_reuses_an_existing_account_and_activates_its_role(nominate, pegawai_diskominfo, period):
    nominate("approved", employee=pegawai_diskominfo.employee)
    assignment = RoleAssignment.objects.get(user=pegawai_diskominfo, role="agen")
    assert assignment.is_active
    assert pegawai_diskominfo.has_usable_password()


def test_a_decided_nomination_cannot_be_decided_again(nominate, api, tim_rb):
    nomination = nominate("rejected")
    response = api(tim_rb).post(f"/api/v1/nominations/{nomination.pk}/approve/",
                                {"decree_number": "X", "decree_date": today().isoformat()}, format="json")
    assert response.status_code == 403
    assert "Ditolak" in response.json()["detail"]


@pytest.mark.parametrize("decree_date, message", [
    ("4437-01-15", "tidak boleh setelah hari ini"),
    ("2001-01-15", "tidak boleh sebelum"),
])
def test_a_decree_date_in_the_future_or_before_the_nominations_opened_is_a_field_error(nominate, api, tim_rb,
                                                                                       decree_date, message):
    nomination = nominate("endorsed")
    response = api(tim_rb).post(f"/api/v1/nominations/{nomination.pk}/approve/",
                                {"decree_number": "800/2/SK", "decree_date": decree_date}, format="json")
    assert response.status_code == 400 and message in str(response.json()["decree_date"])
    assert Nomination.objects.get(pk=nomination.pk).status == "endorsed"
    assert not ChangeAgent.objects.filter(nomination=nomination).exists()


def test_the_decree_date_rule_also_guards_role_models_and_renewals(tim_rb, diskominfo, period):
    from django.core.exceptions import ValidationError

    from agents import services
    from tests.agents.conftest import make_agent, make_employee, make_period

    t = today()
    with pytest.raises(ValidationError) as caught:
        services.role_model_designate(employee=make_employee(diskominfo), by=tim_rb, decree_number="800/3/SK",
                                      decree_date=t + dt.timedelta(days=1), decree_signatory="Wali Kota Bandung",
                                      term_start=t, term_end=t + dt.timedelta(days=365))
    assert "tidak boleh setelah hari ini" in str(caught.value.message_dict["decree_date"])
    agent = make_agent(make_employee(diskominfo), period=period)
    following = make_period(tim_rb, term_start=period.term_end + dt.timedelta(days=1),
                            term_end=period.term_end + dt.timedelta(days=366))
    with pytest.raises(ValidationError) as caught:
        services.agent_renew(agent=agent, by=tim_rb, period=following, decree_number="800/4/SK",
                             decree_date=agent.decree_date - dt.timedelta(days=1))
    assert "tidak boleh sebelum" in str(caught.value.message_dict["decree_date"])
    renewed = services.agent_renew(agent=agent, by=tim_rb, period=following, decree_number="800/4/SK", decree_date=t)
    assert renewed.decree_date == t


def test_a_future_decree_date_in_the_browser_shows_the_error_on_the_field(nominate, login, tim_rb):
    nomination = nominate("endorsed")
    response = login(tim_rb).post(reverse("agents:nomination_action", args=[nomination.pk, "approve"]),
                                  {"approve-decree_number": "800/5/SK", "approve-decree_date": "4437-01-15",
                                       "approve-confirm": "on"})
    assert response.status_code == 400
    assert "tidak boleh setelah hari ini" in str(response.context["approve_form"].errors["decree_date"])
    assert Nomination.objects.get(pk=nomination.pk).status == "endorsed"
