"""Signal receivers of the organisation app."""

from __future__ import annotations

from django.db.models.signals import post_save
from django.dispatch import receiver

from .models import User


@receiver(post_save, sender=User, dispatch_uid="organization.revoke_tokens_on_password_change")
def revoke_api_tokens_on_password_change(sender, instance: User, created: bool, **kwargs) -> None:
    """A new password (changed, reset or set by an administrator) revokes every API token of the account: a token
    taken with the old password must not outlive it. ``set_password`` keeps the raw password on the instance until
    the save that stores it, which is when this runs."""
    if created or getattr(instance, "_password", None) is None:
        return
    from knox.models import AuthToken

    AuthToken.objects.filter(user=instance).delete()
