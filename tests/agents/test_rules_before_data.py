"""A role that may not take an action is refused (403) before its data is read: bad data never turns a refusal into
a field error (400), in the API and in the browser alike. Out of scope stays 404."""

import pytest
from django.urls import reverse

from agents.models import ChangeProject, Nomination

from .conftest import make_agent, make_project

pytestmark = pytest.mark.django_db

BAD_LIST = ["not", "a", "string"]


@pytest.fixture
def objects(nominate, agen_diskominfo):
    agent = make_agent(agen_diskominfo.employee)
    return {
        "draft": nominate("draft"), "submitted": nominate("submitted"), "endorsed": nominate("endorsed"),
        "agent": agent, "project": make_project(agent),
    }


# (method, path template, object, malformed body, a user in scope who may not do it)
CASES = [
    ("post", "nominations/{}/approve/", "endorsed", {"decree_date": "bukan-tanggal"}, "kepala.diskominfo"),
    ("post", "nominations/{}/approve/", "endorsed", {"roles": ["raja"]}, "sekda"),
    ("post", "nominations/{}/reject/", "endorsed", {"reason": BAD_LIST}, "operator.diskominfo"),
    ("post", "nominations/{}/endorse/", "submitted", {"comment": BAD_LIST}, "operator.diskominfo"),
    ("post", "nominations/{}/return/", "submitted", {"comment": BAD_LIST}, "sekda"),
    ("patch", "nominations/{}/", "draft", {"justification": BAD_LIST}, "kepala.diskominfo"),
    ("post", "nominations/{}/score/", "endorsed", {"scores": "x"}, "kepala.diskominfo"),
    ("post", "nominations/{}/evidence/", "draft", {}, "kepala.diskominfo"),
    ("post", "agents/{}/end-term/", "agent", {"ended_on": "bukan-tanggal"}, "kepala.diskominfo"),
    ("post", "agents/{}/renew/", "agent", {}, "operator.diskominfo"),
    ("post", "projects/", None, {}, "pegawai.diskominfo"),
    ("patch", "projects/{}/", "project", {"start_date": "bukan-tanggal"}, "kepala.diskominfo"),
    ("post", "projects/{}/integrate/", "project", {"kind": "bukan"}, "operator.diskominfo"),
    ("post", "projects/{}/reports/", "project", {}, "kepala.diskominfo"),
]


@pytest.mark.parametrize(("method", "path", "obj", "body", "username"), CASES,
                         ids=[f"{c[0]} {c[1]} as {c[4]}" for c in CASES])
def test_the_api_refuses_a_role_before_reading_its_bad_data(method, path, obj, body, username, objects, api,
                                                            django_user_model):
    url = "/api/v1/" + (path.format(objects[obj].pk) if obj else path)
    client = api(django_user_model.objects.get(username=username))
    response = getattr(client, method)(url, body, format="json")
    assert response.status_code == 403, response.content


def test_the_api_still_answers_404_out_of_scope_with_bad_data(objects, api, kepala_dinkes):
    response = api(kepala_dinkes).post(f"/api/v1/nominations/{objects['endorsed'].pk}/approve/",
                                       {"decree_date": "bukan-tanggal"}, format="json")
    assert response.status_code == 404


def test_the_api_still_gives_the_allowed_role_its_field_errors(objects, api, tim_rb, kepala_diskominfo):
    response = api(tim_rb).post(f"/api/v1/nominations/{objects['endorsed'].pk}/approve/",
                                {"decree_date": "bukan-tanggal"}, format="json")
    assert response.status_code == 400 and "decree_date" in response.json()
    response = api(kepala_diskominfo).post(f"/api/v1/nominations/{objects['submitted'].pk}/return/", {},
                                           format="json")
    assert response.status_code == 400 and "comment" in response.json()
    assert Nomination.objects.get(pk=objects["submitted"].pk).status == "submitted"
    assert ChangeProject.objects.filter(pk=objects["project"].pk).exists()


@pytest.mark.parametrize("username", ["sekda", "kepala.diskominfo", "operator.diskominfo"])
def test_the_browser_refuses_a_role_before_reading_its_bad_data(username, objects, login, django_user_model):
    client = login(django_user_model.objects.get(username=username))
    response = client.post(reverse("agents:nomination_action", args=[objects["endorsed"].pk, "approve"]),
                           {"approve-decree_date": "bukan-tanggal"})
    assert response.status_code == 403
