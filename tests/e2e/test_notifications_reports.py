"""A kepala finds the weekly report from the menu and downloads it; opening a notification marks it read."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_kepala_downloads_their_agencys_report_from_the_laporan_menu(new_page, live, media_root):
    from notifications.report_services import report_build
    from organization.models import Agency

    diskominfo = Agency.objects.get(code="DISKOMINFO")
    report_build(kind="weekly_digest", agency_id=diskominfo.pk, period_label="2026-W47")
    report_build(kind="weekly_digest", agency_id=Agency.objects.get(code="DINKES").pk, period_label="2026-W47")
    page = new_page("kepala.diskominfo")
    page.get_by_role("link", name="Laporan").click()
    rows = page.locator("[data-testid=report]")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(diskominfo.name)
    screenshot(page, "notifications-reports-kepala")
    with page.expect_download() as download:
        rows.first.get_by_role("link", name="PDF").click()
    assert download.value.suggested_filename.endswith("-2026-W47.pdf")


def test_opening_a_notification_marks_it_read_and_lowers_the_count(new_page, live):
    from notifications.models import Notification
    from organization.models import User

    user = User.objects.get(username="pegawai.diskominfo")
    Notification.objects.create(recipient=user, kind="rating_pending", title="Penilaian 360° menunggu Anda",
                                url="/notifications/preferensi/")
    page = new_page("pegawai.diskominfo")
    assert page.locator("[data-testid=unread-count]").inner_text() == "1"
    page.goto(f"{live.url}/notifications/")
    page.get_by_text("Penilaian 360° menunggu Anda").click()
    page.wait_for_url("**/notifications/preferensi/")
    assert page.locator("[data-testid=unread-count]").count() == 0
