"""Issue 13: the attacks of the outside review, played as an attacker would, and a property over random cycles.

Most attacks are checked by *indistinguishability*: two worlds that differ only in the answers (or the presence)
of fewer than ``k`` respondents must give every reader exactly the same pages, API answers and dashboard figures.
If they do, no combination of those figures can recover the hidden answers. On the code before issue 13 each of
these tests recovers the hidden answer (the published figures differ between the two worlds).
"""

from __future__ import annotations

import hashlib
import itertools
import json
import random
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.db import models as djm
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evaluations import disclosure, services
from evaluations.models import (
    Assignment,
    Cycle,
    Dimension,
    Instrument,
    Item,
    RaterGroup,
    Response,
    ResultSnapshot,
    SubmittedAnswer,
    SubmittedComment,
)
from evaluations.services.cycles import _peer_key, plan_assignments
from organization.models import Agency

from .conftest import answer_all, assign, make_employee, make_user, new_cycle

SELF, SUP, PEER, SUB = (g.value for g in RaterGroup)
K = 3


# --- what an attacker can read ---------------------------------------------------------------------------------

def _api_json(client, url):
    response = client.get(url)
    return response.status_code, response.json() if response.status_code == 200 else None


def readable(cycle, *, api, readers, subjects=(), agencies=()) -> str:
    """Everything ``readers`` can read about ``cycle`` through the API (results for each scope and each subject,
    the caller's own report, the cycle list and detail, the raters list), as one JSON text."""
    out = {}
    for user in readers:
        client = api(user)
        base = f"/api/v1/cycles/{cycle.pk}"
        out[f"{user.username}:results"] = _api_json(client, f"{base}/results/")
        out[f"{user.username}:detail"] = _api_json(client, f"{base}/")
        out[f"{user.username}:assignments"] = _api_json(client, f"{base}/assignments/")
        out[f"{user.username}:my-report"] = _api_json(client, f"{base}/my-report/")
        for agency in agencies:
            out[f"{user.username}:results:{agency.pk}"] = _api_json(client, f"{base}/results/?agency={agency.pk}")
        for subject in subjects:
            out[f"{user.username}:subject:{subject.pk}"] = _api_json(client, f"{base}/results/?subject={subject.pk}")
    return json.dumps(out, sort_keys=True, default=str)


def people(agency, n, **kwargs):
    """``n`` new employees: none of them a demo user (whose own report or role would blur what a reader sees)."""
    return [make_employee(agency, **kwargs) for _ in range(n)]


def fresh(cycle):
    cache.clear()
    return Cycle.objects.select_related("instrument").get(pk=cycle.pk)


def set_status(cycle, status):
    Cycle.objects.filter(pk=cycle.pk).update(status=status)
    return fresh(cycle)


def recompute(cycle):
    """Forget the frozen figures and compute them again (only to build the second world of a test)."""
    ResultSnapshot.objects.filter(cycle=cycle).delete()
    return fresh(cycle)


def change_hidden_answers(cycle, subject, group, score):
    """World B: the hidden respondents of ``group`` answered ``score`` everywhere instead."""
    SubmittedAnswer.objects.filter(cycle=cycle, subject=subject, group=group).update(score=score)


# --- 1. differencing over time: a snapshot before and after one submission ---------------------------------

def test_reading_results_before_and_after_one_peer_submits_recovers_nothing(api, tim_rb, sekda, kepala_diskominfo,
                                                                             instrument_360, diskominfo, staff_of):
    cycle = new_cycle(tim_rb, instrument_360, status=Cycle.Status.OPEN)
    subject, *peers = people(diskominfo, 6)
    answer_all(assign(cycle, subject, subject, SELF), 4)
    for p in peers[:3]:
        answer_all(assign(cycle, subject, p, PEER), 3)
    late = assign(cycle, subject, peers[3], PEER)
    readers = [tim_rb, sekda, kepala_diskominfo]
    before = readable(fresh(cycle), api=api, readers=readers, subjects=[subject], agencies=[diskominfo])
    answer_all(late, 1, comment="Sering terlambat.")
    after = readable(fresh(cycle), api=api, readers=readers, subjects=[subject], agencies=[diskominfo])
    # Nothing but counts of at least K raters changes, and no figure of the open cycle carries a score.
    strip = [json.loads(before), json.loads(after)]
    for world in strip:
        for key, (status, body) in world.items():
            if body and key.endswith(":results"):
                assert body["scores"] is None and all(a["scores"] is None for a in body["by_agency"])
            if key.endswith(":assignments") and body:
                assert all("submitted" not in row for row in body["results"])      # no per-rater flag
            if ":subject:" in key:
                assert status == 404                                                # no report while open
    # The assignments page shows nobody's "submitted" status either.
    html = api(tim_rb).get(reverse("evaluations:cycle_assignments", args=[cycle.pk])).content.decode()
    assert "Terkirim" not in html and "Belum" not in html


