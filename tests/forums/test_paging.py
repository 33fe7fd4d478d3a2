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


def test_a_moderator_pages_through_the_hidden_posts_too(login, long_topic, agen_diskominfo, kepala_diskominfo):
    # Readers are paged by the topic's counter (visible posts); a moderator also reads hidden posts: counted.
    hidden = Post.objects.filter(topic=long_topic).order_by("pk")[5]
    services.post_set_hidden(post=hidden, by=kepala_diskominfo, hidden=True)
    url = reverse("forums:topic", args=[long_topic.pk]) + "?page=last"
    reader = login(agen_diskominfo).get(url).context["page"]
    assert reader.paginator.count == 46 and reader.paginator.num_pages == 3
    assert hidden.pk not in {p.pk for p in reader.paginator.page(1).object_list}
    moderator = login(kepala_diskominfo).get(url).context["page"]
    assert moderator.paginator.count == 47 and moderator.paginator.num_pages == 3
    assert [p.body for p in moderator.object_list][-1] == "Pesan 47"
    assert hidden.pk in {p.pk for p in moderator.paginator.page(1).object_list}


def test_the_topic_list_pages_by_the_forums_counter_and_counts_a_category(login, agen_diskominfo, diskominfo_forum,
                                                                          new_topic):
    category = diskominfo_forum.categories.get(name="Tanya Jawab")
    for n in range(27):
        new_topic(diskominfo_forum, agen_diskominfo, title=f"Topik nomor {n}", category=category if n < 3 else None)
    client = login(agen_diskominfo)
    url = reverse("forums:forum", args=[diskominfo_forum.pk])
    last = client.get(url + "?page=2").context["page"]
    assert last.paginator.count == 27 and [t.title for t in last.object_list] == ["Topik nomor 1", "Topik nomor 0"]
    in_category = client.get(url + f"?kategori={category.pk}").context["page"]
    assert in_category.paginator.count == 3
