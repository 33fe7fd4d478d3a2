from django.conf import settings
from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.urls import include, path
from django.views.static import serve
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.permissions import IsAuthenticated

from documents import views as document_views
from organization import views as org_views
from organization.identity import oidc
from organization.identity import views as identity_views

from . import views

urlpatterns = [
    path("", org_views.home, name="home"),
    path("accounts/login/", views.LoginView.as_view(), name="login"),
    path("accounts/aktivasi/", identity_views.activation_request, name="activation_request"),
    path("accounts/aktivasi/<str:uidb64>/<str:token>/", identity_views.activation_confirm, name="activation_confirm"),
    path("accounts/password_reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("oidc/authenticate/", oidc.AuthenticationRequestView.as_view(), name="oidc_authentication_init"),
    path("oidc/callback/", oidc.AuthenticationCallbackView.as_view(), name="oidc_authentication_callback"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("pegawai/", include("organization.urls")),
    path("agents/", include("agents.urls")),
    path("forums/", include("forums.urls")),
    path("evaluations/", include("evaluations.urls")),
    path("dashboards/", include("dashboards.urls")),
    path("dokumen/", include("documents.urls")),
    path("verifikasi/<str:code>/", document_views.verify, name="verify"),
    path("zi/", include("zi.urls")),
    path("perbaikan/", include("improvement.urls")),
    path("notifications/", include("notifications.urls")),
    path("api/v1/", include("agenperubahan.api")),
    # The schema and its Swagger UI are for signed-in users (session or token) only (issue 14).
    path("api/schema/", SpectacularAPIView.as_view(permission_classes=[IsAuthenticated]), name="schema"),
    path("api/docs/", login_required(SpectacularSwaggerSplitView.as_view(url_name="schema")), name="swagger-ui"),
    path("healthz", views.healthz, name="healthz"),
]

if settings.DEBUG or getattr(settings, "SERVE_MEDIA", False):
    urlpatterns += [path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT})]

if settings.BENCH_MODE:
    from . import bench

    urlpatterns += [
        path("bench/baseline/", bench.baseline, name="bench-baseline"),
        path("bench/oneline/", bench.oneline, name="bench-oneline"),
        # Served by bench.DefaultStackHandler (wsgi.py): startproject's middleware, database sessions.
        path("bench/default/oneline/", bench.default_oneline, name="bench-default-oneline"),
    ]

handler400 = "agenperubahan.errors.bad_request"
handler403 = "agenperubahan.errors.permission_denied"
handler404 = "agenperubahan.errors.page_not_found"
# handler500 stays Django's: it renders the standalone templates/500.html without a request context.