def test_the_results_are_frozen_at_the_close(api, tim_rb, instrument_360, diskominfo, staff_of):
    cycle = new_cycle(tim_rb, instrument_360, status=Cycle.Status.OPEN)
    subject, *peers = people(diskominfo, 5)
    for p in peers[:3]:
        answer_all(assign(cycle, subject, p, PEER), 4)
    services.cycle_close(cycle=cycle, by=tim_rb)
    def figures():
        world = json.loads(readable(fresh(cycle), api=api, readers=[tim_rb], subjects=[subject]))
        return {key: value for key, value in world.items() if ":results" in key or ":subject:" in key}

    first = figures()
    # An answer that somehow arrives later (a data fix in a shell) does not move any published figure.
    answer_all(assign(cycle, subject, peers[3], PEER), 1)
    assert figures() == first
    assert ResultSnapshot.objects.filter(cycle=cycle).count() == 1


def test_the_culture_survey_4_after_minus_3_before_recovers_nothing(api, tim_rb, kepala_diskominfo, sekda,
                                                                    survey_instrument, diskominfo, staff_of):
    cycle = new_cycle(tim_rb, survey_instrument, status=Cycle.Status.OPEN, subject_mode="agencies",
                      agencies=[diskominfo])
    staff = people(diskominfo, 4)
    for p in staff[:3]:
        answer_all(assign(cycle, p, p, SELF), 4)
    last = assign(cycle, staff[3], staff[3], SELF)
    readers = [tim_rb, sekda, kepala_diskominfo]
    before = json.loads(readable(fresh(cycle), api=api, readers=readers, agencies=[diskominfo]))
    answer_all(last, 1)
    after = json.loads(readable(fresh(cycle), api=api, readers=readers, agencies=[diskominfo]))
    for world in (before, after):
        for key, (_status, body) in world.items():
            if body and ":results" in key:
                assert body["scores"] is None
    # After the close there is one figure set, computed once: nothing to subtract.
    services.cycle_close(cycle=fresh(cycle), by=tim_rb)
    closed = fresh(cycle)
    assert api(tim_rb).get(f"/api/v1/cycles/{cycle.pk}/results/").json()["scores"]["akuntabel"]["score"] is not None
    # A survey's answers are known by agency only: the respondent (the "subject") is not stored with them.
    assert not SubmittedAnswer.objects.filter(cycle=closed, subject__isnull=False).exists()


# --- 2. subtraction across scopes ---------------------------------------------------------------------------

def _survey_world(tim_rb, survey_instrument, staff_of, sizes: dict, *, lone_score=1):
    agencies = list(sizes)
    cycle = new_cycle(tim_rb, survey_instrument, status=Cycle.Status.OPEN, subject_mode="agencies", agencies=agencies)
    for agency, n in sizes.items():
        for p in people(agency, n):
            answer_all(assign(cycle, p, p, SELF), lone_score if n < K else 4)
    return set_status(cycle, Cycle.Status.PUBLISHED)


