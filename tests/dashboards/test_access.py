"""Who sees which dashboard: pages, exports and the API agree."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

pytestmark = pytest.mark.django_db


def _agency_url(agency, name="dashboards:agency", *extra):
    return reverse(name, args=[agency.pk, *extra])


@pytest.mark.parametrize("who", ["sekda", "tim_rb", "admin_user"])
def test_leaders_open_the_city_dashboard(who, request, login):
    client = login(request.getfixturevalue(who))
    response = client.get(reverse("dashboards:index"))
    assert response.status_code == 200
    assert b'data-testid="rankings"' in response.content
    assert b'data-testid="agency-table"' in client.get(reverse("dashboards:agencies")).content


@pytest.mark.parametrize("who", ["sekda", "tim_rb", "admin_user"])
def test_leaders_drill_down_to_any_agency(who, request, login, dinkes):
    response = login(request.getfixturevalue(who)).get(_agency_url(dinkes))
    assert response.status_code == 200
    assert dinkes.name.encode() in response.content


def test_a_kepala_is_taken_to_their_own_agency_dashboard(login, kepala_diskominfo, diskominfo):
    response = login(kepala_diskominfo).get(reverse("dashboards:index") + "?cycle=")
    assert response.status_code == 302
    assert response["Location"].startswith(_agency_url(diskominfo))


def test_a_kepala_sees_their_agency_but_not_the_city_table(login, kepala_diskominfo, diskominfo):
    response = login(kepala_diskominfo).get(_agency_url(diskominfo))
    assert response.status_code == 200
    assert b'data-testid="agency-table"' not in response.content
    assert b'data-testid="rankings"' not in response.content
    assert reverse("dashboards:index").encode() + b'"' not in response.content.split(b'<main')[1]
    # The full agency table is the city's: a kepala is taken back to their own dashboard.
    response = login(kepala_diskominfo).get(reverse("dashboards:agencies"))
    assert response.status_code == 302 and response["Location"] == _agency_url(diskominfo)


def test_a_kepala_gets_404_for_another_agencys_dashboard(login, kepala_diskominfo, dinkes):
    assert login(kepala_diskominfo).get(_agency_url(dinkes)).status_code == 404


def test_a_kepala_gets_404_for_another_agencys_export(login, kepala_diskominfo, dinkes):
    client = login(kepala_diskominfo)
    assert client.get(_agency_url(dinkes, "dashboards:agency_export", "xlsx")).status_code == 404
    assert client.get(_agency_url(dinkes, "dashboards:agency_export", "pdf")).status_code == 404


def test_a_kepala_asking_for_the_city_export_gets_their_agency_export(login, kepala_diskominfo, diskominfo, dinkes):
    client = login(kepala_diskominfo)
    response = client.get(reverse("dashboards:export", args=["xlsx"]), follow=True)
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    names = [row[0] for row in workbook["Perangkat daerah"].iter_rows(min_row=4, values_only=True)]
    assert names == [diskominfo.name]


def test_a_missing_agency_answers_404(login, sekda):
    assert login(sekda).get(reverse("dashboards:agency", args=[999999])).status_code == 404


@pytest.mark.parametrize("who", ["operator_diskominfo", "agen_diskominfo", "pegawai_diskominfo"])
def test_operators_agents_and_employees_are_refused(who, request, login, diskominfo):
    client = login(request.getfixturevalue(who))
    assert client.get(reverse("dashboards:index")).status_code == 403
    assert client.get(_agency_url(diskominfo)).status_code == 403
    assert client.get(reverse("dashboards:export", args=["pdf"])).status_code == 403
    assert client.get(_agency_url(diskominfo, "dashboards:agency_export", "xlsx")).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(reverse("dashboards:index"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_an_unknown_export_format_answers_404(login, sekda, diskominfo):
    client = login(sekda)
    assert client.get(reverse("dashboards:export", args=["docx"])).status_code == 404
    assert client.get(_agency_url(diskominfo, "dashboards:agency_export", "csv")).status_code == 404


# --- API ------------------------------------------------------------------------------------------------------

API = "/api/v1/dashboard/"


def test_the_api_gives_a_kepala_their_agency(api, kepala_diskominfo, diskominfo):
    response = api(kepala_diskominfo).get(API)
    assert response.status_code == 200
    assert [a["id"] for a in response.json()["agencies"]] == [diskominfo.pk]
    assert response.json()["scope"]["agency_id"] == diskominfo.pk


def test_the_api_answers_404_to_a_kepala_asking_for_another_agency(api, kepala_diskominfo, dinkes):
    assert api(kepala_diskominfo).get(API, {"agency": dinkes.pk}).status_code == 404


def test_the_api_gives_leaders_the_city_or_one_agency(api, sekda, dinkes):
    client = api(sekda)
    city = client.get(API).json()
    assert city["scope"]["agency_id"] is None and len(city["agencies"]) > 50
    one = client.get(API, {"agency": dinkes.pk}).json()
    assert [a["id"] for a in one["agencies"]] == [dinkes.pk]
    assert "detail" in one


@pytest.mark.parametrize("who", ["operator_diskominfo", "agen_diskominfo", "pegawai_diskominfo"])
def test_the_api_refuses_operators_agents_and_employees(who, request, api):
    assert api(request.getfixturevalue(who)).get(API).status_code == 403


def test_the_api_refuses_anonymous_callers(api):
    assert api(None).get(API).status_code in (401, 403)


def test_the_api_names_the_field_of_a_bad_filter(api, sekda):
    client = api(sekda)
    response = client.get(API, {"kind": "planet"})
    assert response.status_code == 400 and "kind" in response.json()
    response = client.get(API, {"agency": "abc"})
    assert response.status_code == 400 and "agency" in response.json()
    response = client.get(API, {"cycle": "999999"})
    assert response.status_code == 400 and "cycle" in response.json()


def test_the_api_answers_huge_or_odd_ids_without_an_error(api, sekda):
    client = api(sekda)
    assert client.get(API, {"agency": "9" * 18}).status_code == 404
    assert client.get(API, {"agency": "9" * 30}).status_code == 400
    assert client.get(API, {"cycle": "9" * 30}).status_code == 400
    assert client.get(API, {"period": "-1"}).status_code == 400
    assert client.get(API, {"agency": "٣"}).status_code == 400  # a digit, but not an ASCII one


# --- the agency lookup (issue 19, fifth session): cached per scope under the organization version ---

def test_another_kepala_never_gets_an_agency_lookup_cached_for_its_own_kepala(login, kepala_diskominfo,
                                                                            kepala_dinkes, diskominfo):
    from django.urls import reverse

    url = reverse("dashboards:agency", args=[diskominfo.pk])
    assert login(kepala_diskominfo).get(url).status_code == 200
    assert login(kepala_diskominfo).get(url).status_code == 200
    assert login(kepala_dinkes).get(url).status_code == 404


def test_a_bulk_change_of_the_agency_shows_on_its_dashboard_at_once(login, kepala_diskominfo, diskominfo, dinkes):
    from django.urls import reverse

    from organization.models import Agency

    url = reverse("dashboards:agency", args=[diskominfo.pk])
    client = login(kepala_diskominfo)
    client.get(url)
    Agency.objects.filter(pk=diskominfo.pk).update(name="Dinas Komunikasi Baru")  # no signal
    assert "Dinas Komunikasi Baru" in client.get(url).content.decode().split("</title>", 1)[0]
    Agency.objects.filter(pk=diskominfo.pk).update(parent=dinkes)  # no longer a perangkat daerah
    assert client.get(url).status_code == 404
    Agency.objects.filter(pk=diskominfo.pk).update(parent=None)
