"""Keep ``Cycle.answers_version`` moving whenever a cycle's assignments or submitted answers change.

The services bump it where they write in bulk (building or removing assignments); these receivers cover every
single save, whoever makes it (services, the admin, data fixes in a shell), so cached counts never lag behind.
"""

from django.db.models.signals import post_save
from django.dispatch import receiver

from .models import Assignment, Cycle, Response


@receiver(post_save, sender=Assignment, dispatch_uid="evaluations_assignment_saved")
def assignment_saved(sender, instance: Assignment, **kwargs):
    Cycle.objects.bump_answers_version(pk=instance.cycle_id)


@receiver(post_save, sender=Response, dispatch_uid="evaluations_response_saved")
def response_saved(sender, instance: Response, **kwargs):
    if instance.submitted_at is not None:          # a draft changes no count
        Cycle.objects.bump_answers_version(assignments__pk=instance.assignment_id)
