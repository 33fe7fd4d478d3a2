"""Issue 14: an agent's own "selesai" and "terintegrasi" count for the ZI figures only once the agency's kepala or
operator has verified them (page and API), recorded with who and when."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from agents import permissions, services
from agents.models import ChangeProject
from agents.selectors import agency_summary

from .conftest import make_agent, make_project, today

pytestmark = pytest.mark.django_db

DONE = ChangeProject.Status.DONE


@pytest.fixture
def claimed(agen_diskominfo):
    """agen.diskominfo's project, marked done and integrated by the agent, not yet verified."""
    agent = make_agent(agen_diskominfo.employee)
    return make_project(agent, status=DONE, completed_on=today() - dt.timedelta(days=5), integrated=True,
                        verified=False)


def _figures(agency_id):
    row = agency_summary(agency_ids=[agency_id])[agency_id]
    return row["changes"], row["integrated"], row["agents_with_change"]


def test_an_unverified_change_does_not_count_and_a_verified_one_does(claimed, kepala_diskominfo):
    assert _figures(claimed.agency_id) == (0, 0, 0)
    services.project_verify(project=claimed, by=kepala_diskominfo)
    claimed.refresh_from_db()
    assert claimed.change_verified_by == kepala_diskominfo and claimed.change_verified_at is not None
    assert claimed.integration_verified_by == kepala_diskominfo
    assert _figures(claimed.agency_id) == (1, 1, 1)


def test_who_may_verify(claimed, kepala_diskominfo, operator_diskominfo, agen_diskominfo, kepala_dinkes, tim_rb):
    assert permissions.can_verify_project(kepala_diskominfo, claimed)
    assert permissions.can_verify_project(operator_diskominfo, claimed)
    assert not permissions.can_verify_project(agen_diskominfo, claimed)  # the agent does not verify their own
    assert not permissions.can_verify_project(kepala_dinkes, claimed)
    with pytest.raises(PermissionDenied):
        services.project_verify(project=claimed, by=agen_diskominfo)


def test_changing_what_was_verified_asks_for_a_new_verification(claimed, operator_diskominfo, agen_diskominfo):
    services.project_verify(project=claimed, by=operator_diskominfo)
    project = ChangeProject.objects.get(pk=claimed.pk)
    project.result = "Hasil lain yang ditulis ulang."
    services.project_save(project=project, by=agen_diskominfo)
    project.refresh_from_db()
    assert project.change_verified_at is None and project.awaiting_verification
    assert project.integration_verified_at is not None  # still done: the integration claim is unchanged
    assert _figures(project.agency_id) == (0, 0, 0)


def test_the_kepala_verifies_on_the_page_and_the_operator_in_the_api(claimed, login, api, kepala_diskominfo,
                                                                     operator_diskominfo, agen_diskominfo):
    url = reverse("agents:project_verify", args=[claimed.pk])
    assert login(agen_diskominfo).post(url).status_code == 403
    page = login(kepala_diskominfo).get(reverse("agents:project_detail", args=[claimed.pk]))
    assert page.context["can_verify"] and "Menunggu verifikasi" in page.content.decode()
    assert login(kepala_diskominfo).post(url).status_code == 302
    claimed.refresh_from_db()
    assert claimed.change_verified_by == kepala_diskominfo

    other = make_project(claimed.agent, status=DONE, completed_on=today() - dt.timedelta(days=2), verified=False)
    assert api(agen_diskominfo).post(f"/api/v1/projects/{other.pk}/verify/").status_code == 403
    response = api(operator_diskominfo).post(f"/api/v1/projects/{other.pk}/verify/")
    assert response.status_code == 200 and response.json()["change_verified_by"] == operator_diskominfo.pk