def test_city_minus_the_shown_agencies_does_not_give_a_hidden_agencys_lone_respondent(
        api, tim_rb, sekda, kepala_diskominfo, survey_instrument, diskominfo, dinkes, staff_of):
    third = Agency.objects.exclude(pk__in=[diskominfo.pk, dinkes.pk]).filter(parent__isnull=True).order_by("pk")[0]
    sizes = {diskominfo: 3, dinkes: 4, third: 1}
    world_a = _survey_world(tim_rb, survey_instrument, staff_of, sizes, lone_score=1)
    readers = [tim_rb, sekda, kepala_diskominfo]
    a = readable(world_a, api=api, readers=readers, agencies=[diskominfo, dinkes, third])
    # The attacker's sum: city × N − Σ shown agencies × n leaves fewer than K respondents? Never.
    body = api(sekda).get(f"/api/v1/cycles/{world_a.pk}/results/").json()
    for code, city in body["scores"].items():
        shown = [row["scores"][code] for row in body["by_agency"] if row["scores"][code]["score"] is not None]
        if city["score"] is not None:
            left = city["respondents"] - sum(c["respondents"] for c in shown)
            assert left == 0 or left >= K, code
    # World B: the lone respondent answered 3 instead of 1 on every item, and one Diskominfo respondent 2 instead
    # of 4 (Diskominfo is hidden with the lone agency): the hidden set's sum is the same, the lone answer is not.
    # Every reader reads exactly the same: the lone respondent cannot be told apart from the other three.
    SubmittedAnswer.objects.filter(cycle=world_a, agency=third).update(score=3)
    for item_id in Item.objects.filter(dimension__instrument=survey_instrument).values_list("pk", flat=True):
        row = SubmittedAnswer.objects.filter(cycle=world_a, agency=diskominfo, item_id=item_id).first()
        SubmittedAnswer.objects.filter(pk=row.pk).update(score=2)
    b = readable(recompute(world_a), api=api, readers=readers, agencies=[diskominfo, dinkes, third])
    assert a == b


def test_an_agency_with_one_or_two_subjects_gives_its_kepala_no_individual_scores(
        api, login, tim_rb, kepala_diskominfo, operator_diskominfo, instrument_360, diskominfo, dinkes, staff_of):
    cycle = new_cycle(tim_rb, instrument_360, status=Cycle.Status.OPEN)
    staff = people(diskominfo, 8)
    for subject in staff[:2]:                       # two agents in Diskominfo, three peers each
        answer_all(assign(cycle, subject, subject, SELF), 5)
        for p in [x for x in staff if x != subject][:3]:
            answer_all(assign(cycle, subject, p, PEER), 5)
    cycle = set_status(cycle, Cycle.Status.PUBLISHED)
    for reader in (kepala_diskominfo, operator_diskominfo):
        body = api(reader).get(f"/api/v1/cycles/{cycle.pk}/results/").json()
        assert all(c["score"] is None for c in body["scores"].values())
        assert all(c["score"] is None for row in body["by_agency"] for c in row["scores"].values())
        page = login(reader).get(reverse("evaluations:results", args=[cycle.pk]))
        assert all(c is None or c.score is None for row in page.context["rows"] for c in row["cells"])
    a = readable(cycle, api=api, readers=[kepala_diskominfo, operator_diskominfo])
    change_hidden_answers(cycle, staff[0], SELF, 1)
    assert readable(recompute(cycle), api=api, readers=[kepala_diskominfo, operator_diskominfo]) == a


# --- 3. subtraction across cells --------------------------------------------------------------------------------

@pytest.fixture
def split_instrument(db):
    """One value with an item for self, peers and subordinates, and an item for subordinates (and self) only."""
    instrument = Instrument.objects.create(code="uji-sel", name="Uji sel", scale_max=5,
                                           scale_labels=["1", "2", "3", "4", "5"])
    dim = Dimension.objects.create(instrument=instrument, code="akuntabel", name="Akuntabel")
    both = Item.objects.create(dimension=dim, text="Untuk semua", rater_groups=[SELF, PEER, SUB], order=1)
    only_sub = Item.objects.create(dimension=dim, text="Khusus bawahan", rater_groups=[SELF, SUB], order=2)
    return instrument, both, only_sub


