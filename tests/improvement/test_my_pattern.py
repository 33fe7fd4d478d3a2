"""A rater's own pattern on "Penilaian saya" (issue 17): known figures, shown to that rater only, page and API."""

from __future__ import annotations

import pytest
from django.urls import reverse

from evaluations import selectors
from evaluations.models import Cycle, Item, RaterGroup, RaterPattern
from tests.evaluations.conftest import answer_all, assign, make_employee, new_cycle

from .builders import instrument

pytestmark = pytest.mark.django_db
PEER, SELF = RaterGroup.PEER.value, RaterGroup.SELF.value


def flipped_mean(score: int, group: str) -> float:
    inst = instrument()
    items = [i for i in Item.objects.filter(dimension__instrument=inst) if group in i.rater_groups]
    lo, hi = inst.scale_min, inst.scale_max
    return sum(lo + hi - score if i.reverse_scored else score for i in items) / len(items)


@pytest.fixture
def rated(tim_rb, agen_diskominfo, diskominfo):
    """The agent rates two colleagues as a peer, answering 5 to everything; three other peers of each answer 3.
    A third colleague is rated by the agent and one other peer only (fewer than k = 3)."""
    cycle = new_cycle(tim_rb, instrument(), status=Cycle.Status.OPEN)
    me = agen_diskominfo.employee
    for _ in range(2):
        subject = make_employee(diskominfo)
        answer_all(assign(cycle, subject, me, PEER), 5)
        for _other in range(3):
            answer_all(assign(cycle, subject, make_employee(diskominfo), PEER), 3)
    return cycle


def publish(cycle):
    Cycle.objects.filter(pk=cycle.pk).update(status=Cycle.Status.PUBLISHED)


def test_the_rater_sees_their_mean_spread_and_straight_lining(rated, agen_diskominfo):
    [pattern] = selectors.my_rater_patterns(agen_diskominfo)
    assert pattern["submissions"] == 2 and pattern["straight_lined"] == 2
    assert pattern["mean"] == pytest.approx(flipped_mean(5, PEER), abs=0.01)
    assert pattern["spread"] == 0.0
    assert pattern["comparison"] is None and "setelah hasil diterbitkan" in pattern["comparison_note"]


def test_once_published_the_rater_sees_how_they_compare_as_a_band(rated, agen_diskominfo):
    publish(rated)
    [pattern] = selectors.my_rater_patterns(agen_diskominfo)
    deviation = flipped_mean(5, PEER) - flipped_mean(3, PEER)      # the others all answered 3
    assert deviation >= 1
    assert pattern["comparison"]["band"] == "much_higher"
    assert "3" not in pattern["comparison"]["label"].replace("−", "")   # the others' mean itself is never given


def test_a_group_with_fewer_than_k_submissions_gives_no_comparison(rated, agen_diskominfo, diskominfo):
    subject = make_employee(diskominfo)
    Cycle.objects.filter(pk=rated.pk).update(status=Cycle.Status.OPEN)
    answer_all(assign(rated, subject, agen_diskominfo.employee, PEER), 4)
    answer_all(assign(rated, subject, make_employee(diskominfo), PEER), 2)
    publish(rated)
    [pattern] = selectors.my_rater_patterns(agen_diskominfo)
    assert pattern["comparison"] is None and "terlalu sedikit" in pattern["comparison_note"]
    assert pattern["submissions"] == 3 and pattern["straight_lined"] == 3


def test_the_pattern_row_names_no_rater_and_no_subject():
    names = {f.name for f in RaterPattern._meta.fields}
    assert names.isdisjoint({"rater", "user", "employee", "assignment", "subject", "created_at"})


def test_the_page_shows_the_pattern_to_the_rater_only(rated, agen_diskominfo, tim_rb, kepala_diskominfo, login):
    publish(rated)
    mine = login(agen_diskominfo).get(reverse("evaluations:index")).content.decode()
    assert 'data-testid="my-pattern"' in mine and "jauh lebih tinggi" in mine
    for other in (tim_rb, kepala_diskominfo):
        body = login(other).get(reverse("evaluations:index")).content.decode()
        assert 'data-testid="my-pattern"' not in body and "jauh lebih tinggi" not in body


def test_the_api_gives_the_caller_their_own_pattern_and_nobody_elses(rated, agen_diskominfo, tim_rb, api):
    publish(rated)
    url = "/api/v1/assignments/my-pattern/"
    [mine] = api(agen_diskominfo).get(url).json()
    assert mine["cycle_id"] == rated.pk and mine["straight_lined"] == 2
    assert mine["comparison"]["band"] == "much_higher"
    # Tim RB (or anyone) gets only their own, whatever they add to the address.
    rater = agen_diskominfo.employee_id
    for query in ("", f"?rater={rater}", f"?user={agen_diskominfo.pk}", f"?cycle={rated.pk}"):
        assert api(tim_rb).get(url + query).json() == []


def test_the_patterns_take_the_same_queries_for_one_cycle_or_three(tim_rb, agen_diskominfo, diskominfo,
                                                                     django_assert_max_num_queries):
    me = agen_diskominfo.employee
    for n in range(3):
        cycle = new_cycle(tim_rb, instrument(), name=f"Siklus {n}", status=Cycle.Status.OPEN)
        subject = make_employee(diskominfo)
        answer_all(assign(cycle, subject, me, PEER), 4)
        for _other in range(3):
            answer_all(assign(cycle, subject, make_employee(diskominfo), PEER), 3)
        publish(cycle)
    with django_assert_max_num_queries(3):
        patterns = selectors.my_rater_patterns(agen_diskominfo)
    assert len(patterns) == 3
