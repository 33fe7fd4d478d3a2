"""Exports (XLSX, PDF) and the demo data."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from evaluations import demo, selectors
from evaluations.models import Assignment, Cycle, RaterGroup

from .conftest import answer_all, assign, new_cycle

PEER = RaterGroup.PEER.value


@pytest.fixture
def published(tim_rb, instrument_360, diskominfo, staff_of):
    cycle = new_cycle(tim_rb, instrument_360, name="Siklus ekspor", status=Cycle.Status.PUBLISHED)
    subject, *peers = staff_of(diskominfo, 4)
    answer_all(assign(cycle, subject, subject, "self"), 4)
    for p in peers:
        answer_all(assign(cycle, subject, p, PEER), 5)
    return cycle, subject


def test_tim_rb_exports_results_to_excel(login, tim_rb, published, diskominfo):
    cycle, subject = published
    response = login(tim_rb).get(reverse("evaluations:results_xlsx", args=[cycle.pk]))
    assert response.status_code == 200
    wb = load_workbook(io.BytesIO(response.content))
    rows = [[c.value for c in r] for r in wb["Per perangkat daerah"].iter_rows()]
    agency_row = next(r for r in rows if r[0] == diskominfo.name)
    assert agency_row[3] == 100.0                                   # response rate
    assert wb["Per orang"]["A2"].value == subject.name


def test_an_operator_export_has_no_sheet_per_person(login, operator_diskominfo, published):
    cycle, _subject = published
    wb = load_workbook(io.BytesIO(login(operator_diskominfo).get(reverse("evaluations:results_xlsx",
                                                                         args=[cycle.pk])).content))
    assert wb.sheetnames == ["Per perangkat daerah"]


def test_results_and_subject_reports_export_to_pdf(login, tim_rb, published):
    cycle, subject = published
    client = login(tim_rb)
    for url in (reverse("evaluations:results_pdf", args=[cycle.pk]),
                reverse("evaluations:subject_result_pdf", args=[cycle.pk, subject.pk])):
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")


def test_the_demo_gives_pending_assignments_to_the_demo_accounts_and_is_idempotent(
        pegawai_diskominfo, agen_diskominfo):
    demo.seed(seed=2026)
    counts = (Cycle.objects.count(), Assignment.objects.count())
    demo.seed(seed=2026)
    assert (Cycle.objects.count(), Assignment.objects.count()) == counts
    open_cycle = Cycle.objects.get(name=demo.OPEN_360)
    assert open_cycle.status == Cycle.Status.OPEN
    pending = selectors.my_assignments(pegawai_diskominfo, pending_only=True)
    assert pending.filter(cycle=open_cycle, subject=agen_diskominfo.employee, group=PEER).exists()
    assert selectors.my_assignments(agen_diskominfo, pending_only=True).filter(cycle=open_cycle).exists()
    published = Cycle.objects.get(name=demo.PUBLISHED_360)
    assert published.status == Cycle.Status.PUBLISHED
    report = selectors.subject_report(published, agen_diskominfo.employee)
    assert report.overall.score is not None
    summary = selectors.cycle_summary(cycle=Cycle.objects.get(name=demo.PUBLISHED_SURVEY))
    assert summary["response_rate"] > 50


def test_formula_like_names_are_text_in_the_results_workbook(login, tim_rb, published, diskominfo):
    """Issue 14: a name or agency that starts with = + - @ is written as text, never as a live formula."""
    cycle, subject = published
    subject.name = "=HYPERLINK(\"https://evil.example\",\"klik\")"
    subject.save()
    diskominfo.name = "@SUM(1+1)"
    diskominfo.save()
    wb = load_workbook(io.BytesIO(login(tim_rb).get(reverse("evaluations:results_xlsx", args=[cycle.pk])).content))
    cells = [c for ws in wb for row in ws.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert wb["Per orang"]["A2"].value == subject.name and wb["Per orang"]["A2"].quotePrefix
    agency_row = next(r for r in wb["Per perangkat daerah"].iter_rows() if r[0].value == diskominfo.name)
    assert agency_row[0].data_type == "s" and agency_row[3].value == 100.0  # numbers stay numbers
