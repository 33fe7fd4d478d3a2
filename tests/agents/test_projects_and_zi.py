"""Change projects, monthly reports, integration, and the ZI figures on a hand-computed example."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agents import services
from agents.models import ChangeProject, ProgressReport
from agents.selectors import agency_summary, city_summary
from organization.models import Agency, Role, RoleAssignment

from .conftest import make_agent, make_employee, make_period, make_project, today
from .test_uploads import EXE, PDF

pytestmark = pytest.mark.django_db

DONE = ChangeProject.Status.DONE


def ago(days):
    return today() - dt.timedelta(days=days)


@pytest.fixture
def agent_user(agen_diskominfo):
    """agen.diskominfo with a current ChangeAgent record (their role assignment already exists)."""
    make_agent(agen_diskominfo.employee)
    return agen_diskominfo


def project_post(**overrides):
    data = {"title": "Antrean daring layanan aduan", "reform_area": "pelayanan_publik",
            "problem": "Warga menunggu lama di loket.", "proposed_change": "Nomor antrean daring.",
            "target": "Tunggu < 30 menit", "indicator": "Menit tunggu rata-rata",
            "start_date": ago(30).isoformat(), "end_date": (today() + dt.timedelta(days=150)).isoformat(),
            "status": "ongoing", "members": ""}
    data.update(overrides)
    return data


def test_an_agent_writes_a_change_project(agent_user, login):
    response = login(agent_user).post(reverse("agents:project_create"), project_post())
    project = ChangeProject.objects.get(title="Antrean daring layanan aduan")
    assert response.status_code == 302
    assert project.agent.employee == agent_user.employee and project.agency_id == agent_user.employee.agency_id


def test_project_members_must_come_from_the_same_agency(agent_user, login, dinkes):
    outsider = make_employee(dinkes)
    response = login(agent_user).post(reverse("agents:project_create"), project_post(members=outsider.nip))
    assert response.status_code == 400 and "members" in response.context["form"].errors


def test_someone_who_is_not_an_agent_cannot_write_projects(login, pegawai_diskominfo, operator_diskominfo):
    assert login(pegawai_diskominfo).get(reverse("agents:project_create")).status_code == 403
    assert login(operator_diskominfo).post(reverse("agents:project_create"), project_post()).status_code == 403


def test_a_done_project_needs_the_date_and_result_of_the_change(agent_user):
    project = make_project(agent_user.employee.change_agents.get())
    project.status = DONE
    with pytest.raises(ValidationError) as exc:
        services.project_save(project=project, by=agent_user)
    assert {"completed_on", "result"} <= set(exc.value.message_dict)


def test_a_monthly_report_with_evidence_updates_the_project(agent_user, media_root):
    project = make_project(agent_user.employee.change_agents.get(), status=ChangeProject.Status.PLANNED)
    services.report_submit(project=project, by=agent_user, month=today(), progress=40, activities="Uji coba loket.",
                           files=[SimpleUploadedFile("daftar-hadir.pdf", PDF)])
    project.refresh_from_db()
    assert project.progress == 40 and project.status == "ongoing" and project.last_report_month == today().replace(day=1)
    assert ProgressReport.objects.get(project=project).evidence.get().original_name == "daftar-hadir.pdf"


def test_one_report_per_project_and_month(agent_user):
    project = make_project(agent_user.employee.change_agents.get())
    services.report_submit(project=project, by=agent_user, month=today(), progress=40, activities="A")
    with pytest.raises(ValidationError) as exc:
        services.report_submit(project=project, by=agent_user, month=today(), progress=50, activities="B")
    assert "month" in exc.value.message_dict


def test_a_report_with_a_renamed_executable_is_refused(agent_user, login, media_root):
    project = make_project(agent_user.employee.change_agents.get())
    response = login(agent_user).post(reverse("agents:report_create", args=[project.pk]), {
        "month": today().strftime("%Y-%m"), "progress": 30, "activities": "Rapat",
        "evidence": SimpleUploadedFile("foto.jpg", EXE)})
    assert response.status_code == 400 and "evidence" in response.context["form"].errors
    assert not ProgressReport.objects.filter(project=project).exists()


def test_only_the_owner_reports_progress(agent_user, kepala_diskominfo):
    project = make_project(agent_user.employee.change_agents.get())
    with pytest.raises(PermissionDenied):
        services.report_submit(project=project, by=kepala_diskominfo, month=today(), progress=10, activities="x")


def test_integration_needs_a_finished_change_and_a_reference(agent_user, login):
    agent = agent_user.employee.change_agents.get()
    ongoing = make_project(agent)
    with pytest.raises(ValidationError):
        services.project_integrate(project=ongoing, by=agent_user, kind="sop", reference="SOP 3/2026")
    done = make_project(agent, status=DONE, completed_on=ago(20))
    with pytest.raises(ValidationError) as exc:
        services.project_integrate(project=done, by=agent_user, kind="sop", reference="")
    assert "integration_reference" in exc.value.message_dict
    response = login(agent_user).post(reverse("agents:project_integrate", args=[done.pk]), {
        "kind": "sop", "reference": "SOP Nomor 12/2026 Layanan Aduan", "integrated_on": today().isoformat()})
    done.refresh_from_db()
    assert response.status_code == 302 and done.integrated and done.integration_reference.startswith("SOP Nomor 12")


def test_projects_are_scoped_to_the_agency(agent_user, login, operator_dinkes, kepala_diskominfo):
    project = make_project(agent_user.employee.change_agents.get())
    assert login(kepala_diskominfo).get(reverse("agents:project_detail", args=[project.pk])).status_code == 200
    assert login(operator_dinkes).get(reverse("agents:project_detail", args=[project.pk])).status_code == 404
    assert login(kepala_diskominfo).get(reverse("agents:project_edit", args=[project.pk])).status_code == 403


def test_the_projects_api_creates_reports_and_integrates(agent_user, api, media_root):
    client = api(agent_user)
    created = client.post("/api/v1/projects/", {k: v for k, v in project_post().items() if k != "members"}, format="json")
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    report = client.post(f"/api/v1/projects/{pk}/reports/", {"month": today().isoformat(), "progress": 50,
                                                             "activities": "Uji coba"}, format="json")
    assert report.status_code == 201
    patched = client.patch(f"/api/v1/projects/{pk}/", {"status": "done", "completed_on": ago(1).isoformat(),
                                                       "result": "Tunggu turun jadi 20 menit."}, format="json")
    assert patched.status_code == 200, patched.content
    integrated = client.post(f"/api/v1/projects/{pk}/integrate/", {"kind": "system", "reference": "Aplikasi Antrean"},
                             format="json")
    assert integrated.status_code == 200 and integrated.json()["integrated"] is True
    assert len(integrated.json()["reports"]) == 1


def test_the_projects_api_lists_with_a_fixed_number_of_queries(agent_user, api, tim_rb, django_assert_num_queries):
    agent = agent_user.employee.change_agents.get()
    first = make_project(agent)
    ProgressReport.objects.create(project=first, month=today().replace(day=1), progress=10, activities="x")
    client = api(tim_rb)
    client.get("/api/v1/projects/")
    with CaptureQueriesContext(connection) as small:
        client.get("/api/v1/projects/")
    for _ in range(6):
        p = make_project(agent)
        ProgressReport.objects.create(project=p, month=today().replace(day=1), progress=10, activities="x")
    with django_assert_num_queries(len(small)):
        assert len(client.get("/api/v1/projects/").json()["results"]) == 7


# --- ZI figures -----------------------------------------------------------------------------------------------

@pytest.fixture
def zi_city(tim_rb, kepala_diskominfo, nominate, diskominfo, dinkes):
    """A small hand-built city (see the expected figures in the tests below)."""
    period = make_period(tim_rb, default_quota=3)
    services.period_save(period=period, by=tim_rb, quotas={dinkes.pk: 5})
    disdukcapil = Agency.objects.get(code="DISDUKCAPIL")
    bapenda = Agency.objects.get(code="BAPENDA")
    # Diskominfo: four current agents, one ended agent, the kepala as role model.
    a1, a2, a3, a4 = (make_agent(make_employee(diskominfo)) for _ in range(4))
    ended = make_agent(make_employee(diskominfo), status="ended", term_end=ago(5))
    make_agent(kepala_diskominfo.employee, kind="role_model")
    make_project(a1, status=DONE, completed_on=ago(60), integrated=True)
    make_project(a1, status=DONE, completed_on=ago(150))
    make_project(a2, status=DONE, completed_on=ago(400))  # older than 12 months: not counted
    make_project(a3, status=ChangeProject.Status.ONGOING)
    make_project(a4, status=ChangeProject.Status.PLANNED)
    make_project(ended, status=DONE, completed_on=ago(30), integrated=True)  # the agency's change, by a former agent
    # Dinkes: two agents, no change yet.
    make_agent(make_employee(dinkes))
    make_agent(make_employee(dinkes))
    # Bapenda: one agent with three changes (the percentage is capped at 100).
    b1 = make_agent(make_employee(bapenda))
    make_project(b1, status=DONE, completed_on=ago(10), integrated=True)
    make_project(b1, status=DONE, completed_on=ago(20))
    make_project(b1, status=DONE, completed_on=ago(30))
    # Nominations of the period in Diskominfo: one submitted, one draft.
    nominate("submitted", on_period=period)
    nominate("draft", on_period=period)
    return {"period": period, "ids": [diskominfo.pk, dinkes.pk, disdukcapil.pk, bapenda.pk],
            "diskominfo": diskominfo.pk, "dinkes": dinkes.pk, "disdukcapil": disdukcapil.pk, "bapenda": bapenda.pk}


def test_the_zi_figures_per_agency_match_the_hand_computed_example(zi_city):
    s = agency_summary(agency_ids=zi_city["ids"], period=zi_city["period"])
    assert set(s) == set(zi_city["ids"])
    assert s[zi_city["diskominfo"]] == {
        "agents": 4, "quota": 3, "role_models": 1, "nominations": {"submitted": 1, "draft": 1},
        "projects_active": 2, "agents_with_change": 1, "changes": 3, "integrated": 2,
        "pct_agents_with_change": 75.0, "pct_integrated": 66.7, "zi_grade": "A",
    }
    dinkes = s[zi_city["dinkes"]]
    assert (dinkes["agents"], dinkes["quota"], dinkes["changes"]) == (2, 5, 0)
    assert (dinkes["pct_agents_with_change"], dinkes["zi_grade"]) == (0.0, "B")
    assert s[zi_city["disdukcapil"]]["agents"] == 0 and s[zi_city["disdukcapil"]]["zi_grade"] == "C"
    bapenda = s[zi_city["bapenda"]]
    assert (bapenda["changes"], bapenda["pct_agents_with_change"], bapenda["pct_integrated"]) == (3, 100.0, 33.3)


def test_the_zi_figures_for_the_city_are_summed_and_recomputed(zi_city):
    city = city_summary(agency_ids=zi_city["ids"], period=zi_city["period"])
    assert city == {
        "agents": 7, "quota": 14, "role_models": 1, "nominations": {"submitted": 1, "draft": 1}, "projects_active": 2,
        "agents_with_change": 2, "changes": 6, "integrated": 3, "pct_agents_with_change": 85.7,
        "pct_integrated": 50.0, "zi_grade": "A",
    }


def test_agency_summary_runs_a_fixed_number_of_queries_whatever_the_number_of_agencies(zi_city, django_assert_num_queries):
    with CaptureQueriesContext(connection) as one:
        agency_summary(agency_ids=[zi_city["diskominfo"]], period=zi_city["period"])
    with django_assert_num_queries(len(one)):
        everything = agency_summary(period=zi_city["period"])
    assert len(everything) == Agency.objects.top_level().count() and len(one) <= 7


def test_the_zi_page_shows_the_city_row_to_city_readers_and_only_their_agency_to_a_kepala(zi_city, login, sekda, kepala_dinkes):
    page = login(sekda).get(reverse("agents:zi"), {"period": zi_city["period"].pk})
    assert page.context["city"]["agents"] >= 7
    kepala = login(kepala_dinkes).get(reverse("agents:zi"))
    assert [r["agency_id"] for r in kepala.context["rows"]] == [zi_city["dinkes"]] and kepala.context["city"] is None


def test_an_agent_role_assignment_exists_for_agents_of_the_demo(agent_user):
    assert RoleAssignment.objects.filter(user=agent_user, role=Role.AGEN, is_active=True).exists()


def test_the_members_error_names_nobody_outside_the_callers_scope(agent_user, api, login, dinkes):
    """Issue 14: an employee of another agency, chosen by id (API) or NIP (form), is not named back."""
    outsider = make_employee(dinkes)
    data = {**{k: v for k, v in project_post().items() if k != "members"}, "members": [outsider.pk]}
    response = api(agent_user).post("/api/v1/projects/", data, format="json")
    assert response.status_code == 400 and "members" in response.json()
    text = str(response.json())
    assert outsider.name not in text and outsider.nip not in text and "1 pegawai" in text
    page = login(agent_user).post(reverse("agents:project_create"), project_post(members=outsider.nip))
    assert outsider.name not in str(page.context["form"].errors)
