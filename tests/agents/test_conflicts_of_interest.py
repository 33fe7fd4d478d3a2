"""Issue 14: nobody nominates themselves, and nobody endorses, approves, rejects or returns their own nomination."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from agents import permissions, services
from agents.models import Nomination
from agents.services.nominations import SELF_DECISION, SELF_NOMINATION

from .conftest import fresh, make_employee, today

pytestmark = pytest.mark.django_db

JUSTIFICATION = "Memimpin digitalisasi layanan aduan dan menjadi teladan disiplin di unitnya."


def test_the_rule_refuses_the_candidate_and_allows_others(kepala_diskominfo, operator_diskominfo, diskominfo):
    assert not permissions.can_act_on_candidate(kepala_diskominfo, kepala_diskominfo.employee_id)
    assert permissions.can_act_on_candidate(operator_diskominfo, kepala_diskominfo.employee_id)


def test_an_operator_cannot_nominate_themselves_in_the_service_the_form_or_the_api(
        period, operator_diskominfo, login, api):
    with pytest.raises(ValidationError) as caught:
        services.nomination_create(by=operator_diskominfo, period=period, candidate=operator_diskominfo.employee,
                                   justification=JUSTIFICATION)
    assert SELF_NOMINATION in caught.value.message_dict["candidate"]
    page = login(operator_diskominfo).post(reverse("agents:nomination_create"), {
        "period": period.pk, "candidate": operator_diskominfo.employee.nip, "justification": JUSTIFICATION})
    assert page.status_code in (200, 400) and str(SELF_NOMINATION) in page.content.decode()
    response = api(operator_diskominfo).post("/api/v1/nominations/", {
        "period": period.pk, "candidate": operator_diskominfo.employee_id, "justification": JUSTIFICATION},
        format="json")
    assert response.status_code == 400 and str(SELF_NOMINATION) in str(response.json()["candidate"])
    assert not Nomination.objects.filter(candidate=operator_diskominfo.employee).exists()


def test_a_kepala_cannot_endorse_or_return_their_own_nomination(nominate, kepala_diskominfo, login, api):
    nomination = nominate("submitted", employee=kepala_diskominfo.employee)
    kepala = fresh(kepala_diskominfo)
    for call in (lambda: services.nomination_endorse(nomination=nomination, by=kepala),
                 lambda: services.nomination_return(nomination=nomination, by=kepala, comment="Perbaiki.")):
        with pytest.raises(PermissionDenied) as caught:
            call()
        assert str(caught.value) == str(SELF_DECISION)
    page = login(kepala).post(reverse("agents:nomination_action", args=[nomination.pk, "endorse"]))
    assert page.status_code == 403
    detail = login(kepala).get(reverse("agents:nomination_detail", args=[nomination.pk]))
    assert detail.context["can_endorse"] is False and detail.context["self_conflict"] is True
    response = api(kepala).post(f"/api/v1/nominations/{nomination.pk}/endorse/", {}, format="json")
    assert response.status_code == 403 and "konflik kepentingan" in response.json()["detail"]
    nomination.refresh_from_db()
    assert nomination.status == Nomination.Status.SUBMITTED


def test_a_tim_rb_member_cannot_approve_reject_or_return_their_own_nomination(nominate, tim_rb, diskominfo, api):
    own = make_employee(diskominfo)
    tim_rb.employee = own
    tim_rb.save()
    nomination = nominate("endorsed", employee=own)
    member = fresh(tim_rb)
    calls = [
        lambda: services.nomination_approve(nomination=nomination, by=member, decree_number="800/9/2026",
                                            decree_date=today()),
        lambda: services.nomination_reject(nomination=nomination, by=member, reason="Tidak layak."),
        lambda: services.nomination_return(nomination=nomination, by=member, comment="Perbaiki."),
    ]
    for call in calls:
        with pytest.raises(PermissionDenied) as caught:
            call()
        assert str(caught.value) == str(SELF_DECISION)
    response = api(member).post(f"/api/v1/nominations/{nomination.pk}/reject/", {"reason": "x"}, format="json")
    assert response.status_code == 403
    nomination.refresh_from_db()
    assert nomination.status == Nomination.Status.ENDORSED
