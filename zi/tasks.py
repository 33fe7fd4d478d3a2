from celery import shared_task


@shared_task(soft_time_limit=1800, time_limit=1900)
def build_pack(build_id: int) -> None:
    """Build one evidence pack (safe to run twice: a finished build is left as it is)."""
    from .pack import pack_build_run

    pack_build_run(build_id=build_id)
