from celery import shared_task


@shared_task(acks_late=True, soft_time_limit=900, time_limit=960)
def apply_employee_import(job_id: int) -> str:
    """Apply a confirmed employee import (large files). Takes the job id; safe to run twice."""
    from .importing.services import import_job_apply

    return import_job_apply(job_id=job_id, reraise=True).status
