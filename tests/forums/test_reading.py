"""Unread marks, jump to the first unread post, subscriptions, search, "my topics" and "mentions"."""

import datetime as dt

import pytest
from django.urls import reverse

from forums import selectors, services
from forums.models import Subscription, Topic

from .conftest import fresh

pytestmark = pytest.mark.django_db


def row_unread(client, forum, topic):
    page = client.get(reverse("forums:forum", args=[forum.pk])).context["page"]
    return next(t.is_unread for t in page.object_list if t.pk == topic.pk)


def test_a_reply_makes_the_topic_unread_until_it_is_opened(login, agen_diskominfo, agen2_diskominfo,
                                                           diskominfo_forum, new_topic):
    topic = new_topic(diskominfo_forum, agen_diskominfo)
    client = login(agen_diskominfo)
    assert not row_unread(client, diskominfo_forum, topic)  # your own post is read
    services.post_create(topic=topic, author=agen2_diskominfo, body="Ada kabar baru")
    assert row_unread(client, diskominfo_forum, topic)
    client.get(topic.get_absolute_url())
    assert not row_unread(client, diskominfo_forum, topic)


def test_jump_to_first_unread_lands_on_the_right_page_and_post(login, agen_diskominfo, agen2_diskominfo,
                                                               diskominfo_forum, new_topic):
    topic = new_topic(diskominfo_forum, agen_diskominfo)
    for i in range(24):
        services.post_create(topic=topic, author=agen_diskominfo, body=f"Catatan {i}")
    first_new = services.post_create(topic=topic, author=agen2_diskominfo, body="Pesan baru")
    services.post_create(topic=topic, author=agen2_diskominfo, body="Pesan baru kedua")
    response = login(agen_diskominfo).get(reverse("forums:topic_unread", args=[topic.pk]))
    assert response.status_code == 302
    assert response["Location"] == f"{topic.get_absolute_url()}?page=2#post-{first_new.pk}"


def test_the_new_posts_are_marked_on_the_topic_page(login, agen_diskominfo, agen2_diskominfo, diskominfo_forum,
                                                    new_topic):
    topic = new_topic(diskominfo_forum, agen_diskominfo)
    services.post_create(topic=topic, author=agen2_diskominfo, body="Pesan baru")
    page = login(agen_diskominfo).get(topic.get_absolute_url()).content.decode()
    assert page.count('data-testid="new-post-mark"') == 1


def test_posts_from_before_a_user_joined_are_not_unread(agen_diskominfo, agen2_diskominfo, diskominfo_forum,
                                                        new_topic):
    topic = new_topic(diskominfo_forum, agen_diskominfo)
    agen2_diskominfo.date_joined = topic.created_at + dt.timedelta(seconds=1)
    agen2_diskominfo.save()
    assert not selectors.unread_topics(fresh(agen2_diskominfo)).filter(pk=topic.pk).exists()


def test_mark_all_read_clears_the_forum(login, agen_diskominfo, agen2_diskominfo, diskominfo_forum, new_topic):
    topic = new_topic(diskominfo_forum, agen2_diskominfo)
    client = login(agen_diskominfo)
    assert row_unread(client, diskominfo_forum, topic)
    client.post(reverse("forums:forum_mark_read", args=[diskominfo_forum.pk]))
    assert not row_unread(client, diskominfo_forum, topic)
    services.post_create(topic=topic, author=agen2_diskominfo, body="Lagi")
    assert row_unread(client, diskominfo_forum, topic)


def test_subscribe_and_unsubscribe_from_the_topic_page(login, agen_diskominfo, agen2_diskominfo, diskominfo_forum,
                                                       new_topic):
    topic = new_topic(diskominfo_forum, agen_diskominfo)
    client = login(agen2_diskominfo)
    client.post(reverse("forums:topic_subscribe", args=[topic.pk]), {"on": "1"})
    assert Subscription.objects.filter(user=agen2_diskominfo, topic=topic).exists()
    assert client.get(topic.get_absolute_url()).context["subscribed_topic"]
    client.post(reverse("forums:topic_subscribe", args=[topic.pk]), {"on": "0"})
    assert not Subscription.objects.filter(user=agen2_diskominfo, topic=topic).exists()


