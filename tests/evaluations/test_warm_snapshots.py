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


def _published_with_subjects(tim_rb, instrument_360, diskominfo, staff_of, name):
    cycle = new_cycle(tim_rb, instrument_360, name=name, status=Cycle.Status.PUBLISHED)
    people = staff_of(diskominfo, 8)
    subjects = people[:3]
    for n, subject in enumerate(subjects):
        for rater in people[3:]:
            answer_all(assign(cycle, subject, rater, RaterGroup.PEER.value), 3 + n % 3)
    disclosure.compute_snapshot(cycle)
    return cycle, subjects


def test_a_page_of_subjects_reads_their_entries_not_the_whole_snapshot(tim_rb, instrument_360, diskominfo, staff_of,
                                                                         monkeypatch):
    from django.core.cache import caches

    cycle, subjects = _published_with_subjects(tim_rb, instrument_360, diskominfo, staff_of, "Siklus per orang")
    ids = [s.pk for s in subjects[:2]] + [999999]  # one id without an entry
    whole = disclosure.subject_figures(disclosure.snapshot(cycle), ids)
    cache.clear()
    disclosure.warm_snapshots()
    read = []
    backend = caches["default"]
    real = backend.get_many
    monkeypatch.setattr(backend, "get_many", lambda keys, *a, **k: read.extend(keys) or real(keys, *a, **k))
    part = disclosure.snapshot_for_subjects(cycle, ids)
    assert not any(key.endswith(":all") for key in read)  # the whole (19 MB at province scale) is not fetched
    assert set(part["subjects"]) == {str(i) for i in ids[:2]}
    assert disclosure.subject_figures(part, ids) == whole  # the same frozen figures
    assert disclosure.subject_progress(part, ids) == disclosure.subject_progress(disclosure.snapshot(cycle), ids)


def test_a_subject_entry_gone_from_the_cache_falls_back_to_the_whole_snapshot(tim_rb, instrument_360, diskominfo,
                                                                             staff_of):
    cycle, subjects = _published_with_subjects(tim_rb, instrument_360, diskominfo, staff_of, "Siklus tercecer")
    ids = [s.pk for s in subjects]
    whole = disclosure.subject_figures(disclosure.snapshot(cycle), ids)
    cache.delete(disclosure._cache_key(cycle.pk, f"s{ids[0]}"))  # evicted
    assert disclosure.subject_figures(disclosure.snapshot_for_subjects(cycle, ids), ids) == whole
    open_cycle = new_cycle(tim_rb, instrument_360, name="Siklus terbuka", status=Cycle.Status.OPEN)
    assert disclosure.snapshot_for_subjects(open_cycle, ids) is None  # nothing while a cycle is open
