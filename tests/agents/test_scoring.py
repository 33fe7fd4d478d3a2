"""Panel scoring: 1–5 per criterion with a note, weighted total, ranking per agency, no conflict of interest."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from agents import services
from agents.models import Criterion, NominationScore, weighted_total
from agents.selectors import nomination_ranking
from organization.models import Role, RoleAssignment, User

from .conftest import make_period

pytestmark = pytest.mark.django_db


def all_scores(period, value, note=""):
    return {c.pk: (value, note) for c in period.criteria.all()}


@pytest.fixture
def weighted_period(tim_rb):
    return make_period(tim_rb, default_quota=10)


@pytest.fixture
def second_member(db):
    """Another Tim RB member, without an employee record."""
    user = User.objects.create_user("panel.dua", password="x")
    RoleAssignment.objects.create(user=user, role=Role.TIM_RB)
    return User.objects.get(pk=user.pk)


def test_the_weighted_total_on_a_hand_computed_example():
    # Weights 40/30/30, scores 5/3/4: (5*40 + 3*30 + 4*30)/100 = 4.1 on 1–5 → 82.00 on 0–100.
    assert weighted_total({1: 5, 2: 3, 3: 4}, {1: 40, 2: 30, 3: 30}) == Decimal("82.00")
    assert weighted_total({1: 5}, {1: 40, 2: 60}) is None  # not every criterion scored yet


def test_new_periods_get_the_five_default_criteria(period):
    assert [c.name for c in period.criteria.all()] == [
        "Menjadi teladan", "Kompeten", "Memahami tugas unit", "Berdedikasi", "Berintegritas"]
    assert {c.weight for c in period.criteria.all()} == {20}


def test_panel_scores_average_across_members_and_weigh_by_criterion(tim_rb, second_member, weighted_period, nominate):
    services.period_save(period=weighted_period, by=tim_rb, criteria=[
        {"name": "Teladan", "weight": 60}, {"name": "Integritas", "weight": 40}])
    teladan, integritas = list(Criterion.objects.filter(period=weighted_period))
    nomination = nominate("endorsed", on_period=weighted_period)
    services.nomination_score(nomination=nomination, by=tim_rb, scores={teladan.pk: (5, "Sangat baik"), integritas.pk: (3, "")})
    services.nomination_score(nomination=nomination, by=second_member, scores={teladan.pk: (3, ""), integritas.pk: (3, "")})
    nomination.refresh_from_db()
    # Teladan mean 4, Integritas mean 3 → (4*60 + 3*40)/100 = 3.6 → 72.00
    assert nomination.score_total == Decimal("72.00") and nomination.score_count == 2
    assert NominationScore.objects.get(nomination=nomination, scorer=tim_rb, criterion=teladan).note == "Sangat baik"


def test_scoring_again_replaces_the_members_earlier_scores(tim_rb, period, nominate):
    nomination = nominate("endorsed")
    services.nomination_score(nomination=nomination, by=tim_rb, scores=all_scores(period, 2))
    services.nomination_score(nomination=nomination, by=tim_rb, scores=all_scores(period, 5))
    nomination.refresh_from_db()
    assert nomination.score_total == Decimal("100.00") and nomination.score_count == 1


def test_a_score_outside_1_to_5_or_missing_is_a_field_error(tim_rb, period, nominate):
    nomination = nominate("endorsed")
    scores = all_scores(period, 4)
    first = next(iter(scores))
    scores[first] = (6, "")
    with pytest.raises(ValidationError) as exc:
        services.nomination_score(nomination=nomination, by=tim_rb, scores=scores)
    assert f"score_{first}" in exc.value.message_dict


def test_a_member_cannot_score_a_candidate_of_their_own_agency(tim_rb, period, nominate, operator_diskominfo):
    from organization.models import Agency

    setda = Agency.objects.get(code="SETDA")
    operator = User.objects.get(username="operator.setda")  # demo account; the head of the Setda is the sekda
    assert tim_rb.employee.agency_id == setda.pk
    nomination = nominate("endorsed", agency=setda, operator=operator, kepala=User.objects.get(username="sekda"))
    with pytest.raises(PermissionDenied, match="perangkat daerahnya sendiri"):
        services.nomination_score(nomination=nomination, by=tim_rb, scores=all_scores(period, 4))


def test_the_score_page_refuses_conflicts_with_403_and_serves_other_members(tim_rb, period, nominate, login, second_member):
    nomination = nominate("endorsed")
    url = reverse("agents:nomination_score", args=[nomination.pk])
    assert login(tim_rb).get(url).status_code == 200
    data = {}
    for c in period.criteria.all():
        data[f"score_{c.pk}"] = "4"
        data[f"note_{c.pk}"] = "Baik"
    assert login(second_member).post(url, data).status_code == 302
    nomination.refresh_from_db()
    assert nomination.score_total == Decimal("80.00")


def test_only_tim_rb_scores(period, nominate, api, kepala_diskominfo, sekda):
    nomination = nominate("endorsed")
    payload = {"scores": [{"criterion": c.pk, "score": 4} for c in period.criteria.all()]}
    assert api(kepala_diskominfo).post(f"/api/v1/nominations/{nomination.pk}/score/", payload, format="json").status_code == 403
    assert api(sekda).post(f"/api/v1/nominations/{nomination.pk}/score/", payload, format="json").status_code == 403


def test_the_ranking_orders_candidates_within_each_agency(tim_rb, period, nominate, dinkes, operator_dinkes, kepala_dinkes,
                                                          login):
    a = nominate("endorsed")
    b = nominate("endorsed")
    c = nominate("endorsed", agency=dinkes, operator=operator_dinkes, kepala=kepala_dinkes)
    services.nomination_score(nomination=a, by=tim_rb, scores=all_scores(period, 3))
    services.nomination_score(nomination=b, by=tim_rb, scores=all_scores(period, 5))
    services.nomination_score(nomination=c, by=tim_rb, scores=all_scores(period, 4))
    rows = list(nomination_ranking(tim_rb, period))
    ranks = {n.pk: n.rank for n in rows}
    assert ranks[b.pk] == 1 and ranks[a.pk] == 2 and ranks[c.pk] == 1
    page = login(tim_rb).get(reverse("agents:nomination_ranking"), {"period": period.pk}).content.decode()
    assert page.index(b.candidate.name) < page.index(a.candidate.name)
