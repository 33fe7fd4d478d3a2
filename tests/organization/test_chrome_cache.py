"""The navbar, the footer, the roles and the unread count are cached (organization/chrome.py, user_cache.py): every
change a person makes or receives shows on the next page, and what belongs to one request is never shared."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from notifications.services import mark_all_read, notify
from organization.models import Role, RoleAssignment

pytestmark = pytest.mark.django_db

EMPLOYEES_MENU = 'href="/pegawai/"'


def navbar(client, url="/"):
    page = client.get(url).content.decode()
    return page[page.index("<nav class=\"navbar"):page.index("</nav>")]


def test_a_new_role_shows_its_menu_entry_on_the_next_page(login, pegawai_diskominfo, diskominfo):
    client = login(pegawai_diskominfo)
    assert EMPLOYEES_MENU not in navbar(client)
    assignment = RoleAssignment.objects.create(user=pegawai_diskominfo, role=Role.OPERATOR, agency=diskominfo)
    assert EMPLOYEES_MENU in navbar(client)
    assert client.get(reverse("organization:employee_list")).status_code == 200
    assignment.is_active = False
    assignment.save()
    assert EMPLOYEES_MENU not in navbar(client)
    assert client.get(reverse("organization:employee_list")).status_code == 403


def test_a_deleted_role_no_longer_opens_its_pages(login, pegawai_diskominfo, diskominfo):
    assignment = RoleAssignment.objects.create(user=pegawai_diskominfo, role=Role.OPERATOR, agency=diskominfo)
    client = login(pegawai_diskominfo)
    assert client.get(reverse("organization:employee_list")).status_code == 200
    assignment.delete()
    assert client.get(reverse("organization:employee_list")).status_code == 403
    assert EMPLOYEES_MENU not in navbar(client)


def test_a_changed_name_shows_in_the_navbar_on_the_next_page(login, pegawai_diskominfo):
    client = login(pegawai_diskominfo)
    navbar(client)
    pegawai_diskominfo.first_name, pegawai_diskominfo.last_name = "Nama", "Baru Sekali"
    pegawai_diskominfo.save()
    assert "Nama Baru Sekali" in navbar(client)


def test_a_new_notification_shows_in_the_count_and_reading_them_clears_it(login, pegawai_diskominfo):
    client = login(pegawai_diskominfo)
    mark_all_read(user=pegawai_diskominfo)
    assert 'data-testid="unread-count"' not in navbar(client)
    notify(recipients=[pegawai_diskominfo], kind="t", title="Kabar", email=False)
    assert 'data-testid="unread-count">1<' in navbar(client)
    notify(recipients=[pegawai_diskominfo], kind="t", title="Kabar lagi", email=False)
    assert 'data-testid="unread-count">2<' in navbar(client)
    mark_all_read(user=pegawai_diskominfo)
    assert 'data-testid="unread-count"' not in navbar(client)


def test_the_active_menu_entry_follows_the_page(login, agen_diskominfo):
    client = login(agen_diskominfo)
    home = navbar(client, "/")
    forums = navbar(client, reverse("forums:index"))
    assert re.search(r'class="nav-link active" href="/"', home)
    assert not re.search(r'class="nav-link active" href="/"', forums)
    assert re.search(r'class="nav-link active" href="/forums/"', forums)


def test_the_navbar_follows_the_chosen_language(login, agen_diskominfo, settings):
    client = login(agen_diskominfo)
    assert "Keluar" in navbar(client)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = navbar(client)
    assert "Log out" in english and "Keluar" not in english


def test_the_footer_carries_this_pages_path_and_each_browser_its_own_csrf_token(agen_diskominfo):
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first.force_login(agen_diskominfo)
    second.force_login(agen_diskominfo)
    page_one = first.get(reverse("forums:index")).content.decode()
    page_two = second.get("/").content.decode()
    assert 'name="next" type="hidden" value="/forums/"' in page_one
    assert 'name="next" type="hidden" value="/"' in page_two
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page_two).group(1)
    # The logout form in the (cached) navbar works with the token of this browser's page.
    response = second.post(reverse("logout"), {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert first.get("/").status_code == 200  # the other browser is still signed in


def test_signing_out_ends_the_cached_session(login, agen_diskominfo):
    client = login(agen_diskominfo)
    assert client.get("/").status_code == 200
    client.post(reverse("logout"))
    response = client.get("/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_fragments_are_rendered_once_until_a_chrome_bump(login, agen_diskominfo, monkeypatch):
    from organization import chrome

    rendered = []
    real = chrome.render_to_string
    monkeypatch.setattr(chrome, "render_to_string", lambda name, ctx: rendered.append(name) or real(name, ctx))
    client = login(agen_diskominfo)
    client.get("/")
    assert sorted(rendered) == ["includes/footer.html", "includes/navbar.html"]
    client.get("/")
    assert len(rendered) == 2  # both from the cache
    chrome.bump()  # e.g. the institution's name changed
    client.get("/")
    assert len(rendered) == 4


def test_new_code_never_serves_a_fragment_cached_by_the_old(login, agen_diskominfo, monkeypatch):
    from organization import chrome

    rendered = []
    real = chrome.render_to_string
    monkeypatch.setattr(chrome, "render_to_string", lambda name, ctx: rendered.append(name) or real(name, ctx))
    client = login(agen_diskominfo)
    client.get("/")
    assert len(rendered) == 2
    monkeypatch.setattr(chrome, "_code_digest", lambda: "next-release")  # other templates, menu or translations
    client.get("/")
    assert len(rendered) == 4
