from django.contrib.auth import views as auth_views
from django.db import connection
from django.http import JsonResponse


class LoginView(auth_views.LoginView):
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        from organization.identity.oidc import oidc_enabled

        return {**super().get_context_data(**kwargs), "sso_enabled": oidc_enabled()}


def healthz(request):
    """Liveness and database check for load balancers and docker-compose."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
