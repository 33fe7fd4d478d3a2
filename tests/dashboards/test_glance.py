"""The dashboards at a glance: the first screen answers how many agents, how the values score, where the program
is behind and what changed; long lists become top/bottom lists with "Lihat semua"; no one-point trend."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from agents.models import ChangeAgent, ChangeProject, Nomination
from dashboards import presenters
from dashboards.selectors import Filters, city_figures, since_date
from organization.models import Agency

pytestmark = pytest.mark.django_db


def _count(client, url, params=None) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, params or {}).status_code == 200
    return len(queries)


# --- the figures ----------------------------------------------------------------------------------------------

def test_the_first_screen_counts_where_the_program_is_behind(program, diskominfo):
    # One submitted nomination has waited a month: past its period's escalation days (5).
    stalled = Nomination.objects.filter(agency=diskominfo, status="submitted").first()
    Nomination.objects.filter(pk=stalled.pk).update(waiting_since=timezone.now() - dt.timedelta(days=30))
    # Two running projects started long ago; one of them sent last month's report.
    month = timezone.localdate().replace(day=1)
    reported = ChangeProject.objects.filter(agency=diskominfo, status="ongoing").get()
    ChangeProject.objects.filter(pk=reported.pk).update(last_report_month=since_date(timezone.localdate()))

    glance = city_figures()["glance"]

    assert glance["stalled"] == 1
    assert glance["reports_overdue"] == 1  # the planned one, with no report at all
    assert glance["agencies_without_agents"] == Agency.objects.top_level().active().count() - 2
    assert glance["agencies_low_response"] == 1  # Diskominfo's open cycle: 25 % answered
    assert glance["open_cycle_low"] is True
    assert since_date(timezone.localdate()) < month


def test_what_changed_counts_new_agents_and_finished_projects_since_the_start_of_last_month(program, diskominfo):
    today = timezone.localdate()
    since = since_date(today)
    ChangeAgent.objects.update(term_start=since - dt.timedelta(days=1))
    newest = ChangeAgent.objects.filter(agency=diskominfo, kind="agen").order_by("pk").first()
    ChangeAgent.objects.filter(pk=newest.pk).update(term_start=since)
    ChangeProject.objects.filter(status="done").update(completed_on=since - dt.timedelta(days=1))
    ChangeProject.objects.filter(title="Layanan izin daring").update(completed_on=today)

    glance = city_figures()["glance"]

    assert glance["agents_new"] == 1
    assert glance["changes_new"] == 1


def test_the_score_change_since_the_previous_cycle_is_shown_with_an_arrow_and_a_number(program, login, sekda):
    glance = city_figures()["glance"]
    assert glance["score_deltas"] == {"akuntabel": 18.8, "adaptif": 43.8}
    assert glance["score_mean_delta"] == 31.3  # 68.8 now, 37.5 then

    html = login(sekda).get(reverse("dashboards:index")).content.decode()
    values = html.split('data-testid="value-scores"')[1].split("</ul>")[0]
    assert "▲" in values and "+18,8" in values and "+43,8" in values
    assert "naik" in values  # the arrow's words for a screen reader


def test_a_value_without_a_previous_score_shows_no_change(program, login, sekda):
    html = login(sekda).get(reverse("dashboards:index"), {"cycle": program["previous"].pk}).content.decode()
    values = html.split('data-testid="value-scores"')[1].split("</ul>")[0]
    assert "▲" not in values and "▼" not in values
    assert "belum ada siklus pembanding" in html


def test_a_drop_is_shown_with_a_down_arrow():
    assert presenters.delta(-2.5)["arrow"] == "▼" and presenters.delta(-2.5)["text"] == "-2,5"
    assert presenters.delta(0.0)["arrow"] == "="
    assert presenters.delta(None) is None


# --- the first screen -----------------------------------------------------------------------------------------

def test_the_city_page_opens_with_four_kpi_cards_each_with_a_link(program, login, sekda):
    html = login(sekda).get(reverse("dashboards:index")).content.decode()
    glance = html.split('data-testid="glance"')[1].split("</section>")[0]
    for card in ("kpi-agents", "kpi-score", "kpi-response", "kpi-attention"):
        block = glance.split(f'data-testid="{card}"')[1].split('<div class="col">')[0]
        assert 'class="kpi-link stretched-link" href="' in block, card
    assert html.index('data-testid="glance"') < html.index('data-testid="rankings"')


def test_the_behind_list_links_to_the_stalled_list_for_tim_rb_only(program, login, tim_rb, sekda):
    stalled_url = reverse("agents:nomination_stalled")
    assert stalled_url not in login(tim_rb).get(reverse("dashboards:index")).content.decode()  # nothing stalled
    Nomination.objects.filter(status="submitted").update(waiting_since=timezone.now() - dt.timedelta(days=30))
    cache.clear()
    assert stalled_url in login(tim_rb).get(reverse("dashboards:index")).content.decode()
    assert stalled_url not in login(sekda).get(reverse("dashboards:index")).content.decode()


# --- top / bottom lists ---------------------------------------------------------------------------------------

def _rows(values):
    return [{"id": i, "name": f"PD {i:02d}", "v": v} for i, v in enumerate(values)]


def test_top_and_bottom_lists_never_show_an_agency_twice_and_leave_out_hidden_figures():
    top, bottom = presenters.top_bottom(_rows([10, None, 30, 20, 50, 40, 60, 70, 5, None, 80, 90]), "v")
    assert [r["v"] for r in top] == [90, 80, 70, 60, 50]
    assert [r["v"] for r in bottom] == [5, 10, 20, 30, 40]  # lowest first
    top, bottom = presenters.top_bottom(_rows([3, 1, 2]), "v")
    assert [r["v"] for r in top] == [3, 2, 1] and bottom == []
    low, high = presenters.bottom_top(_rows([3, 1, 2, None]), "v")
    assert [r["v"] for r in low] == [1, 2, 3] and high == []


def test_the_city_page_shows_top_and_bottom_lists_not_every_agency(program, grow, login, sekda, diskominfo):
    grow(12)
    html = login(sekda).get(reverse("dashboards:index")).content.decode()
    rankings = html.split('data-testid="rankings"')[1].split("</section>")[0]
    assert rankings.count("<li>") <= 3 * 2 * presenters.TOP_N
    assert 'data-testid="agency-table"' not in html and 'data-testid="heatmap"' not in html
    assert 'id="chart-agents"' not in html  # the bar per agency is gone
    assert reverse("dashboards:agencies") in rankings


# --- "Lihat semua": the full agency table ---------------------------------------------------------------------

def test_the_full_table_searches_sorts_and_pages(program, grow, login, sekda, diskominfo, dinkes):
    grow(12)
    client = login(sekda)
    url = reverse("dashboards:agencies")
    html = client.get(url, {"q": "komunikasi"}).content.decode()
    table = html.split('data-testid="agency-table"')[1]
    assert diskominfo.name in table and dinkes.name not in table
    html = client.get(url, {"q": "tidak-ada-yang-begini"}).content.decode()
    assert "Tidak ada perangkat daerah yang cocok dengan" in html
    total = Agency.objects.top_level().active().count()
    first = client.get(url, {"sort": "name"}).content.decode()
    rows = first.split('data-testid="agency-table"')[1].split("</tbody>")[0].count("<tr data-agency=")
    assert rows == min(total, 25)
    assert client.get(url, {"page": "999"}).status_code == 200
    assert client.get(url, {"page": "abc", "sort": "x' OR 1=1", "q": "<script>" * 40}).status_code == 200


def test_the_full_table_escapes_the_search_text(program, login, sekda):
    html = login(sekda).get(reverse("dashboards:agencies"), {"q": "<b>x</b>"}).content.decode()
    assert "<b>x</b>" not in html.split("<main")[1]


def test_the_full_table_runs_a_fixed_number_of_queries_at_two_data_sizes(program, grow, login, sekda):
    url = reverse("dashboards:agencies")
    small = _count(login(sekda), url)
    grow(12)
    assert _count(login(sekda), url) == small


def test_the_full_table_is_not_for_a_pegawai(program, login, agen_dinkes):
    assert login(agen_dinkes).get(reverse("dashboards:agencies")).status_code == 403


# --- the agency dashboard and its lists -----------------------------------------------------------------------

def test_the_agency_page_shows_the_first_five_agents_and_a_link_to_all(program, login, kepala_diskominfo,
                                                                         diskominfo):
    from tests.agents.conftest import make_employee
    from tests.dashboards.conftest import make_agent

    extra = [make_employee(diskominfo) for _ in range(6)]
    for employee in extra:
        make_agent(employee, program["period"])
    total = 4 + len(extra)
    assert total > presenters.TOP_N
    html = login(kepala_diskominfo).get(reverse("dashboards:agency", args=[diskominfo.pk])).content.decode()
    agents = html.split('data-testid="agents-table"')[1].split("</ul>")[0]
    assert agents.count("<li") == presenters.TOP_N
    assert f"Lihat semua ({total} agen)" in html
    list_url = reverse("dashboards:agency_list", args=[diskominfo.pk, "agen"])
    page = login(kepala_diskominfo).get(list_url).content.decode()
    assert page.split('data-testid="agents-list"')[1].count("<tr>") == total + 1  # the header row and every agent


def test_the_agency_lists_search_and_answer_404_outside_the_scope(program, login, kepala_diskominfo, diskominfo,
                                                                   dinkes):
    client = login(kepala_diskominfo)
    url = reverse("dashboards:agency_list", args=[diskominfo.pk, "agen"])
    name = ChangeAgent.objects.filter(agency=diskominfo).select_related("employee").first().employee.name
    html = client.get(url, {"q": name.split()[0]}).content.decode()
    assert name in html
    assert "Tidak ada yang cocok" in client.get(url, {"q": "zzzz-tidak-ada"}).content.decode()
    assert client.get(reverse("dashboards:agency_list", args=[dinkes.pk, "agen"])).status_code == 404
    assert client.get(reverse("dashboards:agency_list", args=[diskominfo.pk, "lain"])).status_code == 404
    units = client.get(reverse("dashboards:agency_list", args=[diskominfo.pk, "sub-unit"]), {"sort": "response"})
    assert units.status_code == 200 and 'data-testid="units-list"' in units.content.decode()


def test_sub_units_hidden_by_the_anonymity_rule_are_in_no_top_or_bottom_list(program, login, kepala_diskominfo,
                                                                                diskominfo):
    # Open cycle: SEKRE has one rater, so APTIKA is hidden with it (module docstring of the conftest).
    html = login(kepala_diskominfo).get(reverse("dashboards:agency", args=[diskominfo.pk])).content.decode()
    units = html.split('id="units-heading"')[1].split("</section>")[0]
    assert "ranking-value" not in units
    assert "ambang anonimitas" in units


def test_the_agency_lists_run_a_fixed_number_of_queries_however_many_agents(program, login, kepala_diskominfo,
                                                                             diskominfo):
    from tests.dashboards.conftest import make_agent, make_project, staff

    client = login(kepala_diskominfo)
    url = reverse("dashboards:agency_list", args=[diskominfo.pk, "agen"])
    small = _count(client, url)
    for employee in staff(diskominfo, 12)[8:12]:
        make_project(make_agent(employee, program["period"]), "Tambahan", "ongoing")
    assert _count(client, url) == small


# --- the trend ------------------------------------------------------------------------------------------------

def test_a_one_point_trend_is_not_drawn_and_says_why(program, login, sekda):
    client = login(sekda)
    html = client.get(reverse("dashboards:index"), {"cycle": program["previous"].pk}).content.decode()
    data = json.loads(html.split('id="dashboard-data" type="application/json">')[1].split("</script>")[0])
    assert "trend" not in data
    assert 'id="chart-trend"' not in html
    assert "Tren tampil setelah ada dua siklus yang diterbitkan." in html
    html = client.get(reverse("dashboards:index")).content.decode()  # the latest: two published cycles
    assert 'id="chart-trend"' in html


def test_the_pdf_follows_the_page_top_bottom_lists_and_no_one_point_trend(program, grow, login, sekda):
    from tests.pdf_checks import text_of

    grow(12)
    client = login(sekda)
    text = text_of(client.get(reverse("dashboards:export", args=["pdf"]), {"cycle": program["previous"].pk}).content)
    assert "Keterisian kuota tertinggi" in text and "Keterisian kuota terendah" in text
    assert "Tren antar siklus" not in text
    assert "Perlu perhatian" in text
    figures = city_figures(filters=Filters())
    tables = presenters.export_tables(figures, compact=True)
    assert not any(t.title == "Perangkat daerah" for t in tables)  # no row per agency in the PDF
    assert any(t.title == "Perangkat daerah" and len(t.rows) == len(figures["agencies"])
               for t in presenters.export_tables(figures))  # the workbook keeps every row
