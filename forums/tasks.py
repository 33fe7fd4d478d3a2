from celery import shared_task


@shared_task(soft_time_limit=120, time_limit=150)
def notify_subscribers(post_id: int) -> int:
    """Tell a post's topic and forum subscribers (in-app and e-mail). Safe to run twice."""
    from .services import post_notify_subscribers

    return post_notify_subscribers(post_id=post_id)