def test_search_finds_posts_in_scope_only(login, agen_diskominfo, agen_dinkes, diskominfo_forum, dinkes_forum,
                                          new_topic):
    mine = new_topic(diskominfo_forum, agen_diskominfo, title="Antrean online Puskesmas", body="Pakai aplikasi antrean")
    theirs = new_topic(dinkes_forum, agen_dinkes, title="Antrean di loket obat", body="Antrean panjang")
    html = login(agen_diskominfo).get(reverse("forums:search"), {"q": "antrean"}).content.decode()
    assert html.count('data-testid="search-hit"') == 1 and "1 pesan cocok" in html
    assert reverse("forums:post", args=[mine.first_post_id]) in html
    assert reverse("forums:post", args=[theirs.first_post_id]) not in html and "loket obat" not in html


def test_search_matches_words_in_any_order(agen_diskominfo, diskominfo_forum, new_topic):
    new_topic(diskominfo_forum, agen_diskominfo, title="SOP layanan pengaduan", body="Draf prosedur pengaduan warga")
    assert selectors.search_posts(agen_diskominfo, "pengaduan SOP").count() == 1
    assert selectors.search_posts(agen_diskominfo, "tidakadakatainidimanapun").count() == 0
    assert selectors.search_posts(agen_diskominfo, "").count() == 0


def test_my_topics_lists_topics_i_opened_or_replied_to(login, agen_diskominfo, agen2_diskominfo, diskominfo_forum,
                                                       new_topic):
    mine = new_topic(diskominfo_forum, agen_diskominfo, title="Topik saya sendiri")
    replied = new_topic(diskominfo_forum, agen2_diskominfo, title="Topik rekan yang saya balas")
    services.post_create(topic=replied, author=agen_diskominfo, body="Ikut")
    new_topic(diskominfo_forum, agen2_diskominfo, title="Topik rekan lain")
    page = login(agen_diskominfo).get(reverse("forums:my_topics")).context["page"]
    assert {t.pk for t in page.object_list} == {mine.pk, replied.pk}


def test_the_mentions_page_lists_where_i_was_mentioned(login, agen_diskominfo, agen2_diskominfo, diskominfo_forum,
                                                       new_topic):
    topic = new_topic(diskominfo_forum, agen2_diskominfo, body=f"Mohon masukan @{agen_diskominfo.username}")
    page = login(agen_diskominfo).get(reverse("forums:mentions")).context["page"]
    assert [m.post_id for m in page.object_list] == [topic.first_post_id]


def test_the_home_page_shows_latest_topics_and_unread_count(login, agen_diskominfo, agen2_diskominfo,
                                                            diskominfo_forum, new_topic):
    new_topic(diskominfo_forum, agen2_diskominfo, title="Digitalisasi arsip surat masuk")
    page = login(agen_diskominfo).get(reverse("home")).content.decode()
    assert 'data-testid="forum-panel"' in page
    assert "Digitalisasi arsip surat masuk" in page
    assert 'data-testid="forum-unread-count"' in page


def test_the_forum_index_groups_city_own_and_other_forums(login, agen_diskominfo, tim_rb, diskominfo_forum):
    groups = login(agen_diskominfo).get(reverse("forums:index")).context["groups"]
    assert len(groups["city"]) == 1 and [f.pk for f in groups["mine"]] == [diskominfo_forum.pk]
    assert groups["others"] == []
    assert login(tim_rb).get(reverse("forums:index")).context["groups"]["others"]


def test_the_topic_list_filters_by_category(login, agen_diskominfo, diskominfo_forum, new_topic):
    category = diskominfo_forum.categories.get(name="Tanya Jawab")
    asked = new_topic(diskominfo_forum, agen_diskominfo, title="Bagaimana cara mengisi rencana aksi?",
                      category=category)
    new_topic(diskominfo_forum, agen_diskominfo, title="Topik tanpa kategori")
    page = login(agen_diskominfo).get(reverse("forums:forum", args=[diskominfo_forum.pk]),
                                      {"kategori": category.pk}).context["page"]
    assert [t.pk for t in page.object_list] == [asked.pk]


def test_pinned_topics_come_first(agen_diskominfo, kepala_diskominfo, diskominfo_forum, new_topic):
    old = new_topic(diskominfo_forum, agen_diskominfo, title="Topik lama disematkan")
    new_topic(diskominfo_forum, agen_diskominfo, title="Topik baru")
    services.topic_set_pinned(topic=old, by=kepala_diskominfo, pinned=True)
    first = selectors.forum_topics(agen_diskominfo, diskominfo_forum).first()
    assert first.pk == old.pk
    assert Topic.objects.get(pk=old.pk).is_pinned
