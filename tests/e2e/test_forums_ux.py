"""In Chromium at 375 px and 1280 px: an agent mentions a colleague by typing part of the name, reacts and sees the
label and count, a PDF attachment is a file card, and search marks the words it found."""

import re

import pytest
from django.conf import settings
from playwright.sync_api import expect

from forums import services
from forums.models import Forum, Post
from organization.models import Agency, Employee, Role, RoleAssignment, User

from .conftest import ARTIFACTS, screenshot, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n" + b"0" * 2048


def colleague() -> User:
    """A second Diskominfo agent, Rina Marlina (the employee's name is the account's)."""
    agency = Agency.objects.get(code="DISKOMINFO")
    employee = Employee.objects.filter(agency=agency, user__isnull=True).order_by("pk").first()
    Employee.objects.filter(pk=employee.pk).update(name="Rina Marlina")
    user = User(username="rina.diskominfo", first_name="Rina", last_name="Marlina", employee=employee)
    user.set_password(settings.DEMO_PASSWORD)
    user.save()
    RoleAssignment.objects.create(user=user, role=Role.AGEN, agency=agency)
    return user


def hostile_colleague() -> User:
    """A Diskominfo agent whose name carries markup: the list must show it as text."""
    agency = Agency.objects.get(code="DISKOMINFO")
    employee = Employee.objects.filter(agency=agency, user__isnull=True).order_by("pk").first()
    Employee.objects.filter(pk=employee.pk).update(name="Rinto <img src=x onerror=alert(1)>")
    user = User.objects.create_user(username="rinto.diskominfo", password="x", first_name="Rinto",
                                    last_name="<img src=x onerror=alert(1)>", employee=employee)
    RoleAssignment.objects.create(user=user, role=Role.AGEN, agency=agency)
    return user


