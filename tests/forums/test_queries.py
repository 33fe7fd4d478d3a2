"""Every forum list runs a fixed number of queries, at 10 topics and at 5,000."""

import datetime as dt

import pytest
from django.db import connection
from django.db.models import OuterRef, Subquery
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from forums import services
from forums.models import Mention, Post, Reaction, Topic

pytestmark = pytest.mark.django_db

SIZES = [10, 5000]


def fill(forum, authors, n_topics, replies_in_first=0):
    """``n_topics`` topics with an opening post each (bulk_create), and replies in the newest one."""
    start = timezone.now() - dt.timedelta(days=60)
    topics = Topic.objects.bulk_create([
        Topic(forum=forum, title=f"Aksi perubahan nomor {i}", author=authors[i % len(authors)],
              created_at=start + dt.timedelta(minutes=i), last_post_at=start + dt.timedelta(minutes=i),
              last_post_author=authors[i % len(authors)], posts_count=1)
        for i in range(n_topics)
    ], batch_size=1000)
    topics = list(Topic.objects.filter(forum=forum).order_by("pk"))
    Post.objects.bulk_create([
        Post(topic=t, author=t.author, body=f"Isi @{authors[0].username} {t.title}",
             body_html=f"<p>Isi {t.title}</p>", created_at=t.created_at)
        for t in topics
    ], batch_size=1000)
    Topic.objects.filter(forum=forum).update(
        first_post=Subquery(Post.objects.filter(topic=OuterRef("pk")).order_by("pk").values("pk")[:1]))
    newest = topics[-1]
    for i in range(replies_in_first):
        # Replies come from the other authors, so the viewer (authors[0]) has not read the topic at either size.
        post = services.post_create(topic=newest, author=authors[1 + i % (len(authors) - 1)], body=f"Balasan {i}")
        Reaction.objects.create(post=post, user=authors[i % len(authors)], kind="suka")
    first_posts = Post.objects.filter(topic__forum=forum).order_by("pk")[:n_topics]
    Mention.objects.bulk_create([Mention(post=p, user=authors[0]) for p in first_posts], ignore_conflicts=True)
    services.recount_forum(forum.pk)
    return newest


def count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


@pytest.fixture
def sized(request, diskominfo_forum, city_forum, agen_diskominfo, agen2_diskominfo, kepala_diskominfo):
    size = request.param
    authors = [agen_diskominfo, agen2_diskominfo, kepala_diskominfo]
    topic = fill(diskominfo_forum, authors, size, replies_in_first=5 if size == 10 else 45)
    fill(city_forum, authors, size)
    return topic


# The fixed counts, measured once; a change here means a query per row crept in (or one was saved).
# The session comes from the cache (cached_db sessions).
# index (the first page of the session): user, roles, forums, unread per forum (grouped), unread notifications and the
# institution (the navbar, rendered once into the cache). Later pages find the roles and the unread count in the
# cache (organization/user_cache.py).
# forum (first visit, nothing cached): user, the forum, categories, the user's subscription, topics page (the count is
# the forum's counter); a second visit reads only the user (test_topic_list_cache.py).
# topic (first visit): user, the topic, the user's read state, their subscriptions, when they marked the forum read
# (the "jump to unread" link), posts page (the count is the topic's counter), attachments (prefetch), reactions
# (grouped), a first-visit read state insert in a savepoint (3), and the role-model badges beside the authors' names
# (organization.badges: one map for the city, cold in this test; none once cached); a second visit finds the topic
# and the reader's part in the cache (test_topic_list_cache.py).
# search: user, the readable forums' ids, the capped count, the page.
EXPECTED = {
    "index": 6, "forum": 5, "topic": 12, "my_topics": 3, "mentions": 3, "search": 4,
    "api_forums": 4, "api_topics": 4, "api_posts": 5,
}


def urls(topic):
    forum = topic.forum
    return {
        "index": reverse("forums:index"),
        "forum": reverse("forums:forum", args=[forum.pk]),
        "topic": reverse("forums:topic", args=[topic.pk]),
        "my_topics": reverse("forums:my_topics"),
        "mentions": reverse("forums:mentions"),
        "search": reverse("forums:search") + "?q=perubahan",
        "api_forums": "/api/v1/forums/",
        "api_topics": f"/api/v1/topics/?forum={forum.pk}",
        "api_posts": f"/api/v1/posts/?topic={topic.pk}",
    }


@pytest.mark.parametrize("sized", SIZES, indirect=True)
def test_forum_pages_and_api_lists_run_a_fixed_number_of_queries(sized, client, agen_diskominfo):
    client.force_login(agen_diskominfo)
    measured = {name: count(client, url) for name, url in urls(sized).items()}
    assert measured == EXPECTED
