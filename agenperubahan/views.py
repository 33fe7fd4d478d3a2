from django.conf import settings
from django.contrib.auth import views as auth_views
from django.db import connection
from django.http import JsonResponse
from django.utils.translation import gettext_lazy as _

from .client_ip import client_ip
from .ratelimit import hit

MSG_RESET_LIMIT = _("Terlalu banyak permintaan atur ulang kata sandi. Tunggu %(minutes)d menit, lalu coba lagi. "
                    "Jika e-mail tidak kunjung datang, hubungi operator kepegawaian perangkat daerah Anda.")


class LoginView(auth_views.LoginView):
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        from organization.identity.oidc import oidc_enabled

        return {**super().get_context_data(**kwargs), "sso_enabled": oidc_enabled()}


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset form, limited per client address and per e-mail address (issue 14): each request sends an
    e-mail, so without a limit anyone can flood a colleague's inbox or the outgoing mail server."""

    def form_valid(self, form):
        window = settings.PASSWORD_RESET_WINDOW_MINUTES * 60
        email = form.cleaned_data["email"].strip().lower()
        by_address = hit("reset-ip", client_ip(self.request), limit=settings.PASSWORD_RESET_LIMIT_PER_ADDRESS,
                         window=window)
        by_email = hit("reset-email", email, limit=settings.PASSWORD_RESET_LIMIT_PER_EMAIL, window=window)
        if not (by_address and by_email):
            form.add_error(None, MSG_RESET_LIMIT % {"minutes": settings.PASSWORD_RESET_WINDOW_MINUTES})
            response = self.form_invalid(form)
            response.status_code = 429
            return response
        return super().form_valid(form)


def healthz(request):
    """Liveness and database check for load balancers and docker-compose."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
