"""A deploy loads the closed cycles' frozen results into the shared cache (``manage.py warm_caches``): at province
scale a snapshot is ~19 MB of JSON, which made the first results page after a deploy take 1.4 s (bench/)."""

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from evaluations import disclosure
from evaluations.models import Cycle, RaterGroup

from .conftest import answer_all, assign, new_cycle

pytestmark = pytest.mark.django_db


def test_warm_caches_loads_the_closed_cycles_results_before_the_first_visitor(tim_rb, instrument_360, diskominfo,
                                                                               staff_of):
    cycle = new_cycle(tim_rb, instrument_360, name="Siklus hangat", status=Cycle.Status.PUBLISHED)
    subject, *peers = staff_of(diskominfo, 4)
    for p in peers:
        answer_all(assign(cycle, subject, p, RaterGroup.PEER.value), 4)
    disclosure.compute_snapshot(cycle)
    cache.clear()  # a deploy: nothing cached yet
    call_command("warm_caches")
    with CaptureQueriesContext(connection) as ctx:
        whole, head = disclosure.snapshot(cycle), disclosure.snapshot(cycle, head_only=True)
    assert whole["subjects"] and "subjects" not in head
    assert ctx.captured_queries == []  # neither the stored snapshot nor anything else is read


def test_without_warming_the_first_reader_loads_the_stored_snapshot(tim_rb, instrument_360, diskominfo, staff_of):
    cycle = new_cycle(tim_rb, instrument_360, name="Siklus dingin", status=Cycle.Status.PUBLISHED)
    subject, *peers = staff_of(diskominfo, 4)
    for p in peers:
        answer_all(assign(cycle, subject, p, RaterGroup.PEER.value), 4)
    disclosure.compute_snapshot(cycle)
    cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        disclosure.snapshot(cycle)
    assert len(ctx.captured_queries) == 1  # what warm_caches spares the first visitor
