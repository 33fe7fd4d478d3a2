import pytest

from forums import demo
from forums.models import Forum, Mention, Post, Topic
from organization.models import RoleAssignment

pytestmark = pytest.mark.django_db


def test_demo_forums_are_lively_written_by_agents_and_idempotent(diskominfo, city_forum):
    demo.seed(seed=2026)
    counts = (Topic.objects.count(), Post.objects.count(), Mention.objects.count())
    assert counts[0] >= 15 and counts[1] >= 40 and counts[2] >= 3
    forum = Forum.objects.get(agency=diskominfo)
    assert forum.topics_count == Topic.objects.filter(forum=forum).count()
    assert Topic.objects.filter(forum=forum, title="Digitalisasi arsip surat masuk").exists()
    assert Topic.objects.filter(forum=city_forum).count() >= 4
    agents = RoleAssignment.objects.filter(role="agen", agency=diskominfo, is_active=True).count()
    assert agents >= 4
    demo.seed(seed=2026)
    assert (Topic.objects.count(), Post.objects.count(), Mention.objects.count()) == counts
