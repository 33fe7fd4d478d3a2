"""Two approvers acting at once produce one decision and one agent (the nomination row is locked)."""

import threading

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection

from agents import services
from agents.models import ChangeAgent, Nomination, NominationTransition
from organization.models import Agency, User
from tests.conftest import seed_small_city

from .conftest import JUSTIFICATION, make_employee, make_period, today


def endorsed_nomination():
    tim_rb = User.objects.get(username="tim.rb")
    operator = User.objects.get(username="operator.diskominfo")
    kepala = User.objects.get(username="kepala.diskominfo")
    period = make_period(tim_rb)
    nomination = services.nomination_create(by=operator, period=period, justification=JUSTIFICATION,
                                            candidate=make_employee(Agency.objects.get(code="DISKOMINFO")))
    services.nomination_submit(nomination=nomination, by=operator)
    services.nomination_endorse(nomination=nomination, by=kepala)
    return nomination


@pytest.mark.django_db
def test_an_approver_holding_a_stale_copy_is_refused_after_the_first_decision(tim_rb, admin_user, nominate):
    nomination = nominate("endorsed")
    stale = Nomination.objects.get(pk=nomination.pk)  # both approvers loaded the page while it was endorsed
    services.nomination_approve(nomination=nomination, by=tim_rb, decree_number="800/1", decree_date=today(),
                                confirm_unscored=True)
    with pytest.raises(PermissionDenied, match="Ditetapkan"):
        services.nomination_approve(nomination=stale, by=admin_user, decree_number="800/2", decree_date=today(),
                                    confirm_unscored=True)
    assert ChangeAgent.objects.filter(employee=nomination.candidate).count() == 1
    assert NominationTransition.objects.filter(nomination=nomination, action="approve").count() == 1


@pytest.mark.skipif(connection.vendor == "sqlite", reason=(
    "SQLite has no row locks (select_for_update is a no-op) and the in-memory test database refuses a second writer "
    "with 'table is locked' instead of waiting; run on PostgreSQL (DATABASE_URL) to exercise the lock."))
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_approvals_produce_one_decision_and_one_agent():
    seed_small_city()
    nomination = endorsed_nomination()
    approvers = [User.objects.get(username="tim.rb"), User.objects.get(username="admin")]
    barrier = threading.Barrier(len(approvers))
    outcomes = []

    def approve(user, number):
        try:
            barrier.wait(timeout=10)
            services.nomination_approve(nomination=Nomination.objects.get(pk=nomination.pk), by=user,
                                        decree_number=number, decree_date=today(), confirm_unscored=True)
            outcomes.append("approved")
        except PermissionDenied:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=approve, args=(u, f"800/{i}/BKPSDM")) for i, u in enumerate(approvers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(outcomes) == ["approved", "refused"]
    assert ChangeAgent.objects.filter(nomination=nomination).count() == 1
    assert ChangeAgent.objects.filter(employee=nomination.candidate).count() == 1
    assert NominationTransition.objects.filter(nomination=nomination, action="approve").count() == 1
