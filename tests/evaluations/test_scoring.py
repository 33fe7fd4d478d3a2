"""Scoring: normalisation to 0–100, reverse items, bands, and the anonymity rule (threshold and subtraction)."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evaluations import disclosure, selectors
from evaluations.models import Cycle, Dimension, Instrument, Item, RaterGroup
from evaluations.scoring import Cell, GroupStat, band, combine, disclose, normalise

from .conftest import answer_all, assign, new_cycle

SELF, SUP, PEER, SUB = (g.value for g in RaterGroup)
WEIGHTS = {SELF: 10, SUP: 30, PEER: 30, SUB: 30}


def stat(scores: list[list[int]]) -> GroupStat:
    """One group's stat from each rater's list of scores."""
    return GroupStat(raters=len(scores), total=sum(map(sum, scores)), answers=sum(map(len, scores)))


# --- hand-computed -------------------------------------------------------------------------------------------

def test_normalise_maps_the_scale_onto_0_to_100():
    assert normalise(1, 1, 5) == 0
    assert normalise(5, 1, 5) == 100
    assert normalise(3, 1, 5) == 50
    assert normalise(2.5, 1, 4) == 50


@pytest.mark.parametrize(("score", "expected"), [
    (100, "A"), (75, "A"), (74.96, "A"), (74.9, "B"), (50, "B"), (49.9, "C"), (25, "C"), (24.9, "D"), (0, "D"), (None, None),
])
def test_bands_follow_the_berakhlak_index_thresholds(score, expected):
    assert band(score) == expected


def test_bands_can_be_configured():
    assert band(79, (80, 65, 40)) == "B"
    assert band(80, (80, 65, 40)) == "A"


def test_a_hand_computed_subject_score():
    # self 5,5,5 → 100; superior 4,4,3 → 66.67; three peers 3,3,3 / 4,4,4 / 2,3,4 → mean 3.33 → 58.33
    stats = {SELF: stat([[5, 5, 5]]), SUP: stat([[4, 4, 3]]), PEER: stat([[3, 3, 3], [4, 4, 4], [2, 3, 4]])}
    cell = combine(stats, weights=WEIGHTS, threshold=3, lo=1, hi=5)
    assert cell.groups[SELF] == pytest.approx(100)
    assert cell.groups[SUP] == pytest.approx(200 / 3)
    assert cell.groups[PEER] == pytest.approx(175 / 3)
    # (10 × 100 + 30 × 66.67 + 30 × 58.33) / 70 = 4750 / 70
    assert cell.score == pytest.approx(4750 / 70)
    assert cell.band == "B"
    assert cell.hidden == []


def test_the_same_example_through_the_database(tim_rb, instrument_360, diskominfo, staff_of):
    subject, boss, p1, p2, p3 = staff_of(diskominfo, 5)
    cycle = new_cycle(tim_rb, instrument_360, status=Cycle.Status.CLOSED)
    pattern = {SELF: [5, 5, 5], SUP: [4, 4, 3]}
    positions = {i.pk: n % 3 for n, i in enumerate(Item.objects.filter(dimension__instrument=instrument_360)
                                                   .order_by("dimension__order", "order"))}
    answer_all(assign(cycle, subject, subject, SELF), lambda i: pattern[SELF][positions[i.pk]])
    answer_all(assign(cycle, subject, boss, SUP), lambda i: pattern[SUP][positions[i.pk]])
    for rater, scores in [(p1, [3, 3, 3]), (p2, [4, 4, 4]), (p3, [2, 3, 4])]:
        answer_all(assign(cycle, subject, rater, PEER), lambda i, s=scores: s[positions[i.pk]])
    report = selectors.subject_report(cycle, subject)
    for _dimension, cell in report.dimensions:
        assert cell.score == pytest.approx(4750 / 70)
    assert report.overall.score == pytest.approx(4750 / 70)
    assert report.groups_shown == [SELF, SUP, PEER]


def test_a_reverse_item_is_flipped_before_averaging(tim_rb, diskominfo, staff_of):
    instrument = Instrument.objects.create(code="uji-terbalik", name="Uji", scale_max=4,
                                           scale_labels=["a", "b", "c", "d"])
    dim = Dimension.objects.create(instrument=instrument, code="akuntabel", name="Akuntabel")
    normal = Item.objects.create(dimension=dim, text="Jujur", rater_groups=[SELF], order=1)
    reverse = Item.objects.create(dimension=dim, text="Menyalahgunakan wewenang", rater_groups=[SELF],
                                  reverse_scored=True, order=2)
    a, b = staff_of(diskominfo, 2)
    cycle = new_cycle(tim_rb, instrument, status=Cycle.Status.CLOSED)
    answer_all(assign(cycle, a, a, SELF), lambda i: {normal.pk: 4, reverse.pk: 1}[i.pk])   # 4 and flipped 4 → 100
    answer_all(assign(cycle, b, b, SELF), lambda i: {normal.pk: 4, reverse.pk: 4}[i.pk])   # 4 and flipped 1 → mean 2.5 → 50
    results = selectors.subject_results(selectors.cycle_context(cycle))
    assert results[a.pk].cells["akuntabel"].score == pytest.approx(100)
    assert results[b.pk].cells["akuntabel"].score == pytest.approx(50)


# --- properties ----------------------------------------------------------------------------------------------

scales = st.sampled_from([(1, 4), (1, 5)])


@st.composite
def group_stats(draw, lo, hi, groups=(SELF, SUP, PEER, SUB)):
    out = {}
    for g in groups:
        raters = draw(st.integers(0, 1 if g in (SELF, SUP) else 6))
        if raters:
            items = draw(st.integers(1, 4))
            out[g] = stat([draw(st.lists(st.integers(lo, hi), min_size=items, max_size=items)) for _ in range(raters)])
    return out


weights_st = st.fixed_dictionaries({g: st.integers(0, 100) for g in (SELF, SUP, PEER, SUB)})


@settings(max_examples=50, deadline=None)
@given(data=st.data(), scale=scales, weights=weights_st, threshold=st.integers(2, 5))
def test_scores_always_stay_between_0_and_100(data, scale, weights, threshold):
    lo, hi = scale
    cell = combine(data.draw(group_stats(lo, hi)), weights=weights, threshold=threshold, lo=lo, hi=hi)
    if cell.score is not None:
        assert 0 <= cell.score <= 100
        assert cell.band in "ABCD"
    assert all(0 <= v <= 100 for v in cell.groups.values())


@settings(max_examples=50, deadline=None)
@given(scale=scales, answers=st.lists(st.lists(st.integers(1, 4), min_size=3, max_size=3), min_size=1, max_size=5))
def test_a_reverse_item_scores_the_mirror_image(scale, answers):
    lo, hi = scale
    plain = combine({PEER: stat(answers)}, weights=WEIGHTS, threshold=1 if len(answers) < 2 else 2, lo=lo, hi=hi)
    flipped_answers = [[lo + hi - s for s in rater] for rater in answers]
    flipped = combine({PEER: stat(flipped_answers)}, weights=WEIGHTS, threshold=1 if len(answers) < 2 else 2, lo=lo, hi=hi)
    if plain.score is not None:
        assert flipped.score == pytest.approx(100 - plain.score)


@settings(max_examples=50, deadline=None)
@given(scale=scales, data=st.data(), weights=weights_st, dimensions=st.integers(1, 9))
def test_a_constant_answer_gives_the_same_score_for_every_value(scale, data, weights, dimensions):
    lo, hi = scale
    c = data.draw(st.integers(lo, hi))
    scores = set()
    for _ in range(dimensions):
        shape = data.draw(group_stats(lo, hi))
        constant = {g: GroupStat(raters=s.raters, total=c * s.answers, answers=s.answers) for g, s in shape.items()}
        cell = combine(constant, weights=weights, threshold=3, lo=lo, hi=hi)
        if cell.score is not None:
            scores.add(round(cell.score, 9))
    assert scores <= {round(normalise(c, lo, hi), 9)}


@settings(max_examples=50, deadline=None)
@given(data=st.data(), weights=weights_st, threshold=st.integers(2, 5), shift=st.integers(1, 3))
def test_no_hidden_group_can_be_recovered_from_what_is_shown(data, weights, threshold, shift):
    """What is published depends on hidden groups only through a pool of at least ``threshold`` raters."""
    stats = data.draw(group_stats(1, 5))
    cell = combine(stats, weights=weights, threshold=threshold, lo=1, hi=5)
    hidden = [g for g in cell.hidden if g in stats]
    if not hidden:
        return
    # Move score between the hidden groups (or change a withheld group outright): nothing shown may change.
    changed = dict(stats)
    if cell.withheld:
        for g in hidden:
            changed[g] = GroupStat(raters=stats[g].raters, total=stats[g].answers * 3, answers=stats[g].answers)
    elif len(hidden) == 2:
        a, b = hidden
        d = min(shift, stats[a].total - stats[a].answers, 5 * stats[b].answers - stats[b].total)
        changed[a] = GroupStat(raters=stats[a].raters, total=stats[a].total - d, answers=stats[a].answers)
        changed[b] = GroupStat(raters=stats[b].raters, total=stats[b].total + d, answers=stats[b].answers)
    else:
        pytest.fail("a single hidden group must be withheld or pooled with a sibling")
    other = combine(changed, weights=weights, threshold=threshold, lo=1, hi=5)
    assert other.groups == cell.groups
    assert other.score == pytest.approx(cell.score) if cell.score is not None else other.score is None


# --- the anonymity rule, case by case -------------------------------------------------------------------------

def test_a_group_below_the_threshold_is_hidden_and_left_out_of_the_total():
    rule = disclose({SELF: 1, SUP: 1, PEER: 2}, threshold=3)
    assert rule.shown == {SELF, SUP}
    assert rule.withheld == {PEER}
    stats = {SELF: stat([[5, 5]]), SUP: stat([[3, 3]]), PEER: stat([[1, 1], [1, 1]])}
    cell = combine(stats, weights=WEIGHTS, threshold=3, lo=1, hi=5)
    assert PEER not in cell.groups
    assert cell.withheld
    # Only self and superior count: (10 × 100 + 30 × 50) / 40; the two peer answers cannot be worked out.
    assert cell.score == pytest.approx(2500 / 40)


def test_when_exactly_one_group_is_hidden_its_sibling_is_hidden_too():
    # Peers (2) alone would be total − self − superior − subordinates: subordinates are hidden as well,
    # and both count in the total as one pool of 7.
    rule = disclose({SELF: 1, SUP: 1, PEER: 2, SUB: 5}, threshold=3)
    assert rule.shown == {SELF, SUP}
    assert rule.pooled == {PEER, SUB}
    assert not rule.withheld


def test_two_small_groups_that_reach_the_threshold_together_count_as_one_pool():
    rule = disclose({SELF: 1, SUP: 1, PEER: 2, SUB: 2}, threshold=3)
    assert rule.shown == {SELF, SUP}
    assert rule.pooled == {PEER, SUB}


def test_groups_at_the_threshold_are_shown():
    rule = disclose({SELF: 1, SUP: 1, PEER: 3, SUB: 4}, threshold=3)
    assert rule.shown == {SELF, SUP, PEER, SUB}
    assert not rule.pooled and not rule.withheld


def test_the_subject_report_hides_two_peers_and_keeps_them_out_of_the_total(
        tim_rb, instrument_360, diskominfo, staff_of, settings):
    subject, boss, p1, p2 = staff_of(diskominfo, 4)
    cycle = new_cycle(tim_rb, instrument_360, status=Cycle.Status.CLOSED)
    answer_all(assign(cycle, subject, subject, SELF), 5)
    answer_all(assign(cycle, subject, boss, SUP), 3)
    answer_all(assign(cycle, subject, p1, PEER), 1, comment="Perlu lebih tepat waktu.")
    answer_all(assign(cycle, subject, p2, PEER), 1)
    report = selectors.subject_report(cycle, subject)
    assert report.groups_shown == [SELF, SUP]
    assert report.overall.score == pytest.approx(2500 / 40)
    assert all(PEER in cell.hidden and PEER not in cell.groups for _d, cell in report.dimensions)
    # The comment of a withheld group follows its threshold: never shown, not even offered to Tim RB for release.
    Cycle.objects.filter(pk=cycle.pk).update(status=Cycle.Status.PUBLISHED)
    cycle.refresh_from_db()
    assert selectors.subject_report(cycle, subject).comments == []
    assert not disclosure.reviewable_comments(cycle).exists()



# --- the same properties through the database (the SQL flips reverse items and aggregates) --------------------

@pytest.fixture
def two_value_instrument(db):
    instrument = Instrument.objects.create(code="uji-properti", name="Uji properti", scale_max=5,
                                           scale_labels=["1", "2", "3", "4", "5"])
    items = []
    for n, code in enumerate(["adaptif", "loyal"]):
        dim = Dimension.objects.create(instrument=instrument, code=code, name=code.title(), order=n)
        items.append(Item.objects.create(dimension=dim, text=f"{code} +", rater_groups=[SELF, PEER], order=2 * n))
        items.append(Item.objects.create(dimension=dim, text=f"{code} −", rater_groups=[SELF, PEER], order=2 * n + 1,
                                         reverse_scored=True))
    return instrument, items


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(answers=st.lists(st.lists(st.integers(1, 5), min_size=4, max_size=4), min_size=4, max_size=4),
       constant=st.booleans())
def test_database_scores_match_the_rules_on_the_raw_answers(tim_rb, diskominfo, staff_of, two_value_instrument,
                                                            answers, constant):
    instrument, items = two_value_instrument
    if constant:
        answers = [[answers[0][0]] * 4 for _ in answers]
        for i in items:
            i.reverse_scored = False
        Item.objects.filter(pk__in=[i.pk for i in items]).update(reverse_scored=False)
    else:
        Item.objects.filter(pk__in=[i.pk for n, i in enumerate(items) if n % 2]).update(reverse_scored=True)
        for n, i in enumerate(items):
            i.reverse_scored = bool(n % 2)
    subject, *peers = staff_of(diskominfo, 4)
    cycle = new_cycle(tim_rb, instrument, status=Cycle.Status.CLOSED)
    raters = [(subject, SELF)] + [(p, PEER) for p in peers]
    for (rater, group), scores in zip(raters, answers, strict=True):
        answer_all(assign(cycle, subject, rater, group), lambda i, s=scores: s[[x.pk for x in items].index(i.pk)])
    result = selectors.subject_results(selectors.cycle_context(cycle))[subject.pk]
    for n, code in enumerate(["adaptif", "loyal"]):
        expected = {}
        for (_rater, group), scores in zip(raters, answers, strict=True):
            pair = [scores[2 * n], scores[2 * n + 1]]
            flipped = [pair[0], 6 - pair[1] if items[2 * n + 1].reverse_scored else pair[1]]
            prev = expected.get(group, GroupStat(0, 0, 0))
            expected[group] = GroupStat(prev.raters + 1, prev.total + sum(flipped), prev.answers + 2)
        cell = result.cells[code]
        assert 0 <= cell.score <= 100
        assert cell.score == pytest.approx(combine(expected, weights=WEIGHTS, threshold=3, lo=1, hi=5).score)
    if constant:
        assert result.cells["adaptif"].score == pytest.approx(result.cells["loyal"].score)
        assert result.cells["adaptif"].score == pytest.approx(normalise(answers[0][0], 1, 5))


def test_a_cell_comes_back_from_the_cache_unchanged():
    import pickle

    cell = Cell(score=81.25, band="A", groups={"self": 75.0, "peer": 87.5}, hidden=["subordinate"], withheld=True,
                raters=7)
    assert pickle.loads(pickle.dumps(cell, pickle.HIGHEST_PROTOCOL)) == cell
