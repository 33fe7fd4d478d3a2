from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.static import serve
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from organization import views as org_views

from . import views

urlpatterns = [
    path("", org_views.home, name="home"),
    path("accounts/login/", views.LoginView.as_view(), name="login"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("pegawai/", include("organization.urls")),
    path("agents/", include("agents.urls")),
    path("forums/", include("forums.urls")),
    path("evaluations/", include("evaluations.urls")),
    path("dashboards/", include("dashboards.urls")),
    path("notifications/", include("notifications.urls")),
    path("api/v1/", include("agenperubahan.api")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="swagger-ui"),
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
