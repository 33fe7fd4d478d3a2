from django.db.models.signals import post_save
from django.dispatch import receiver

from organization.models import Agency


@receiver(post_save, sender=Agency, dispatch_uid="forums_agency_saved")
def agency_saved(sender, instance: Agency, raw: bool = False, **kwargs):
    """A new agency gets its forum; an agency that is no longer active keeps its forum, read-only."""
    if raw:  # loaddata
        return
    from .services import forum_sync_for_agency

    forum_sync_for_agency(agency=instance)
