"""The cached topic list (forums.views.browse.forum_detail, selectors.topic_list): a warm visit reads no forum table,
every write shows at once, and no reader ever gets a list built for another view of the forum."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from forums import services
from forums.models import Category, Topic

from .conftest import make_agent
from .test_queries import fill

pytestmark = pytest.mark.django_db


def get(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode(), len(ctx.captured_queries)


def forum_url(forum, **query):
    url = reverse("forums:forum", args=[forum.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


@pytest.mark.parametrize("size", [10, 300])
def test_a_second_visit_reads_no_forum_table_at_any_size(size, client, diskominfo_forum, agen_diskominfo,
                                                         agen2_diskominfo, kepala_diskominfo):
    fill(diskominfo_forum, [agen_diskominfo, agen2_diskominfo, kepala_diskominfo], size)
    client.force_login(agen_diskominfo)
    client.get(reverse("forums:index"))  # the session's first page caches the roles and the navbar
    _, cold = get(client, forum_url(diskominfo_forum))
    html, warm = get(client, forum_url(diskominfo_forum))
    assert cold == 5  # user, forum, categories, subscription, the page of topics
    assert warm == 1  # the user (the session, roles and unread count come from the cache)
    assert f"Aksi perubahan nomor {size - 1}" in html
    _, warm_page_2 = get(client, forum_url(diskominfo_forum, page=2))
    assert warm_page_2 == 3  # the reader's part of page 2 is new: the user, their subscription, the page


def test_a_new_topic_and_a_reply_show_at_once(client, diskominfo_forum, agen_diskominfo, agen2_diskominfo,
                                              new_topic):
    client.force_login(agen_diskominfo)
    get(client, forum_url(diskominfo_forum))
    topic = new_topic(diskominfo_forum, agen2_diskominfo, title="Antrean daring puskesmas")
    html, _ = get(client, forum_url(diskominfo_forum))
    assert "Antrean daring puskesmas" in html
    assert f'data-testid="topic-row-{topic.pk}" class="fw-semibold"' in html  # unread for this reader
    services.post_create(topic=topic, author=agen_diskominfo, body="Setuju, mari mulai minggu depan.")
    html, _ = get(client, forum_url(diskominfo_forum))
    assert "Citra" in html.split(f'data-testid="topic-row-{topic.pk}"')[1].split("</tr>")[0]  # last poster


def test_reading_a_topic_clears_its_unread_mark_for_that_reader_only(client, diskominfo_forum, agen_diskominfo,
                                                                      agen2_diskominfo, kepala_diskominfo,
                                                                      new_topic):
    topic = new_topic(diskominfo_forum, agen2_diskominfo, title="Antrean daring puskesmas")
    unread = f'data-testid="topic-row-{topic.pk}" class="fw-semibold"'
    client.force_login(agen_diskominfo)
    assert unread in get(client, forum_url(diskominfo_forum))[0]
    client.get(reverse("forums:topic", args=[topic.pk]))  # reads it
    assert unread not in get(client, forum_url(diskominfo_forum))[0]
    client.force_login(kepala_diskominfo)  # same list, another reader who has not read it
    assert unread in get(client, forum_url(diskominfo_forum))[0]


def test_mark_read_and_subscription_show_at_once(client, diskominfo_forum, agen_diskominfo, agen2_diskominfo,
                                                 new_topic):
    topic = new_topic(diskominfo_forum, agen2_diskominfo, title="Antrean daring puskesmas")
    client.force_login(agen_diskominfo)
    html, _ = get(client, forum_url(diskominfo_forum))
    assert "Langganan forum" in html
    services.subscription_set(user=agen_diskominfo, on=True, forum=diskominfo_forum)
    services.forum_mark_read(user=agen_diskominfo, forum=diskominfo_forum)
    html, _ = get(client, forum_url(diskominfo_forum))
    assert "Berhenti berlangganan" in html
    assert f'data-testid="topic-row-{topic.pk}" class="fw-semibold"' not in html


def test_a_hidden_topic_shows_to_the_moderator_only_whoever_came_first(client, diskominfo_forum, agen_diskominfo,
                                                                       agen2_diskominfo, kepala_diskominfo,
                                                                       new_topic):
    shown = new_topic(diskominfo_forum, agen2_diskominfo, title="Topik yang terlihat")
    hidden = new_topic(diskominfo_forum, agen2_diskominfo, title="Topik yang disembunyikan")
    for first, second in [(agen_diskominfo, kepala_diskominfo), (kepala_diskominfo, agen_diskominfo)]:
        services.topic_set_hidden(topic=hidden, by=kepala_diskominfo, hidden=True)
        seen = {}
        for user in (first, second):
            client.force_login(user)
            seen[user.username] = get(client, forum_url(diskominfo_forum))[0]
        assert "Topik yang disembunyikan" in seen[kepala_diskominfo.username]
        assert "Topik yang disembunyikan" not in seen[agen_diskominfo.username]
        assert "Topik yang terlihat" in seen[agen_diskominfo.username]
        services.topic_set_hidden(topic=hidden, by=kepala_diskominfo, hidden=False)
        client.force_login(agen_diskominfo)
        assert "Topik yang disembunyikan" in get(client, forum_url(diskominfo_forum))[0]
    assert shown.pk


def test_out_of_scope_readers_get_404_after_the_list_was_cached(client, diskominfo_forum, agen_diskominfo,
                                                                agen_dinkes, new_topic):
    new_topic(diskominfo_forum, agen_diskominfo, title="Rahasia dapur Diskominfo")
    client.force_login(agen_diskominfo)
    get(client, forum_url(diskominfo_forum))
    client.force_login(agen_dinkes)
    response = client.get(forum_url(diskominfo_forum))
    assert response.status_code == 404
    assert b"Rahasia dapur" not in response.content
    assert client.get(reverse("forums:forum", args=[999999])).status_code == 404


def test_a_new_role_opens_the_forum_at_once(client, diskominfo_forum, pegawai_diskominfo, agen_diskominfo,
                                            new_topic, diskominfo):
    new_topic(diskominfo_forum, agen_diskominfo, title="Rencana aksi arsip")
    client.force_login(pegawai_diskominfo)
    assert client.get(forum_url(diskominfo_forum)).status_code == 404
    user = make_agent("baru.diskominfo", diskominfo)
    client.force_login(user)
    assert "Rencana aksi arsip" in get(client, forum_url(diskominfo_forum))[0]


def test_renamed_topic_and_category_show_at_once(client, diskominfo_forum, agen_diskominfo, agen2_diskominfo,
                                                 new_topic):
    category = Category.objects.filter(forum=diskominfo_forum).first() or Category.objects.create(
        forum=diskominfo_forum, name="Umum")
    topic = new_topic(diskominfo_forum, agen2_diskominfo, title="Judul lama", category=category)
    client.force_login(agen_diskominfo)
    get(client, forum_url(diskominfo_forum))
    get(client, forum_url(diskominfo_forum, kategori=category.pk))
    services.post_edit(post=topic.first_post, by=agen2_diskominfo, body="Isi baru.", title="Judul baru")
    category.name = "Kategori baru"
    category.save()
    html, _ = get(client, forum_url(diskominfo_forum))
    assert "Judul baru" in html and "Judul lama" not in html
    assert "Kategori baru" in html
    html, _ = get(client, forum_url(diskominfo_forum, kategori=category.pk))
    assert "Judul baru" in html
    assert client.get(forum_url(diskominfo_forum, kategori=999999)).status_code == 404


def test_other_query_parameters_are_kept_in_the_page_links(client, diskominfo_forum, agen_diskominfo,
                                                           agen2_diskominfo, kepala_diskominfo):
    fill(diskominfo_forum, [agen_diskominfo, agen2_diskominfo, kepala_diskominfo], 30)
    client.force_login(agen_diskominfo)
    get(client, forum_url(diskominfo_forum))
    html, _ = get(client, forum_url(diskominfo_forum, asal="beranda"))
    assert "asal=beranda&amp;page=2" in html
    html, _ = get(client, forum_url(diskominfo_forum))
    assert "asal=beranda" not in html
    assert Topic.objects.filter(forum=diskominfo_forum).count() == 30


# --- the forum index (forums.views.browse.index): its rows are a fragment under the activity version ------------

def test_the_index_shows_new_topics_and_counts_at_once_and_per_scope(client, diskominfo_forum, dinkes_forum,
                                                                     agen_diskominfo, agen2_diskominfo, agen_dinkes,
                                                                     tim_rb, new_topic):
    index = reverse("forums:index")
    client.force_login(agen_diskominfo)
    html, _ = get(client, index)
    assert f'data-testid="forum-{dinkes_forum.pk}"' not in html  # not a forum this agent reads
    html, warm = get(client, index)
    new_topic(diskominfo_forum, agen2_diskominfo, title="Topik baru di indeks")
    html, _ = get(client, index)
    row = html.split(f'data-testid="forum-{diskominfo_forum.pk}"')[1].split("</a>")[0]
    assert "Topik baru di indeks" in row and "1 belum dibaca" in row
    client.force_login(agen_dinkes)  # another scope: their own forum, not Diskominfo's
    html, _ = get(client, index)
    assert f'data-testid="forum-{dinkes_forum.pk}"' in html
    assert f'data-testid="forum-{diskominfo_forum.pk}"' not in html
    client.force_login(tim_rb)  # reads every forum, none unread for them yet
    html, _ = get(client, index)
    assert f'data-testid="forum-{diskominfo_forum.pk}"' in html and f'data-testid="forum-{dinkes_forum.pk}"' in html
    client.force_login(agen_diskominfo)
    services.forum_mark_read(user=agen_diskominfo, forum=diskominfo_forum)
    html, _ = get(client, index)
    assert "1 belum dibaca" not in html.split(f'data-testid="forum-{diskominfo_forum.pk}"')[1].split("</a>")[0]


# --- the topic page's topic row and reader's part (selectors.topic_page) -----------------------------------------

def test_the_topic_page_caches_the_topic_and_shows_every_change_at_once(client, diskominfo_forum, agen_diskominfo,
                                                                       agen2_diskominfo, kepala_diskominfo,
                                                                       agen_dinkes, new_topic):
    topic = new_topic(diskominfo_forum, agen2_diskominfo, title="Judul topik awal")
    url = reverse("forums:topic", args=[topic.pk])
    client.force_login(agen_diskominfo)
    client.get(reverse("forums:index"))
    get(client, url)  # the first visit writes the read state (a new reading version)
    get(client, url)
    html, warm = get(client, url)
    assert warm == 1  # the user: the topic, the reader's part and the posts block are cached (forums/topic_page.py)
    assert "Langganan topik" in html
    services.subscription_set(user=agen_diskominfo, on=True, topic=topic)
    assert "Berhenti berlangganan" in get(client, url)[0]
    services.post_edit(post=topic.first_post, by=agen2_diskominfo, body="Isi baru.", title="Judul topik baru")
    services.post_create(topic=topic, author=agen2_diskominfo, body="Balasan yang baru saja masuk.")
    html, _ = get(client, url)
    assert "Judul topik baru" in html and "Balasan yang baru saja masuk." in html
    services.topic_set_locked(topic=topic, by=kepala_diskominfo, locked=True)
    assert "Dikunci" in get(client, url)[0]
    client.force_login(agen_dinkes)  # another agency: 404 although the topic is cached
    assert client.get(url).status_code == 404
    services.topic_set_hidden(topic=topic, by=kepala_diskominfo, hidden=True)
    client.force_login(kepala_diskominfo)
    assert "Disembunyikan" in get(client, url)[0]  # the moderator still opens it
    client.force_login(agen_diskominfo)
    assert client.get(url).status_code == 404  # the agent no longer does, after the moderator's visit
    assert client.get(reverse("forums:topic", args=[999999])).status_code == 404
