"""The demo data: an open period, nominations in every state, the demo agents, role models, projects; idempotent."""

import pytest

from agents import demo
from agents.models import ChangeAgent, ChangeProject, Nomination, ProgramPeriod, ProgressReport
from agents.selectors import city_summary
from organization.models import RoleAssignment

pytestmark = pytest.mark.django_db


def counts():
    return [m.objects.count() for m in (ProgramPeriod, Nomination, ChangeAgent, ChangeProject, ProgressReport,
                                        RoleAssignment)]


def test_the_demo_seeds_every_state_and_the_demo_agents_and_is_idempotent(media_root, agen_diskominfo, agen_dinkes):
    demo.seed(seed=2026)
    first = counts()
    demo.seed(seed=2026)
    assert counts() == first
    open_period = ProgramPeriod.objects.open_on().get()
    states = set(Nomination.objects.filter(period=open_period).values_list("status", flat=True))
    assert states == {"draft", "submitted", "endorsed", "approved", "rejected"}
    assert Nomination.objects.filter(period=open_period, return_comment__gt="").exists()
    agencies = set(Nomination.objects.filter(period=open_period).values_list("agency__code", flat=True))
    # The small test city has too few free staff in Diskominfo; the full demo (2,000 employees) nominates there too.
    assert "DINKES" in agencies and len(agencies) >= 3
    for user in (agen_diskominfo, agen_dinkes):
        assert ChangeAgent.objects.active().agents().filter(employee=user.employee).exists()
        assert RoleAssignment.objects.get(user=user, role="agen").is_active
    assert ChangeAgent.objects.role_models().filter(employee__user__username="kepala.diskominfo").exists()
    assert ChangeProject.objects.filter(integrated=True).exists() and ProgressReport.objects.exists()
    city = city_summary()
    assert city["agents"] > 0 and city["changes"] > 0 and city["zi_grade"] == "A"
