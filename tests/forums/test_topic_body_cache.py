"""The body of a topic page around the posts block is cached (``forums.views.browse.topic_detail``): each reader gets
the controls, reply form and marks of their own rights whoever came first, a write shows on the next visit, a quote
is never kept, and the cached markup cannot be steered by what users write."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from forums import services

pytestmark = pytest.mark.django_db

MODERATION_MENU = 'data-bs-toggle="dropdown" aria-expanded="false"><i class="bi bi-shield-check"'
REPLY_FORM = 'data-testid="reply-submit"'


def _page(user, topic, query="") -> str:
    client = Client()
    client.force_login(user)
    response = client.get(reverse("forums:topic", args=[topic.pk]) + query)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("moderator_first", [True, False])
def test_moderator_member_and_reader_each_get_their_own_controls(moderator_first, diskominfo_forum, city_forum,
                                                                 agen_diskominfo, agen2_diskominfo,
                                                                 kepala_diskominfo, pegawai_diskominfo, new_topic):
    topic = new_topic(diskominfo_forum, agen2_diskominfo, title="Arsip digital")
    order = [kepala_diskominfo, agen_diskominfo] if moderator_first else [agen_diskominfo, kepala_diskominfo]
    pages = {user.username: (_page(user, topic), _page(user, topic)) for user in order}
    for cold, warm in pages.values():
        assert REPLY_FORM in cold and REPLY_FORM in warm
    assert MODERATION_MENU in pages[kepala_diskominfo.username][1]
    assert MODERATION_MENU not in pages[agen_diskominfo.username][1]

    city_topic = new_topic(city_forum, agen2_diskominfo, title="Forum kota")
    writer, reader = _page(agen_diskominfo, city_topic), _page(pegawai_diskominfo, city_topic)
    assert REPLY_FORM in writer and REPLY_FORM not in reader
    assert "Anda dapat membaca topik ini." in reader and "Anda dapat membaca topik ini." not in writer


def test_a_lock_and_a_subscription_show_on_the_next_visit(diskominfo_forum, agen_diskominfo, agen2_diskominfo,
                                                          kepala_diskominfo, new_topic):
    topic = new_topic(diskominfo_forum, agen2_diskominfo, title="Arsip digital")
    html = _page(agen_diskominfo, topic)
    assert REPLY_FORM in html and "Langganan topik" in html
    services.subscription_set(user=agen_diskominfo, on=True, topic=topic)
    assert "Berhenti berlangganan" in _page(agen_diskominfo, topic)
    services.topic_set_locked(topic=topic, by=kepala_diskominfo, locked=True)
    html = _page(agen_diskominfo, topic)
    assert REPLY_FORM not in html and "Topik ini dikunci moderator" in html
    html = _page(kepala_diskominfo, topic)  # a moderator may still reply, and is told it is locked
    assert REPLY_FORM in html and "Topik dikunci; sebagai moderator" in html


def test_a_quote_is_put_in_the_form_for_that_request_only(diskominfo_forum, agen_diskominfo, agen2_diskominfo,
                                                          new_topic):
    topic = new_topic(diskominfo_forum, agen2_diskominfo, title="Arsip digital", body="Kalimat yang dikutip")
    _page(agen_diskominfo, topic)
    quoted = _page(agen_diskominfo, topic, f"?kutip={topic.first_post_id}")
    assert "&gt; Kalimat yang dikutip" in quoted.split('id="id_body"', 1)[1].split("</textarea>", 1)[0]
    plain = _page(agen_diskominfo, topic)
    assert "Kalimat yang dikutip" not in plain.split('id="id_body"', 1)[1].split("</textarea>", 1)[0]


def test_what_users_write_cannot_steer_the_cached_body(diskominfo_forum, agen_diskominfo, agen2_diskominfo,
                                                       new_topic):
    title = '<!--fragment-posts-block--><script>alert(1)</script>'
    topic = new_topic(diskominfo_forum, agen2_diskominfo, title=title, body="Isi <!--fragment-posts-block--> pesan")
    for _ in range(2):
        html = _page(agen_diskominfo, topic)
        assert "<script>alert(1)</script>" not in html
        assert "<!--fragment-posts-block-->" not in html
        assert html.count(f'id="post-{topic.first_post_id}"') == 1  # the posts block once, where it belongs
