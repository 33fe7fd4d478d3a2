"""Writes are all-or-nothing: every public function of a service module runs in ``transaction.atomic``, unless it is
listed here with the reason it needs none. A new service that forgets the decorator fails this test.

Each app's ``test_atomic.py`` then injects a failure after the first row its multi-row services write and finds
nothing written (tests/atomicity.py).
"""

from __future__ import annotations

import inspect

import pytest

from tests.atomicity import is_atomic, public_functions

READ = "reads or computes only"
ONE_ROW = "writes one row (or one statement), which the database makes atomic by itself"
OWN = "runs its own transaction blocks, by design (see its docstring)"

NOT_ATOMIC = {
    "organization.importing.services.sync_max_rows": READ,
    "organization.importing.services.import_job_create": OWN,   # the job row and its file, in one block
    "organization.importing.services.import_job_confirm": OWN,  # confirm in one block, then apply (its own)
    "organization.importing.services.import_job_apply": OWN,    # progress outside, every employee row in one block
    "notifications.services.wants_email": READ,
    "notifications.services.email_recipient_ids": READ,
    "notifications.services.notify": ONE_ROW,   # one bulk insert (Django wraps it in a transaction); mail on commit
    "notifications.services.queue_emails": READ,  # queues tasks on commit
    "notifications.services.mark_read": ONE_ROW,
    "notifications.services.mark_all_read": ONE_ROW,
    "notifications.services.claim_reminder": ONE_ROW,
    "notifications.report_services.period_bounds": READ,
    "notifications.report_services.report_scopes": READ,
    "notifications.report_services.report_recipients": READ,
    "notifications.report_services.report_title": READ,
    "notifications.report_services.report_subtitle": READ,
    "notifications.report_services.report_build": OWN,   # files rendered first, the rows in one short block
    "notifications.report_services.build_period": OWN,   # every scope's files first, then all rows in one block
    "agents.services.common.users_with_role": READ,
    "agents.services.common.tim_rb_users": READ,
    "agents.services.common.absolute": READ,
    "agents.services.nominations.not_allowed": READ,
    "agents.services.nominations.check_scorer": READ,
    "agents.services.nominations.capacity_label": READ,
    "agents.services.nominations.step_endorsers": READ,
    "agents.services.nominations.agency_heads": READ,
    "agents.services.nominations.refresh_score_total": ONE_ROW,
    "agents.services.projects.month_start": READ,
    "agents.services.registry.ensure_user_for_employee": ONE_ROW,
    "agents.services.registry.decree_date_error": READ,
    "agents.services.votes.shortlist": READ,
    "agents.services.votes.turnout": READ,
    "agents.services.votes.results": READ,
    "agents.services.votes.vote_share": READ,
    "agents.services.votes.with_vote_share": READ,
    "documents.services.minutes_data": READ,
    "documents.services.decree_text": READ,  # the saved text, or an unsaved one with the defaults
    "documents.services.appointments": READ,
    "documents.services.max_decree_bytes": READ,
    "documents.services.verification": READ,
    "documents.services.register_verification": READ,   # adds a lookup function at start-up (no database)
    "forums.services.counters.recount_topic": ONE_ROW,
    "forums.services.counters.recount_forum": ONE_ROW,
    "forums.services.moderation.log_action": ONE_ROW,
    "forums.services.forums.city_forum_name": READ,
    "forums.services.posting.clean_title": READ,
    "forums.services.posting.clean_body": READ,
    "forums.services.posting.check_attachments": READ,
    "forums.services.posting.linkable_projects": READ,
    "forums.services.reading.topic_mark_read": ONE_ROW,
    "evaluations.services.cycles.cycle_subjects": READ,
    "evaluations.services.cycles.plan_assignments": READ,
    "evaluations.services.instruments.instrument_editable": READ,  # the version to edit; a new one via its service
    "evaluations.services.instruments.instrument_freeze": ONE_ROW,
    "zi.pack.register": READ,  # adds a collector to a list in memory
    "zi.pack.safe_name": READ,
    "zi.pack.collect": READ,
    "zi.pack.pack_build_run": OWN,  # marks the build running in one block, writes the ZIP, then the result row
    "evaluations.services.responses.submission_pattern": READ,
    "evaluations.services.responses.is_straight_lined": READ,
    "improvement.services.value_scores": READ,
    "improvement.services.previous_published": READ,
    "improvement.services.pick_weak": READ,
    "improvement.recognition.qualifies": READ,
    "improvement.recognition.certificate_pdf": READ,
    "improvement.recognition.verification": READ,
}

FUNCTIONS = dict(public_functions())


@pytest.mark.parametrize("name", sorted(FUNCTIONS))
def test_every_service_function_is_atomic_or_says_why_not(name):
    fn = FUNCTIONS[name]
    if name in NOT_ATOMIC:
        assert not is_atomic(fn), f"{name} is atomic now: remove it from NOT_ATOMIC"
        if NOT_ATOMIC[name] == OWN:
            assert "transaction.atomic(" in inspect.getsource(fn) or any(
                callee in inspect.getsource(fn) for callee in ("_store(", "import_job_apply(")), name
        return
    assert is_atomic(fn), (f"{name} writes through no transaction.atomic: decorate it, or list it in NOT_ATOMIC "
                           f"with the reason it needs none")


def test_the_guard_sees_the_services_of_every_app():
    modules = {name.rsplit(".", 1)[0] for name in FUNCTIONS}
    for app in ("organization", "notifications", "agents", "forums", "evaluations"):
        assert any(m.startswith(f"{app}.") for m in modules), app
    assert "forums.services.posting.topic_create" in FUNCTIONS
    assert len(FUNCTIONS) > 80
