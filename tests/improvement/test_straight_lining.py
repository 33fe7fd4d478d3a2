"""Excluding straight-lined submissions from a cycle's results (issue 17): known answers, the threshold applied
after the exclusion, the setting's window and trail."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from evaluations import disclosure, services
from evaluations.models import Cycle, RaterGroup, SubmittedAnswer
from evaluations.services.responses import is_straight_lined
from tests.evaluations.conftest import answer_all, assign, make_employee, new_cycle

from .builders import instrument

pytestmark = pytest.mark.django_db
PEER, SELF = RaterGroup.PEER.value, RaterGroup.SELF.value


def varied(item) -> int:
    """A thoughtful rater: 4 or 5 depending on the item (never the same answer everywhere)."""
    return 4 + item.pk % 2


def _cycle(tim_rb, agency, peers: list, *, exclude: bool, name="Siklus uji") -> tuple[Cycle, int]:
    """One subject of ``agency`` rated by itself (varied) and by one peer per entry of ``peers`` (a score or a
    function of the item); closed, so its snapshot is computed."""
    cycle = new_cycle(tim_rb, instrument(), name=name)
    if exclude:
        services.cycle_straight_lining_set(cycle=cycle, by=tim_rb, exclude=True)
    Cycle.objects.filter(pk=cycle.pk).update(status=Cycle.Status.OPEN)
    subject = make_employee(agency)
    answer_all(assign(cycle, subject, subject, SELF), varied)
    for score in peers:
        answer_all(assign(cycle, subject, make_employee(agency), PEER), score)
    services.cycle_close(cycle=Cycle.objects.get(pk=cycle.pk), by=tim_rb)
    return Cycle.objects.get(pk=cycle.pk), subject.pk


def _figures(cycle, subject_id):
    return disclosure.subject_figures(disclosure.snapshot(cycle), [subject_id])[subject_id]


def test_the_same_answer_everywhere_is_straight_lining_and_one_item_is_not():
    assert is_straight_lined({1: 3, 2: 3, 3: 3})
    assert not is_straight_lined({1: 3, 2: 4, 3: 3})
    assert not is_straight_lined({1: 3})


def test_the_answers_of_a_straight_lined_submission_are_flagged_and_the_others_are_not(tim_rb, diskominfo):
    cycle, _subject = _cycle(tim_rb, diskominfo, [varied, varied, varied, 1], exclude=False)
    flagged = SubmittedAnswer.objects.filter(cycle=cycle, straight_lined=True)
    assert flagged.exists() and set(flagged.values_list("score", flat=True)) == {1}
    assert not SubmittedAnswer.objects.filter(cycle=cycle, straight_lined=False, score=1).exists()


def test_excluding_gives_the_scores_of_a_cycle_where_the_straight_liner_never_answered(tim_rb, diskominfo):
    # Four peers, one of whom answered 1 to everything. With the exclusion the figures are exactly those of the
    # same subject rated by the three others only; without it the 1s pull every score down.
    with_exclusion, s1 = _cycle(tim_rb, diskominfo, [varied, varied, varied, 1], exclude=True, name="A")
    without, s2 = _cycle(tim_rb, diskominfo, [varied, varied, varied, 1], exclude=False, name="B")
    three_only, s3 = _cycle(tim_rb, diskominfo, [varied, varied, varied], exclude=False, name="C")
    a, b, c = _figures(with_exclusion, s1), _figures(without, s2), _figures(three_only, s3)
    assert a.overall.groups[PEER] == pytest.approx(c.overall.groups[PEER])
    assert b.overall.groups[PEER] < a.overall.groups[PEER]
    for code, cell in c.cells.items():
        assert a.cells[code].score == pytest.approx(cell.score)
    assert a.counts[PEER] == [4, 3] and b.counts[PEER] == [4, 4]
    assert disclosure.snapshot(with_exclusion)["straight_lined_excluded"] == 1
    assert disclosure.snapshot(without)["straight_lined_excluded"] is None


def test_the_threshold_counts_the_raters_left_after_the_exclusion(tim_rb, diskominfo):
    # Three peers reach k = 3 and are shown; one of them straight-lined, so after the exclusion two are left:
    # the group is no longer shown on its own, and its answers appear in no figure.
    shown, s1 = _cycle(tim_rb, diskominfo, [varied, varied, 2], exclude=False, name="A")
    hidden, s2 = _cycle(tim_rb, diskominfo, [varied, varied, 2], exclude=True, name="B")
    assert PEER in _figures(shown, s1).overall.groups
    figures = _figures(hidden, s2)
    assert PEER not in figures.overall.groups
    assert all(PEER not in cell.groups for cell in figures.cells.values())
    assert figures.counts[PEER] == [3, 2]


def test_agency_cells_count_an_excluded_submission_off_the_respondents(tim_rb, diskominfo):
    # Which rater straight-lined is not known, so an agency's distinct respondents are lowered by the number of
    # its excluded submissions (a lower bound), and the agency cells' threshold applies to that.
    def cycle_of(scores, exclude, name):
        cycle = new_cycle(tim_rb, instrument(), name=name)
        services.cycle_straight_lining_set(cycle=cycle, by=tim_rb, exclude=exclude)
        Cycle.objects.filter(pk=cycle.pk).update(status=Cycle.Status.OPEN)
        for score in scores:
            subject = make_employee(diskominfo)
            answer_all(assign(cycle, subject, subject, SELF), varied)
            answer_all(assign(cycle, subject, make_employee(diskominfo), PEER), score)
        services.cycle_close(cycle=Cycle.objects.get(pk=cycle.pk), by=tim_rb)
        return disclosure.snapshot(Cycle.objects.get(pk=cycle.pk))

    # Self-ratings are respondents too: three subjects rating themselves + three peers = six respondents.
    kept = cycle_of([varied, varied, 3], False, "A")
    dropped = cycle_of([varied, varied, 3], True, "B")
    assert kept["agency_respondents"][str(diskominfo.pk)] == 6
    assert dropped["agency_respondents"][str(diskominfo.pk)] == 5


def test_only_tim_rb_changes_the_setting_and_only_before_the_close(tim_rb, operator_diskominfo):
    cycle = new_cycle(tim_rb, instrument())
    with pytest.raises(PermissionDenied):
        services.cycle_straight_lining_set(cycle=cycle, by=operator_diskominfo, exclude=True)
    Cycle.objects.filter(pk=cycle.pk).update(status=Cycle.Status.OPEN)
    services.cycle_straight_lining_set(cycle=cycle, by=tim_rb, exclude=True)
    for status in (Cycle.Status.CLOSED, Cycle.Status.PUBLISHED):
        Cycle.objects.filter(pk=cycle.pk).update(status=status)
        with pytest.raises(ValidationError) as err:
            services.cycle_straight_lining_set(cycle=cycle, by=tim_rb, exclude=False)
        assert "sebelum siklus ditutup" in str(err.value)
    assert Cycle.objects.get(pk=cycle.pk).exclude_straight_lined is True


def test_the_cycle_trail_records_who_turned_the_exclusion_on_and_off(tim_rb):
    cycle = new_cycle(tim_rb, instrument())
    assert cycle.exclude_straight_lined is False                 # off by default
    services.cycle_straight_lining_set(cycle=cycle, by=tim_rb, exclude=True)
    services.cycle_straight_lining_set(cycle=cycle, by=tim_rb, exclude=True)     # no change: no new record
    services.cycle_straight_lining_set(cycle=cycle, by=tim_rb, exclude=False)
    trail = list(cycle.history.order_by("history_date").values_list("exclude_straight_lined", "history_user_id"))
    assert [flag for flag, _u in trail] == [False, True, False]
    assert trail[1][1] == tim_rb.pk and trail[2][1] == tim_rb.pk


def test_tim_rb_turns_the_exclusion_on_from_the_rater_quality_page(client, tim_rb):
    cycle = new_cycle(tim_rb, instrument(), status=Cycle.Status.OPEN)
    client.force_login(tim_rb)
    page = client.get(reverse("improvement:rater_quality", args=[cycle.pk]))
    assert page.status_code == 200 and "Dihitung dalam hasil" in page.content.decode()
    response = client.post(reverse("improvement:straight_lining", args=[cycle.pk]), {"exclude": "on"})
    assert response.status_code == 302
    assert Cycle.objects.get(pk=cycle.pk).exclude_straight_lined is True
    body = client.get(reverse("improvement:rater_quality", args=[cycle.pk])).content.decode()
    assert "Dikecualikan dari hasil" in body and "dinyalakan" in body and tim_rb.username in body


def test_after_the_close_the_page_says_why_the_setting_cannot_change(client, tim_rb, diskominfo):
    cycle, _s = _cycle(tim_rb, diskominfo, [varied, varied, varied, 1], exclude=True)
    client.force_login(tim_rb)
    response = client.post(reverse("improvement:straight_lining", args=[cycle.pk]), {})
    assert response.status_code == 400
    body = response.content.decode()
    assert "sebelum siklus ditutup" in body
    assert "1 pengisian dikecualikan pada siklus ini." in body
    assert Cycle.objects.get(pk=cycle.pk).exclude_straight_lined is True
    data = client.get(f"/api/v1/cycles/{cycle.pk}/rater-quality/").json()["straight_lining"]
    assert (data["exclude"], data["editable"], data["excluded"]) == (True, False, 1)
    assert [t["exclude"] for t in data["trail"]] == [True]


@pytest.mark.parametrize("who", ["operator_diskominfo", "kepala_diskominfo", "sekda"])
def test_nobody_but_tim_rb_changes_the_setting_from_the_page(client, tim_rb, who, request):
    cycle = new_cycle(tim_rb, instrument(), status=Cycle.Status.OPEN)
    client.force_login(request.getfixturevalue(who))
    assert client.post(reverse("improvement:straight_lining", args=[cycle.pk]), {"exclude": "on"}).status_code == 403
    assert Cycle.objects.get(pk=cycle.pk).exclude_straight_lined is False


def test_the_cycle_page_links_tim_rb_to_the_setting_and_the_admin_cannot_change_it(client, tim_rb):
    cycle = new_cycle(tim_rb, instrument())
    client.force_login(tim_rb)
    body = client.get(reverse("evaluations:cycle_detail", args=[cycle.pk])).content.decode()
    assert reverse("improvement:rater_quality", args=[cycle.pk]) in body
    from django.contrib import admin

    assert "exclude_straight_lined" in admin.site._registry[Cycle].readonly_fields
