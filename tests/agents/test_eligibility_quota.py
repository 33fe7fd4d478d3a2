"""Quota per agency and period (with overrides), each eligibility rule, one open nomination per person."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from agents import services
from agents.eligibility import check_eligibility
from agents.models import AgencyQuota, Nomination
from organization.models import Employee, SkpPredikat

from .conftest import JUSTIFICATION, make_agent, make_employee, make_period, today

pytestmark = pytest.mark.django_db


def rule(period, employee, code):
    return next(r for r in check_eligibility(period, employee) if r.code == code)


def test_a_fully_eligible_candidate_passes_every_rule(period, candidate):
    assert all(r.passed for r in check_eligibility(period, candidate))


def test_employee_type_rule_refuses_pppk_unless_the_period_allows_them(tim_rb, diskominfo):
    pppk = make_employee(diskominfo, employee_type=Employee.Type.PPPK, rank="IX")
    pns_only = make_period(tim_rb)
    both = make_period(tim_rb, employee_types=["PNS", "PPPK"])
    assert not rule(pns_only, pppk, "employee_type").passed
    assert rule(both, pppk, "employee_type").passed


def test_years_of_service_come_from_the_appointment_date(tim_rb, diskominfo):
    period = make_period(tim_rb, min_years_of_service=5)
    junior = make_employee(diskominfo, appointment_date=dt.date(today().year - 3, 1, 1))
    senior = make_employee(diskominfo, appointment_date=dt.date(today().year - 6, 1, 1))
    assert not rule(period, junior, "years_of_service").passed
    assert "Kurang dari 5 tahun" in rule(period, junior, "years_of_service").detail
    assert rule(period, senior, "years_of_service").passed


def test_skp_predikat_must_be_at_least_the_minimum(tim_rb, diskominfo):
    period = make_period(tim_rb, min_skp_predikat=SkpPredikat.BAIK)
    assert not rule(period, make_employee(diskominfo, skp_predikat=SkpPredikat.BUTUH_PERBAIKAN), "skp").passed
    assert rule(period, make_employee(diskominfo, skp_predikat=SkpPredikat.SANGAT_BAIK), "skp").passed
    assert not rule(period, make_employee(diskominfo, skp_predikat=""), "skp").passed


def test_a_disciplinary_penalty_in_force_or_within_the_last_years_fails(tim_rb, diskominfo):
    period = make_period(tim_rb, penalty_free_years=2)
    assert not rule(period, make_employee(diskominfo, disciplinary_penalty=True), "penalty").passed
    recent = make_employee(diskominfo, last_penalty_date=today() - dt.timedelta(days=300))
    assert not rule(period, recent, "penalty").passed
    old = make_employee(diskominfo, last_penalty_date=today() - dt.timedelta(days=3 * 365))
    assert rule(period, old, "penalty").passed


def test_an_agent_whose_term_overlaps_the_period_is_not_eligible(period, diskominfo):
    agent = make_employee(diskominfo)
    make_agent(agent, term_start=today() - dt.timedelta(days=100), term_end=period.term_start + dt.timedelta(days=10))
    assert not rule(period, agent, "not_active_agent").passed
    former = make_employee(diskominfo)
    make_agent(former, term_start=today() - dt.timedelta(days=400), term_end=period.term_start - dt.timedelta(days=1))
    assert rule(period, former, "not_active_agent").passed


def test_the_maximum_age_rule_applies_only_when_set(tim_rb, diskominfo):
    period = make_period(tim_rb, max_age=30)
    employee = make_employee(diskominfo)  # born in 1985
    assert not rule(period, employee, "max_age").passed
    assert "max_age" not in {r.code for r in check_eligibility(make_period(tim_rb), employee)}


def test_submitting_an_ineligible_candidate_lists_each_failing_rule(period, nominate, operator_diskominfo, diskominfo):
    weak = make_employee(diskominfo, skp_predikat=SkpPredikat.KURANG, disciplinary_penalty=True)
    nomination = nominate("draft", employee=weak)
    with pytest.raises(ValidationError) as exc:
        services.nomination_submit(nomination=nomination, by=operator_diskominfo)
    messages = exc.value.message_dict["candidate"]
    assert len(messages) == 2
    assert any("Predikat SKP" in m for m in messages) and any("hukuman disiplin" in m for m in messages)


def test_the_eligibility_panel_shows_each_rule_before_saving(period, candidate, login, operator_diskominfo):
    response = login(operator_diskominfo).get(reverse("agents:eligibility"),
                                              {"candidate": candidate.nip_display, "period": period.pk})
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count('data-passed="1"') == len(response.context["rules"]) >= 6


def test_the_quota_counts_submitted_endorsed_and_approved_nominations(tim_rb, nominate, operator_diskominfo):
    period = make_period(tim_rb, default_quota=2)
    nominate("rejected", on_period=period)  # a rejected one gives its place back
    nominate("submitted", on_period=period)
    nominate("approved", on_period=period)
    third = nominate("draft", on_period=period)
    with pytest.raises(ValidationError) as exc:
        services.nomination_submit(nomination=third, by=operator_diskominfo)
    assert "sudah terpenuhi (2 dari 2)" in str(exc.value)


def test_a_per_agency_override_replaces_the_default_quota(tim_rb, diskominfo, dinkes, nominate, operator_diskominfo):
    period = make_period(tim_rb, default_quota=1)
    services.period_save(period=period, by=tim_rb, quotas={diskominfo.pk: 2})
    assert AgencyQuota.objects.get(period=period, agency=diskominfo).quota == 2
    nominate("submitted", on_period=period)
    nominate("submitted", on_period=period)
    with pytest.raises(ValidationError):
        nominate("submitted", on_period=period)


def test_the_nomination_form_shows_the_remaining_quota(period, nominate, login, operator_diskominfo):
    nominate("submitted")
    page = login(operator_diskominfo).get(reverse("agents:nomination_create")).content.decode()
    assert "sisa kuota <strong>49</strong> dari 50" in page


def test_one_open_nomination_per_person_per_period(period, candidate, nominate, operator_diskominfo):
    nominate("submitted", employee=candidate)
    with pytest.raises(ValidationError) as exc:
        services.nomination_create(by=operator_diskominfo, period=period, candidate=candidate,
                                   justification=JUSTIFICATION)
    assert "sudah diusulkan" in exc.value.message_dict["candidate"][0]


def test_a_rejected_candidate_may_be_nominated_again(period, candidate, nominate, operator_diskominfo):
    nominate("rejected", employee=candidate)
    again = services.nomination_create(by=operator_diskominfo, period=period, candidate=candidate,
                                       justification=JUSTIFICATION)
    assert again.status == Nomination.Status.DRAFT


def test_the_database_refuses_two_open_nominations_of_one_person(period, candidate, operator_diskominfo):
    from django.db import IntegrityError, transaction

    Nomination.objects.create(period=period, candidate=candidate, agency=candidate.agency, justification="x")
    with pytest.raises(IntegrityError), transaction.atomic():
        Nomination.objects.create(period=period, candidate=candidate, agency=candidate.agency, justification="y")


def test_an_operator_cannot_nominate_someone_from_another_agency(period, dinkes, operator_diskominfo):
    with pytest.raises(PermissionDenied):
        services.nomination_create(by=operator_diskominfo, period=period, candidate=make_employee(dinkes),
                                   justification=JUSTIFICATION)


def test_the_api_names_the_candidate_field_for_another_agencys_employee(period, dinkes, api, operator_diskominfo):
    response = api(operator_diskominfo).post("/api/v1/nominations/", {
        "period": period.pk, "candidate": make_employee(dinkes).pk, "justification": JUSTIFICATION}, format="json")
    assert response.status_code == 400 and "candidate" in response.json()


def test_nominating_outside_the_window_is_refused_with_the_dates(tim_rb, candidate, operator_diskominfo):
    closed = make_period(tim_rb, nomination_opens=today() - dt.timedelta(days=40),
                         nomination_closes=today() - dt.timedelta(days=5))
    with pytest.raises(ValidationError) as exc:
        services.nomination_create(by=operator_diskominfo, period=closed, candidate=candidate,
                                   justification=JUSTIFICATION)
    assert "tidak sedang dibuka" in exc.value.message_dict["period"][0]


def test_a_short_justification_is_a_field_error(period, candidate, login, operator_diskominfo):
    response = login(operator_diskominfo).post(reverse("agents:nomination_create"), {
        "period": period.pk, "candidate": candidate.nip, "justification": "Bagus."})
    assert response.status_code == 400
    assert "minimal 30 karakter" in str(response.context["form"].errors["justification"])
    assert not Nomination.objects.filter(candidate=candidate).exists()


def test_the_operator_nominates_in_the_browser_by_nip(period, candidate, login, operator_diskominfo):
    response = login(operator_diskominfo).post(reverse("agents:nomination_create"), {
        "period": period.pk, "candidate": candidate.nip_display, "justification": JUSTIFICATION})
    nomination = Nomination.objects.get(candidate=candidate)
    assert response.status_code == 302 and response["Location"].endswith(f"/{nomination.pk}/")
    assert nomination.created_by == operator_diskominfo and nomination.agency == candidate.agency


def test_candidate_search_finds_only_the_operators_agency(period, candidate, dinkes, login, operator_diskominfo):
    other = make_employee(dinkes, name="Calon Dinkes Khusus")
    client = login(operator_diskominfo)
    found = client.get(reverse("agents:candidate_search"), {"q": candidate.name}).content.decode()
    assert candidate.nip in found
    assert other.nip not in client.get(reverse("agents:candidate_search"), {"q": "Calon Dinkes Khusus"}).content.decode()


def test_candidate_search_is_for_operators_only(login, kepala_diskominfo):
    assert login(kepala_diskominfo).get(reverse("agents:candidate_search"), {"q": "ab"}).status_code == 403