def fits(page, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width, "the page is wider than the window"


@pytest.mark.parametrize("width", [375, 1280])
def test_mention_by_name_reactions_file_card_and_search_marks(width, live, browser, media_root):
    services.forum_sync_all()
    colleague()
    hostile_colleague()
    forum = Forum.objects.get(agency__code="DISKOMINFO")

    dialogs = []  # an alert() would mean a name or a post ran as script

    def page_for(username):
        context = browser.new_context(locale="id-ID", timezone_id="Asia/Jakarta",
                                      viewport={"width": width, "height": 900})
        page = context.new_page()
        page.set_default_timeout(15000)
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        sign_in(page, live.url, username)
        return page

    # 1. agen.diskominfo opens a topic with a PDF, mentioning Rina by picking her name from the list.
    agent = page_for("agen.diskominfo")
    agent.goto(f"{live.url}/forums/f/{forum.pk}/topik-baru/")
    agent.fill("#id_title", "Uji coba antrean daring di kelurahan")
    body = agent.locator("#id_body")
    body.click()
    body.press_sequentially("Notulen rapat terlampir. Mohon dicek @rin")
    listbox = agent.get_by_role("listbox")
    expect(listbox).to_be_visible()
    option = listbox.get_by_role("option").first
    expect(option).to_contain_text("Rina Marlina")
    expect(option).to_contain_text("Diskominfo")
    expect(option).to_have_attribute("aria-selected", "true")
    expect(body).to_have_attribute("aria-activedescendant", option.get_attribute("id"))
    assert re.search(r"\d{18}", listbox.inner_text()) is None  # no NIP in the list
    expect(listbox.get_by_role("option").nth(1)).to_contain_text("Rinto <img src=x onerror=alert(1)>")
    expect(listbox.locator("img")).to_have_count(0)  # a name is text, never markup
    fits(agent, width)
    screenshot(agent, f"forums-ux-mention-list-{width}")
    # Escape closes the list until another "@" is typed; arrows move through the options; Enter inserts.
    body.press("Escape")
    expect(listbox).to_be_hidden()
    body.press_sequentially("a")
    agent.wait_for_timeout(400)
    expect(listbox).to_be_hidden()
    for _ in range(5):
        body.press("Backspace")
    body.press_sequentially("@rina")
    expect(listbox.get_by_role("option").first).to_contain_text("Rina Marlina")
    body.press("ArrowDown")
    body.press("ArrowUp")
    expect(listbox.get_by_role("option").first).to_have_attribute("aria-selected", "true")
    body.press("Enter")
    expect(listbox).to_be_hidden()
    assert body.input_value() == "Notulen rapat terlampir. Mohon dicek @rina.diskominfo "
    agent.wait_for_timeout(400)
    expect(listbox).to_be_hidden()  # the mention just written is not looked up again
    body.press_sequentially("terima kasih.")
    agent.wait_for_timeout(400)
    expect(listbox).to_be_hidden()
    agent.set_input_files("#id_attachments", files=[
        {"name": "notulen rapat.pdf", "mimeType": "application/pdf", "buffer": PDF}])
    agent.get_by_test_id("topic-submit").click()
    expect(agent.get_by_test_id("topic-title")).to_contain_text("Uji coba antrean daring")
    expect(agent.locator("article .mention")).to_have_text("@rina.diskominfo")
    card = agent.get_by_test_id("file-card")
    expect(card).to_contain_text("notulen_rapat.pdf")
    expect(card).to_contain_text("KB")
    expect(card.get_by_role("link", name=re.compile("Unduh"))).to_be_visible()
    expect(agent.locator("article time").first).to_contain_text("WIB")
    fits(agent, width)
    screenshot(agent, f"forums-ux-topic-file-card-{width}")
    topic_url = agent.url

    # 2. Rina reacts: the button says what it is, counts, and is marked pressed.
    rina = page_for("rina.diskominfo")
    rina.goto(topic_url)
    agree = rina.get_by_test_id("react-setuju")
    expect(agree).to_contain_text("Setuju")
    expect(agree).to_have_attribute("aria-pressed", "false")
    agree.click()
    agree = rina.get_by_test_id("react-setuju")
    expect(agree).to_have_attribute("aria-pressed", "true")
    expect(agree).to_have_text(re.compile(r"Setuju\s*1"))
    expect(rina.get_by_role("button", name=re.compile("^Setuju 1"))).to_be_visible()
    fits(rina, width)
    screenshot(rina, f"forums-ux-reaction-{width}")

    # 3. Search marks the words found, in the title and the excerpt.
    rina.goto(f"{live.url}/forums/cari/?q=antrean")
    hit = rina.get_by_test_id("search-hit").first
    expect(hit.locator("mark").first).to_have_text(re.compile("antrean", re.I))
    expect(hit.locator("time")).to_contain_text("WIB")
    fits(rina, width)
    screenshot(rina, f"forums-ux-search-{width}")
    # 4. Rina's home card counts the unread topics of the forum it names; the city forum's are counted apart.
    city = Forum.objects.get(kind=Forum.Kind.CITY)
    services.topic_create(forum=city, author=User.objects.get(username="agen.dinkes"),
                          title="Berbagi praktik baik antrean daring", body="Dari Dinkes untuk semua.")
    rina.goto(f"{live.url}/")
    panel = rina.get_by_test_id("forum-panel")
    expect(panel).to_contain_text("Forum Diskominfo")
    expect(panel.get_by_test_id("forum-unread-count")).to_have_count(0)  # she has read the Diskominfo topic
    expect(panel.get_by_test_id("forum-unread-elsewhere")).to_have_text("1 topik belum dibaca di forum lain")
    expect(panel.locator("time").first).to_contain_text("WIB")
    fits(rina, width)
    rina.get_by_test_id("forum-panel").screenshot(path=str(ARTIFACTS / f"forums-ux-home-card-{width}.png"))

    # 5. Tim RB reads the moderation log with its times in WIB.
    post = Post.objects.filter(topic__title__startswith="Uji coba antrean").first()
    tim = User.objects.get(username="tim.rb")
    services.post_set_hidden(post=post, by=tim, hidden=True, detail="uji moderasi")
    services.post_set_hidden(post=post, by=tim, hidden=False)
    moderator = page_for("tim.rb")
    moderator.goto(f"{live.url}/forums/moderasi/log/")
    expect(moderator.locator("table time").first).to_contain_text("WIB")
    fits(moderator, width)
    screenshot(moderator, f"forums-ux-moderation-log-{width}")

    assert dialogs == []
    for page in (agent, rina, moderator):
        page.context.close()
