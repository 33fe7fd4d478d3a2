"""Fixtures for the evaluations tests: the default instruments, cycles built directly, answers written in bulk."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.utils import timezone

from evaluations import services
from evaluations.defaults import BEHAVIOUR_360_CODE, CULTURE_SURVEY_CODE, ensure_default_instruments
from evaluations.models import Answer, Assignment, Cycle, Instrument, Item, RaterGroup, Response
from evaluations.services.responses import _store_submission
from organization.models import Agency, Employee, Role, RoleAssignment, User

_nip_counter = itertools.count(1)


@pytest.fixture
def instrument_360(db):
    ensure_default_instruments()
    return Instrument.objects.get(code=BEHAVIOUR_360_CODE, version=1)


@pytest.fixture
def survey_instrument(db):
    ensure_default_instruments()
    return Instrument.objects.get(code=CULTURE_SURVEY_CODE, version=1)


def make_employee(agency: Agency, *, unit=None, superior=None, position_type="pelaksana", name=None) -> Employee:
    n = next(_nip_counter)
    return Employee.objects.create(
        nip=f"19900101201501{n:04d}"[:18].ljust(18, "1"), name=name or f"Pegawai Uji {n}", sex="L",
        birth_date=dt.date(1990, 1, 1), position_type=position_type, position="Pengelola Data", agency=agency,
        unit=unit, superior=superior,
    )


def make_user(employee: Employee, *, username: str | None = None, roles=()) -> User:
    user = User.objects.create(username=username or f"u{employee.pk}", employee=employee, email=f"u{employee.pk}@x.id")
    for role, agency in roles:
        RoleAssignment.objects.create(user=user, role=role, agency=agency)
    return user


def new_cycle(tim_rb, instrument, *, name="Siklus uji", status=Cycle.Status.DRAFT, **kwargs) -> Cycle:
    today = timezone.localdate()
    kwargs.setdefault("opens_on", today - dt.timedelta(days=3))
    kwargs.setdefault("closes_on", today + dt.timedelta(days=10))
    cycle = services.cycle_create(by=tim_rb, name=name, instrument=instrument, **kwargs)
    if status != Cycle.Status.DRAFT:
        Cycle.objects.filter(pk=cycle.pk).update(status=status)
        cycle.refresh_from_db()
    return cycle


def assign(cycle, subject, rater, group) -> Assignment:
    return Assignment.objects.create(cycle=cycle, subject=subject, rater=rater, group=group)


def answer_all(assignment: Assignment, score, *, comment: str = "", submitted: bool = True) -> Response:
    """Answer every item the rater's group sees; ``score`` is a number or a function of the item. Submitted
    answers are stored as the service stores them (anonymously, apart from the assignment), whatever the cycle's
    status (tests add answers to cycles they then close or publish directly)."""
    items = [i for i in Item.objects.filter(dimension__instrument_id=assignment.cycle.instrument_id)
             if assignment.group in i.rater_groups]
    scores = {i.pk: score(i) if callable(score) else score for i in items}
    response = Response.objects.create(assignment=assignment, comment="" if submitted else comment)
    if submitted:
        return _store_submission(assignment=assignment, response=response, scores=scores, comment=comment)
    Answer.objects.bulk_create([Answer(response=response, item_id=i, score=s) for i, s in scores.items()])
    return response


@pytest.fixture
def staff_of():
    """``staff_of(agency, n)``: n active employees of ``agency`` (existing ones, lowest pk first)."""

    def _staff(agency, n, exclude=()):
        people = list(Employee.objects.filter(agency=agency, is_active=True).exclude(pk__in=exclude).order_by("pk")[:n])
        while len(people) < n:
            people.append(make_employee(agency))
        return people

    return _staff


GROUPS = RaterGroup
ROLE = Role
