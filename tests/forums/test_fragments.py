"""Topic rows and post heads are cached by what they show (forums.fragments): every change shows at once, and what
differs between readers (unread, new, moderation links) never leaks from one reader to another."""

import pytest
from django.urls import reverse

from forums import services
from forums.models import Post

from .conftest import make_agent

pytestmark = pytest.mark.django_db


def row_html(client, forum, topic) -> str:
    page = client.get(reverse("forums:forum", args=[forum.pk])).content.decode()
    start = page.index(f'data-testid="topic-row-{topic.pk}"')
    return page[start:page.index("</tr>", start)]


def post_html(client, post) -> str:
    page = client.get(post.topic.get_absolute_url()).content.decode()
    start = page.index(f'id="post-{post.pk}"')
    return page[start:page.index('<div class="card-footer', start)]


def test_a_topic_row_follows_replies_titles_and_names(login, agen_diskominfo, agen2_diskominfo, diskominfo_forum,
                                                      new_topic):
    topic = new_topic(diskominfo_forum, agen_diskominfo, title="Arsip digital")
    client = login(agen_diskominfo)
    assert "Arsip digital" in row_html(client, diskominfo_forum, topic)
    services.post_create(topic=topic, author=agen2_diskominfo, body="Saya bantu")
    row = row_html(client, diskominfo_forum, topic)
    assert '<td class="text-end">1</td>' in row and str(agen2_diskominfo) in row and 'data-testid="unread-mark"' in row
    topic.refresh_from_db()
    topic.title = "Arsip digital tahap dua"
    topic.save()
    assert "Arsip digital tahap dua" in row_html(client, diskominfo_forum, topic)
    agen2_diskominfo.first_name, agen2_diskominfo.last_name = "Rina", "Marlina"
    agen2_diskominfo.save()
    assert "Rina Marlina" in row_html(client, diskominfo_forum, topic)


def test_each_reader_sees_their_own_unread_mark_on_a_shared_row(login, agen_diskominfo, agen2_diskominfo,
                                                                diskominfo_forum, new_topic):
    topic = new_topic(diskominfo_forum, agen2_diskominfo, title="Arsip digital")
    assert 'data-testid="unread-mark"' in row_html(login(agen_diskominfo), diskominfo_forum, topic)
    assert 'data-testid="unread-mark"' not in row_html(login(agen2_diskominfo), diskominfo_forum, topic)
    assert 'data-testid="unread-mark"' in row_html(login(agen_diskominfo), diskominfo_forum, topic)


def test_a_post_head_follows_edits_and_hiding(login, agen_diskominfo, agen2_diskominfo, kepala_diskominfo,
                                              diskominfo_forum, new_topic):
    topic = new_topic(diskominfo_forum, agen_diskominfo, body="Versi pertama")
    reply = services.post_create(topic=topic, author=agen2_diskominfo, body="Balasan awal")
    reader = login(agen_diskominfo)
    assert "Balasan awal" in post_html(reader, reply)
    services.post_edit(post=reply, by=agen2_diskominfo, body="Balasan yang **diubah**")
    head = post_html(reader, Post.objects.get(pk=reply.pk))
    assert "<strong>diubah</strong>" in head and 'data-testid="edited-mark"' in head
    assert reverse("forums:post_history", args=[reply.pk]) not in head  # the history link is for moderators
    moderator = login(kepala_diskominfo)
    head = post_html(moderator, Post.objects.get(pk=reply.pk))
    assert reverse("forums:post_history", args=[reply.pk]) in head
    services.post_set_hidden(post=Post.objects.get(pk=reply.pk), by=kepala_diskominfo, hidden=True)
    assert "Disembunyikan moderator" in post_html(moderator, Post.objects.get(pk=reply.pk))


def test_each_reader_sees_their_own_new_marks_on_shared_post_heads(login, agen_diskominfo, agen2_diskominfo,
                                                                   diskominfo, diskominfo_forum, new_topic):
    third = make_agent("budi.diskominfo", diskominfo)  # joined before the post: it is news to them
    topic = new_topic(diskominfo_forum, agen_diskominfo)
    reply = services.post_create(topic=topic, author=agen2_diskominfo, body="Pesan baru")
    assert 'data-testid="new-post-mark"' in post_html(login(agen_diskominfo), reply)
    assert 'data-testid="new-post-mark"' not in post_html(login(agen2_diskominfo), reply)  # their own post
    assert 'data-testid="new-post-mark"' not in post_html(login(agen_diskominfo), reply)  # read now
    assert 'data-testid="new-post-mark"' in post_html(login(third), reply)