def test_dimension_minus_item_does_not_give_the_only_subordinates_answer(api, tim_rb, split_instrument, diskominfo,
                                                                         staff_of):
    instrument, both, only_sub = split_instrument
    cycle = new_cycle(tim_rb, instrument, status=Cycle.Status.OPEN)
    subject, p1, p2, sub = people(diskominfo, 4)
    user = make_user(subject)
    answer_all(assign(cycle, subject, subject, SELF), 4)
    answer_all(assign(cycle, subject, p1, PEER), 3)
    answer_all(assign(cycle, subject, p2, PEER), 3)
    answer_all(assign(cycle, subject, sub, SUB), 1)                  # the only subordinate
    cycle = set_status(cycle, Cycle.Status.PUBLISHED)
    a = readable(cycle, api=api, readers=[tim_rb, user], subjects=[subject])
    # World B: the subordinate answered 5 instead of 1 on their own item (which must not show anywhere) and 3
    # instead of 1 on the shared item, where one peer answered 1 instead of 3: the pool of three (two peers and
    # the subordinate) sums the same, but the subordinate's own answers are different.
    rows = SubmittedAnswer.objects.filter(cycle=cycle, subject=subject)
    rows.filter(group=SUB, item=only_sub).update(score=5)
    rows.filter(group=SUB, item=both).update(score=3)
    rows.filter(pk=rows.filter(group=PEER, item=both).first().pk).update(score=1)
    b = readable(recompute(cycle), api=api, readers=[tim_rb, user], subjects=[subject])
    assert json.loads(a)[f"{user.username}:my-report"][0] == 200
    assert a == b


# --- 4. comments --------------------------------------------------------------------------------------------------

def test_a_subject_cannot_read_the_comment_of_a_withheld_peer(api, tim_rb, instrument_360, diskominfo, staff_of):
    cycle = new_cycle(tim_rb, instrument_360, status=Cycle.Status.OPEN)
    subject, boss, peer = people(diskominfo, 3)
    user = make_user(subject)
    answer_all(assign(cycle, subject, subject, SELF), 4)
    answer_all(assign(cycle, subject, boss, SUP), 4)
    answer_all(assign(cycle, subject, peer, PEER), 1, comment="Komentar rekan satu-satunya.")
    services.cycle_close(cycle=fresh(cycle), by=tim_rb)
    # Tim RB cannot even release it: the peer group is below the threshold.
    comment = SubmittedComment.objects.get(cycle=cycle)
    listed = api(tim_rb).get(f"/api/v1/cycles/{cycle.pk}/comments/").json()
    assert listed["count"] == 0
    refused = api(tim_rb).post(f"/api/v1/cycles/{cycle.pk}/comments/{comment.pk}/", {"status": "published"},
                               format="json")
    assert refused.status_code == 404
    services.cycle_publish(cycle=fresh(cycle), by=tim_rb)
    report = api(user).get(f"/api/v1/cycles/{cycle.pk}/my-report/").json()
    assert report["comments"] == []
    # Nor whether the one peer answered at all.
    assert [r for r in report["raters"] if r["group"] == PEER] == [{"group": PEER, "assigned": None, "submitted": None}]


def test_comments_are_released_by_tim_rb_unattributed_and_in_random_order(api, tim_rb, instrument_360, diskominfo,
                                                                          staff_of):
    cycle = new_cycle(tim_rb, instrument_360, status=Cycle.Status.OPEN)
    subject, *peers = people(diskominfo, 6)
    user = make_user(subject)
    texts = [f"Komentar nomor {n}" for n in range(5)]
    for p, text in zip(peers, texts, strict=True):
        answer_all(assign(cycle, subject, p, PEER), 4, comment=text)
    services.cycle_close(cycle=fresh(cycle), by=tim_rb)
    services.cycle_publish(cycle=fresh(cycle), by=tim_rb)
    assert api(user).get(f"/api/v1/cycles/{cycle.pk}/my-report/").json()["comments"] == []      # not reviewed
    listed = api(tim_rb).get(f"/api/v1/cycles/{cycle.pk}/comments/").json()["results"]
    assert set(listed[0]) == {"id", "subject", "subject_name", "text", "status"}                  # no rater
    for row in listed:
        status = "hidden" if row["text"] == texts[0] else "published"
        assert api(tim_rb).post(f"/api/v1/cycles/{cycle.pk}/comments/{row['id']}/", {"status": status},
                                format="json").status_code == 200
    shown = api(user).get(f"/api/v1/cycles/{cycle.pk}/my-report/").json()["comments"]
    assert sorted(shown) == texts[1:]
    # The order is that of random keys: not the order of submission.
    assert shown == [c.text for c in SubmittedComment.objects.filter(cycle=cycle, status="published").order_by("pk")]


