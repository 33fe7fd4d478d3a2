from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationConfig(AppConfig):
    name = "organization"
    verbose_name = _("Organisasi")

    def ready(self):
        from django.db import connections
        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_delete, post_save

        from agenperubahan import (
            checks,  # noqa: F401  (registers the project's deploy checks)
            data_versions,
        )

        # Every write to the tracked apps' tables bumps their data version (cached page fragments are keyed by it).
        connection_created.connect(data_versions.install, dispatch_uid="data_versions")
        for alias in connections:
            data_versions.install(connection=connections[alias])

        from . import home, signals, user_cache  # noqa: F401  (signals registers its receivers)
        from .models import Role, RoleAssignment, User

        for signal in (post_save, post_delete):
            signal.connect(user_cache.on_role_assignment_change, sender=RoleAssignment,
                           dispatch_uid="user_cache_roles")
            signal.connect(user_cache.on_user_change, sender=User, dispatch_uid="user_cache_user")

        home.register_panel(
            "organization/panel_operator.html",
            allowed=lambda user: bool(user.agency_ids_for(Role.OPERATOR)),
            context=_operator_panel,
            order=20,
            versions=(data_versions.ORGANIZATION,),
        )


def _operator_panel(user) -> dict:
    """The operator's agencies and their active employees, in one grouped query."""
    from django.db.models import Count, Q

    from .models import Agency, Role

    rows = list(
        Agency.objects.filter(pk__in=user.agency_ids_for(Role.OPERATOR)).order_by("name")
        .annotate(active=Count("employees", filter=Q(employees__is_active=True))).values_list("abbreviation", "active")
    )
    return {"employee_count": sum(n for _name, n in rows), "agency_names": ", ".join(name for name, _n in rows)}
