"""Long topics: every page shows the right posts in order, and the second half is read from the end."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from forums import selectors, services
from forums.models import Post
from forums.paging import TailPaginator

pytestmark = pytest.mark.django_db


@pytest.fixture
def long_topic(new_topic, diskominfo_forum, agen_diskominfo):
    topic = new_topic(diskominfo_forum, agen_diskominfo, title="Diskusi panjang arsip elektronik", body="Pesan 1")
    for n in range(2, 48):
        services.post_create(topic=topic, author=agen_diskominfo, body=f"Pesan {n}")
    return topic


def bodies(page):
    return [p.body for p in page.object_list]


def test_every_page_of_a_long_topic_shows_its_posts_in_order(long_topic, agen_diskominfo):
    qs = selectors.topic_posts(agen_diskominfo, long_topic)
    plain = [p.body for p in qs]
    paginator = TailPaginator(qs, 10)
    shown = [body for n in paginator.page_range for body in bodies(paginator.page(n))]
    assert shown == plain
    assert bodies(paginator.page(5)) == [f"Pesan {n}" for n in range(41, 48)]


def test_the_last_page_is_read_from_the_end_of_the_topic(login, long_topic, agen_diskominfo):
    client = login(agen_diskominfo)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("forums:topic", args=[long_topic.pk]) + "?page=last")
    assert response.status_code == 200
    assert [p.body for p in response.context["page"].object_list][-1] == "Pesan 47"
    post_queries = [q["sql"] for q in ctx.captured_queries if 'FROM "forums_post"' in q["sql"] and "LIMIT" in q["sql"]]
    assert any('"forums_post"."created_at" DESC' in sql for sql in post_queries)
    assert Post.objects.filter(topic=long_topic).count() == 47
