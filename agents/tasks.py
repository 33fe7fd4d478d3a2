from celery import shared_task


@shared_task(soft_time_limit=120, time_limit=180)
def expire_terms() -> int:
    """End the designations whose term has run out; safe to run twice (ended ones are skipped)."""
    from .services import expire_terms as do_expire

    return do_expire()
