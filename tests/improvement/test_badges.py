"""The role-model badge on the profile and beside the name on forum posts: who gets it, when it goes, its cost."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from agents.services import agent_end_term
from forums import services as forum_services
from forums.models import Forum
from improvement import recognition
from improvement.models import RecognitionProposal

from .builders import published_with_weak_values, subject

pytestmark = pytest.mark.django_db
BADGE = 'data-testid="role-model-badge"'


@pytest.fixture
def proposal(diskominfo, agen_diskominfo):
    me = agen_diskominfo.employee
    cycle = published_with_weak_values("Siklus 1", {diskominfo.pk: {}}, subjects={
        me.pk: subject(diskominfo.pk, {"kompeten": (91.0, {"superior": 93.0, "peer": 90.0})},
                       {"peer": 4, "superior": 1})})
    return RecognitionProposal.objects.get(cycle=cycle)


def designate(proposal, tim_rb):
    recognition.proposal_review(proposal=proposal, by=tim_rb, accept=True)
    today = timezone.localdate()
    return recognition.proposal_designate(
        proposal=proposal, by=tim_rb, decree_number="800/RM-01/2026", decree_date=today, decree_signatory="Wali Kota",
        term_start=today, term_end=today + dt.timedelta(days=365))


def topic_page(client, topic):
    return client.get(topic.get_absolute_url()).content.decode()


@pytest.fixture
def topic(agen_diskominfo, diskominfo):
    forum_services.forum_sync_all()
    return forum_services.topic_create(forum=Forum.objects.get(agency=diskominfo), author=agen_diskominfo,
                                       title="Berbagi praktik baik", body="Mari berbagi.")


def test_a_designated_role_model_has_the_badge_on_the_profile_and_on_forum_posts(
        proposal, tim_rb, agen_diskominfo, kepala_diskominfo, topic, login):
    profile = reverse("organization:employee_detail", args=[agen_diskominfo.employee_id])
    client = login(kepala_diskominfo)
    assert BADGE not in client.get(profile).content.decode()
    assert BADGE not in topic_page(client, topic)                 # cached heads and map: both must change
    designate(proposal, tim_rb)
    body = client.get(profile).content.decode()
    assert BADGE in body and "Teladan Kompeten" in body
    assert topic_page(client, topic).count(BADGE) == 1


def test_an_accepted_but_not_designated_or_a_declined_proposal_gives_no_badge(proposal, tim_rb, kepala_diskominfo,
                                                                               agen_diskominfo, login):
    profile = reverse("organization:employee_detail", args=[agen_diskominfo.employee_id])
    recognition.proposal_review(proposal=proposal, by=tim_rb, accept=True)
    assert BADGE not in login(kepala_diskominfo).get(profile).content.decode()
    RecognitionProposal.objects.filter(pk=proposal.pk).update(status=RecognitionProposal.Status.DECLINED)
    assert BADGE not in login(kepala_diskominfo).get(profile).content.decode()


def test_the_badge_goes_when_the_designation_ends(proposal, tim_rb, agen_diskominfo, kepala_diskominfo, topic, login):
    done = designate(proposal, tim_rb)
    client = login(kepala_diskominfo)
    assert BADGE in topic_page(client, topic)
    agent_end_term(agent=done.role_model, by=tim_rb, reason="Mutasi")
    assert BADGE not in topic_page(client, topic)
    profile = reverse("organization:employee_detail", args=[agen_diskominfo.employee_id])
    assert BADGE not in client.get(profile).content.decode()


@pytest.mark.parametrize("posts", [1, 15])
def test_badges_cost_one_query_per_page_at_most_and_none_once_cached(
        posts, proposal, tim_rb, agen_diskominfo, kepala_diskominfo, topic, login):
    designate(proposal, tim_rb)
    for i in range(posts):
        forum_services.post_create(topic=topic, author=agen_diskominfo, body=f"Balasan {i}")
    client = login(kepala_diskominfo)

    def badge_queries() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as ctx:
            body = topic_page(client, topic)
        return sum("improvement_recognitionproposal" in q["sql"] for q in ctx.captured_queries), body.count(BADGE)

    assert badge_queries() == (1, posts + 1)         # cold: the whole map in one query
    assert badge_queries() == (0, posts + 1)         # warm: none
