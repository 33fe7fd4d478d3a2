"""Fixtures for notifications, reminders and reports: a reminder registered by the test, fake selectors of the
apps that build on notifications (their contracts, from the lead's brief), and mail that runs on commit."""

from __future__ import annotations

import types

import pytest

from notifications import figures, reminders
from notifications.services import claim_reminder, notify
from organization.models import Role, User

TEST_KIND = "test_pending_decision"


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks):
    """Run the on-commit callbacks (e-mail tasks are queued after commit) of the block inside it."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def test_reminder(db):
    """A reminder like the apps register: every active kepala of Diskominfo and Dinkes has a decision waiting."""

    def remind_kepala(now):
        sent = 0
        kepala = User.objects.filter(roles__role=Role.KEPALA, roles__is_active=True,
                                     roles__agency__code__in=["DISKOMINFO", "DINKES"]).distinct()
        for user in kepala:
            if not claim_reminder(recipient=user, kind=TEST_KIND, object_key="nomination:1",
                                  period_key=f"{now:%Y-%m-%d}"):
                continue
            notify(recipients=[user], kind=TEST_KIND, title="Nominasi menunggu dukungan Anda",
                   body="Ada 1 nominasi yang menunggu dukungan Anda sejak 3 hari lalu.", url="/agents/")
            sent += 1
        return sent

    reminders.register(TEST_KIND, description="Tes: keputusan menunggu", crontab={"minute": "30", "hour": "9"})(
        remind_kepala
    )
    yield TEST_KIND
    reminders.REGISTRY.pop(TEST_KIND, None)


@pytest.fixture
def fake_selectors(monkeypatch, diskominfo, dinkes):
    """Selectors of agents, forums and evaluations as their contracts describe them, with fixed figures."""

    def agency_row(agency_id):
        base = 10 if agency_id == diskominfo.pk else 4
        return {
            "agents": base, "quota": 12, "role_models": 2, "nominations": {"submitted": 3, "endorsed": 1},
            "projects_active": base - 2, "agents_with_change": base - 3, "changes": base * 2, "integrated": 2,
            "pct_agents_with_change": round(100 * (base - 3) / base, 1), "pct_integrated": 25.0, "zi_grade": "WBK",
        }

    def agency_summary(*, agency_ids, period=None):
        ids = agency_ids if agency_ids is not None else [diskominfo.pk, dinkes.pk]
        return {i: agency_row(i) for i in ids if i in (diskominfo.pk, dinkes.pk)}

    def combine_summary(per_agency):
        return {"agents": 14, "quota": 24, "role_models": 4, "nominations": {"submitted": 6, "endorsed": 2},
                "projects_active": 10, "agents_with_change": 8, "changes": 28, "integrated": 4,
                "pct_agents_with_change": 57.1, "pct_integrated": 40.0, "zi_grade": "WBK"}

    def activity_summary(*, agency_ids, since):
        by_agency = {diskominfo.pk: {"topics": 5, "posts": 31}, dinkes.pk: {"topics": 2, "posts": 7}}
        if agency_ids is not None:
            by_agency = {k: v for k, v in by_agency.items() if k in agency_ids}
        return {"by_agency": by_agency, "weekly": [{"week": "2026-W44", "topics": 3, "posts": 20}]}

    cycle = type("Cycle", (), {"pk": 7, "__str__": lambda self: "Evaluasi 360° Semester II 2026"})()

    def cycle_summary(*, cycle, agency_ids):
        by_agency = {diskominfo.pk: {"response_rate": 87.5, "scores": {"BerAKHLAK": 81.2, "INOVATIF": 77.0}},
                     dinkes.pk: {"response_rate": 64.0, "scores": {"BerAKHLAK": 72.4, "INOVATIF": 70.1}}}
        if agency_ids is not None:
            by_agency = {k: v for k, v in by_agency.items() if k in agency_ids}
        scores = next(iter(by_agency.values()))["scores"] if len(by_agency) == 1 else {"BerAKHLAK": 76.8,
                                                                                      "INOVATIF": 73.5}
        rate = next(iter(by_agency.values()))["response_rate"] if len(by_agency) == 1 else 75.2
        return {"response_rate": rate, "by_agency": by_agency, "scores": scores}

    monkeypatch.setattr(figures, "agent_selectors", types.SimpleNamespace(agency_summary=agency_summary,
                                                                          combine_summary=combine_summary))
    monkeypatch.setattr(figures, "forum_selectors", types.SimpleNamespace(activity_summary=activity_summary))
    monkeypatch.setattr(figures, "evaluation_selectors", types.SimpleNamespace(
        cycle_summary=cycle_summary, latest_published_cycle=lambda **scope: cycle))
