from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgentsConfig(AppConfig):
    name = "agents"
    verbose_name = _("Agen perubahan")

    def ready(self):
        from agenperubahan import data_versions
        from organization import home, navigation

        from . import (
            panels,
            permissions,
            reminders,  # noqa: F401  (registers the reminder kinds)
        )

        navigation.register(_("Agen perubahan"), "agents:index", "lightning-charge",
                            lambda u: u.is_authenticated and (permissions.can_list_agents(u) or bool(u.employee_id)),
                            order=20)
        navigation.register(_("Nominasi"), "agents:nomination_list", "person-check",
                            permissions.nominations_in_menu, order=21)
        navigation.register(_("Daftar agen"), "agents:agent_list", "people-fill", permissions.can_list_agents,
                            order=22)
        navigation.register(_("Rencana aksi"), "agents:project_list", "kanban",
                            lambda u: u.is_authenticated and permissions.can_list_agents(u), order=23)

        # Cached per user under the data they show (organization/home.py, agenperubahan/data_versions.py).
        shown = (data_versions.AGENTS, data_versions.ORGANIZATION)
        home.register_panel("agents/panels/operator.html", panels.is_operator, panels.operator_context, order=20,
                            versions=shown)
        home.register_panel("agents/panels/kepala.html", panels.is_kepala, panels.kepala_context, order=21,
                            versions=shown)
        home.register_panel("agents/panels/tim_rb.html", permissions.is_tim_rb, panels.tim_rb_context, order=22,
                            versions=shown)
        home.register_panel("agents/panels/agent.html", panels.is_agent, panels.agent_context, order=23,
                            versions=shown)

        self._schedule_term_expiry()

    @staticmethod
    def _schedule_term_expiry():
        """Daily at 00:15 WIB end the terms that have run out (django-celery-beat copies it into the admin)."""
        from celery import current_app
        from celery.schedules import crontab

        schedule = current_app.conf.beat_schedule or {}
        schedule.setdefault("agents-expire-terms", {
            "task": "agents.tasks.expire_terms", "schedule": crontab(minute="15", hour="0"),
        })
        current_app.conf.beat_schedule = schedule
