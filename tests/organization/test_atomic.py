"""Organisation writes are all-or-nothing: an employee is never saved without its history row, and an import that
fails part-way writes no employee at all (the job records the failure)."""

from __future__ import annotations

import pytest

from organization.importing.services import import_job_apply, import_job_create
from organization.models import Employee, ImportJob
from organization.services import employee_save
from tests.atomicity import failing_after_first_write

from .import_files import csv_bytes, team, upload

pytestmark = pytest.mark.django_db


def test_an_employee_edit_that_fails_after_its_first_write_leaves_nothing_written(operator_diskominfo, diskominfo):
    employee = Employee.objects.filter(agency=diskominfo).order_by("pk").first()
    employee.position = "Pranata Komputer Ahli Muda"
    with failing_after_first_write():
        employee_save(employee=employee, by=operator_diskominfo)


def test_an_import_that_fails_after_its_first_write_writes_no_employee_and_the_job_says_failed(
        operator_diskominfo, diskominfo, media_root):
    job = import_job_create(by=operator_diskominfo, agency=diskominfo, upload=upload(csv_bytes(team(4))))
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.QUEUED, confirmed_by=operator_diskominfo)
    with failing_after_first_write(ignore=("organization_importjob",)):
        import_job_apply(job_id=job.pk, reraise=True)
    assert ImportJob.objects.get(pk=job.pk).status == ImportJob.Status.FAILED
