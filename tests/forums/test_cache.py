"""The cached unread counts and home panel (forums.cache): served without queries, never stale after a change."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from forums import selectors, services
from forums.models import Topic
from organization.models import Role, RoleAssignment

from .conftest import fresh

pytestmark = pytest.mark.django_db


def panel(user) -> dict:
    """The forum panel of the home page, as a new request of ``user`` sees it."""
    return selectors.home_panel(fresh(user))


def forum_queries(user) -> int:
    with CaptureQueriesContext(connection) as ctx:
        selectors.home_panel(user)
    return sum('"forums_' in q["sql"] for q in ctx.captured_queries)


def test_a_second_home_visit_reads_the_forum_panel_from_the_cache(agen_diskominfo, agen2_diskominfo,
                                                                 diskominfo_forum, new_topic):
    new_topic(diskominfo_forum, agen2_diskominfo, title="Antrean online")
    user = fresh(agen_diskominfo)
    assert forum_queries(user) == 3  # the forum, its latest topics, the unread counts
    assert forum_queries(user) == 0
    assert selectors.home_panel(user)["unread_count"] == 1


def test_a_new_post_shows_in_the_cached_panel_at_once(agen_diskominfo, agen2_diskominfo, diskominfo_forum,
                                                      new_topic):
    topic = new_topic(diskominfo_forum, agen_diskominfo, title="Antrean online")
    before = panel(agen_diskominfo)
    assert before["unread_count"] == 0 and before["latest"][0]["replies"] == 0
    services.post_create(topic=topic, author=agen2_diskominfo, body="Saya ikut uji coba")
    after = panel(agen_diskominfo)
    assert after["unread_count"] == 1
    assert after["latest"][0]["is_unread"] and after["latest"][0]["replies"] == 1
    assert after["latest"][0]["who"] == str(agen2_diskominfo)


def test_reading_the_topic_clears_the_cached_count(login, agen_diskominfo, agen2_diskominfo, diskominfo_forum,
                                                   new_topic):
    topic = new_topic(diskominfo_forum, agen2_diskominfo, title="Antrean online")
    assert panel(agen_diskominfo)["unread_count"] == 1
    login(agen_diskominfo).get(topic.get_absolute_url())
    assert panel(agen_diskominfo)["unread_count"] == 0
    assert not panel(agen_diskominfo)["latest"][0]["is_unread"]


def test_marking_the_forum_read_clears_the_cached_count(login, agen_diskominfo, agen2_diskominfo,
                                                        diskominfo_forum, new_topic):
    new_topic(diskominfo_forum, agen2_diskominfo, title="Antrean online")
    new_topic(diskominfo_forum, agen2_diskominfo, title="Arsip digital")
    assert panel(agen_diskominfo)["unread_count"] == 2
    login(agen_diskominfo).post(reverse("forums:forum_mark_read", args=[diskominfo_forum.pk]))
    assert panel(agen_diskominfo)["unread_count"] == 0


def test_a_hidden_topic_leaves_the_cached_panel_and_count(agen_diskominfo, agen2_diskominfo, kepala_diskominfo,
                                                          diskominfo_forum, new_topic):
    topic = new_topic(diskominfo_forum, agen2_diskominfo, title="Topik yang akan disembunyikan")
    assert panel(agen_diskominfo)["unread_count"] == 1
    services.topic_set_hidden(topic=topic, by=kepala_diskominfo, hidden=True)
    after = panel(agen_diskominfo)
    assert after["unread_count"] == 0 and after["latest"] == []


def test_a_topic_changed_around_the_services_still_shows(agen_diskominfo, agen2_diskominfo, diskominfo_forum,
                                                        new_topic):
    topic = new_topic(diskominfo_forum, agen2_diskominfo, title="Judul lama")
    assert panel(agen_diskominfo)["latest"][0]["title"] == "Judul lama"
    topic.title = "Judul baru dari admin"
    topic.save()  # as the admin does: a signal, no service
    assert panel(agen_diskominfo)["latest"][0]["title"] == "Judul baru dari admin"


def test_a_renamed_author_shows_in_the_cached_panel_but_a_sign_in_changes_nothing(
        client, agen_diskominfo, agen2_diskominfo, diskominfo_forum, new_topic):
    new_topic(diskominfo_forum, agen2_diskominfo, title="Antrean online")
    user = fresh(agen_diskominfo)
    assert forum_queries(user) == 3
    client.force_login(agen2_diskominfo)  # saves last_login only
    assert forum_queries(user) == 0
    agen2_diskominfo.first_name, agen2_diskominfo.last_name = "Rina", "Marlina"
    agen2_diskominfo.save()
    assert panel(agen_diskominfo)["latest"][0]["who"] == "Rina Marlina"


def test_a_new_agency_role_moves_the_panel_to_that_agencys_forum(pegawai_diskominfo, diskominfo, diskominfo_forum,
                                                                 city_forum, agen2_diskominfo, new_topic):
    new_topic(diskominfo_forum, agen2_diskominfo, title="Khusus Diskominfo")
    assert panel(pegawai_diskominfo)["forum"]["pk"] == city_forum.pk
    RoleAssignment.objects.create(user=pegawai_diskominfo, role=Role.AGEN, agency=diskominfo)
    after = panel(pegawai_diskominfo)
    assert after["forum"]["pk"] == diskominfo_forum.pk
    assert [t["title"] for t in after["latest"]] == ["Khusus Diskominfo"]
    assert after["unread_count"] == 1


def test_the_forum_index_shows_the_cached_count_and_its_changes(login, agen_diskominfo, agen2_diskominfo,
                                                                diskominfo_forum, new_topic):
    client = login(agen_diskominfo)

    def unread():
        groups = client.get(reverse("forums:index")).context["groups"]
        return {f.pk: f.unread_count for f in groups["mine"]}[diskominfo_forum.pk]

    assert unread() == 0
    topic = new_topic(diskominfo_forum, agen2_diskominfo, title="Antrean online")
    assert unread() == 1
    Topic.objects.filter(pk=topic.pk).update(is_deleted=True)  # a bulk write: no signal …
    services.recount_forum(diskominfo_forum.pk)  # … so the writer recounts, as the services do
    assert unread() == 0


def test_the_home_page_panel_shows_a_new_topic_and_its_count_at_once(login, agen_diskominfo, agen2_diskominfo,
                                                                     diskominfo_forum, new_topic):
    client = login(agen_diskominfo)
    new_topic(diskominfo_forum, agen2_diskominfo, title="Topik pertama")
    assert "Topik pertama" in client.get(reverse("home")).content.decode()
    new_topic(diskominfo_forum, agen2_diskominfo, title="Topik kedua")
    page = client.get(reverse("home")).content.decode()
    assert "Topik kedua" in page and "2 topik belum dibaca" in page


def test_the_cached_home_panel_follows_what_the_reader_read_and_a_renamed_author(login, agen_diskominfo,
                                                                                 agen2_diskominfo, diskominfo_forum,
                                                                                 new_topic):
    """The panel's HTML is kept under the forums' activity version and the reader's reading version
    (``forums.apps._panel_versions``): opening a topic, or an author's new name, shows on the next home page."""
    client = login(agen_diskominfo)
    topic = new_topic(diskominfo_forum, agen2_diskominfo, title="Topik pertama")
    new_topic(diskominfo_forum, agen2_diskominfo, title="Topik kedua")
    client.get(reverse("home"))
    assert "2 topik belum dibaca" in client.get(reverse("home")).content.decode()  # the second from the cache
    client.get(reverse("forums:topic", args=[topic.pk]))  # reads the first
    page = client.get(reverse("home")).content.decode()
    assert "1 topik belum dibaca" in page
    agen2_diskominfo.first_name = "Rinawati"
    agen2_diskominfo.save()
    assert "Rinawati" in client.get(reverse("home")).content.decode()
