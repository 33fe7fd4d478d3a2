"""In Chromium: Dinas Perhubungan's head is recorded but away; Tim RB has recorded a Plt. The Plt. endorses the
operator's nomination in the head's name after confirming, and Tim RB approves it without a panel score only after
confirming that on purpose. The trail shows the Plt. "a.n." the head, and that no panel score was given."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from agents import services
from agents.models import Nomination, NominationTransition, ProgramPeriod
from organization.models import ActingHead, Agency, User
from tests.agents.conftest import JUSTIFICATION, make_employee

from .conftest import screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def submitted_dishub_nomination() -> Nomination:
    today = timezone.localdate()
    period = services.period_save(period=ProgramPeriod(
        name="Agen Perubahan Plt", nomination_opens=today - dt.timedelta(days=5),
        nomination_closes=today + dt.timedelta(days=20), term_start=today + dt.timedelta(days=30),
        term_end=today + dt.timedelta(days=395), employee_types=["PNS"]), by=User.objects.get(username="tim.rb"))
    operator = User.objects.get(username="operator.dishub")
    nomination = services.nomination_create(by=operator, period=period,
                                            candidate=make_employee(Agency.objects.get(code="DISHUB")),
                                            justification=JUSTIFICATION)
    services.nomination_submit(nomination=nomination, by=operator)
    return nomination


def test_tim_rb_sees_the_plt_the_plt_endorses_in_the_heads_name_and_tim_rb_confirms_an_unscored_approval(live,
                                                                                                   new_page):
    nomination = submitted_dishub_nomination()
    dishub = Agency.objects.select_related("head").get(code="DISHUB")
    base = live.url

    # 1. Tim RB finds the Plt. on the acting heads page; an overlapping Plt. is refused with the reason.
    page = new_page("tim.rb")
    page.goto(f"{base}/pegawai/plt/")
    expect(page.locator("[data-testid=acting-heads]")).to_contain_text(f"Plt. {dishub.head.position}")
    page.select_option("#id_agency", str(dishub.pk))
    page.fill("#id_employee_nip", make_employee(dishub).nip)
    page.select_option("#id_kind", "plt")
    page.fill("#id_starts_on", timezone.localdate().isoformat())
    page.fill("#id_ends_on", (timezone.localdate() + dt.timedelta(days=10)).isoformat())
    page.fill("#id_letter_number", "800/99/BKPSDM")
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_text("tidak boleh tumpang tindih")).to_be_visible()
    assert ActingHead.objects.filter(agency=dishub).count() == 1

    # 2. The Plt. opens the nomination: the checklist, the capacity; approving without the confirmation is refused.
    page = new_page("plt.dishub")
    page.goto(f"{base}/agents/nominasi/{nomination.pk}/")
    expect(page.locator("[data-testid=eligibility-rules]")).to_be_visible()
    expect(page.locator("[data-testid=endorse-capacity]")).to_contain_text(
        f"Plt. {dishub.head.position} a.n. {dishub.head.name}")
    page.get_by_role("button", name="Setujui", exact=True).click()
    expect(page.get_by_text("Centang konfirmasi ini untuk melanjutkan.")).to_be_visible()
    expect(page.locator("[data-testid=nomination-status]")).to_contain_text("Diajukan")
    page.check("input[name=endorse-confirm]")
    screenshot(page, "agents-04-plt-endorse")
    page.get_by_role("button", name="Setujui", exact=True).click()
    expect(page.locator("[data-testid=nomination-status]")).to_contain_text("Disetujui kepala PD")
    expect(page.locator("[data-testid=history-capacity]").first).to_contain_text(f"a.n. {dishub.head.name}")

    # 3. Tim RB approves; nobody scored, so the approval needs the explicit "without a panel score" confirmation.
    page = new_page("tim.rb")
    page.goto(f"{base}/agents/nominasi/{nomination.pk}/")
    page.fill("input[name=approve-decree_number]", "800/321/BKPSDM/2026")
    page.fill("input[name=approve-decree_date]", timezone.localdate().isoformat())
    page.check("input[name=approve-confirm]")
    page.get_by_role("button", name="Tetapkan", exact=True).click()
    expect(page.get_by_text("belum dinilai panel")).to_be_visible()
    expect(page.locator("[data-testid=nomination-status]")).to_contain_text("Disetujui kepala PD")
    page.fill("input[name=approve-decree_number]", "800/321/BKPSDM/2026")
    page.fill("input[name=approve-decree_date]", timezone.localdate().isoformat())
    page.check("input[name=approve-confirm]")
    page.check("input[name=approve-confirm_unscored]")
    page.get_by_role("button", name="Tetapkan", exact=True).click()
    expect(page.locator("[data-testid=nomination-status]")).to_contain_text("Ditetapkan")
    expect(page.locator("[data-testid=history]")).to_contain_text("tanpa nilai panel")
    screenshot(page, "agents-05-approved-after-plt")
    endorse = NominationTransition.objects.get(nomination=nomination, action="endorse")
    assert endorse.actor.username == "plt.dishub" and endorse.on_behalf_of_id == dishub.head_id
