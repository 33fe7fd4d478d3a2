from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifikasi dan laporan")

    def ready(self):
        from organization.navigation import register

        from .permissions import can_view_reports

        register(_("Laporan"), "notifications:reports", "file-earmark-bar-graph", can_view_reports, order=70)
