"""Forum writes are all-or-nothing: a failure after the first row a service writes leaves nothing behind (no topic
without its post, counters or subscription; no hidden post without its log or counts)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from forums import services
from forums.models import Report, Subscription
from tests.atomicity import failing_after_first_write

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(diskominfo_forum, city_forum, agen_diskominfo, agen2_diskominfo, kepala_diskominfo, tim_rb, new_topic):
    topic = new_topic(diskominfo_forum, agen_diskominfo)
    reply = services.post_create(topic=topic, author=agen2_diskominfo, body="Setuju, saya bantu.")
    topic.refresh_from_db()
    return SimpleNamespace(forum=diskominfo_forum, city=city_forum, agen=agen_diskominfo, agen2=agen2_diskominfo,
                           kepala=kepala_diskominfo, tim_rb=tim_rb, topic=topic, reply=reply)


def _report(w):
    return services.report_create(post=w.reply, reporter=w.agen, reason=Report.Reason.values[0], note="Tidak pantas.")


def _handle(w):
    report = _report(w)
    return lambda: services.report_handle(report=report, by=w.tim_rb, accept=True)


def _notify(w):
    Subscription.objects.get_or_create(user=w.kepala, topic=w.topic)
    post = services.post_create(topic=w.topic, author=w.agen, body="Kabar terbaru minggu ini.")
    return lambda: services.post_notify_subscribers(post_id=post.pk)


SCENARIOS = {
    "topic_create": lambda w: lambda: services.topic_create(
        forum=w.forum, author=w.agen, title="Arsip surat digital", body="Usul untuk @agen.diskominfo dan tim."),
    "post_create": lambda w: lambda: services.post_create(topic=w.topic, author=w.agen, body="Tambahan data."),
    "post_edit": lambda w: lambda: services.post_edit(post=w.reply, by=w.agen2, body="Setuju, saya bantu minggu ini."),
    "post_delete": lambda w: lambda: services.post_delete(post=w.reply, by=w.agen2),
    "topic_delete": lambda w: lambda: services.topic_delete(topic=w.topic, by=w.tim_rb),
    "report_create": lambda w: lambda: _report(w),
    "report_handle": _handle,
    "post_set_hidden": lambda w: lambda: services.post_set_hidden(post=w.reply, by=w.tim_rb, hidden=True, detail="x"),
    "topic_set_hidden": lambda w: lambda: services.topic_set_hidden(topic=w.topic, by=w.tim_rb, hidden=True),
    "topic_set_locked": lambda w: lambda: services.topic_set_locked(topic=w.topic, by=w.tim_rb, locked=True),
    "topic_set_pinned": lambda w: lambda: services.topic_set_pinned(topic=w.topic, by=w.tim_rb, pinned=True),
    "topic_move": lambda w: lambda: services.topic_move(topic=w.topic, by=w.tim_rb, forum=w.city),
    "post_notify_subscribers": _notify,
}


@pytest.mark.parametrize("service", SCENARIOS)
def test_a_failure_after_the_first_write_leaves_nothing_written(world, service):
    call = SCENARIOS[service](world)
    with failing_after_first_write():
        call()
