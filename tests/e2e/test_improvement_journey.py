"""From results to action (issue 17), per role in Chromium at 375 px and 1280 px: Tim RB publishes a cycle → the
kepala sees the weakest value and writes a plan → the next publication re-checks it (before/after); Tim RB accepts
a role-model proposal, designates it with an SK and downloads the certificate (its QR leads to the public
verification page); the badge shows on the profile and on a forum post; Tim RB reads the rater-quality page; a
rater sees only their own pattern."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from evaluations.models import Cycle, RaterGroup
from forums import services as forum_services
from forums.models import Forum
from improvement.models import ImprovementPlan, RecognitionProposal
from organization.models import Agency, User
from tests.e2e.conftest import ARTIFACTS, screenshot
from tests.evaluations.conftest import answer_all, assign, make_employee, new_cycle
from tests.improvement.builders import cycle_with_figures, instrument, subject
from tests.pdf_checks import text_of

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
WIDTHS = (375, 1280)


def shots(page, name: str):
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        screenshot(page, f"improvement-{name}-{width}")
        assert no_horizontal_scroll(page), f"{name} scrolls sideways at {width} px"
    page.set_viewport_size({"width": 1280, "height": 900})


def no_horizontal_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


@pytest.fixture
def first_cycle(live):
    diskominfo = Agency.objects.get(code="DISKOMINFO")
    agent = User.objects.get(username="agen.diskominfo").employee
    return cycle_with_figures("Penilaian Perilaku Semester I", {diskominfo.pk: {"kompeten": 55.0}},
                              status=Cycle.Status.CLOSED, days_ago=180, subjects={
                                  agent.pk: subject(diskominfo.pk, {"kompeten": (91.0, {"superior": 93.0,
                                                                                        "peer": 90.0})},
                                                    {"peer": 4, "superior": 1})})


def publish(page, live, cycle):
    page.once("dialog", lambda dialog: dialog.accept())
    page.goto(f"{live.url}/evaluations/cycles/{cycle.pk}/")
    page.get_by_role("button", name="Terbitkan hasil").click()
    page.wait_for_load_state()


def test_plan_written_on_the_weakest_value_is_rechecked_at_the_next_publication(new_page, live, first_cycle):
    tim = new_page("tim.rb")
    publish(tim, live, first_cycle)
    assert Cycle.objects.get(pk=first_cycle.pk).status == Cycle.Status.PUBLISHED

    kepala = new_page("kepala.diskominfo")
    kepala.goto(f"{live.url}/perbaikan/")
    assert "Kompeten" in kepala.content() and "55" in kepala.content()
    shots(kepala, "weak-values-kepala")
    kepala.get_by_role("link", name="Tulis rencana").first.click()
    kepala.fill("textarea[name=summary]", "Coaching kompetensi digital untuk setiap bidang")
    kepala.fill("input[name=target_score]", "50")
    kepala.get_by_role("button", name=re.compile("Simpan")).click()
    expect(kepala.locator(".invalid-feedback, .alert-danger, .errorlist").first).to_be_visible()  # below the score: refused
    kepala.fill("input[name=target_score]", "70")
    kepala.get_by_role("button", name=re.compile("Simpan")).click()
    kepala.wait_for_url("**/perbaikan/rencana/**")
    plan = ImprovementPlan.objects.get()
    assert plan.weak_value.code == "kompeten"
    shots(kepala, "plan-kepala")

    diskominfo = Agency.objects.get(code="DISKOMINFO")
    second = cycle_with_figures("Penilaian Perilaku Semester II", {diskominfo.pk: {"kompeten": 72.5}},
                                status=Cycle.Status.CLOSED)
    publish(tim, live, second)
    plan.refresh_from_db()
    assert plan.status == ImprovementPlan.Status.RECHECKED and plan.score_after == 72.5
    kepala.goto(f"{live.url}/perbaikan/rencana/{plan.pk}/")
    body = kepala.content()
    assert "72,5" in body or "72.5" in body
    assert "17,5" in body or "17.5" in body
    assert no_horizontal_scroll(kepala)
    shots(kepala, "plan-rechecked-kepala")

    # The city dashboard: agencies named in the latest cycle, with a plan, and improved at the re-check.
    sekda = new_page("sekda")
    sekda.goto(f"{live.url}/dashboards/")
    panel = sekda.locator('[data-testid="improvement-panel"]')
    panel.scroll_into_view_if_needed()
    assert panel.is_visible()
    assert sekda.locator('[data-testid="improvement-improved"]').inner_text().replace(" ", "") == "1/1"
    assert sekda.locator('[data-testid="improvement-planned"]').inner_text().replace(" ", "") == "0/1"
    for width in WIDTHS:
        sekda.set_viewport_size({"width": width, "height": 900})
        ARTIFACTS.mkdir(exist_ok=True)
        panel.screenshot(path=str(ARTIFACTS / f"improvement-dashboard-panel-{width}.png"))


def test_tim_rb_designates_a_role_model_whose_badge_and_certificate_follow(new_page, live, first_cycle):
    tim = new_page("tim.rb")
    publish(tim, live, first_cycle)
    proposal = RecognitionProposal.objects.get()
    tim.goto(f"{live.url}/perbaikan/teladan/")
    shots(tim, "proposals-tim-rb")
    tim.get_by_role("button", name="Simpan").first.click()           # "Terima" is the default decision
    tim.wait_for_load_state()
    proposal.refresh_from_db()
    assert proposal.status == RecognitionProposal.Status.ACCEPTED

    tim.get_by_role("link", name="Tetapkan role model").click()
    today = timezone.localdate()
    tim.fill("input[name=decree_number]", "800/RM-12/2026")
    tim.fill("input[name=decree_date]", today.isoformat())
    tim.fill("input[name=decree_signatory]", "Wali Kota")
    tim.fill("input[name=term_start]", today.isoformat())
    tim.fill("input[name=term_end]", today.replace(year=today.year + 1).isoformat())
    shots(tim, "designate-tim-rb")
    tim.get_by_role("button", name=re.compile("Tetapkan|Simpan")).click()
    tim.wait_for_url("**/perbaikan/teladan/")
    proposal.refresh_from_db()
    assert proposal.role_model is not None

    with tim.expect_download() as info:
        tim.get_by_role("link", name="Piagam (PDF)").click()
    pdf = open(info.value.path(), "rb").read()
    text = re.sub(r"\s+", "", text_of(pdf))
    agent = User.objects.get(username="agen.diskominfo").employee
    assert re.sub(r"\s+", "", agent.name) in text and "Kompeten" in text
    assert f"/verifikasi/{proposal.verification_code}/" in text

    # The QR's address: the public page, without signing in, shows the recognition and no NIP.
    public = new_page()
    public.goto(f"{live.url}/verifikasi/{proposal.verification_code}/")
    body = public.content()
    assert agent.name in body and "Kompeten" in body and "Sah" in body and agent.nip not in body
    shots(public, "verification-public")

    # The badge: on the profile and beside the name on a forum post.
    forum_services.forum_sync_all()
    author = User.objects.get(username="agen.diskominfo")
    topic = forum_services.topic_create(forum=Forum.objects.get(agency=agent.agency), author=author,
                                        title="Praktik baik layanan", body="Berbagi pengalaman.")
    kepala = new_page("kepala.diskominfo")
    kepala.goto(f"{live.url}{_profile_path(agent)}")
    assert kepala.locator('[data-testid="role-model-badge"]').first.is_visible()
    shots(kepala, "profile-badge")
    kepala.goto(f"{live.url}{topic.get_absolute_url()}")
    assert kepala.locator('[data-testid="post"] [data-testid="role-model-badge"]').count() == 1
    shots(kepala, "forum-badge")


def _profile_path(employee) -> str:
    from django.urls import reverse

    return reverse("organization:employee_detail", args=[employee.pk])


def test_tim_rb_reads_rater_quality_and_a_rater_sees_only_their_own_pattern(new_page, live):
    tim_rb = User.objects.get(username="tim.rb")
    diskominfo = Agency.objects.get(code="DISKOMINFO")
    rater = User.objects.get(username="agen.diskominfo")
    cycle = new_cycle(tim_rb, instrument(), name="Siklus Pola", status=Cycle.Status.OPEN)
    colleague = make_employee(diskominfo)
    answer_all(assign(cycle, colleague, rater.employee, RaterGroup.PEER), 5)
    for _ in range(3):
        answer_all(assign(cycle, colleague, make_employee(diskominfo), RaterGroup.PEER), 3)
    Cycle.objects.filter(pk=cycle.pk).update(status=Cycle.Status.PUBLISHED)

    tim = new_page("tim.rb")
    tim.goto(f"{live.url}/perbaikan/siklus/{cycle.pk}/kualitas-penilai/")
    assert tim.locator('[data-testid="straight-lining"]').is_visible()
    assert tim.locator('[data-testid="quality-peer"]').count() == 1
    assert no_horizontal_scroll(tim)
    shots(tim, "rater-quality-tim-rb")
    tim.goto(f"{live.url}/evaluations/")
    assert tim.locator('[data-testid="my-pattern"]').count() == 0          # not the rater: nothing of theirs

    me = new_page("agen.diskominfo")
    me.goto(f"{live.url}/evaluations/")
    card = me.locator(f'[data-testid="my-pattern-{cycle.pk}"]')
    assert card.is_visible()
    assert "jauh lebih tinggi" in card.inner_text()
    assert me.locator('[data-testid="my-pattern-straight"]').inner_text().strip() == "1"
    assert no_horizontal_scroll(me)
    shots(me, "my-pattern-rater")
