"""The agent registry: role models, ending and renewing terms, role assignments in sync, filters and exports."""

import csv
import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from agents import services
from agents.models import ChangeAgent
from organization.models import Role, RoleAssignment

from .conftest import make_agent, make_employee, make_period, today

pytestmark = pytest.mark.django_db


def designate_role_model(by, employee, **extra):
    fields = {"decree_number": "800/30/Org/2026", "decree_date": today(), "decree_signatory": "Wali Kota Bandung",
              "term_start": today(), "term_end": today() + dt.timedelta(days=365)}
    fields.update(extra)
    return services.role_model_designate(employee=employee, by=by, **fields)


def test_tim_rb_designates_the_kepala_as_role_model_with_its_own_decree(tim_rb, kepala_diskominfo):
    agent = designate_role_model(tim_rb, kepala_diskominfo.employee)
    assert agent.is_role_model and agent.decree_number == "800/30/Org/2026"
    assert RoleAssignment.objects.get(user=kepala_diskominfo, role=Role.ROLE_MODEL).is_active


def test_only_tim_rb_designates_role_models(operator_diskominfo, kepala_diskominfo):
    with pytest.raises(PermissionDenied):
        designate_role_model(operator_diskominfo, kepala_diskominfo.employee)


def test_a_role_model_needs_a_decree_number(tim_rb, kepala_diskominfo):
    with pytest.raises(ValidationError) as exc:
        designate_role_model(tim_rb, kepala_diskominfo.employee, decree_number="")
    assert "decree_number" in exc.value.message_dict


def test_ending_a_term_early_keeps_the_reason_and_deactivates_the_role(nominate, tim_rb):
    nomination = nominate("approved")
    agent = ChangeAgent.objects.get(nomination=nomination)
    services.agent_end_term(agent=agent, by=tim_rb, reason="Mutasi ke perangkat daerah lain.")
    agent.refresh_from_db()
    assert agent.status == "ended" and agent.end_reason == "Mutasi ke perangkat daerah lain." and agent.ended_on == today()
    assert not RoleAssignment.objects.get(user=agent.employee.user, role=Role.AGEN).is_active


def test_ending_a_term_needs_a_reason(nominate, tim_rb):
    agent = ChangeAgent.objects.get(nomination=nominate("approved"))
    with pytest.raises(ValidationError) as exc:
        services.agent_end_term(agent=agent, by=tim_rb, reason=" ")
    assert "reason" in exc.value.message_dict


def test_kepala_cannot_end_a_term_403_and_another_agency_gets_404(nominate, login, kepala_diskominfo, operator_dinkes):
    agent = ChangeAgent.objects.get(nomination=nominate("approved"))
    url = reverse("agents:agent_end_term", args=[agent.pk])
    assert login(kepala_diskominfo).post(url, {"reason": "x"}).status_code == 403
    assert login(operator_dinkes).post(url, {"reason": "x"}).status_code == 404


def test_renewal_creates_the_next_periods_record_and_keeps_the_role(nominate, tim_rb, period):
    agent = ChangeAgent.objects.get(nomination=nominate("approved"))
    following = make_period(tim_rb, nomination_opens=period.nomination_opens, nomination_closes=period.nomination_closes,
                            term_start=period.term_end + dt.timedelta(days=1),
                            term_end=period.term_end + dt.timedelta(days=366))
    renewal = services.agent_renew(agent=agent, by=tim_rb, period=following, decree_number="800/2/BKPSDM",
                                   decree_date=today())
    assert renewal.renewed_from == agent and renewal.term_start == following.term_start
    assert renewal.roles == agent.roles
    with pytest.raises(PermissionDenied):  # renewed once already
        services.agent_renew(agent=agent, by=tim_rb, period=following, decree_number="x", decree_date=today())
    services.agent_end_term(agent=agent, by=tim_rb, reason="Diganti SK baru.")
    assert RoleAssignment.objects.get(user=agent.employee.user, role=Role.AGEN).is_active  # the renewal is active


def test_renewal_must_be_for_a_later_period(nominate, tim_rb, period):
    agent = ChangeAgent.objects.get(nomination=nominate("approved"))
    with pytest.raises(ValidationError) as exc:
        services.agent_renew(agent=agent, by=tim_rb, period=period, decree_number="x", decree_date=today())
    assert "period" in exc.value.message_dict


def test_terms_that_ran_out_are_ended_by_the_daily_task(diskominfo):
    from agents.tasks import expire_terms

    employee = make_employee(diskominfo)
    services.sync_role_assignment(employee=employee, agency_id=diskominfo.pk, kind="agen")  # no record: nothing
    agent = make_agent(employee, term_start=today() - dt.timedelta(days=400), term_end=today() - dt.timedelta(days=1))
    services.sync_role_assignment(employee=employee, agency_id=diskominfo.pk, kind="agen")
    assert RoleAssignment.objects.get(user__employee=employee, role="agen").is_active
    assert expire_terms.delay().get() == 1
    agent.refresh_from_db()
    assert agent.status == "ended" and agent.end_reason == "Masa tugas berakhir."
    assert not RoleAssignment.objects.get(user__employee=employee, role="agen").is_active
    assert expire_terms.delay().get() == 0


