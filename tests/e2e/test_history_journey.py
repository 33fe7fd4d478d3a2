"""The "Riwayat perubahan" pages in Chromium: the operator reads a nomination's and an employee's history, Tim RB an
agent's and a cycle's, each reached from the object's page through "Riwayat", at 1280 px and 375 px: readable labels
(no status codes), times in WIB, and a timeline that fits the window."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from tests.e2e.conftest import screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WIDTHS = (1280, 375)
RAW_CODES = re.compile(r"\b(draft|submitted|endorsed|approved|rejected|published|closed|katalis|sangat_baik)\b")
# How far the page's content (the timeline, its entries, the pager) reaches past the window. The navigation bar is
# the width test's concern (tests/e2e/test_widths.py), not this page's.
OVERFLOW = """() => {
  const main = document.querySelector('main');
  const parts = [main, ...main.querySelectorAll('[data-testid=audit-entry], .audit-change, .pagination')];
  return Math.max(0, main.scrollWidth - main.clientWidth,
                  ...parts.map(e => Math.ceil(e.getBoundingClientRect().right - window.innerWidth)));
}"""


def _user(username):
    from organization.models import User

    return User.objects.select_related("employee").get(username=username)


def _world() -> dict:
    """A nomination walked to approval after an edit, a change agent whose term ended, an employee edited twice, and
    a cycle edited and opened: each with a few history records made by the demo accounts."""
    from agents import services as agents
    from evaluations import services as evaluations
    from evaluations.defaults import BEHAVIOUR_360_CODE, ensure_default_instruments
    from evaluations.models import Instrument
    from organization.models import Agency, Employee
    from organization.services import employee_save
    from tests.agents.conftest import make_agent, make_employee, make_period, walk

    operator, kepala, tim = _user("operator.diskominfo"), _user("kepala.diskominfo"), _user("tim.rb")
    diskominfo = Agency.objects.get(code="DISKOMINFO")
    period = make_period(tim, default_quota=20)
    nomination = agents.nomination_create(by=operator, period=period, candidate=make_employee(diskominfo),
                                          justification="Memimpin digitalisasi layanan perizinan di bidangnya.")
    agents.nomination_update(nomination=nomination, by=operator,
                             justification="Memimpin digitalisasi layanan perizinan dan arsip di bidangnya.")
    walk(nomination, "approved", operator=operator, kepala=kepala, tim_rb=tim)
    agent = make_agent(make_employee(diskominfo))
    agents.agent_end_term(agent=agent, by=tim, reason="Mutasi ke perangkat daerah lain.", ended_on=timezone.localdate())
    employee = Employee.objects.filter(agency=diskominfo, user__isnull=True).order_by("pk").first()
    for position in ("Pranata Komputer Ahli Pertama", "Pranata Komputer Ahli Muda"):
        employee = Employee.objects.get(pk=employee.pk)
        employee.position = position
        employee_save(employee=employee, by=operator)
    ensure_default_instruments()
    instrument = Instrument.objects.filter(code=BEHAVIOUR_360_CODE).order_by("version").first()
    today = timezone.localdate()
    cycle = evaluations.cycle_create(by=tim, name="Penilaian BerAKHLAK riwayat", instrument=instrument,
                                     opens_on=today, closes_on=today + dt.timedelta(days=14))
    evaluations.cycle_update(cycle=cycle, by=tim, anonymity_threshold=4, agencies=[diskominfo])
    evaluations.cycle_open(cycle=cycle, by=tim)
    return {"nomination": nomination, "agent": agent, "employee": employee, "cycle": cycle}


def _read_history(page, base, detail_path, name):
    """From the object's page, follow "Riwayat" and check the history at each width."""
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(base + detail_path)
    page.locator("[data-testid=history-link]").first.click()
    page.wait_for_url(re.compile(r".*/(riwayat|history)/$"))
    page.locator("[data-testid=audit-timeline]").wait_for()
    problems = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.wait_for_timeout(150)
        text = page.locator("main").inner_text() if page.locator("main").count() else page.inner_text("body")
        if "WIB" not in text:
            problems.append(f"{name} {width}px: no WIB")
        codes = RAW_CODES.findall(page.locator("[data-testid=audit-timeline]").inner_text())
        if codes:
            problems.append(f"{name} {width}px: raw codes {codes}")
        over = page.evaluate(OVERFLOW)
        if over > 0:
            problems.append(f"{name} {width}px: {over}px wider than the window")
        screenshot(page, f"history-{name}-{width}")
    return problems


def test_operator_and_tim_rb_read_each_history_at_1280_and_375(live, new_page):
    world = _world()
    problems = []
    operator = new_page("operator.diskominfo")
    problems += _read_history(operator, live.url, f"/agents/nominasi/{world['nomination'].pk}/", "nomination")
    timeline = operator.locator("[data-testid=audit-timeline]").inner_text()
    for label in ("Ditetapkan", "Disetujui kepala PD", "Diajukan", "Alasan pengusulan", "Nomor SK"):
        assert label in timeline, label
    problems += _read_history(operator, live.url, f"/pegawai/{world['employee'].pk}/", "employee")
    assert "Pranata Komputer Ahli Muda" in operator.locator("[data-testid=audit-timeline]").inner_text()

    tim = new_page("tim.rb")
    problems += _read_history(tim, live.url, f"/agents/daftar/{world['agent'].pk}/", "agent")
    assert "Mutasi ke perangkat daerah lain." in tim.locator("[data-testid=audit-timeline]").inner_text()
    problems += _read_history(tim, live.url, f"/evaluations/cycles/{world['cycle'].pk}/", "cycle")
    cycle_text = tim.locator("[data-testid=audit-timeline]").inner_text()
    assert "Dibuka" in cycle_text and "Ambang anonimitas" in cycle_text
    assert problems == []
