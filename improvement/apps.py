from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImprovementConfig(AppConfig):
    name = "improvement"
    verbose_name = _("Rencana perbaikan")

    def ready(self):
        from organization import navigation

        from . import permissions, reminders, signals  # noqa: F401 (reminders register themselves)

        signals.connect()
        navigation.register(_("Rencana perbaikan"), "improvement:index", "arrow-up-right-circle",
                            permissions.can_view_plans, order=75)