# --- 5. live counts per sub-unit --------------------------------------------------------------------------------

def test_the_kepala_cannot_see_whether_the_one_person_of_a_unit_has_answered(tim_rb, instrument_360, diskominfo,
                                                                             staff_of):
    from dashboards.selectors import agency_figures

    units = list(Agency.objects.filter(parent=diskominfo).order_by("pk")[:2])
    big, small = units
    cycle = new_cycle(tim_rb, instrument_360, status=Cycle.Status.OPEN)
    subject = people(diskominfo, 1)[0]
    raters = [make_employee(diskominfo, unit=big) for _ in range(4)]
    lone = make_employee(diskominfo, unit=small)
    for r in raters:
        answer_all(assign(cycle, subject, r, PEER), 4)
    lone_assignment = assign(cycle, subject, lone, PEER)

    def units_seen():
        cache.clear()
        detail = agency_figures(agency=diskominfo)["detail"]
        return [(u["id"], u["assigned"], u["submitted"], u["response_rate"]) for u in detail["units"]]

    before = units_seen()
    answer_all(lone_assignment, 2)
    after = units_seen()
    row = {u[0]: u for u in after}
    assert row[small.pk][1:] == (None, None, None)
    # The big unit is hidden with it (else the agency's counts minus the big unit would give the small one).
    assert row[big.pk][1:] == (None, None, None)
    assert before == after


# --- 6. the database reader ---------------------------------------------------------------------------------------

def test_no_column_links_a_submitted_answer_or_comment_to_its_rater(tim_rb, instrument_360, diskominfo, staff_of):
    for model in (SubmittedAnswer, SubmittedComment):
        fields = {f.name: f for f in model._meta.get_fields()}
        assert isinstance(fields["id"], djm.UUIDField)                         # no insertion order in the key
        assert not any(isinstance(f, djm.DateTimeField | djm.DateField) for f in fields.values())
        related = {f.related_model for f in fields.values() if f.is_relation}
        assert Assignment not in related and Response not in related
        assert {f.name for f in fields.values() if f.is_relation} <= {"cycle", "agency", "subject", "item"}
    cycle = new_cycle(tim_rb, instrument_360, status=Cycle.Status.OPEN)
    subject, *peers = people(diskominfo, 4)
    for p in peers:
        answer_all(assign(cycle, subject, p, PEER), 4, comment=f"dari {p.pk}")
    # The submission record keeps nothing of the answers; the drafts are gone.
    for response in Response.objects.filter(assignment__cycle=cycle):
        assert response.submitted_at and response.comment == "" and not response.answers.exists()
    # Rows of one group cannot be told apart or ordered by rater: same columns, random keys.
    rows = list(SubmittedAnswer.objects.filter(cycle=cycle).values_list("id", flat=True))
    assert len(rows) == len({r.int >> 64 for r in rows})                       # random, not sequential


# --- 7. peers from a secret seed ------------------------------------------------------------------------------------

