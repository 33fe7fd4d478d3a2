from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardsConfig(AppConfig):
    name = "dashboards"
    verbose_name = _("Dasbor")

    def ready(self):
        from notifications import schedules
        from organization import home, navigation

        from . import panels, permissions, signals

        schedules.register(schedules.Schedule(
            name="Dasbor: hitung ulang angka", task="dashboards.tasks.warm_dashboards_task",
            crontab={"minute": "*/10"},
            description="Setiap 10 menit: angka dasbor kota dan setiap perangkat daerah dihitung di latar belakang, "
                        "sebelum masa simpannya (15 menit) habis, agar pengunjung tidak menunggu.",
        ))
        signals.connect()
        navigation.register(_("Dasbor"), "dashboards:index", "speedometer2", permissions.can_view_dashboards,
                            order=70)
        # Cached per user under the figures' version, the institution's name (chrome) and the led agencies' data.
        from agenperubahan import data_versions
        from organization import chrome

        from .cache import VERSION_KEY

        home.register_panel("dashboards/panel.html", allowed=permissions.can_view_dashboards,
                            context=panels.home_panel, order=5,
                            versions=(VERSION_KEY, chrome.VERSION_KEY, data_versions.ORGANIZATION))
