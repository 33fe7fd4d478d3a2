"""The topic page's cached posts block (forums/topic_page.py) and the cached API lists of topics and posts
(forums/api.py): every write shows on the next request, bulk writes included; what differs between readers (their
controls, reactions, new marks, unread flags) never reaches another reader, whoever came first; the CSRF token on the
page is the request's; a warm visit costs the same few queries at any size."""

import datetime as dt
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.middleware.csrf import _unmask_cipher_token
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agenperubahan import fragments
from forums import services
from forums.models import Post, Reaction, Topic

from .conftest import fresh, make_agent

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]*)"')


def get(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode(), len(ctx.captured_queries)


def page(client, topic, query=""):
    return get(client, reverse("forums:topic", args=[topic.pk]) + query)[0]


def section(html, post) -> str:
    """The whole article of ``post`` on a topic page: head and footer."""
    start = html.index(f'id="post-{post.pk}"')
    return html[start:html.index("</article>", start)]


def react_button(html, post, kind) -> str:
    part = section(html, post)
    start = part.index(f'data-testid="react-{kind}"')
    return part[part.rindex("<button", 0, start):part.index("</button>", start)]


def moderate_url(post) -> str:
    return reverse("forums:post_moderate", args=[post.pk, "sembunyikan"])


def fill_topic(topic, authors, n):
    """``n`` replies (bulk), some with reactions, the topic's counters recomputed."""
    start = topic.created_at + dt.timedelta(seconds=1)
    posts = Post.objects.bulk_create([
        Post(topic=topic, author=authors[i % len(authors)], body=f"Balasan {i}", body_html=f"<p>Balasan {i}</p>",
             created_at=start + dt.timedelta(minutes=i))
        for i in range(n)
    ])
    Reaction.objects.bulk_create([Reaction(post=p, user=authors[(i + 1) % len(authors)], kind="suka")
                                  for i, p in enumerate(posts) if i % 3 == 0])
    services.recount(topic_id=topic.pk, forum_ids=[topic.forum_id])
    return posts


@pytest.fixture
def third(diskominfo):
    return make_agent("budi.diskominfo", diskominfo)


# --- the page -----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("query", ["", "?page=last"])
def test_a_visit_costs_the_same_queries_for_5_and_60_posts(client, diskominfo_forum, agen_diskominfo,
                                                           agen2_diskominfo, kepala_diskominfo, new_topic, query):
    measured = []
    for size in (5, 60):
        cache.clear()  # both sizes start cold (the badges map, the roles, the navbar)
        topic = new_topic(diskominfo_forum, agen2_diskominfo, title=f"Topik dengan {size} balasan")
        fill_topic(topic, [agen2_diskominfo, kepala_diskominfo], size)
        client.force_login(agen_diskominfo)
        client.get(reverse("forums:index"))  # the session's first page caches the roles and the navbar
        url = reverse("forums:topic", args=[topic.pk]) + query
        cold = get(client, url)[1]  # also writes the read state
        get(client, url)  # the reader's part again (a new reading version)
        html, warm = get(client, url)
        measured.append((cold, warm))
        assert f"Balasan {size - 1}" in html if query else "Balasan 0" in html
    assert measured[0] == measured[1]
    assert measured[0][1] == 1  # the user; the topic, the reader's part and the posts block are cached


def test_a_new_post_an_edit_a_reaction_and_hiding_show_on_the_next_visit(client, diskominfo_forum, agen_diskominfo,
                                                                         agen2_diskominfo, kepala_diskominfo,
                                                                         new_topic):
    topic = new_topic(diskominfo_forum, agen2_diskominfo, title="Arsip digital", body="Pesan pembuka")
    client.force_login(agen_diskominfo)
    page(client, topic)
    page(client, topic)
    reply = services.post_create(topic=topic, author=agen2_diskominfo, body="Balasan pertama")
    assert "Balasan pertama" in page(client, topic)
    services.post_edit(post=Post.objects.get(pk=reply.pk), by=agen2_diskominfo, body="Balasan yang **diubah**")
    html = page(client, topic)
    assert "<strong>diubah</strong>" in section(html, reply) and 'data-testid="edited-mark"' in section(html, reply)
    services.reaction_toggle(post=Post.objects.get(pk=reply.pk), user=kepala_diskominfo, kind="ide")
    assert 'data-testid="react-count">1<' in react_button(page(client, topic), reply, "ide")
    Post.objects.filter(pk=reply.pk).update(body_html="<p>Diubah lewat pembaruan massal</p>")  # no signal
    assert "Diubah lewat pembaruan massal" in page(client, topic)
    Reaction.objects.filter(post=reply).delete()  # a bulk delete, around the service
    assert 'data-testid="react-count"' not in react_button(page(client, topic), reply, "ide")
    services.post_set_hidden(post=Post.objects.get(pk=reply.pk), by=kepala_diskominfo, hidden=True)
    assert f'id="post-{reply.pk}"' not in page(client, topic)


def test_a_moderator_and_a_member_see_their_own_controls_whoever_came_first(client, diskominfo_forum,
                                                                             agen_diskominfo, agen2_diskominfo,
                                                                             kepala_diskominfo, new_topic):
    topic = new_topic(diskominfo_forum, agen2_diskominfo, title="Arsip digital")
    reply = services.post_create(topic=topic, author=agen2_diskominfo, body="Balasan biasa")
    hidden = services.post_create(topic=topic, author=agen2_diskominfo, body="Balasan yang disembunyikan")
    services.post_set_hidden(post=hidden, by=kepala_diskominfo, hidden=True)
    for order in [(agen_diskominfo, kepala_diskominfo), (kepala_diskominfo, agen_diskominfo)]:
        services.post_create(topic=topic, author=agen2_diskominfo, body="Satu lagi")  # a new version each round
        seen = {}
        for user in order:
            client.force_login(user)
            page(client, topic)
            seen[user.username] = page(client, topic)
        member, moderator = seen[agen_diskominfo.username], seen[kepala_diskominfo.username]
        assert moderate_url(reply) in moderator and moderate_url(reply) not in member
        assert "Balasan yang disembunyikan" in moderator and "Balasan yang disembunyikan" not in member
        assert reverse("forums:post_delete", args=[reply.pk]) in section(moderator, reply)
        assert reverse("forums:post_delete", args=[reply.pk]) not in section(member, reply)


def test_only_the_author_sees_edit_and_only_others_see_report_on_a_shared_page(client, diskominfo_forum,
                                                                               agen_diskominfo, agen2_diskominfo,
                                                                               new_topic):
    topic = new_topic(diskominfo_forum, agen_diskominfo, title="Arsip digital")
    reply = services.post_create(topic=topic, author=agen2_diskominfo, body="Balasan Rina")
    edit, report = reverse("forums:post_edit", args=[reply.pk]), reverse("forums:post_report", args=[reply.pk])
    for order in [(agen_diskominfo, agen2_diskominfo), (agen2_diskominfo, agen_diskominfo)]:
        seen = {}
        for user in order:
            client.force_login(user)
            page(client, topic)
            seen[user.username] = section(page(client, topic), reply)
        assert edit in seen[agen2_diskominfo.username] and report not in seen[agen2_diskominfo.username]
        assert edit not in seen[agen_diskominfo.username] and report in seen[agen_diskominfo.username]
        # The author cannot react to their own post: labelled counts, no buttons.
        assert 'data-testid="react-suka"' not in seen[agen2_diskominfo.username]
        assert 'data-testid="react-suka"' in seen[agen_diskominfo.username]


def test_reactions_and_new_marks_of_one_reader_never_reach_another(client, diskominfo, diskominfo_forum,
                                                                   agen_diskominfo, agen2_diskominfo, third,
                                                                   new_topic):
    fourth = make_agent("dewi.diskominfo", diskominfo)  # joined before the posts: they are news to them
    topic = new_topic(diskominfo_forum, agen2_diskominfo, title="Arsip digital")
    reply = services.post_create(topic=topic, author=agen2_diskominfo, body="Balasan Rina")
    client.force_login(third)
    assert 'data-testid="new-post-mark"' in section(page(client, topic), reply)  # news to them: not read yet
    services.reaction_toggle(post=reply, user=agen_diskominfo, kind="suka")
    client.force_login(agen_diskominfo)
    page(client, topic)
    mine = page(client, topic)
    assert 'aria-pressed="true"' in react_button(mine, reply, "suka")
    assert 'data-testid="new-post-mark"' not in section(mine, reply)  # read on the visit before
    client.force_login(third)  # the same page, right after the other reader's
    html = page(client, topic)
    assert 'aria-pressed="false"' in react_button(html, reply, "suka")
    assert 'data-testid="react-count">1<' in react_button(html, reply, "suka")
    assert 'data-testid="new-post-mark"' not in section(html, reply)  # third read it on their first visit
    client.force_login(fourth)
    assert 'data-testid="new-post-mark"' in section(page(client, topic), reply)  # still news to someone else
    assert 'aria-pressed="true"' not in section(page(client, topic), reply)


def test_the_csrf_token_on_a_cached_page_is_the_requests_own(diskominfo_forum, agen_diskominfo, agen2_diskominfo,
                                                             third, new_topic):
    topic = new_topic(diskominfo_forum, agen2_diskominfo, title="Arsip digital")
    reply = services.post_create(topic=topic, author=agen2_diskominfo, body="Balasan Rina")
    url = reverse("forums:topic", args=[topic.pk])
    browsers = []
    for user in (agen_diskominfo, third, third, third):  # the later answers come from the cache
        client = Client(enforce_csrf_checks=True)
        client.force_login(user)
        html = client.get(url).content.decode()
        assert fragments.CSRF_PLACEHOLDER not in html
        tokens = TOKEN.findall(html)
        assert len(tokens) >= 3  # the reactions form and the reply form, at least
        secret = client.cookies["csrftoken"].value
        assert {_unmask_cipher_token(t) if len(t) == 64 else t for t in tokens} == {secret}
        browsers.append((client, secret, TOKEN.findall(section(html, reply))[0]))
    assert len({secret for _, secret, _ in browsers}) == 4  # four browsers, four secrets: none got another's
    for client, _, token in browsers:
        response = client.post(reverse("forums:post_react", args=[reply.pk]), {"kind": "suka",
                                                                              "csrfmiddlewaretoken": token})
        assert response.status_code == 302  # accepted: the token is this browser's
        assert client.post(reverse("forums:post_react", args=[reply.pk]), {"kind": "suka"}).status_code == 403


def test_another_agency_gets_404_after_the_page_was_cached(client, diskominfo_forum, agen_diskominfo,
                                                           agen2_diskominfo, agen_dinkes, new_topic):
    topic = new_topic(diskominfo_forum, agen2_diskominfo, title="Rahasia dapur Diskominfo")
    client.force_login(agen_diskominfo)
    page(client, topic)
    client.force_login(agen_dinkes)
    response = client.get(reverse("forums:topic", args=[topic.pk]))
    assert response.status_code == 404 and b"Rahasia dapur" not in response.content


# --- the API ------------------------------------------------------------------------------------------------------

def results(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.json()["results"]


def test_api_posts_show_writes_at_once_and_hidden_posts_to_moderators_only(api, diskominfo_forum, agen_diskominfo,
                                                                           agen2_diskominfo, kepala_diskominfo,
                                                                           agen_dinkes, new_topic):
    topic = new_topic(diskominfo_forum, agen2_diskominfo, title="Arsip digital", body="Pesan pembuka")
    url = f"/api/v1/posts/?topic={topic.pk}"
    member, moderator, outsider = api(agen_diskominfo), api(kepala_diskominfo), api(agen_dinkes)
    assert [p["body"] for p in results(member, url)] == ["Pesan pembuka"]
    reply = services.post_create(topic=topic, author=agen2_diskominfo, body="Balasan pertama")
    assert [p["body"] for p in results(member, url)] == ["Pesan pembuka", "Balasan pertama"]
    Post.objects.filter(pk=reply.pk).update(body="Diubah massal")  # no signal
    assert results(member, url)[1]["body"] == "Diubah massal"
    services.post_set_hidden(post=Post.objects.get(pk=reply.pk), by=kepala_diskominfo, hidden=True)
    for first, second in [(member, moderator), (moderator, member)]:
        seen = {id(first): results(first, url), id(second): results(second, url)}
        assert [p["id"] for p in seen[id(member)]] == [topic.first_post_id]
        assert [p["id"] for p in seen[id(moderator)]] == [topic.first_post_id, reply.pk]
        assert seen[id(moderator)][1]["is_hidden"] is True
        Topic.objects.filter(pk=topic.pk).update(title="Versi baru")  # a new activity version for the next round
    assert results(outsider, url) == []  # another agency's scope, after the others were cached


def test_api_topics_show_writes_at_once_and_unread_flags_per_reader(api, client, diskominfo_forum, agen_diskominfo,
                                                                    agen2_diskominfo, third, agen_dinkes,
                                                                    new_topic):
    topic = new_topic(diskominfo_forum, agen2_diskominfo, title="Arsip digital")
    url = f"/api/v1/topics/?forum={diskominfo_forum.pk}"
    reader, other, outsider = api(agen_diskominfo), api(third), api(agen_dinkes)
    assert [(t["title"], t["is_unread"]) for t in results(reader, url)] == [("Arsip digital", True)]
    assert [(t["title"], t["is_unread"]) for t in results(other, url)] == [("Arsip digital", True)]
    Topic.objects.filter(pk=topic.pk).update(title="Arsip digital tahap dua")  # no signal
    assert results(reader, url)[0]["title"] == "Arsip digital tahap dua"
    client.force_login(agen_diskominfo)
    client.get(reverse("forums:topic", args=[topic.pk]))  # reads it
    assert results(reader, url)[0]["is_unread"] is False
    assert results(other, url)[0]["is_unread"] is True  # the other reader has not
    assert results(reader, url)[0]["is_unread"] is False
    services.post_create(topic=topic, author=agen2_diskominfo, body="Balasan baru")
    assert [(t["posts_count"], t["is_unread"]) for t in results(reader, url)] == [(2, True)]
    assert results(outsider, url) == []  # another agency's scope, after the others were cached


@pytest.mark.parametrize("name", ["topics", "posts"])
def test_api_lists_cost_the_same_queries_at_two_sizes(api, diskominfo_forum, agen_diskominfo, agen2_diskominfo,
                                                      kepala_diskominfo, new_topic, name):
    measured = []
    for size in (5, 60):
        cache.clear()
        topic = new_topic(diskominfo_forum, agen2_diskominfo, title=f"Topik dengan {size} balasan")
        fill_topic(topic, [agen2_diskominfo, kepala_diskominfo], size)
        url = (f"/api/v1/topics/?forum={diskominfo_forum.pk}" if name == "topics"
               else f"/api/v1/posts/?topic={topic.pk}")
        client = api(fresh(agen_diskominfo))  # a new instance: its roles are not loaded yet
        cold, warm = get(client, url)[1], get(client, url)[1]
        measured.append((cold, warm))
    assert measured[0] == measured[1]
    assert measured[0][1] == 0  # token or session user given: the page comes from the cache