def test_peers_are_chosen_from_a_secret_seed_nobody_can_read(api, tim_rb, instrument_360, diskominfo, staff_of):
    cycle = new_cycle(tim_rb, instrument_360)
    other = new_cycle(tim_rb, instrument_360, name="Siklus lain")
    assert len(cycle.peer_seed) == 64 and cycle.peer_seed != other.peer_seed
    # Not in the API, nor in the history readable in the admin.
    assert "peer_seed" not in json.dumps(api(tim_rb).get(f"/api/v1/cycles/{cycle.pk}/").json())
    assert not hasattr(cycle.history.model, "peer_seed") or "peer_seed" not in [
        f.name for f in cycle.history.model._meta.fields]
    # The public recipe (a hash of cycle, subject and candidate ids) no longer predicts the choice.
    subject, *pool = people(diskominfo, 12)
    everyone = [subject, *pool]
    for p in everyone:
        p.unit_id, p.position_type, p.superior_id = None, "pelaksana", None
    groups = {g.group: g for g in cycle.rater_groups.all()}
    groups[PEER].min_count = 3
    chosen = {r for s, r, g in plan_assignments(cycle=cycle, subjects=[subject], people=everyone, groups=groups)
              if g == PEER}
    public = sorted((p.pk for p in pool), key=lambda c: hashlib.sha256(f"{cycle.pk}:{subject.pk}:{c}".encode())
                    .hexdigest())[:3]
    secret = sorted((p.pk for p in pool), key=lambda c: _peer_key(cycle.peer_seed, subject.pk, c))[:3]
    assert chosen == set(secret)
    assert _peer_key("another seed", subject.pk, pool[0].pk) != _peer_key(cycle.peer_seed, subject.pk, pool[0].pk)
    # The choice follows the seed, not the ids: over 20 seeds the chosen peers change, and the public recipe's pick is
    # not what they all choose. (One random seed agrees with the public pick by a 1-in-165 chance, so no single seed
    # is compared; all 20 agreeing would be a chance of about 1 in 10^42.)
    picks = {tuple(sorted(sorted((p.pk for p in pool), key=lambda c: _peer_key(f"seed-{i}", subject.pk, c))[:3]))
             for i in range(20)}
    assert len(picks) > 1 and picks != {tuple(sorted(public))}


# --- 8. property: over random small cycles, no group smaller than k can be isolated ------------------------------

def _published_vector(items, answers, raters) -> list[float]:
    cells = disclosure._subject_cells(items, answers, raters, k=K, weights={SELF: 10, SUP: 30, PEER: 30, SUB: 30},
                                      lo=1, hi=5, bands=(75, 50, 25))
    values = []
    for kind in ("items", "dims"):
        for key in sorted(cells[kind]):
            c = cells[kind][key]
            values.append(c["score"] if c["score"] is not None else 0.0)
            values.extend(c["groups"].get(g, 0.0) for g in (SELF, SUP, PEER, SUB))
    c = cells["overall"] or {"score": 0.0, "groups": {}}
    values.append(c["score"] or 0.0)
    values.extend(c["groups"].get(g, 0.0) for g in (SELF, SUP, PEER, SUB))
    return values


def _rank(rows: list[list[float]], tol: float = 1e-7) -> int:
    """Rank by Gaussian elimination with partial pivoting (no numpy needed for these small matrices)."""
    m = [list(r) for r in rows if any(abs(x) > tol for x in r)]
    rank, col, width = 0, 0, len(m[0]) if m else 0
    while rank < len(m) and col < width:
        pivot = max(range(rank, len(m)), key=lambda r: abs(m[r][col]))
        if abs(m[pivot][col]) <= tol:
            col += 1
            continue
        m[rank], m[pivot] = m[pivot], m[rank]
        for r in range(len(m)):
            if r != rank and abs(m[r][col]) > tol:
                f = m[r][col] / m[rank][col]
                m[r] = [a - f * b for a, b in zip(m[r], m[rank], strict=True)]
        rank += 1
        col += 1
    return rank


def _in_row_space(rows: list[list[float]], vector: list[float]) -> bool:
    """Whether ``vector`` is a linear combination of ``rows`` (the attacker can compute it)."""
    if not rows:
        return False
    return _rank([*rows, vector]) == _rank(rows)


group_sets = st.lists(st.sampled_from([SELF, SUP, PEER, SUB]), min_size=1, max_size=4, unique=True)


@settings(max_examples=60, deadline=None)
@given(item_groups=st.lists(group_sets, min_size=2, max_size=4), item_dims=st.lists(st.sampled_from("ab"), min_size=4,
                                                                                     max_size=4),
       counts=st.tuples(st.integers(0, 1), st.integers(0, 1), st.integers(0, 4), st.integers(0, 4)),
       seed=st.integers(0, 10_000))
