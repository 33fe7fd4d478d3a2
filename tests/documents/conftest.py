"""A period run end to end for the documents tests: a staff vote, endorsed nominations, panel scores."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from agents import services
from agents.models import ProgramPeriod
from tests.agents.conftest import make_period, nominate, period  # noqa: F401  (fixtures shared with agents)

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


@pytest.fixture
def voting_period(tim_rb):
    now = timezone.now()
    return make_period(tim_rb, default_quota=10, vote_enabled=True, vote_opens=now - dt.timedelta(hours=1),
                       vote_closes=now + dt.timedelta(hours=2), vote_weight=25)


def close_vote(voting: ProgramPeriod) -> ProgramPeriod:
    ProgramPeriod.objects.filter(pk=voting.pk).update(vote_closes=timezone.now() - dt.timedelta(minutes=1))
    return ProgramPeriod.objects.get(pk=voting.pk)


def score_all(nomination, by, value):
    services.nomination_score(nomination=nomination, by=by,
                              scores={c.pk: (value, "") for c in nomination.period.criteria.all()})


@pytest.fixture
def second_panel_member(db):
    """A Tim RB member without an employee record (so no conflict of interest with any agency)."""
    from organization.models import Role, RoleAssignment, User

    user = User.objects.create_user("panel.dua", password="x")
    RoleAssignment.objects.create(user=user, role=Role.TIM_RB)
    return User.objects.get(pk=user.pk)
