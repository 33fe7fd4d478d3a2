"""Who reads, writes and moderates which forum: every demo role on each kind of forum, allowed and denied."""

import pytest
from django.urls import reverse

from forums import permissions
from forums.models import Forum
from organization.models import User

pytestmark = pytest.mark.django_db

EVERYONE = ["admin", "tim.rb", "sekda", "kepala.diskominfo", "operator.diskominfo", "agen.diskominfo",
            "pegawai.diskominfo", "kepala.dinkes", "operator.dinkes", "agen.dinkes"]

# (forum, username) -> (read, post, moderate)
CITY = {
    "admin": (True, True, True), "tim.rb": (True, True, True), "sekda": (True, False, False),
    "kepala.diskominfo": (True, False, False), "operator.diskominfo": (True, False, False),
    "agen.diskominfo": (True, True, False), "pegawai.diskominfo": (True, False, False),
    "kepala.dinkes": (True, False, False), "operator.dinkes": (True, False, False), "agen.dinkes": (True, True, False),
}
DISKOMINFO = {
    "admin": (True, True, True), "tim.rb": (True, False, True), "sekda": (True, False, False),
    "kepala.diskominfo": (True, True, True), "operator.diskominfo": (True, True, False),
    "agen.diskominfo": (True, True, False), "pegawai.diskominfo": (False, False, False),
    "kepala.dinkes": (False, False, False), "operator.dinkes": (False, False, False),
    "agen.dinkes": (False, False, False),
}


def user(username):
    return User.objects.select_related("employee").get(username=username)


def expected_status(read, allowed):
    return 404 if not read else (200 if allowed else 403)


@pytest.mark.parametrize("username", EVERYONE)
def test_each_demo_role_on_the_city_forum(username, client, city_forum, agen_diskominfo, new_topic):
    read, post, moderate = CITY[username]
    topic = new_topic(city_forum, agen_diskominfo)
    client.force_login(user(username))
    assert client.get(reverse("forums:forum", args=[city_forum.pk])).status_code == 200
    assert client.get(topic.get_absolute_url()).status_code == 200
    assert client.get(reverse("forums:topic_create", args=[city_forum.pk])).status_code == (200 if post else 403)
    lock = client.post(reverse("forums:topic_moderate", args=[topic.pk, "kunci"]))
    assert lock.status_code == (302 if moderate else 403)
    assert permissions.can_read_forum(user(username), city_forum) is read


@pytest.mark.parametrize("username", EVERYONE)
def test_each_demo_role_on_the_diskominfo_forum(username, client, diskominfo_forum, agen_diskominfo, new_topic):
    read, post, moderate = DISKOMINFO[username]
    topic = new_topic(diskominfo_forum, agen_diskominfo)
    client.force_login(user(username))
    assert client.get(reverse("forums:forum", args=[diskominfo_forum.pk])).status_code == (200 if read else 404)
    assert client.get(topic.get_absolute_url()).status_code == (200 if read else 404)
    create = client.get(reverse("forums:topic_create", args=[diskominfo_forum.pk]))
    assert create.status_code == expected_status(read, post)
    reply = client.post(reverse("forums:reply", args=[topic.pk]), {"body": "Setuju, saya bantu."})
    assert reply.status_code == (302 if post else 404 if not read else 403)
    lock = client.post(reverse("forums:topic_moderate", args=[topic.pk, "kunci"]))
    assert lock.status_code == (302 if moderate else 404 if not read else 403)


@pytest.mark.parametrize("username", EVERYONE)
def test_each_demo_role_on_the_diskominfo_forum_in_the_api(username, api, diskominfo_forum, agen_diskominfo,
                                                           new_topic):
    read, post, _moderate = DISKOMINFO[username]
    topic = new_topic(diskominfo_forum, agen_diskominfo)
    client = api(user(username))
    assert client.get(f"/api/v1/topics/{topic.pk}/").status_code == (200 if read else 404)
    assert client.get(f"/api/v1/forums/{diskominfo_forum.pk}/").status_code == (200 if read else 404)
    created = client.post("/api/v1/posts/", {"topic": topic.pk, "body": "Balasan lewat API"}, format="json")
    # A topic out of scope is not a valid choice (400); in scope but read-only is 403.
    assert created.status_code == (201 if post else 403 if read else 400)


def test_agent_of_dinkes_gets_404_for_a_diskominfo_topic_and_its_posts(
        login, agen_dinkes, agen_diskominfo, diskominfo_forum, new_topic):
    topic = new_topic(diskominfo_forum, agen_diskominfo)
    client = login(agen_dinkes)
    assert client.get(topic.get_absolute_url()).status_code == 404
    assert client.get(reverse("forums:post", args=[topic.first_post_id])).status_code == 404
    assert client.get(reverse("forums:topic_unread", args=[topic.pk])).status_code == 404
    assert client.post(reverse("forums:post_react", args=[topic.first_post_id]), {"kind": "suka"}).status_code == 404


def test_lists_show_only_forums_in_scope(api, agen_dinkes, dinkes_forum, city_forum):
    ids = {row["id"] for row in api(agen_dinkes).get("/api/v1/forums/?page_size=200").json()["results"]}
    assert ids == {dinkes_forum.pk, city_forum.pk}


def test_sekda_reads_every_forum_but_writes_none(sekda):
    assert permissions.visible_forums(sekda).count() == Forum.objects.count()
    assert not any(permissions.can_post(sekda, f) for f in Forum.objects.all())


def test_a_role_model_writes_in_the_city_forum_and_their_agency_forum(role_model_dinkes, city_forum, dinkes_forum,
                                                                      diskominfo_forum):
    assert permissions.can_post(role_model_dinkes, city_forum)
    assert permissions.can_post(role_model_dinkes, dinkes_forum)
    assert not permissions.can_read_forum(role_model_dinkes, diskominfo_forum)


def test_kepala_moderates_their_own_forum_only(kepala_diskominfo, diskominfo_forum, dinkes_forum, city_forum):
    assert permissions.can_moderate(kepala_diskominfo, diskominfo_forum)
    assert not permissions.can_moderate(kepala_diskominfo, dinkes_forum)
    assert not permissions.can_moderate(kepala_diskominfo, city_forum)


def test_an_ended_agent_role_closes_the_agency_forum(agen2_diskominfo, diskominfo_forum):
    agen2_diskominfo.roles.update(is_active=False)
    ended = user(agen2_diskominfo.username)
    assert not permissions.can_read_forum(ended, diskominfo_forum)
    assert not permissions.is_agent(ended)


def test_anonymous_visitors_are_sent_to_sign_in(client, city_forum):
    response = client.get(reverse("forums:forum", args=[city_forum.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.get("/api/v1/topics/").status_code in (401, 403)


def test_hidden_topics_are_404_for_members_but_visible_to_moderators(
        login, agen_diskominfo, agen2_diskominfo, kepala_diskominfo, diskominfo_forum, new_topic):
    from forums import services

    topic = new_topic(diskominfo_forum, agen_diskominfo)
    services.topic_set_hidden(topic=topic, by=kepala_diskominfo, hidden=True)
    assert login(agen2_diskominfo).get(topic.get_absolute_url()).status_code == 404
    assert login(kepala_diskominfo).get(topic.get_absolute_url()).status_code == 200
