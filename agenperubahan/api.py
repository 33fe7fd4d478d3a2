"""The one DRF router. Each app's ``api.py`` lists its ``routes`` as (prefix, viewset, basename)."""

from importlib import import_module

from django.urls import path
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import routers, serializers
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.throttling import AnonRateThrottle

API_APPS = ["organization", "notifications", "agents", "forums", "evaluations", "dashboards", "documents"]

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


class TokenThrottle(AnonRateThrottle):
    scope = "auth_token"


class TokenView(ObtainAuthToken):
    """Exchange a username and password for an API token (throttled like the login page)."""

    throttle_classes = [TokenThrottle]

    @extend_schema(
        request=inline_serializer("TokenRequest", {"username": serializers.CharField(),
                                                   "password": serializers.CharField()}),
        responses=inline_serializer("TokenResponse", {"token": serializers.CharField()}),
    )
    def post(self, request, *args, **kwargs):
        return super().post(request, *args, **kwargs)


urlpatterns = [path("auth/token/", TokenView.as_view(), name="api-token"), *extra_urls, *router.urls]
