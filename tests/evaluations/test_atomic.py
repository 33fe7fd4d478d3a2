"""Evaluation writes are all-or-nothing: a failure after the first row a service writes leaves nothing behind (no
open cycle with an unfrozen instrument, no response without its answers, no half-copied version)."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.utils import timezone

from evaluations import selectors, services
from evaluations.models import Cycle, RaterGroup
from tests.atomicity import failing_after_first_write

from .conftest import make_user, new_cycle

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(tim_rb, instrument_360, diskominfo, dinkes, staff_of):
    subject, rater = staff_of(diskominfo, 2)
    return SimpleNamespace(tim_rb=tim_rb, instrument=instrument_360, diskominfo=diskominfo, dinkes=dinkes,
                           subject=subject, rater=rater)


def _draft_with_assignment(w):
    cycle = new_cycle(w.tim_rb, w.instrument)
    assignment = services.assignment_add(cycle=cycle, by=w.tim_rb, subject=w.subject, rater=w.rater,
                                         group=RaterGroup.PEER)
    return cycle, assignment


def _open(w):
    cycle, _assignment = _draft_with_assignment(w)
    return lambda: services.cycle_open(cycle=cycle, by=w.tim_rb)


def _opened(w):
    cycle, assignment = _draft_with_assignment(w)
    return services.cycle_open(cycle=cycle, by=w.tim_rb), assignment


def _close(w):
    cycle, _assignment = _opened(w)
    return lambda: services.cycle_close(cycle=cycle, by=w.tim_rb)


def _publish(w):
    cycle, _assignment = _opened(w)
    cycle = services.cycle_close(cycle=cycle, by=w.tim_rb)
    return lambda: services.cycle_publish(cycle=cycle, by=w.tim_rb)


def _respond(w):
    _cycle, assignment = _opened(w)
    rater = make_user(w.rater)
    answers = [{"item": i.pk, "score": 4} for i in selectors.items_for(assignment)]
    return lambda: services.response_save(assignment=assignment, by=rater, answers=answers, submit=True)


def _update(w):
    cycle = new_cycle(w.tim_rb, w.instrument, subject_mode=Cycle.SubjectMode.AGENCIES, agencies=[w.diskominfo])
    return lambda: services.cycle_update(cycle=cycle, by=w.tim_rb, name="Siklus uji diubah",
                                         agencies=[w.diskominfo, w.dinkes])


def _new_version(w):
    frozen = services.instrument_new_version(instrument=w.instrument, by=w.tim_rb)
    services.instrument_freeze(instrument=frozen)
    return lambda: services.instrument_new_version(instrument=frozen, by=w.tim_rb)


SCENARIOS = {
    "cycle_create": lambda w: lambda: services.cycle_create(
        by=w.tim_rb, name="Siklus atomik", instrument=w.instrument, opens_on=timezone.localdate(),
        closes_on=timezone.localdate() + dt.timedelta(days=14)),
    "cycle_update": _update,
    "cycle_open": _open,
    "cycle_close": _close,
    "cycle_publish": _publish,
    "response_save": _respond,
    "instrument_new_version": _new_version,
}


@pytest.mark.parametrize("service", SCENARIOS)
def test_a_failure_after_the_first_write_leaves_nothing_written(world, service):
    call = SCENARIOS[service](world)
    with failing_after_first_write():
        call()
