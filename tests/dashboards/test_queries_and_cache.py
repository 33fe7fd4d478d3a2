"""A dashboard costs the same number of queries at any data size, and a change shows at once."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from agents.models import Nomination
from dashboards.selectors import city_figures

pytestmark = pytest.mark.django_db


def _count(client, url) -> int:
    cache.clear()  # measure a cache miss: the figures are computed
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("url_name", ["city", "agency", "export", "api", "home"])
def test_a_dashboard_runs_a_fixed_number_of_queries_at_two_data_sizes(url_name, program, grow, login, api, sekda,
                                                                       diskominfo):
    urls = {
        "city": reverse("dashboards:index"),
        "agency": reverse("dashboards:agency", args=[diskominfo.pk]),
        "export": reverse("dashboards:export", args=["xlsx"]),
        "api": "/api/v1/dashboard/",
        "home": "/",
    }
    def client():
        # A fresh user each time: the API client would otherwise reuse the user's cached role assignments.
        user = type(sekda).objects.get(pk=sekda.pk)
        return api(user) if url_name == "api" else login(user)

    small = _count(client(), urls[url_name])
    grow(12)
    large = _count(client(), urls[url_name])
    assert small == large, f"{small} queries with little data, {large} with more"


def test_the_agency_dashboard_runs_a_fixed_number_of_queries_however_many_agents(program, login, kepala_diskominfo,
                                                                                  diskominfo):
    from tests.dashboards.conftest import make_agent, make_project, staff

    client = login(kepala_diskominfo)
    url = reverse("dashboards:agency", args=[diskominfo.pk])
    small = _count(client, url)
    for employee in staff(diskominfo, 8)[4:8]:
        agent = make_agent(employee, program["period"], kind="role_model")
        make_project(agent, "Tambahan", "ongoing")
    large = _count(client, url)
    assert small == large


def test_a_cached_dashboard_runs_no_figure_queries(program, login, sekda):
    client = login(sekda)
    url = reverse("dashboards:index")
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    warm = len(queries)
    cold = _count(client, url)
    assert warm < cold - 15


def test_an_approval_shows_on_the_dashboard_at_once(program, tim_rb, diskominfo, django_capture_on_commit_callbacks):
    from agents.services.nominations import nomination_approve

    before = city_figures()
    row = next(r for r in before["agencies"] if r["id"] == diskominfo.pk)
    assert row["agents"] == 3
    assert city_figures() is not None  # now cached
    nomination = Nomination.objects.get(agency=diskominfo, status="endorsed")
    with django_capture_on_commit_callbacks(execute=True):
        nomination_approve(nomination=nomination, by=tim_rb, decree_number="800/99/SK",
                           decree_date=timezone.localdate() - dt.timedelta(days=1), confirm_unscored=True)
    after = city_figures()
    row = next(r for r in after["agencies"] if r["id"] == diskominfo.pk)
    assert row["agents"] == 4
    assert row["nominations"].get("approved") == 1 and row["pending"] == 2
    assert after["totals"]["agents"] == before["totals"]["agents"] + 1


def test_an_approval_shows_on_the_page_and_the_api_at_once(program, login, api, sekda, tim_rb, diskominfo,
                                                            django_capture_on_commit_callbacks):
    from agents.services.nominations import nomination_approve

    client = api(sekda)
    first = client.get("/api/v1/dashboard/", {"agency": diskominfo.pk}).json()
    nomination = Nomination.objects.get(agency=diskominfo, status="endorsed")
    with django_capture_on_commit_callbacks(execute=True):
        nomination_approve(nomination=nomination, by=tim_rb, decree_number="800/98/SK",
                           decree_date=timezone.localdate(), confirm_unscored=True)
    second = client.get("/api/v1/dashboard/", {"agency": diskominfo.pk}).json()
    assert second["totals"]["agents"] == first["totals"]["agents"] + 1
    assert len(second["detail"]["agents"]) == len(first["detail"]["agents"]) + 1


def test_a_new_forum_post_and_a_submitted_response_refresh_the_figures(program, kepala_diskominfo, diskominfo):
    from tests.dashboards.conftest import forum_of, post

    assert city_figures()["totals"]["posts"] == 4
    post(forum_of(diskominfo), kepala_diskominfo)
    assert city_figures()["totals"]["posts"] == 5
    from evaluations.models import Assignment, Response

    pending = Assignment.objects.filter(cycle=program["open"], response__isnull=True).first()
    Response.objects.create(assignment=pending, submitted_at=timezone.now())
    assert city_figures()["totals"]["open_response_rate"] == 50.0


def _agents_card(html: str) -> str:
    import re

    return re.search(r'data-testid="kpi-agents".*?<p class="kpi-value mb-0">(\d+)', html, re.S).group(1)


def test_the_rendered_page_is_cached_with_the_figures_and_shows_an_approval_at_once(
        program, login, kepala_diskominfo, tim_rb, diskominfo, django_capture_on_commit_callbacks):
    """The page body is cached under the figures' version: a second view renders nothing, a decision renders anew."""
    from agents.services.nominations import nomination_approve

    client = login(kepala_diskominfo)
    url = reverse("dashboards:agency", args=[diskominfo.pk])
    first = client.get(url).content.decode()
    with CaptureQueriesContext(connection) as warm:
        again = client.get(url).content.decode()
    assert again[again.index("<main"):again.index("</main>")] == first[first.index("<main"):first.index("</main>")]
    assert not any("evaluations_" in q["sql"] or "agents_" in q["sql"] for q in warm.captured_queries)
    nomination = Nomination.objects.get(agency=diskominfo, status="endorsed")
    with django_capture_on_commit_callbacks(execute=True):
        nomination_approve(nomination=nomination, by=tim_rb, decree_number="800/97/SK",
                           decree_date=timezone.localdate(), confirm_unscored=True)
    assert int(_agents_card(client.get(url).content.decode())) == int(_agents_card(first)) + 1