@pytest.fixture
def registry(diskominfo, dinkes, kepala_diskominfo, tim_rb):
    agents = [make_agent(make_employee(diskominfo)), make_agent(make_employee(dinkes)),
              make_agent(make_employee(diskominfo), status="ended", term_end=today() - dt.timedelta(days=3))]
    agents.append(designate_role_model(tim_rb, kepala_diskominfo.employee))
    return agents


def test_the_registry_filters_by_agency_state_and_kind(registry, login, tim_rb, diskominfo):
    client = login(tim_rb)
    url = reverse("agents:agent_list")
    ids = lambda r: {a.pk for a in r.context["page"].object_list}  # noqa: E731
    assert ids(client.get(url, {"agency": diskominfo.pk})) == {registry[0].pk, registry[2].pk, registry[3].pk}
    assert ids(client.get(url, {"agency": diskominfo.pk, "state": "ended"})) == {registry[2].pk}
    role_models = ids(client.get(url, {"kind": "role_model"}))  # once: the same query again is the cached body
    assert role_models >= {registry[3].pk}
    assert registry[0].pk not in role_models
    assert registry[0].pk in ids(client.get(url, {"role": "katalis", "agency": diskominfo.pk}))
    assert registry[0].pk not in ids(client.get(url, {"role": "mediator", "agency": diskominfo.pk}))


def test_each_registry_row_links_the_person_and_shows_roles_term_and_state(registry, login, tim_rb, diskominfo):
    agent = registry[0]
    html = login(tim_rb).get(reverse("agents:agent_list"), {"agency": diskominfo.pk}).content.decode()
    assert f'<a href="{reverse("agents:agent_detail", args=[agent.pk])}">{agent.employee.name}</a>' in html
    assert "Katalis" in html
    expected_term = Template('{{ a.term_start|date:"j F Y" }} – {{ a.term_end|date:"j F Y" }}').render(
        Context({"a": agent}))
    assert f"<td>{expected_term}</td>" in html
    assert '<span class="badge text-bg-secondary">Berakhir</span>' in html          # registry[2]'s term ran out


@pytest.mark.parametrize("language", ["id", "en"])
def test_long_date_shows_what_the_date_filter_shows(language):
    values = [dt.date(2026, 11, 28), dt.date(2027, 1, 3),
              dt.datetime(2026, 11, 27, 20, 30, tzinfo=dt.UTC), None]   # the datetime: 28 November in WIB
    with translation.override(language):
        for value in values:
            expected = Template('{{ v|date:"j F Y" }}').render(Context({"v": value}))
            assert Template("{% load agents_tags %}{{ v|long_date }}").render(Context({"v": value})) == expected


def test_an_operator_sees_only_their_agency_in_the_registry(registry, login, operator_dinkes):
    page = login(operator_dinkes).get(reverse("agents:agent_list")).context["page"]
    assert {a.agency.code for a in page.object_list} == {"DINKES"}
    assert login(operator_dinkes).get(reverse("agents:agent_detail", args=[registry[0].pk])).status_code == 404


def test_the_registry_exports_to_csv(registry, login, tim_rb, diskominfo):
    response = login(tim_rb).get(reverse("agents:agent_export", args=["csv"]), {"agency": diskominfo.pk})
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["NIP", "Nama", "Perangkat daerah"]
    assert {r[0] for r in rows[1:]} == {a.employee.nip for a in registry if a.agency_id == diskominfo.pk}


