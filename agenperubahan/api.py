"""The one DRF router. Each app's ``api.py`` lists its ``routes`` as (prefix, viewset, basename)."""

from importlib import import_module

from django.urls import path
from rest_framework import routers

from . import tokens

API_APPS = ["organization", "notifications", "agents", "forums", "evaluations", "dashboards", "documents", "zi",
            "improvement"]

router = routers.DefaultRouter()
extra_urls = []
for app in API_APPS:
    try:
        module = import_module(f"{app}.api")
    except ModuleNotFoundError as exc:
        if exc.name != f"{app}.api":
            raise
        continue
    for prefix, viewset, basename in getattr(module, "routes", []):
        router.register(prefix, viewset, basename=basename)
    extra_urls += getattr(module, "urlpatterns", [])


urlpatterns = [
    path("auth/token/", tokens.TokenView.as_view(), name="api-token"),
    path("auth/tokens/", tokens.TokenListView.as_view(), name="api-tokens"),
    path("auth/tokens/<str:token_key>/", tokens.TokenDetailView.as_view(), name="api-token-revoke"),
    path("auth/logout/", tokens.LogoutView.as_view(), name="api-logout"),
    path("auth/logoutall/", tokens.LogoutAllView.as_view(), name="api-logoutall"),
    *extra_urls, *router.urls,
]