def test_the_cached_page_varies_with_filters_language_and_the_reader(program, login, sekda, kepala_diskominfo,
                                                                     diskominfo):
    url = reverse("dashboards:agency", args=[diskominfo.pk])
    kepala = login(kepala_diskominfo)
    assert "Dasbor kota" not in kepala.get(url).content.decode()  # no breadcrumb to the city page for a kepala
    city_reader = login(sekda)
    assert "Dasbor kota" in city_reader.get(url).content.decode()
    of_a_kind = city_reader.get(reverse("dashboards:index"), {"kind": "dinas"}).content.decode()
    assert "ekspor/xlsx/?kind=dinas" in of_a_kind
    assert "ekspor/xlsx/?kind=dinas" not in city_reader.get(reverse("dashboards:index")).content.decode()
    city_reader.get(reverse("dashboards:index"))  # the Indonesian body is cached now
    city_reader.cookies["django_language"] = "en"
    english = city_reader.get(reverse("dashboards:index")).content.decode()
    assert "Where the programme is behind" in english and "Di mana program tertinggal" not in english
    city_reader.cookies["django_language"] = "id"
    assert "Di mana program tertinggal" in city_reader.get(reverse("dashboards:index")).content.decode()


def test_the_home_panel_keeps_a_small_entry_and_follows_an_approval_at_once(
        program, login, kepala_diskominfo, tim_rb, diskominfo, django_capture_on_commit_callbacks):
    import re

    from agents.services.nominations import nomination_approve
    from dashboards.panels import home_panel

    def pending(html):
        return int(re.search(r"Nominasi menunggu</dt><dd[^>]*>(\d+)", html).group(1))

    client = login(kepala_diskominfo)
    before = pending(client.get("/").content.decode())
    panel = home_panel(kepala_diskominfo)
    assert set(panel["figures"]) == {"sections"}  # not the whole figures of the agency
    nomination = Nomination.objects.get(agency=diskominfo, status="endorsed")
    with django_capture_on_commit_callbacks(execute=True):
        nomination_approve(nomination=nomination, by=tim_rb, decree_number="800/96/SK",
                           decree_date=timezone.localdate(), confirm_unscored=True)
    assert pending(client.get("/").content.decode()) == before - 1


def test_a_bad_filter_shows_its_message_in_indonesian_also_when_the_page_comes_from_the_cache(program, login, sekda):
    client = login(sekda)
    url = reverse("dashboards:index")
    for _ in range(2):  # the second answer is the cached body
        response = client.get(url, {"kind": "bukan-jenis", "period": "abc"})
        html = response.content.decode()
        assert response.status_code == 200
        assert 'class="invalid-feedback d-block"' in html and "Pilih" in html
        assert 'data-ranking="quota_fill"' in html  # falls back to the default filters: every agency ranked