def test_property_no_group_smaller_than_k_is_a_linear_combination_of_published_figures(item_groups, item_dims, counts,
                                                                                        seed):
    """The published cells of one subject are affine in the per-(item, group) answer sums. Their coefficients are
    measured by finite differences; then no sum over the answers of fewer than K anonymous raters (one small group,
    or a small union of groups, on any item, value or overall) may lie in the span of those coefficients."""
    rng = random.Random(seed)
    raters = {g: n for g, n in zip((SELF, SUP, PEER, SUB), counts, strict=True) if n}
    items = {n: SimpleNamespace(dimension=SimpleNamespace(code=item_dims[n]), rater_groups=groups)
             for n, groups in enumerate(item_groups)}
    atoms = [(i, g) for i, item in items.items() for g in item.rater_groups if raters.get(g)]
    if not atoms:
        return
    base = {a: float(rng.randint(raters[a[1]] + 1, 5 * raters[a[1]] - 1)) for a in atoms}

    def published(sums):
        return _published_vector(items, {a: (sums[a], raters[a[1]]) for a in atoms}, raters)

    reference = published(base)
    columns = []
    for a in atoms:
        moved = dict(base)
        moved[a] += 1.0
        columns.append([x - y for x, y in zip(published(moved), reference, strict=True)])
    matrix = [list(row) for row in zip(*columns, strict=True)]       # published figures × atoms
    anonymous = [g for g in (PEER, SUB) if raters.get(g)]
    for size in (1, 2):
        for small in itertools.combinations(anonymous, size):
            if sum(raters[g] for g in small) >= K:
                continue
            scopes = [[i] for i in items] + [[i for i in items if items[i].dimension.code == d] for d in "ab"]
            scopes.append(list(items))
            for scope in scopes:
                vector = [1.0 if (a[0] in scope and a[1] in small) else 0.0 for a in atoms]
                if any(vector):
                    assert not _in_row_space(matrix, vector), (small, scope, raters, item_groups)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sizes=st.lists(st.integers(0, 5), min_size=2, max_size=5), k=st.integers(2, 4))
def test_property_agency_and_city_cells_never_isolate_fewer_than_k_subjects(sizes, k):
    """Aggregates are means of subjects' scores: a published agency cell is Σ its subjects / n, the city Σ all / N.
    Whatever the sizes, no set of fewer than k subjects is a linear combination of the published sums."""
    agency_members = {}
    start = 0
    for a, n in enumerate(sizes):
        agency_members[a] = list(range(start, start + n))
        start += n
    total = start
    if not total:
        return
    members = {a: {f"r{s}" for s in m} for a, m in agency_members.items()}
    hidden, city_ok = disclosure.suppress({a: len(m) for a, m in agency_members.items()}, k, members=members,
                                          extra={a: len(m) for a, m in agency_members.items()})
    rows = [[1.0 if s in agency_members[a] else 0.0 for s in range(total)]
            for a in agency_members if a not in hidden and agency_members[a]]
    if city_ok and total >= k:
        rows.append([1.0] * total)
    matrix = rows
    for size in range(1, k):
        for group in itertools.combinations(range(total), size):
            vector = [1.0 if s in group else 0.0 for s in range(total)]
            assert not _in_row_space(matrix, vector), (sizes, k, group)


# --- 9. the form tells each group the truth -------------------------------------------------------------------

def test_the_answer_form_tells_the_superior_and_the_peers_who_sees_what(login, tim_rb, instrument_360, diskominfo):
    cycle = new_cycle(tim_rb, instrument_360, status=Cycle.Status.OPEN)
    subject, boss, peer = people(diskominfo, 3)
    pages = {}
    for rater, group in ((boss, SUP), (peer, PEER), (subject, SELF)):
        assignment = assign(cycle, subject, rater, group)
        html = login(make_user(rater)).get(reverse("evaluations:answer", args=[assignment.pk])).content.decode()
        pages[group] = html.split('data-testid="who-sees"')[1].split("</div>")[0]
    assert "satu-satunya atasan" in pages[SUP] and "Atasan" in pages[SUP] and "dikenali" in pages[SUP]
    assert "tanpa nama" in pages[PEER] and "3" in pages[PEER]
    assert "Diri sendiri" in pages[SELF]
    assert "tidak ditampilkan dengan nama" not in pages[SUP]          # the old half-truth is gone
