"""Report writes are all-or-nothing: a period's set of reports appears whole or not at all (no row and no file is
left when one scope fails), a rebuild that fails keeps the earlier set, and a delivery claims nobody it did not tell."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from notifications.models import Report
from notifications.report_services import build_period, report_deliver
from tests.atomicity import failing_after_first_write

pytestmark = pytest.mark.django_db


def last_month() -> str:
    return f"{timezone.localdate().replace(day=1) - dt.timedelta(days=1):%Y-%m}"


def files_in(media_root):
    return sorted(p.name for p in media_root.rglob("*") if p.is_file()) if media_root.exists() else []


def test_a_period_that_fails_after_its_first_report_leaves_no_report_and_no_file(media_root, diskominfo, dinkes):
    with failing_after_first_write():
        build_period(kind="monthly", period_label=last_month(), agency_ids=[None, diskominfo.pk, dinkes.pk],
                     deliver=False)
    assert files_in(media_root) == []


def test_a_rebuild_that_fails_part_way_keeps_the_earlier_set_and_its_files(media_root, diskominfo, dinkes):
    scopes = [None, diskominfo.pk, dinkes.pk]
    build_period(kind="monthly", period_label=last_month(), agency_ids=scopes, deliver=False)
    before = files_in(media_root)
    with failing_after_first_write():
        build_period(kind="monthly", period_label=last_month(), agency_ids=scopes, deliver=False)
    assert files_in(media_root) == before and Report.objects.count() == 3


def test_a_delivery_that_fails_after_its_first_claim_claims_nobody(media_root, diskominfo, kepala_diskominfo):
    [report] = build_period(kind="monthly", period_label=last_month(), agency_ids=[None], deliver=False)
    with failing_after_first_write():
        report_deliver(report=report)
