"""Employee-import entries for the project's access matrix (tests/proof/matrix.py: ``MATRIX.update(IMPORT_MATRIX)``).

The rules (organization/permissions.py): importing is managing employees in bulk, so the same people may do it as
may add employees: administrators (every agency) and each agency's operator (their own agency). An import job is
seen only by those who may import into its agency: anyone else gets 404, the city readers and the agency's kepala
included (the job's page is an operator's tool, not a report). Write actions use harmless data: confirming a
preview that has an error row without "only valid rows" is refused with the field error (400); cancelling a finished
import is refused with a message (302 back to the import's page).
"""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

IMPORTERS = ("admin", "operator.diskominfo", "operator.dinkes")
DISKOMINFO_IMPORTERS = ("admin", "operator.diskominfo")
FILE_NAME = "matriks-akses.csv"


def import_job(status: str = "preview"):
    """An import by operator.diskominfo into Diskominfo: one good row and one with an invalid NIP, in ``status``."""
    from organization.importing.services import import_job_create
    from organization.models import Agency, ImportJob, User
    from tests.organization.import_files import csv_bytes, person

    name = f"{status}-{FILE_NAME}"
    job = ImportJob.objects.filter(original_name=name).first()
    if job is not None:
        return job
    data = csv_bytes([person(9001), person(9002, NIP="12345")])
    job = import_job_create(by=User.objects.get(username="operator.diskominfo"),
                            agency=Agency.objects.get(code="DISKOMINFO"), upload=SimpleUploadedFile(name, data))
    assert job.error_rows == 1, job.errors
    if status != ImportJob.Status.PREVIEW:
        ImportJob.objects.filter(pk=job.pk).update(status=status)
        job.refresh_from_db()
    return job


def only(allowed: dict, default=403) -> dict:
    return {"anonymous": "login", "*": default, **allowed}


IMPORT_MATRIX: dict[str, dict] = {
    "organization:import_start": {"url": lambda o: reverse("organization:import_start"),
                                  "expect": only(dict.fromkeys(IMPORTERS, 200))},
    "organization:import_template": {"url": lambda o: reverse("organization:import_template", args=["xlsx"]),
                                     "expect": only(dict.fromkeys(IMPORTERS, 200))},
    "organization:import_detail": {"url": lambda o: reverse("organization:import_detail", args=[import_job().pk]),
                                   "expect": only(dict.fromkeys(DISKOMINFO_IMPORTERS, 200), default=404)},
    "organization:import_status": {"url": lambda o: reverse("organization:import_status", args=[import_job().pk]),
                                   "expect": only(dict.fromkeys(DISKOMINFO_IMPORTERS, 200), default=404)},
    "organization:import_errors_csv": {
        "url": lambda o: reverse("organization:import_errors_csv", args=[import_job().pk]),
        "expect": only(dict.fromkeys(DISKOMINFO_IMPORTERS, 200), default=404)},
    "organization:import_confirm": {
        "url": lambda o: reverse("organization:import_confirm", args=[import_job().pk]), "method": "post",
        "expect": only(dict.fromkeys(DISKOMINFO_IMPORTERS, 400), default=404)},
    "organization:import_cancel": {
        "url": lambda o: reverse("organization:import_cancel", args=[import_job("done").pk]), "method": "post",
        "expect": only(dict.fromkeys(DISKOMINFO_IMPORTERS, 302), default=404)},
}


def activation_batch():
    """A finished batch of activation links sent by operator.diskominfo to one Diskominfo employee."""
    from organization.models import ActivationBatch, Agency, User

    batch = ActivationBatch.objects.filter(created_by__username="operator.diskominfo").first()
    if batch is None:
        batch = ActivationBatch.objects.create(agency=Agency.objects.get(code="DISKOMINFO"), status="done",
                                               created_by=User.objects.get(username="operator.diskominfo"))
    return batch


# Sending activation links is managing employees: the same people as the import. SSO pages answer 404 while SSO is
# not configured (the tests run without OIDC_RP_CLIENT_ID; tests/organization/test_sso.py runs it with a provider).
IDENTITY_MATRIX: dict[str, dict] = {
    "organization:activation_send": {"url": lambda o: reverse("organization:activation_send"),
                                     "expect": only(dict.fromkeys(IMPORTERS, 200))},
    "organization:activation_batch": {
        "url": lambda o: reverse("organization:activation_batch", args=[activation_batch().pk]),
        "expect": only(dict.fromkeys(DISKOMINFO_IMPORTERS, 200), default=404)},
    "organization:activation_batch_status": {
        "url": lambda o: reverse("organization:activation_batch_status", args=[activation_batch().pk]),
        "expect": only(dict.fromkeys(DISKOMINFO_IMPORTERS, 200), default=404)},
    "oidc_authentication_init": {"url": lambda o: reverse("oidc_authentication_init"),
                                 "expect": {"anonymous": 404, "*": 404}},
    "oidc_authentication_callback": {"url": lambda o: reverse("oidc_authentication_callback"),
                                     "expect": {"anonymous": 404, "*": 404}},
}
