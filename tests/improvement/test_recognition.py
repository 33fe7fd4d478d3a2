"""Role-model proposals: the rule, Tim RB's review, the designation with its SK, the certificate."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from agents.models import ChangeAgent
from improvement import recognition
from improvement.models import RecognitionProposal

from .builders import published_with_weak_values, subject

pytestmark = pytest.mark.django_db
RULE = {"min_score": 85.0, "min_group": 80.0, "max_gap": 15.0}


def test_a_high_consistent_score_from_every_anonymous_group_qualifies():
    assert recognition.qualifies(score=90.0, groups={"self": 70.0, "superior": 92.0, "peer": 88.0},
                                 counts={"peer": [4, 4], "superior": [1, 1]}, previous=None, **RULE)


def test_a_hidden_anonymous_group_disqualifies():
    # subordinates answered (2 < k) so they are not shown on their own: not enough raters to vouch
    assert not recognition.qualifies(score=90.0, groups={"superior": 92.0, "peer": 88.0},
                                     counts={"peer": [4, 4], "subordinate": [2, 2]}, previous=None, **RULE)


def test_a_low_group_an_inconsistent_spread_or_a_low_previous_cycle_disqualifies():
    base = {"score": 90.0, "counts": {"peer": [4, 4]}, **RULE}
    assert not recognition.qualifies(groups={"peer": 79.0, "superior": 95.0}, previous=None, **base)
    assert not recognition.qualifies(groups={"peer": 81.0, "superior": 97.0}, previous=None, **base)
    assert not recognition.qualifies(groups={"peer": 90.0, "superior": 90.0}, previous=80.0, **base)
    assert recognition.qualifies(groups={"peer": 90.0, "superior": 90.0}, previous=86.0, **base)


def test_only_named_raters_or_a_low_score_never_qualify():
    assert not recognition.qualifies(score=95.0, groups={"superior": 95.0}, counts={"superior": [1, 1]},
                                     previous=None, **RULE)
    assert not recognition.qualifies(score=84.9, groups={"peer": 85.0}, counts={"peer": [3, 3]}, previous=None,
                                     **RULE)


@pytest.fixture
def proposal(diskominfo, agen_diskominfo):
    me = agen_diskominfo.employee
    other = type(me).objects.filter(agency=diskominfo).exclude(pk=me.pk).first()
    cycle = published_with_weak_values("Siklus 1", {diskominfo.pk: {}}, subjects={
        me.pk: subject(diskominfo.pk, {"kompeten": (91.0, {"superior": 93.0, "peer": 90.0}),
                                       "loyal": (70.0, {"superior": 70.0, "peer": 70.0})}, {"peer": 4, "superior": 1}),
        other.pk: subject(diskominfo.pk, {"kompeten": (95.0, {"superior": 95.0})}, {"peer": 2, "superior": 1}),
    })
    return RecognitionProposal.objects.get(cycle=cycle)


def test_publication_proposes_only_who_meets_the_rule(proposal, agen_diskominfo):
    assert (proposal.employee_id, proposal.code, proposal.score) == (agen_diskominfo.employee_id, "kompeten", 91.0)
    assert proposal.group_scores == {"superior": 93.0, "peer": 90.0}


def test_declining_needs_a_reason_and_only_tim_rb_reviews(proposal, tim_rb, kepala_diskominfo):
    with pytest.raises(PermissionDenied):
        recognition.proposal_review(proposal=proposal, by=kepala_diskominfo, accept=True)
    with pytest.raises(ValidationError) as err:
        recognition.proposal_review(proposal=proposal, by=tim_rb, accept=False)
    assert "reason" in err.value.error_dict
    done = recognition.proposal_review(proposal=proposal, by=tim_rb, accept=False, reason="Sedang diperiksa")
    assert done.status == RecognitionProposal.Status.DECLINED and done.reviewed_by == tim_rb


def test_an_accepted_proposal_is_designated_with_its_sk_and_has_a_certificate(proposal, tim_rb, agen_diskominfo,
                                                                              kepala_dinkes, login):
    recognition.proposal_review(proposal=proposal, by=tim_rb, accept=True)
    today = timezone.localdate()
    client = login(tim_rb)
    response = client.post(reverse("improvement:recognition_designate", args=[proposal.pk]), {
        "decree_number": "800/RM-01/2026", "decree_date": today.isoformat(), "decree_signatory": "Wali Kota",
        "term_start": today.isoformat(), "term_end": (today + dt.timedelta(days=365)).isoformat()})
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.role_model.kind == ChangeAgent.Kind.ROLE_MODEL
    assert proposal.role_model.employee_id == agen_diskominfo.employee_id
    url = reverse("improvement:recognition_certificate", args=[proposal.pk])
    pdf = login(agen_diskominfo).get(url)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert login(kepala_dinkes).get(url).status_code == 404


def test_the_recognitions_api_shows_tim_rb_all_and_a_person_their_accepted(proposal, tim_rb, agen_diskominfo, api):
    assert api(tim_rb).get("/api/v1/recognitions/").json()["count"] == 1
    assert api(agen_diskominfo).get("/api/v1/recognitions/").json()["count"] == 0     # not yet accepted
    recognition.proposal_review(proposal=proposal, by=tim_rb, accept=True)
    assert api(agen_diskominfo).get("/api/v1/recognitions/").json()["count"] == 1


def test_the_proposals_page_runs_the_same_queries_at_two_sizes(proposal, tim_rb, diskominfo, login,
                                                                django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(tim_rb)
    url = reverse("improvement:recognition_list")
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    for employee in type(proposal.employee).objects.filter(agency=diskominfo).exclude(pk=proposal.employee_id)[:3]:
        RecognitionProposal.objects.create(cycle=proposal.cycle, employee=employee, code="loyal", name="Loyal",
                                           score=90.0, status=RecognitionProposal.Status.ACCEPTED)
    with django_assert_num_queries(len(ctx)):
        client.get(url)
