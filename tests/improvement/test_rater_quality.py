"""Rater-bias analytics: each measure on constructed data with a known answer, the suppression, who may read."""

from __future__ import annotations

import pytest
from django.urls import reverse

from evaluations.models import Cycle, RaterGroup, SubmissionStat
from evaluations.services.responses import submission_pattern
from improvement.rater_quality import classify, rater_quality
from organization.models import Agency
from tests.evaluations.conftest import answer_all, assign, make_employee, new_cycle

from .builders import instrument

pytestmark = pytest.mark.django_db
PEER, SELF = RaterGroup.PEER.value, RaterGroup.SELF.value
LIMITS = {"leniency": 0.5, "central": 0.5, "halo": 0.25}


def test_leniency_and_strictness_compare_a_submission_with_the_others_about_the_same_subject():
    # subject 7: peers 4.0, 3.0, 3.0 (others' mean for the first: 3.0 → +1.0; for each 3.0: 3.5 → −0.5);
    # the self-rating 5.0 is compared with no one and counts for no one.
    rows = [(1, 7, PEER, 4.0, 0.8, 0.2, 0.5), (1, 7, PEER, 3.0, 0.8, 0.2, 0.5), (1, 7, PEER, 3.0, 0.8, 0.2, 0.5),
            (1, 7, SELF, 5.0, 0.8, 0.2, 0.5)]
    cells = classify(rows, **LIMITS)
    peer = cells[(1, PEER)]
    assert (peer["n"], peer["compared"], peer["lenient"], peer["strict"]) == (3, 3, 1, 2)
    assert peer["bins"] == [0, 2, 0, 0, 1]
    assert cells[(1, SELF)]["compared"] == 0


def test_a_subject_with_one_other_rater_gives_no_comparison():
    cells = classify([(1, 7, PEER, 4.0, 0.8, 0.2, 0.5), (1, 7, SELF, 2.0, 0.8, 0.2, 0.5)], **LIMITS)
    assert cells[(1, PEER)]["compared"] == 0


def test_straight_lining_central_tendency_and_halo_are_counted_apart():
    rows = [(1, None, PEER, 3.0, 0.0, 0.0, 0.0),      # straight-lined (not central, not halo)
            (1, None, PEER, 3.0, 0.3, 0.0, 0.4),      # central: no extremes, small spread
            (1, None, PEER, 3.5, 0.9, 0.3, 0.1),      # halo: values move together
            (1, None, PEER, 3.5, 0.9, 0.3, None)]     # one value only: no halo measure
    cell = classify(rows, **LIMITS)[(1, PEER)]
    assert (cell["straight"], cell["central"], cell["halo"]) == (1, 1, 1)


def test_the_pattern_of_a_submission_flips_reverse_items_for_the_mean_but_not_for_the_spread():
    items = {1: (10, False), 2: (10, True), 3: (20, False)}
    pattern = submission_pattern({1: 4, 2: 4, 3: 4}, items, 1, 5)
    assert pattern["spread"] == 0.0 and pattern["extreme_share"] == 0.0
    assert pattern["mean"] == pytest.approx((4 + 2 + 4) / 3)
    assert pattern["value_spread"] == pytest.approx(0.5)      # value 10: (4 + 2) / 2 = 3; value 20: 4


@pytest.fixture
def closed_cycle(tim_rb, diskominfo, dinkes):
    """Diskominfo: 3 subjects, each with 3 peers (one lenient 5, two 3) and a self-rating of 5; Dinkes: one
    subject with 2 peers (fewer than k = 3); a third agency one subject with 3 peers."""
    cycle = new_cycle(tim_rb, instrument(), status=Cycle.Status.OPEN)
    for _s in range(3):
        subject = make_employee(diskominfo)
        answer_all(assign(cycle, subject, subject, SELF), 5)
        for score in (5, 3, 3):
            answer_all(assign(cycle, subject, make_employee(diskominfo), PEER), score)
    subject = make_employee(dinkes)
    for score in (4, 4):
        answer_all(assign(cycle, subject, make_employee(dinkes), PEER), score)
    third = Agency.objects.exclude(pk__in=[diskominfo.pk, dinkes.pk]).order_by("pk").first()
    subject = make_employee(third)
    for score in (4, 4, 4):
        answer_all(assign(cycle, subject, make_employee(third), PEER), score)
    Cycle.objects.filter(pk=cycle.pk).update(status=Cycle.Status.CLOSED)
    cycle.refresh_from_db()
    return cycle


def test_submitting_stores_a_pattern_without_the_rater(closed_cycle, diskominfo):
    stats = SubmissionStat.objects.filter(cycle=closed_cycle)
    assert stats.count() == 3 * 4 + 2 + 3
    assert {f.name for f in SubmissionStat._meta.fields}.isdisjoint({"rater", "assignment", "created_at"})
    assert stats.filter(agency=diskominfo, group=PEER, spread=0).count() == 9     # every answer the same


def test_the_analytics_hide_a_small_agency_and_show_the_known_counts(closed_cycle, diskominfo, dinkes):
    data = rater_quality(closed_cycle)
    rows = {row["agency_id"]: row for row in data["agencies"]}
    peer = rows[diskominfo.pk]["cells"][PEER]
    # each subject: 5 vs (3+3)/2 → +2 lenient; 3 vs (5+3)/2 → −1 strict (twice)
    assert (peer["n"], peer["lenient"], peer["strict"], peer["straight"]) == (9, 3, 6, 9)
    assert rows[dinkes.pk]["cells"][PEER] is None               # 2 < k
    assert sum(1 for row in rows.values() if row["cells"].get(PEER) is None) == 2   # and the next smallest (3)
    assert data["totals"][PEER]["n"] == 9 + 2 + 3               # city − Diskominfo leaves 5 hidden together
    gaps = {row["agency_id"]: row for row in data["gaps"]["rows"]}
    # self 5, others (5 + 3 + 3) / 3 = 11/3 on 1–5 → (5 − 11/3) / 4 × 100 = 33.3
    assert set(gaps[diskominfo.pk]["values"].values()) == {33.3}
    assert dinkes.pk not in gaps


def test_an_open_cycle_shows_nothing(tim_rb):
    cycle = new_cycle(tim_rb, instrument(), status=Cycle.Status.OPEN)
    assert rater_quality(cycle) == {"available": False}


def test_only_tim_rb_reads_the_page_and_the_api(closed_cycle, tim_rb, sekda, kepala_diskominfo, login, api):
    url = reverse("improvement:rater_quality", args=[closed_cycle.pk])
    assert login(tim_rb).get(url).status_code == 200
    for user in (sekda, kepala_diskominfo):
        assert login(user).get(url).status_code == 403
        assert api(user).get(f"/api/v1/cycles/{closed_cycle.pk}/rater-quality/").status_code == 403
    data = api(tim_rb).get(f"/api/v1/cycles/{closed_cycle.pk}/rater-quality/").json()
    assert data["available"] and data["threshold"] == 3
