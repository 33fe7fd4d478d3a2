"""Pages for each role, home panels and navigation, the periods/nominations API, and fixed query counts."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agenperubahan import data_versions, fragments
from agents import services
from agents.models import ProgramPeriod

from .conftest import JUSTIFICATION, make_agent, make_employee, today

pytestmark = pytest.mark.django_db

DEMO = ["admin", "tim.rb", "sekda", "kepala.diskominfo", "operator.diskominfo", "agen.diskominfo",
        "pegawai.diskominfo", "kepala.dinkes", "operator.dinkes", "agen.dinkes"]


@pytest.mark.parametrize("username", DEMO)
def test_every_demo_user_opens_the_agents_pages_they_may_see(username, django_user_model, login, nominate, period):
    nomination = nominate("submitted")
    client = login(django_user_model.objects.get(username=username))
    assert client.get(reverse("agents:index")).status_code == 200
    assert client.get(reverse("agents:period_list")).status_code == 200
    assert client.get(reverse("agents:period_detail", args=[period.pk])).status_code == 200
    listing = client.get(reverse("agents:nomination_list")).status_code
    detail = client.get(reverse("agents:nomination_detail", args=[nomination.pk])).status_code
    if username in {"admin", "tim.rb", "sekda", "kepala.diskominfo", "operator.diskominfo"}:
        assert (listing, detail) == (200, 200)
    elif username in {"kepala.dinkes", "operator.dinkes"}:
        assert (listing, detail) == (200, 404)
    else:
        assert (listing, detail) == (403, 404)
    assert client.get(reverse("home")).status_code == 200


def test_the_operator_home_shows_the_quota_left(login, operator_diskominfo, period, nominate):
    nominate("submitted")
    page = login(operator_diskominfo).get(reverse("home")).content.decode()
    assert 'data-testid="panel-operator"' in page and "sisa kuota <strong>49</strong> dari 50" in page


def test_the_kepala_home_lists_nominations_waiting_for_endorsement(login, kepala_diskominfo, nominate):
    nomination = nominate("submitted")
    page = login(kepala_diskominfo).get(reverse("home")).content.decode()
    assert 'data-testid="panel-kepala"' in page and nomination.candidate.name in page


def test_the_tim_rb_home_lists_nominations_waiting_for_a_decision(login, tim_rb, nominate):
    nomination = nominate("endorsed")
    page = login(tim_rb).get(reverse("home")).content.decode()
    assert 'data-testid="panel-tim-rb"' in page and nomination.candidate.name in page


def test_the_agent_home_shows_my_projects_and_a_due_report(login, agen_diskominfo):
    from .conftest import make_project

    project = make_project(make_agent(agen_diskominfo.employee))
    page = login(agen_diskominfo).get(reverse("home")).content.decode()
    assert 'data-testid="panel-agent"' in page and project.title in page and "laporan bulan ini" in page


def test_the_navigation_offers_nominations_to_operators_but_not_to_pegawai(login, operator_diskominfo, pegawai_diskominfo):
    assert reverse("agents:nomination_list") in login(operator_diskominfo).get(reverse("home")).content.decode()
    assert reverse("agents:nomination_list") not in login(pegawai_diskominfo).get(reverse("home")).content.decode()


def test_tim_rb_creates_a_period_with_quota_overrides_and_criteria_in_the_browser(login, tim_rb, dinkes):
    t = today()
    data = {
        "name": "Agen Perubahan 2030", "nomination_opens": t.isoformat(),
        "nomination_closes": (t + dt.timedelta(days=20)).isoformat(), "term_start": (t + dt.timedelta(days=40)).isoformat(),
        "term_end": (t + dt.timedelta(days=400)).isoformat(), "default_quota": 3, "employee_types": ["PNS", "PPPK"],
        "min_years_of_service": 2, "min_skp_predikat": "baik", "require_no_penalty": "on", "penalty_free_years": 0,
        "exclude_active_agents": "on", "endorsement_reminder_days": 3, "decision_reminder_days": 7,
        "escalation_days": 5, "approval_chain": "kepala_pd,sekda,tim_rb",
        "quota-TOTAL_FORMS": 1, "quota-INITIAL_FORMS": 0, "quota-MIN_NUM_FORMS": 0, "quota-MAX_NUM_FORMS": 1000,
        "quota-0-agency": dinkes.pk, "quota-0-quota": 8,
        "criteria-TOTAL_FORMS": 2, "criteria-INITIAL_FORMS": 0, "criteria-MIN_NUM_FORMS": 1, "criteria-MAX_NUM_FORMS": 1000,
        "criteria-0-name": "Teladan", "criteria-0-weight": 60, "criteria-1-name": "Integritas", "criteria-1-weight": 40,
    }
    response = login(tim_rb).post(reverse("agents:period_create"), data)
    period = ProgramPeriod.objects.get(name="Agen Perubahan 2030")
    assert response.status_code == 302
    assert period.employee_types == ["PNS", "PPPK"]
    assert list(period.quotas.values_list("agency_id", "quota")) == [(dinkes.pk, 8)]
    assert [(c.name, c.weight) for c in period.criteria.all()] == [("Teladan", 60), ("Integritas", 40)]
    assert period.approval_chain == ["kepala_pd", "sekda", "tim_rb"] and period.escalation_days == 5


def test_tim_rb_opens_the_period_edit_page_with_the_current_criteria(login, tim_rb, period):
    response = login(tim_rb).get(reverse("agents:period_edit", args=[period.pk]))
    assert response.status_code == 200 and response.context["criteria"].total_form_count() == 6


def test_sekda_sees_the_city_figures_on_the_agents_page(login, sekda):
    page = login(sekda).get(reverse("agents:index")).content.decode()
    assert 'data-testid="city-summary"' in page


def test_a_period_whose_term_ends_before_it_starts_is_a_field_error(api, tim_rb):
    t = today()
    response = api(tim_rb).post("/api/v1/periods/", {
        "name": "Salah", "nomination_opens": t, "nomination_closes": t + dt.timedelta(days=5),
        "term_start": t + dt.timedelta(days=10), "term_end": t + dt.timedelta(days=9)}, format="json")
    assert response.status_code == 400 and "term_end" in response.json()


def test_only_tim_rb_manages_periods(api, login, operator_diskominfo, sekda, period):
    assert api(operator_diskominfo).post("/api/v1/periods/", {"name": "x"}, format="json").status_code == 403
    assert api(sekda).patch(f"/api/v1/periods/{period.pk}/", {"default_quota": 9}, format="json").status_code == 403
    assert login(operator_diskominfo).get(reverse("agents:period_create")).status_code == 403


def test_the_periods_api_shows_quotas_rules_and_criteria(api, tim_rb, period, dinkes):
    response = api(tim_rb).patch(f"/api/v1/periods/{period.pk}/", {
        "quotas": [{"agency": dinkes.pk, "quota": 7}], "min_years_of_service": 4}, format="json")
    assert response.status_code == 200, response.content
    data = api(tim_rb).get(f"/api/v1/periods/{period.pk}/").json()
    assert data["quotas"] == [{"agency": dinkes.pk, "quota": 7}] and data["min_years_of_service"] == 4
    assert len(data["criteria"]) == 5 and data["is_open"] is True


def test_the_nominations_api_creates_edits_and_walks_the_workflow(api, period, operator_diskominfo, kepala_diskominfo,
                                                                  tim_rb, diskominfo):
    candidate = make_employee(diskominfo)
    created = api(operator_diskominfo).post("/api/v1/nominations/", {
        "period": period.pk, "candidate": candidate.pk, "justification": JUSTIFICATION}, format="json")
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    edited = api(operator_diskominfo).patch(f"/api/v1/nominations/{pk}/", {"justification": JUSTIFICATION + " Lagi."},
                                            format="json")
    assert edited.status_code == 200
    rules = api(operator_diskominfo).get(f"/api/v1/nominations/{pk}/eligibility/").json()
    assert all(r["passed"] for r in rules)
    assert api(operator_diskominfo).post(f"/api/v1/nominations/{pk}/submit/").json()["status"] == "submitted"
    assert api(kepala_diskominfo).post(f"/api/v1/nominations/{pk}/endorse/", {}, format="json").json()["status"] == "endorsed"
    approved = api(tim_rb).post(f"/api/v1/nominations/{pk}/approve/", {
        "decree_number": "800/5/BKPSDM/2026", "decree_date": today().isoformat(), "roles": ["katalis", "mediator"],
        "confirm_unscored": True},
        format="json").json()
    assert approved["status"] == "approved" and approved["decree_number"] == "800/5/BKPSDM/2026"
    agent = api(tim_rb).get("/api/v1/agents/", {"q": candidate.nip}).json()["results"][0]
    assert agent["roles"] == ["katalis", "mediator"] and agent["is_role_model"] is False


def test_pegawai_cannot_create_nominations_in_the_api(api, pegawai_diskominfo, period, candidate):
    response = api(pegawai_diskominfo).post("/api/v1/nominations/", {
        "period": period.pk, "candidate": candidate.pk, "justification": JUSTIFICATION}, format="json")
    assert response.status_code == 403


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


def test_the_nomination_list_page_runs_the_same_queries_at_two_sizes(login, tim_rb, nominate, django_assert_num_queries):
    client = login(tim_rb)
    nominate("submitted")
    client.get(reverse("agents:nomination_list"))
    small = _count(client, reverse("agents:nomination_list"))
    for status in ["draft", "submitted", "endorsed", "approved", "rejected"] * 2:
        nominate(status)
    client.get(reverse("agents:nomination_list"))  # the new notices dropped the cached unread count: count it again
    with django_assert_num_queries(small):
        client.get(reverse("agents:nomination_list"))


def test_the_nominations_api_list_runs_the_same_queries_at_two_sizes(api, operator_diskominfo, nominate,
                                                                     django_assert_num_queries):
    client = api(operator_diskominfo)
    nominate("draft")
    client.get("/api/v1/nominations/")
    fragments.bump(data_versions.AGENTS)  # the answer is cached (api_base.CachedListMixin): count a built one
    small = _count(client, "/api/v1/nominations/")
    for _ in range(8):
        nominate("submitted")
    with django_assert_num_queries(small):  # the writes dropped the cached answer: built again
        assert client.get("/api/v1/nominations/").json()["count"] == 9


def test_the_openapi_schema_includes_the_agents_endpoints(client, admin_user):
    client.force_login(admin_user)
    schema = client.get("/api/schema/").content.decode()
    for path in ["/api/v1/periods/", "/api/v1/nominations/{id}/approve/", "/api/v1/nominations/{id}/return/",
                 "/api/v1/nominations/{id}/history/", "/api/v1/agents/", "/api/v1/projects/"]:
        assert path in schema


def test_the_actions_that_create_a_record_document_their_201(client, admin_user):
    client.force_login(admin_user)
    paths = client.get("/api/schema/", {"format": "json"}).json()["paths"]
    for path in ["/api/v1/agents/role-models/", "/api/v1/agents/{id}/renew/", "/api/v1/projects/{id}/reports/",
                 "/api/v1/nominations/", "/api/v1/projects/"]:
        assert "201" in paths[path]["post"]["responses"], path


def test_a_period_can_still_be_edited_after_scoring_but_its_criteria_cannot_change(tim_rb, period, nominate):
    from django.core.exceptions import ValidationError

    from agents import services

    nomination = nominate("endorsed")
    services.nomination_score(nomination=nomination, by=tim_rb,
                              scores={c.pk: (4, "") for c in period.criteria.all()})
    same = [{"name": c.name, "description": c.description, "weight": c.weight} for c in period.criteria.all()]
    period.nomination_closes = period.nomination_closes + dt.timedelta(days=3)
    services.period_save(period=period, by=tim_rb, criteria=same)
    with pytest.raises(ValidationError) as exc:
        services.period_save(period=period, by=tim_rb, criteria=same[:2])
    assert "criteria" in exc.value.message_dict


def test_the_kepala_home_counts_every_waiting_nomination_and_lists_the_first_eight(login, kepala_diskominfo, nominate):
    waiting = [nominate("submitted") for _ in range(9)]
    nominate("draft")                                                  # not waiting for the kepala
    response = login(kepala_diskominfo).get(reverse("home"))
    panel = next(p for p in response.context["panels"] if p["template"].endswith("kepala.html"))
    assert panel["waiting_count"] == 9
    assert [n.pk for n in panel["waiting"]] == [n.pk for n in waiting[:8]]         # oldest submission first
    assert '<span class="badge text-bg-warning">9</span>' in response.content.decode()


def test_the_tim_rb_home_counts_every_endorsed_nomination(login, tim_rb, nominate):
    endorsed = [nominate("endorsed") for _ in range(3)]
    nominate("submitted")
    response = login(tim_rb).get(reverse("home"))
    panel = next(p for p in response.context["panels"] if p["template"].endswith("tim_rb.html"))
    assert panel["waiting_count"] == 3
    assert [n.pk for n in panel["waiting"]] == [n.pk for n in endorsed]
    assert endorsed[0].agency.abbreviation in response.content.decode()


def test_the_quota_overview_reads_overrides_and_used_places_of_several_agencies_in_one_query(
        tim_rb, diskominfo, dinkes, nominate, kepala_dinkes, django_assert_num_queries):
    from agents.selectors import quota_overview

    from .conftest import make_period

    period = make_period(tim_rb, default_quota=4)
    services.period_save(period=period, by=tim_rb, quotas={dinkes.pk: 6})
    nominate("submitted", on_period=period)
    nominate("approved", on_period=period)
    nominate("rejected", on_period=period)                             # gives its place back
    nominate("draft", on_period=period)                                # does not take a place yet
    with django_assert_num_queries(1):
        rows = quota_overview(period, [diskominfo.pk, dinkes.pk])
    by_agency = {r["agency"].pk: (r["quota"], r["used"], r["left"]) for r in rows}
    assert by_agency == {diskominfo.pk: (4, 2, 2), dinkes.pk: (6, 0, 6)}


def test_the_nomination_list_marks_each_status_and_the_chosen_agency(login, tim_rb, nominate, diskominfo):
    nominate("submitted")
    nominate("rejected")
    html = login(tim_rb).get(reverse("agents:nomination_list"), {"agency": diskominfo.pk}).content.decode()
    assert '<span class="badge text-bg-info">Diajukan</span>' in html
    assert '<span class="badge text-bg-danger">Ditolak</span>' in html
    assert f'<option value="{diskominfo.pk}" selected>{diskominfo.name}</option>' in html


def test_the_nomination_list_shows_the_score_the_returned_flag_and_escapes_names(login, tim_rb, nominate,
                                                                                 kepala_diskominfo):
    from agents.models import Nomination
    from organization.models import Employee

    returned = nominate("submitted")
    services.nomination_return(nomination=returned, by=kepala_diskominfo, comment="Lengkapi bukti.")
    scored = nominate("endorsed")
    Nomination.objects.filter(pk=scored.pk).update(score_total="84.5")
    Employee.objects.filter(pk=scored.candidate_id).update(name="Budi <script>")
    html = login(tim_rb).get(reverse("agents:nomination_list")).content.decode()
    assert '<span class="badge text-bg-warning">dikembalikan</span>' in html
    assert '<td class="text-end">84,50</td>' in html
    assert "Budi &lt;script&gt;" in html and "Budi <script>" not in html
