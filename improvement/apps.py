from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImprovementConfig(AppConfig):
    name = "improvement"
    verbose_name = _("Rencana perbaikan")

    def ready(self):
        from organization import badges as name_badges
        from organization import navigation

        from . import badges, permissions, reminders, signals  # noqa: F401 (reminders register themselves)

        signals.connect()
        from documents.services import register_verification

        from .recognition import verification

        register_verification(verification)
        name_badges.register(badges.role_model_badges, versions=(badges.VERSION_KEY,))
        navigation.register(_("Rencana perbaikan"), "improvement:index", "arrow-up-right-circle",
                            permissions.can_view_plans, order=75)
