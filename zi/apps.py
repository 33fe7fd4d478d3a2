from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ZiConfig(AppConfig):
    name = "zi"
    verbose_name = _("Zona Integritas")

    def ready(self):
        from organization import navigation

        from . import collectors, permissions

        collectors.register_builtin()
        navigation.register(_("Zona Integritas"), "zi:index", "shield-check", permissions.can_open_zi, order=75)
