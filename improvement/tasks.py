from celery import shared_task


@shared_task(soft_time_limit=120, time_limit=180)
def cycle_published(cycle_id: int) -> None:
    """Re-check earlier plans and name the weak values of a published cycle (safe to run twice)."""
    from .services import cycle_published as run

    run(cycle_id=cycle_id)
