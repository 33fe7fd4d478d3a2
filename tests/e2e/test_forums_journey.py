"""In Chromium: two Diskominfo agents work together in their forum; a Dinkes agent cannot see it."""

import re

import pytest
from django.conf import settings
from playwright.sync_api import expect

from forums import services
from forums.models import Forum
from organization.models import Agency, Employee, Role, RoleAssignment, User

from .conftest import screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def second_diskominfo_agent() -> User:
    agency = Agency.objects.get(code="DISKOMINFO")
    employee = Employee.objects.filter(agency=agency, user__isnull=True).order_by("pk").first()
    user = User(username="rina.diskominfo", first_name="Rina", last_name="Marlina", employee=employee,
                email="rina@diskominfo.example.go.id")
    user.set_password(settings.DEMO_PASSWORD)
    user.save()
    RoleAssignment.objects.create(user=user, role=Role.AGEN, agency=agency)
    return user


def write_a_topic_and_preview_it(page, base: str) -> None:
    """From the forum index to a previewed new topic (the preview button works only through htmx)."""
    page.goto(f"{base}/forums/")
    page.get_by_role("link", name=re.compile("Forum Diskominfo")).click()
    page.get_by_role("link", name="Topik baru").click()
    page.fill("#id_title", "Antrean online Puskesmas: uji coba di tiga lokasi")
    page.fill("#id_body", "Saya usul kita mulai **uji coba** minggu depan.\n\n- Puskesmas Garuda\n- Puskesmas Ibrahim Adjie")
    page.get_by_test_id("preview-button").click()
    expect(page.locator("#preview strong")).to_have_text("uji coba")


def test_an_agent_is_mentioned_in_a_reply_sees_it_unread_and_a_dinkes_agent_gets_404(live, new_page):
    services.forum_sync_all()
    second_diskominfo_agent()
    forum = Forum.objects.get(agency__code="DISKOMINFO")

    # 1. agen.diskominfo opens a topic in the Diskominfo forum.
    first = new_page("agen.diskominfo")
    write_a_topic_and_preview_it(first, live.url)
    first.get_by_test_id("topic-submit").click()
    expect(first.get_by_test_id("topic-title")).to_contain_text("Antrean online Puskesmas")
    topic_url = first.url
    screenshot(first, "forums-1-topic-opened")

    # 2. Another Diskominfo agent replies and mentions them.
    second = new_page("rina.diskominfo")
    second.goto(f"{live.url}/forums/f/{forum.pk}/")
    second.get_by_role("link", name="Antrean online Puskesmas: uji coba di tiga lokasi").click()
    second.fill("#id_body", "Setuju, @agen.diskominfo. Saya siapkan formulir pencatatan waktu tunggu.")
    second.get_by_test_id("reply-submit").click()
    expect(second.locator("article .mention")).to_have_text("@agen.diskominfo")
    screenshot(second, "forums-2-reply-with-mention")
    # A reaction on the opening post: the button sends its kind through htmx and the bar is swapped in place.
    second.get_by_test_id("react-terima_kasih").click()
    expect(second.get_by_test_id("react-terima_kasih")).to_have_attribute("aria-pressed", "true")
    expect(second.get_by_test_id("react-count")).to_have_text("1")

    # 3. The first agent sees the unread mark and the notification.
    first.goto(f"{live.url}/forums/f/{forum.pk}/")
    row = first.locator("tr", has_text="Antrean online Puskesmas: uji coba di tiga lokasi")
    expect(row.get_by_test_id("unread-mark")).to_be_visible()
    expect(first.get_by_test_id("unread-count")).to_have_text("1")
    screenshot(first, "forums-3-unread-mark")
    first.goto(f"{live.url}/notifications/")
    notification = first.get_by_test_id("notification").first
    expect(notification).to_contain_text("menyebut Anda")
    notification.click()
    expect(first.get_by_test_id("new-post-mark")).to_have_count(1)
    expect(first.locator("article:target")).to_contain_text("Saya siapkan formulir")
    screenshot(first, "forums-4-mention-opened")
    first.goto(f"{live.url}/forums/f/{forum.pk}/")
    expect(first.locator("tr", has_text="Antrean online Puskesmas").get_by_test_id("unread-mark")).to_have_count(0)

    # 4. An agent of another agency gets a 404 for that topic.
    other = new_page("agen.dinkes")
    response = other.goto(topic_url)
    assert response.status == 404
    other.goto(f"{live.url}/forums/")
    expect(other.get_by_role("link", name=re.compile("Forum Diskominfo"))).to_have_count(0)