def test_the_registry_exports_to_xlsx(registry, login, tim_rb):
    response = login(tim_rb).get(reverse("agents:agent_export", args=["xlsx"]), {"state": "active"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][0] == "NIP"
    nips = {v[0] for v in values[1:]}
    assert registry[0].employee.nip in nips and registry[2].employee.nip not in nips


def test_the_registry_page_runs_the_same_queries_at_two_sizes(login, tim_rb, diskominfo, django_assert_num_queries):
    client = login(tim_rb)
    for _ in range(2):
        make_agent(make_employee(diskominfo))
    client.get(reverse("agents:agent_list"))  # warm caches (session, content types)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from agenperubahan import data_versions, fragments

    fragments.bump(data_versions.AGENTS)  # the body is rendered again (as after the writes below)
    with CaptureQueriesContext(connection) as small:
        assert client.get(reverse("agents:agent_list")).status_code == 200
    for _ in range(12):
        make_agent(make_employee(diskominfo))
    with django_assert_num_queries(len(small)):
        client.get(reverse("agents:agent_list"))


def test_the_agents_api_lists_with_a_fixed_number_of_queries(api, tim_rb, diskominfo, django_assert_num_queries):
    client = api(tim_rb)
    make_agent(make_employee(diskominfo))
    client.get("/api/v1/agents/")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from agenperubahan import data_versions, fragments

    fragments.bump(data_versions.AGENTS)  # the answer is cached (api_base.CachedListMixin): count a built one
    with CaptureQueriesContext(connection) as small:
        data = client.get("/api/v1/agents/").json()
    assert {"employee", "agency", "roles", "is_role_model", "term_start", "term_end", "decree_number"} <= set(data["results"][0])
    for _ in range(8):
        make_agent(make_employee(diskominfo))
    with django_assert_num_queries(len(small)):  # the writes dropped the cached answer: built again
        client.get("/api/v1/agents/")


def test_the_api_designates_role_models_for_tim_rb_only(api, tim_rb, operator_diskominfo, kepala_dinkes):
    payload = {"employee": kepala_dinkes.employee_id, "decree_number": "800/31/Org/2026",
               "decree_date": today().isoformat(), "decree_signatory": "Wali Kota Bandung",
               "term_start": today().isoformat(), "term_end": (today() + dt.timedelta(days=365)).isoformat()}
    assert api(operator_diskominfo).post("/api/v1/agents/role-models/", payload, format="json").status_code == 403
    created = api(tim_rb).post("/api/v1/agents/role-models/", payload, format="json")
    assert created.status_code == 201 and created.json()["is_role_model"] is True
    again = api(tim_rb).post("/api/v1/agents/role-models/", payload, format="json")
    assert again.status_code == 400 and "employee" in again.json()


def test_the_api_ends_a_term_and_names_the_missing_reason(api, tim_rb, nominate):
    agent = ChangeAgent.objects.get(nomination=nominate("approved"))
    missing = api(tim_rb).post(f"/api/v1/agents/{agent.pk}/end-term/", {}, format="json")
    assert missing.status_code == 400 and "reason" in missing.json()
    ended = api(tim_rb).post(f"/api/v1/agents/{agent.pk}/end-term/", {"reason": "Pensiun dini."}, format="json")
    assert ended.status_code == 200 and ended.json()["status"] == "ended"


def test_registry_rows_escape_names_and_show_a_role_model_badge(registry, login, tim_rb, diskominfo):
    from organization.models import Employee

    Employee.objects.filter(pk=registry[0].employee_id).update(name="Ani <i>Uji</i>")
    ChangeAgent.objects.filter(pk=registry[0].pk).update(decree_number="800/<b>1</b>")
    html = login(tim_rb).get(reverse("agents:agent_list"), {"agency": diskominfo.pk}).content.decode()
    assert "Ani &lt;i&gt;Uji&lt;/i&gt;" in html and "<i>Uji</i>" not in html
    assert "800/&lt;b&gt;1&lt;/b&gt;" in html
    assert '<span class="badge text-bg-warning">Role model</span>' in html        # registry[3], the kepala


# --- issue 14: formula injection ---------------------------------------------------------------------------------

PAYLOADS = ["=HYPERLINK(\"https://evil.example\",\"klik\")", "+1+1", "-2+3", "@SUM(A1)", "\t=1+1", "\r=1+1"]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_the_registry_csv_writes_formula_like_text_as_text(registry, login, tim_rb, payload):
    employee = registry[0].employee
    employee.name = payload
    employee.save()
    response = login(tim_rb).get(reverse("agents:agent_export", args=["csv"]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    row = next(r for r in rows if r[0] == employee.nip)
    assert row[1] == "'" + payload


def test_the_registry_xlsx_has_no_formula_cells(registry, login, tim_rb):
    employee = registry[0].employee
    employee.name = PAYLOADS[0]
    employee.save()
    response = login(tim_rb).get(reverse("agents:agent_export", args=["xlsx"]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [c for row in sheet.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    [cell] = [c for c in cells if c.value == PAYLOADS[0]]
    assert cell.data_type == "s" and cell.quotePrefix


def test_ending_a_term_needs_the_confirmation_checkbox(nominate, login, tim_rb):
    agent = ChangeAgent.objects.get(nomination=nominate("approved"))
    url = reverse("agents:agent_end_term", args=[agent.pk])
    data = {"reason": "Mutasi", "ended_on": today().isoformat()}
    response = login(tim_rb).post(url, data)
    assert response.status_code == 400 and "Centang konfirmasi" in response.content.decode()
    agent.refresh_from_db()
    assert agent.status == ChangeAgent.Status.ACTIVE
    assert login(tim_rb).post(url, {**data, "confirm": "on"}).status_code == 302
    agent.refresh_from_db()
    assert agent.status == ChangeAgent.Status.ENDED
