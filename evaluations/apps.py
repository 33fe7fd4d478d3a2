from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationsConfig(AppConfig):
    name = "evaluations"
    verbose_name = _("Evaluasi")

    def ready(self):
        from agenperubahan import data_versions
        from organization import home, navigation

        from . import permissions, reminders, signals  # noqa: F401  (registers the reminder and the receivers)

        navigation.register(_("Penilaian"), "evaluations:index", "clipboard-check",
                            lambda u: u.is_authenticated and bool(u.employee_id), order=40)
        navigation.register(_("Siklus evaluasi"), "evaluations:cycle_list", "bar-chart-line",
                            permissions.can_list_cycles, order=45)
        navigation.register(_("Instrumen"), "evaluations:instrument_list", "ui-checks",
                            permissions.can_manage_instruments, order=46)
        # Cached per user under the data they show (organization/home.py, agenperubahan/data_versions.py).
        shown = (data_versions.EVALUATIONS, data_versions.ORGANIZATION)
        home.register_panel("evaluations/panels/my_assignments.html", allowed=_has_pending,
                            context=_pending_context, order=20, versions=shown)
        home.register_panel("evaluations/panels/open_cycles.html", allowed=permissions.can_manage_cycles,
                            context=_open_cycles_context, order=25, versions=shown)


def _has_pending(user) -> bool:
    if not user.is_authenticated or not user.employee_id:
        return False
    from .selectors import pending_summary

    # The home page asks whether to show the panel and then for its context: one query answers both, so the page
    # runs the same queries whether or not the user has something to rate.
    user._pending_summary = pending_summary(user)
    return user._pending_summary[1] > 0


def _pending_context(user) -> dict:
    from .selectors import pending_summary

    summary = getattr(user, "_pending_summary", None)
    if summary is None:
        summary = pending_summary(user)
    else:
        del user._pending_summary
    return {"assignments": summary[0], "pending_count": summary[1]}


def _open_cycles_context(user) -> dict:
    from .models import Cycle
    from .selectors import attach_response_counts

    cycles = attach_response_counts(Cycle.objects.filter(status=Cycle.Status.OPEN).order_by("closes_on", "pk")[:5],
                                    None)
    for c in cycles:
        c.rate = round(c.submitted / c.assigned * 100, 1) if c.assigned else 0
    return {"cycles": cycles}
