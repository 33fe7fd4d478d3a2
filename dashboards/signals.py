"""Invalidate the cached dashboards whenever the data their figures are made of changes.

Receivers are connected in ``DashboardsConfig.ready()`` for the models below that exist: the dashboards compose
the other apps' data, and an app that is not installed simply has nothing to watch. Bulk writes
(``bulk_create``/``update``) send no signals; services that use them for dashboard data call
``dashboards.cache.bump_version()`` themselves, and the cache's time limit bounds any staleness.
"""

from __future__ import annotations

from django.apps import apps
from django.db.models.signals import m2m_changed, post_delete, post_save

from .cache import bump_version

WATCHED_MODELS = {
    "organization": ["Agency", "Employee", "RoleAssignment"],
    "agents": ["ProgramPeriod", "AgencyQuota", "Nomination", "ChangeAgent", "ChangeProject"],
    "forums": ["Forum", "Topic", "Post"],
    "evaluations": ["Instrument", "Dimension", "Cycle", "CycleRaterGroup", "Assignment", "Response"],
}
DISPATCH_PREFIX = "dashboards-invalidate"


def data_changed(sender, **kwargs):
    bump_version()


def import_applied(sender, instance, **kwargs):
    """An employee import writes its rows in bulk (no signal per row); the job's save as done, in the same
    transaction, stands for them."""
    if instance.status == instance.Status.DONE:
        bump_version()


def watched_models() -> list:
    found = []
    for app_label, names in WATCHED_MODELS.items():
        if not apps.is_installed(app_label) and app_label not in {c.label for c in apps.get_app_configs()}:
            continue
        for name in names:
            try:
                found.append(apps.get_model(app_label, name))
            except LookupError:
                continue
    return found


def connect() -> list:
    models = watched_models()
    for model in models:
        uid = f"{DISPATCH_PREFIX}:{model._meta.label}"
        post_save.connect(data_changed, sender=model, dispatch_uid=f"{uid}:save", weak=False)
        post_delete.connect(data_changed, sender=model, dispatch_uid=f"{uid}:delete", weak=False)
        for m2m in model._meta.many_to_many:
            m2m_changed.connect(data_changed, sender=m2m.remote_field.through, dispatch_uid=f"{uid}:{m2m.name}",
                                weak=False)
    post_save.connect(import_applied, sender=apps.get_model("organization", "ImportJob"),
                      dispatch_uid=f"{DISPATCH_PREFIX}:import-applied", weak=False)
    return models
