"""activity_summary for the dashboards: grouped queries, a fixed count, the right numbers."""

import datetime as dt

import pytest
from django.utils import timezone

from forums import services
from forums.models import Post
from forums.selectors import activity_summary
from organization import navigation

pytestmark = pytest.mark.django_db


def test_activity_summary_counts_topics_and_posts_per_agency_and_per_week(
        agen_diskominfo, agen2_diskominfo, agen_dinkes, kepala_diskominfo, diskominfo, dinkes, diskominfo_forum,
        dinkes_forum, city_forum, new_topic):
    a = new_topic(diskominfo_forum, agen_diskominfo)
    services.post_create(topic=a, author=agen2_diskominfo, body="1")
    hidden = services.post_create(topic=a, author=agen2_diskominfo, body="2")
    services.post_set_hidden(post=hidden, by=kepala_diskominfo, hidden=True)
    new_topic(dinkes_forum, agen_dinkes)
    new_topic(city_forum, agen_dinkes)
    old = services.post_create(topic=a, author=agen_diskominfo, body="lama")
    Post.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=200))

    summary = activity_summary()
    assert summary["by_agency"][diskominfo.pk] == {"topics": 1, "posts": 3}
    assert summary["by_agency"][dinkes.pk] == {"topics": 1, "posts": 1}
    assert summary["city"] == {"topics": 1, "posts": 1}
    assert len(summary["weekly"]) == 12
    assert summary["weekly"][-1]["week_start"] == timezone.localdate() - dt.timedelta(days=timezone.localdate().weekday())
    assert summary["weekly"][-1]["posts"] == 4  # the 200-day-old post and the hidden one are not in the window

    since = activity_summary(agency_ids=[diskominfo.pk, 999999], since=timezone.localdate() - dt.timedelta(days=30))
    assert since["by_agency"] == {diskominfo.pk: {"topics": 1, "posts": 2}, 999999: {"topics": 0, "posts": 0}}
    assert "city" not in since
    assert sum(w["posts"] for w in since["weekly"]) == 2


@pytest.mark.parametrize("n", [1, 30])
def test_activity_summary_runs_a_fixed_number_of_queries(n, agen_diskominfo, diskominfo_forum, new_topic,
                                                         django_assert_num_queries):
    for i in range(n):
        new_topic(diskominfo_forum, agen_diskominfo, title=f"Topik nomor {i}")
    with django_assert_num_queries(5):
        activity_summary()
    with django_assert_num_queries(3):
        activity_summary(agency_ids=[diskominfo_forum.agency_id])


def labels(user) -> list[str]:
    """Every menu label, the entries inside an app's dropdown included."""
    found = []
    for item in navigation.items_for(user):
        found.append(str(item["label"]))
        found += [str(child["label"]) for child in item.get("children", [])]
    return found


def test_navigation_offers_the_forum_to_everyone_and_moderation_to_moderators(pegawai_diskominfo, kepala_diskominfo):
    assert "Forum" in labels(pegawai_diskominfo)
    assert "Moderasi forum" not in labels(pegawai_diskominfo)
    assert "Moderasi forum" in labels(kepala_diskominfo)
