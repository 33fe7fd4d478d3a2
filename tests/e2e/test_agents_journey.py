"""In Chromium: the operator nominates → the kepala endorses → Tim RB scores and approves with a decree → the agent
appears in the registry and signs in to their workspace."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from agents import services
from agents.models import ChangeAgent, Nomination, ProgramPeriod
from organization.models import User

from .conftest import screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def open_period() -> ProgramPeriod:
    today = timezone.localdate()
    return services.period_save(period=ProgramPeriod(
        name="Agen Perubahan Uji", nomination_opens=today - dt.timedelta(days=5),
        nomination_closes=today + dt.timedelta(days=20), term_start=today + dt.timedelta(days=30),
        term_end=today + dt.timedelta(days=395), employee_types=["PNS"]), by=User.objects.get(username="tim.rb"))


def test_operator_nominates_kepala_endorses_tim_rb_scores_and_approves_and_the_agent_signs_in(live, new_page):
    open_period()
    candidate = User.objects.select_related("employee").get(username="pegawai.diskominfo").employee
    base = live.url

    # 1. The operator finds the candidate by name, sees every rule pass, saves the draft and submits it.
    page = new_page("operator.diskominfo")
    page.goto(f"{base}/agents/nominasi/baru/")
    page.locator("#candidate-search").fill(candidate.name.split()[0])
    page.locator(f".js-pick-candidate[data-nip='{candidate.nip}']").click()
    expect(page.locator("#id_candidate")).to_have_value(candidate.nip)
    rules = page.locator("[data-testid=eligibility-rules] li")
    expect(rules.first).to_be_visible()
    assert rules.count() >= 6 and page.locator("[data-testid=eligibility-rules] li[data-passed='0']").count() == 0
    page.fill("#id_justification", "Teladan disiplin dan integritas; memprakarsai perbaikan layanan aduan daring.")
    screenshot(page, "agents-01-nomination-form")
    page.get_by_role("button", name="Simpan draf").click()
    expect(page.get_by_text("Draf nominasi")).to_be_visible()
    page.get_by_label("Data calon sudah saya periksa").check()  # the confirmation is required
    page.get_by_role("button", name="Ajukan", exact=True).click()
    expect(page.locator("[data-testid=nomination-status]")).to_contain_text("Diajukan")
    nomination = Nomination.objects.get(candidate=candidate)

    # 2. The kepala sees it waiting on the home page and endorses it.
    page = new_page("kepala.diskominfo")
    page.locator("[data-testid=panel-kepala]").get_by_role("link", name=candidate.name).click()
    expect(page.locator("[data-testid=eligibility-rules]")).to_be_visible()  # the checklist the operator saw
    page.check("input[name=endorse-confirm]")
    page.get_by_role("button", name="Setujui", exact=True).click()
    expect(page.locator("[data-testid=nomination-status]")).to_contain_text("Disetujui kepala PD")

    # 3. Tim RB scores each criterion, then approves with the decree.
    page = new_page("tim.rb")
    page.goto(f"{base}/agents/nominasi/{nomination.pk}/")
    page.get_by_role("link", name="Beri nilai").click()
    selects = page.locator("select[name^=score_]")
    expect(selects.first).to_be_visible()  # the scoring page has loaded: count() does not wait
    for i in range(selects.count()):
        selects.nth(i).select_option("4")
    page.locator("input[name^=note_]").first.fill("Contoh perubahan nyata dan didukung rekan kerja.")
    page.get_by_role("button", name="Simpan penilaian").click()
    expect(page.locator("[data-testid=score-total]")).to_have_text("80,00")  # Indonesian decimal comma
    page.fill("input[name=approve-decree_number]", "800/123/BKPSDM/2026")
    page.fill("input[name=approve-decree_date]", timezone.localdate().isoformat())
    page.check("input[name=approve-confirm]")
    screenshot(page, "agents-02-approve")
    page.get_by_role("button", name="Tetapkan", exact=True).click()
    expect(page.locator("[data-testid=nomination-status]")).to_contain_text("Ditetapkan")
    agent = ChangeAgent.objects.get(nomination=nomination)
    assert agent.decree_number == "800/123/BKPSDM/2026"

    # 4. The agent is in the registry.
    page.goto(f"{base}/agents/daftar/?q={candidate.nip}")
    expect(page.locator("[data-testid=agent-registry]")).to_contain_text(candidate.name)
    expect(page.locator("[data-testid=agent-registry]")).to_contain_text("800/123/BKPSDM/2026")

    # 5. On the first day of the term (the period's term starts after the nominations close) the new agent signs in
    # and finds their workspace: an appointment that has not started yet is "upcoming", not active.
    ChangeAgent.objects.filter(pk=agent.pk).update(term_start=timezone.localdate())
    page = new_page("pegawai.diskominfo")
    expect(page.locator("[data-testid=panel-agent]")).to_be_visible()
    page.goto(f"{base}/agents/")
    expect(page.get_by_role("link", name="Buat rencana aksi")).to_be_visible()
    expect(page.get_by_text(re.compile("SK 800/123/BKPSDM/2026"))).to_be_visible()
    screenshot(page, "agents-03-agent-workspace")
