from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationConfig(AppConfig):
    name = "organization"
    verbose_name = _("Organisasi")

    def ready(self):
        from agenperubahan import checks  # noqa: F401  (registers the project's deploy checks)

        from . import home
        from .models import Role

        home.register_panel(
            "organization/panel_operator.html",
            allowed=lambda user: bool(user.agency_ids_for(Role.OPERATOR)),
            context=_operator_panel,
            order=20,
        )


def _operator_panel(user) -> dict:
    from .models import Agency, Employee, Role

    ids = user.agency_ids_for(Role.OPERATOR)
    names = ", ".join(Agency.objects.filter(pk__in=ids).order_by("name").values_list("abbreviation", flat=True))
    return {"employee_count": Employee.objects.filter(agency_id__in=ids, is_active=True).count(), "agency_names": names}
