"""Reports, the moderation queue, hide/restore, lock, pin, move, and the log of every action."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from forums import services
from forums.models import ModerationLog, Post, Report, Topic
from notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def reply(agen_diskominfo, agen2_diskominfo, diskominfo_forum, new_topic):
    topic = new_topic(diskominfo_forum, agen_diskominfo, title="SOP layanan pengaduan")
    return services.post_create(topic=topic, author=agen2_diskominfo, body="Isi yang dilaporkan")


def test_a_member_reports_a_post_and_the_kepala_is_told(login, agen_diskominfo, kepala_diskominfo, reply):
    response = login(agen_diskominfo).post(reverse("forums:post_report", args=[reply.pk]),
                                           {"reason": "offensive", "note": "Menyinggung rekan"})
    assert response.status_code == 302
    assert Report.objects.get(post=reply).status == Report.Status.OPEN
    assert Notification.objects.filter(recipient=kepala_diskominfo, kind="forum_report").exists()


def test_reporting_twice_says_it_is_already_reported(agen_diskominfo, reply):
    services.report_create(post=reply, reporter=agen_diskominfo, reason="spam")
    with pytest.raises(ValidationError):
        services.report_create(post=reply, reporter=agen_diskominfo, reason="spam")


def test_other_reason_needs_an_explanation(login, agen_diskominfo, reply):
    response = login(agen_diskominfo).post(reverse("forums:post_report", args=[reply.pk]), {"reason": "other"})
    assert response.status_code == 200 and "note" in response.context["form"].errors


def test_the_queue_shows_reports_only_to_moderators_of_that_forum(login, agen_diskominfo, kepala_diskominfo,
                                                                  kepala_dinkes, tim_rb, reply):
    services.report_create(post=reply, reporter=agen_diskominfo, reason="spam")
    url = reverse("forums:moderation")
    assert len(login(kepala_diskominfo).get(url).context["page"].object_list) == 1
    assert len(login(tim_rb).get(url).context["page"].object_list) == 1
    assert len(login(kepala_dinkes).get(url).context["page"].object_list) == 0
    assert login(agen_diskominfo).get(url).status_code == 403


def test_accepting_a_report_hides_the_post_and_logs_it(login, agen_diskominfo, kepala_diskominfo, reply):
    report = services.report_create(post=reply, reporter=agen_diskominfo, reason="spam")
    response = login(kepala_diskominfo).post(reverse("forums:report_handle", args=[report.pk, "terima"]))
    assert response.status_code == 302
    assert Post.objects.get(pk=reply.pk).is_hidden
    assert Report.objects.get(pk=report.pk).status == Report.Status.RESOLVED
    actions = set(ModerationLog.objects.filter(post=reply).values_list("action", flat=True))
    assert actions == {ModerationLog.Action.HIDE_POST, ModerationLog.Action.RESOLVE_REPORT}


def test_a_hidden_post_is_gone_for_members_and_can_be_restored(login, agen_diskominfo, kepala_diskominfo, reply):
    services.post_set_hidden(post=reply, by=kepala_diskominfo, hidden=True)
    assert login(agen_diskominfo).get(reverse("forums:post", args=[reply.pk])).status_code == 404
    response = login(kepala_diskominfo).post(reverse("forums:post_moderate", args=[reply.pk, "pulihkan"]))
    assert response.status_code == 302
    assert not Post.objects.get(pk=reply.pk).is_hidden
    assert ModerationLog.objects.filter(action=ModerationLog.Action.RESTORE_POST, post=reply).exists()


def test_a_moderation_note_with_a_nul_character_is_stored_without_it(login, kepala_diskominfo, reply):
    # PostgreSQL refuses NUL in text: the note used to end in a server error there.
    response = login(kepala_diskominfo).post(reverse("forums:post_moderate", args=[reply.pk, "sembunyikan"]),
                                             {"detail": "spam\x00 berulang"})
    assert response.status_code == 302
    assert ModerationLog.objects.get(action=ModerationLog.Action.HIDE_POST, post=reply).detail == "spam berulang"


def test_a_kepala_cannot_moderate_another_agency_forum(kepala_dinkes, reply):
    with pytest.raises(PermissionDenied):
        services.topic_set_locked(topic=reply.topic, by=kepala_dinkes, locked=True)


def test_lock_and_pin_are_logged(tim_rb, reply):
    services.topic_set_locked(topic=reply.topic, by=tim_rb, locked=True)
    services.topic_set_pinned(topic=reply.topic, by=tim_rb, pinned=True)
    topic = Topic.objects.get(pk=reply.topic_id)
    assert topic.is_locked and topic.is_pinned
    assert list(ModerationLog.objects.filter(topic=topic).order_by("pk").values_list("action", flat=True)) == [
        ModerationLog.Action.LOCK, ModerationLog.Action.PIN]


def test_tim_rb_moves_a_topic_to_the_city_forum_from_the_form(login, tim_rb, agen2_diskominfo, reply, city_forum):
    response = login(tim_rb).post(reverse("forums:topic_move", args=[reply.topic_id]), {"forum": city_forum.pk})
    assert response.status_code == 302
    assert Topic.objects.get(pk=reply.topic_id).forum == city_forum
    assert ModerationLog.objects.filter(action=ModerationLog.Action.MOVE, topic_id=reply.topic_id).exists()


def test_a_kepala_can_only_move_within_their_forum(login, kepala_diskominfo, reply, city_forum):
    response = login(kepala_diskominfo).post(reverse("forums:topic_move", args=[reply.topic_id]),
                                             {"forum": city_forum.pk})
    assert response.status_code == 200 and "forum" in response.context["form"].errors
    with pytest.raises(PermissionDenied):
        services.topic_move(topic=reply.topic, by=kepala_diskominfo, forum=city_forum)


def test_the_moderation_log_page_lists_actions_in_scope(login, kepala_diskominfo, kepala_dinkes, tim_rb, reply):
    services.topic_set_locked(topic=reply.topic, by=tim_rb, locked=True)
    assert login(kepala_diskominfo).get(reverse("forums:moderation_log")).context["page"].paginator.count == 1
    assert login(kepala_dinkes).get(reverse("forums:moderation_log")).context["page"].paginator.count == 0


def test_a_moderator_deleting_someone_elses_post_is_logged(kepala_diskominfo, reply):
    services.post_delete(post=reply, by=kepala_diskominfo)
    assert ModerationLog.objects.filter(action=ModerationLog.Action.DELETE_POST, post=reply).exists()


def test_hiding_the_opening_post_hides_the_topic(kepala_diskominfo, reply):
    services.post_set_hidden(post=reply.topic.first_post, by=kepala_diskominfo, hidden=True)
    assert Topic.objects.get(pk=reply.topic_id).is_hidden


@pytest.mark.parametrize("sized", [2, 40])
def test_the_moderation_queue_runs_a_fixed_number_of_queries(sized, client, agen_diskominfo, agen2_diskominfo,
                                                             kepala_diskominfo, diskominfo_forum, new_topic,
                                                             django_assert_num_queries):
    topic = new_topic(diskominfo_forum, agen2_diskominfo)
    for i in range(sized):
        post = services.post_create(topic=topic, author=agen2_diskominfo, body=f"Pesan {i}")
        services.report_create(post=post, reporter=agen_diskominfo, reason="spam")
        if i % 2:
            services.post_set_hidden(post=post, by=kepala_diskominfo, hidden=True)
    client.force_login(kepala_diskominfo)
    with django_assert_num_queries(8):  # 7, and the institution for base.html (cold cache)
        client.get(reverse("forums:moderation"))
