"""Forum and topic rows carry their counters; they stay right through creates, deletes, hides and moves."""

import pytest
from django.db.models import Count, Q

from forums import services
from forums.models import Forum, Post, Topic

pytestmark = pytest.mark.django_db


def expected_forum(forum_id):
    topics = Topic.objects.filter(forum_id=forum_id, is_hidden=False, is_deleted=False)
    posts = Post.objects.filter(topic__in=topics, is_hidden=False, is_deleted=False)
    last = posts.order_by("-created_at", "-pk").first()
    return {
        "topics_count": topics.count(), "posts_count": posts.count(),
        "last_post_at": last.created_at if last else None, "last_post_author_id": last.author_id if last else None,
    }


def stored_forum(forum_id):
    f = Forum.objects.get(pk=forum_id)
    return {"topics_count": f.topics_count, "posts_count": f.posts_count, "last_post_at": f.last_post_at,
            "last_post_author_id": f.last_post_author_id}


def assert_counters_right(*forums):
    for forum in forums:
        assert stored_forum(forum.pk) == expected_forum(forum.pk), forum
    rows = Topic.objects.filter(forum__in=forums).annotate(
        real=Count("posts", filter=Q(posts__is_hidden=False, posts__is_deleted=False)))
    for topic in rows:
        assert topic.posts_count == topic.real, topic
        visible = topic.posts.filter(is_hidden=False, is_deleted=False).order_by("-created_at", "-pk").first()
        if visible:
            assert (topic.last_post_at, topic.last_post_author_id) == (visible.created_at, visible.author_id)


@pytest.fixture
def busy(diskominfo_forum, agen_diskominfo, agen2_diskominfo, kepala_diskominfo, new_topic):
    a = new_topic(diskominfo_forum, agen_diskominfo, title="Antrean online Puskesmas")
    b = new_topic(diskominfo_forum, agen2_diskominfo, title="SOP layanan pengaduan")
    replies = [services.post_create(topic=a, author=u, body=f"Balasan {i}")
               for i, u in enumerate([agen2_diskominfo, kepala_diskominfo, agen_diskominfo, agen2_diskominfo])]
    services.post_create(topic=b, author=agen_diskominfo, body="Tanggapan")
    return a, b, replies


def test_counters_are_right_after_creating_topics_and_replies(busy, diskominfo_forum):
    a, b, _replies = busy
    assert Topic.objects.get(pk=a.pk).posts_count == 5
    assert Forum.objects.get(pk=diskominfo_forum.pk).topics_count == 2
    assert Forum.objects.get(pk=diskominfo_forum.pk).posts_count == 7
    assert_counters_right(diskominfo_forum)


def test_counters_are_right_after_deleting_the_last_reply(busy, diskominfo_forum, agen2_diskominfo):
    a, _b, replies = busy
    services.post_delete(post=replies[-1], by=agen2_diskominfo)
    topic = Topic.objects.get(pk=a.pk)
    assert topic.posts_count == 4
    assert topic.last_post_at == replies[-2].created_at
    assert_counters_right(diskominfo_forum)


def test_counters_are_right_after_deleting_a_topic(busy, diskominfo_forum, kepala_diskominfo):
    a, b, _replies = busy
    services.topic_delete(topic=a, by=kepala_diskominfo)
    forum = Forum.objects.get(pk=diskominfo_forum.pk)
    assert (forum.topics_count, forum.posts_count) == (1, 2)
    assert forum.last_topic_id == b.pk
    assert_counters_right(diskominfo_forum)


def test_counters_are_right_after_hiding_and_restoring_a_post(busy, diskominfo_forum, kepala_diskominfo):
    a, _b, replies = busy
    services.post_set_hidden(post=replies[0], by=kepala_diskominfo, hidden=True)
    assert Topic.objects.get(pk=a.pk).posts_count == 4
    assert_counters_right(diskominfo_forum)
    services.post_set_hidden(post=replies[0], by=kepala_diskominfo, hidden=False)
    assert Topic.objects.get(pk=a.pk).posts_count == 5
    assert_counters_right(diskominfo_forum)


def test_counters_of_both_forums_are_right_after_a_move(busy, diskominfo_forum, city_forum, tim_rb, agen_diskominfo,
                                                        new_topic):
    a, _b, _replies = busy
    new_topic(city_forum, agen_diskominfo, title="Berbagi praktik baik")
    before_city = Forum.objects.get(pk=city_forum.pk)
    services.topic_move(topic=a, by=tim_rb, forum=city_forum)
    city = Forum.objects.get(pk=city_forum.pk)
    assert city.topics_count == before_city.topics_count + 1
    assert city.posts_count == before_city.posts_count + 5
    assert Forum.objects.get(pk=diskominfo_forum.pk).topics_count == 1
    assert_counters_right(diskominfo_forum, city_forum)


def test_recount_repairs_drifted_counters(busy, diskominfo_forum):
    Forum.objects.filter(pk=diskominfo_forum.pk).update(topics_count=99, posts_count=0)
    services.recount_forum(diskominfo_forum.pk)
    assert_counters_right(diskominfo_forum)
