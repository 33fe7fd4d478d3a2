"""End to end in Chromium: a pegawai answers on a phone, Tim RB closes and publishes, the subject reads the report."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.conftest import screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def prepare_open_cycle():
    """An open 360° cycle rating agen.diskominfo: superior and two peers already answered, pegawai.diskominfo pending."""
    from evaluations import services
    from evaluations.defaults import BEHAVIOUR_360_CODE, ensure_default_instruments
    from evaluations.models import Assignment, Instrument, Item, RaterGroup
    from organization.models import Employee, User

    ensure_default_instruments()
    tim = User.objects.get(username="tim.rb")
    agen = User.objects.select_related("employee").get(username="agen.diskominfo").employee
    pegawai = User.objects.select_related("employee").get(username="pegawai.diskominfo").employee
    instrument = Instrument.objects.get(code=BEHAVIOUR_360_CODE)
    today = timezone.localdate()
    cycle = services.cycle_create(by=tim, name="Penilaian 360° uji E2E", instrument=instrument,
                                  opens_on=today, closes_on=today + dt.timedelta(days=7))
    Assignment.objects.create(cycle=cycle, subject=agen, rater=pegawai, group=RaterGroup.PEER, is_manual=True)
    others = list(Employee.objects.filter(agency=agen.agency, user__isnull=True).exclude(pk=agen.superior_id)
                  .order_by("pk")[:2])
    prepared = [Assignment.objects.create(cycle=cycle, subject=agen, rater=p, group=RaterGroup.PEER) for p in others]
    if agen.superior_id:
        prepared.append(Assignment.objects.create(cycle=cycle, subject=agen, rater_id=agen.superior_id,
                                                  group=RaterGroup.SUPERIOR))
    services.cycle_open(cycle=cycle, by=tim)
    items = list(Item.objects.filter(dimension__instrument=instrument))
    for a in prepared:
        services.response_submit(assignment=a, scores={i.pk: 4 for i in items if a.group in i.rater_groups},
                                 comment="Selalu datang paling awal." if a.group == "superior" else "")
    return cycle


def test_a_pegawai_answers_tim_rb_publishes_and_the_subject_reads_the_report(new_page, live):
    cycle = prepare_open_cycle()

    # 1. pegawai.diskominfo answers on a phone-sized screen.
    page = new_page("pegawai.diskominfo")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live.url}/evaluations/")
    page.get_by_test_id("pending-assignments").get_by_role("link").first.click()
    page.wait_for_selector("#answer-form")
    # Submitting with nothing chosen names the missing items.
    page.get_by_test_id("submit-answers").click()
    expect(page.locator("#answer-errors")).to_contain_text("21 butir belum dijawab")
    expect(page.locator(".item-error")).to_have_count(21)
    labels = page.locator(".scale-options")
    expect(labels).to_have_count(21)
    box = page.locator(".scale-options label").first.bounding_box()
    assert box["height"] >= 44                                  # large touch targets
    for n in range(labels.count()):
        labels.nth(n).locator("label").nth(4).click()          # "5 — Selalu ditunjukkan secara konsisten"
    expect(page.locator("#answered-count")).to_have_text("21")
    expect(page.locator(".item-error")).to_have_count(0)
    page.fill("#comment", "Sangat membantu rekan yang baru bergabung.")
    screenshot(page, "evaluations-answer-phone")
    page.get_by_test_id("submit-answers").click()
    page.wait_for_url(f"{live.url}/evaluations/")
    assert "sudah dikirim" in page.content()

    # 2. Tim RB closes the cycle, then publishes it.
    admin = new_page("tim.rb")
    admin.on("dialog", lambda dialog: dialog.accept())
    admin.goto(f"{live.url}/evaluations/cycles/{cycle.pk}/")
    admin.get_by_role("button", name="Tutup siklus").click()
    admin.wait_for_selector("text=Jawaban tidak lagi diterima")
    # Comments are released one by one after reading them (issue 13).
    admin.goto(f"{live.url}/evaluations/cycles/{cycle.pk}/comments/")
    row = admin.locator("tr", has_text="Sangat membantu rekan yang baru bergabung.")
    row.get_by_role("button", name="Tampilkan").click()
    admin.wait_for_selector("text=Tinjauan komentar disimpan")
    admin.goto(f"{live.url}/evaluations/cycles/{cycle.pk}/")
    admin.get_by_role("button", name="Terbitkan hasil").click()
    admin.wait_for_selector("text=Hasil diterbitkan")
    admin.goto(f"{live.url}/evaluations/cycles/{cycle.pk}/results/")
    assert admin.get_by_test_id("heatmap").is_visible()
    screenshot(admin, "evaluations-results")

    # 3. The subject reads their own report.
    subject = new_page("agen.diskominfo")
    subject.goto(f"{live.url}/evaluations/")
    subject.get_by_role("link", name="Penilaian 360° uji E2E").click()
    subject.wait_for_selector("text=Laporan penilaian saya")
    text = subject.content()
    assert "Sangat membantu rekan yang baru bergabung." in text
    assert "Rekan kerja" in text                                 # three peers answered: the group is shown
    overall = subject.get_by_test_id("overall-score").inner_text()
    assert any(ch.isdigit() for ch in overall)
    screenshot(subject, "evaluations-subject-report")
