from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardsConfig(AppConfig):
    name = "dashboards"
    verbose_name = _("Dasbor")

    def ready(self):
        from organization import home, navigation

        from . import panels, permissions, signals

        signals.connect()
        navigation.register(_("Dasbor"), "dashboards:index", "speedometer2", permissions.can_view_dashboards,
                            order=70)
        home.register_panel("dashboards/panel.html", allowed=permissions.can_view_dashboards,
                            context=panels.home_panel, order=5)
