from celery import shared_task


@shared_task(acks_late=True, soft_time_limit=900, time_limit=960)
def apply_employee_import(job_id: int) -> str:
    """Apply a confirmed employee import (large files). Takes the job id; safe to run twice."""
    from .importing.services import import_job_apply

    return import_job_apply(job_id=job_id, reraise=True).status


@shared_task(acks_late=True, soft_time_limit=60, time_limit=90, autoretry_for=(OSError,), retry_backoff=30,
             max_retries=5)
def send_activation_request(nip: str) -> bool:
    """The activation link asked for on the login page (sent only to an active employee with an e-mail address)."""
    from .identity.services import activation_request_process

    return activation_request_process(nip=nip)


@shared_task(acks_late=True, soft_time_limit=1800, time_limit=1860)
def send_activation_batch(batch_id: int) -> str:
    """An operator's batch of activation links. Takes the batch id; a finished batch is left alone."""
    from .identity.services import activation_batch_run

    return activation_batch_run(batch_id=batch_id).status
