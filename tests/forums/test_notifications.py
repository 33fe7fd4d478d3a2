"""Mentions notify the person mentioned; subscriptions send one e-mail per new post, after commit."""

import pytest
from django.core import mail

from forums import services
from forums.models import Mention, Subscription
from forums.tasks import notify_subscribers
from notifications.models import EmailPreference, Notification

pytestmark = pytest.mark.django_db


def test_a_mention_creates_one_notification_for_the_person_mentioned(
        agen_diskominfo, agen2_diskominfo, diskominfo_forum, new_topic, django_capture_on_commit_callbacks):
    topic = new_topic(diskominfo_forum, agen2_diskominfo, title="Antrean online Puskesmas")
    Subscription.objects.filter(user=agen2_diskominfo).delete()
    with django_capture_on_commit_callbacks(execute=True):
        post = services.post_create(topic=topic, author=agen2_diskominfo,
                                    body=f"@{agen_diskominfo.username} bisa bantu uji coba? @{agen_diskominfo.username}")
    notes = Notification.objects.filter(recipient=agen_diskominfo)
    assert notes.count() == 1
    note = notes.get()
    assert note.kind == "forum_mention" and topic.title in note.title
    assert note.url == post.get_absolute_url()
    assert list(Mention.objects.filter(post=post).values_list("user_id", flat=True)) == [agen_diskominfo.pk]
    assert [m.to for m in mail.outbox] == [[agen_diskominfo.email]]


def test_mentioning_someone_who_cannot_read_the_forum_notifies_nobody(
        agen_diskominfo, agen_dinkes, diskominfo_forum, new_topic):
    new_topic(diskominfo_forum, agen_diskominfo, body=f"Halo @{agen_dinkes.username}")
    assert not Notification.objects.filter(recipient=agen_dinkes).exists()


def test_quoting_a_mention_does_not_notify_again(agen_diskominfo, agen2_diskominfo, kepala_diskominfo,
                                                 diskominfo_forum, new_topic):
    topic = new_topic(diskominfo_forum, agen_diskominfo)
    services.post_create(topic=topic, author=agen2_diskominfo,
                         body=f"> @{kepala_diskominfo.username} sudah setuju\n\nBaik, lanjut.")
    assert not Notification.objects.filter(recipient=kepala_diskominfo, kind="forum_mention").exists()


def test_editing_in_a_new_mention_notifies_only_the_newcomer(agen_diskominfo, agen2_diskominfo, kepala_diskominfo,
                                                             diskominfo_forum, new_topic):
    topic = new_topic(diskominfo_forum, agen_diskominfo, body=f"cc @{agen2_diskominfo.username}")
    services.post_edit(post=topic.first_post, by=agen_diskominfo,
                       body=f"cc @{agen2_diskominfo.username} @{kepala_diskominfo.username}")
    assert Notification.objects.filter(recipient=agen2_diskominfo, kind="forum_mention").count() == 1
    assert Notification.objects.filter(recipient=kepala_diskominfo, kind="forum_mention").count() == 1


def test_a_subscription_sends_one_email_for_a_new_post(
        agen_diskominfo, agen2_diskominfo, operator_diskominfo, diskominfo_forum, new_topic,
        django_capture_on_commit_callbacks):
    topic = new_topic(diskominfo_forum, agen_diskominfo, title="SOP layanan pengaduan")
    services.subscription_set(user=operator_diskominfo, topic=topic, on=True)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.post_create(topic=topic, author=agen_diskominfo, body="Draf SOP versi 2 sudah saya unggah.")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [operator_diskominfo.email]
    assert "SOP layanan pengaduan" in mail.outbox[0].subject
    assert Notification.objects.filter(recipient=operator_diskominfo, kind="forum_post").count() == 1


def test_the_author_of_a_topic_hears_about_replies(agen_diskominfo, agen2_diskominfo, diskominfo_forum, new_topic,
                                                   django_capture_on_commit_callbacks):
    topic = new_topic(diskominfo_forum, agen_diskominfo)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.post_create(topic=topic, author=agen2_diskominfo, body="Saya ikut.")
    assert [m.to for m in mail.outbox] == [[agen_diskominfo.email]]


def test_a_forum_subscription_hears_about_new_topics(agen_diskominfo, kepala_diskominfo, diskominfo_forum, new_topic,
                                                     django_capture_on_commit_callbacks):
    services.subscription_set(user=kepala_diskominfo, forum=diskominfo_forum, on=True)
    with django_capture_on_commit_callbacks(execute=True):
        new_topic(diskominfo_forum, agen_diskominfo, title="Digitalisasi arsip surat masuk")
    note = Notification.objects.get(recipient=kepala_diskominfo, kind="forum_post")
    assert "Topik baru" in note.title


def test_no_email_is_sent_before_the_transaction_commits(agen_diskominfo, operator_diskominfo, diskominfo_forum,
                                                         new_topic, django_capture_on_commit_callbacks):
    topic = new_topic(diskominfo_forum, agen_diskominfo)
    services.subscription_set(user=operator_diskominfo, topic=topic, on=True)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.post_create(topic=topic, author=agen_diskominfo, body="Belum terkirim.")
    assert mail.outbox == [] and callbacks


def test_the_subscriber_task_is_safe_to_run_twice(agen_diskominfo, operator_diskominfo, diskominfo_forum, new_topic,
                                                  django_capture_on_commit_callbacks):
    topic = new_topic(diskominfo_forum, agen_diskominfo)
    services.subscription_set(user=operator_diskominfo, topic=topic, on=True)
    with django_capture_on_commit_callbacks(execute=True):
        post = services.post_create(topic=topic, author=agen_diskominfo, body="Sekali saja.")
    assert notify_subscribers.delay(post.pk).get() == 0  # already claimed by the first run
    assert Notification.objects.filter(recipient=operator_diskominfo, kind="forum_post").count() == 1


def test_subscribers_who_turned_off_subscription_emails_get_only_the_in_app_notice(
        agen_diskominfo, operator_diskominfo, diskominfo_forum, new_topic, django_capture_on_commit_callbacks):
    topic = new_topic(diskominfo_forum, agen_diskominfo)
    services.subscription_set(user=operator_diskominfo, topic=topic, on=True)
    EmailPreference.objects.update_or_create(user=operator_diskominfo, defaults={"subscriptions": False})
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.post_create(topic=topic, author=agen_diskominfo, body="Info.")
    assert mail.outbox == []
    assert Notification.objects.filter(recipient=operator_diskominfo, kind="forum_post").exists()


def test_a_subscriber_who_lost_access_hears_nothing(agen_diskominfo, agen2_diskominfo, diskominfo_forum, new_topic,
                                                    django_capture_on_commit_callbacks):
    topic = new_topic(diskominfo_forum, agen_diskominfo)
    services.subscription_set(user=agen2_diskominfo, topic=topic, on=True)
    agen2_diskominfo.roles.update(is_active=False)
    with django_capture_on_commit_callbacks(execute=True):
        services.post_create(topic=topic, author=agen_diskominfo, body="Rahasia internal.")
    assert not Notification.objects.filter(recipient=agen2_diskominfo).exists()
