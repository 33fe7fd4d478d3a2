"""API tokens (django-rest-knox): get one with a username and password, list and revoke one's own, log out.

Tokens are stored as a SHA-512 digest only, expire after ``API_TOKEN_TTL_HOURS`` and are all revoked when the
user's password changes (``organization.signals``). The header stays ``Authorization: Token …``.
"""

from __future__ import annotations

from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.plumbing import build_bearer_security_scheme_object
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from knox.models import AuthToken
from knox.settings import knox_settings
from rest_framework import serializers, status
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView


class TokenScheme(OpenApiAuthenticationExtension):
    """The OpenAPI security scheme of our knox token class: ``Authorization: Token …`` (as before the switch)."""

    target_class = "agenperubahan.authentication.TokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return build_bearer_security_scheme_object(header_name="Authorization", token_prefix="Token")


MSG_NOT_A_TOKEN = _("Permintaan ini tidak memakai token; tidak ada token yang dicabut.")


class TokenThrottle(AnonRateThrottle):
    scope = "auth_token"

    def get_ident(self, request):
        from .client_ip import client_ip

        return client_ip(request)


def token_create(*, user) -> tuple[AuthToken, str]:
    """A new token for ``user``: the stored row and the secret (shown once, never stored)."""
    return AuthToken.objects.create(user=user, expiry=knox_settings.TOKEN_TTL)


def token_revoke_all(*, user) -> int:
    deleted, _rows = AuthToken.objects.filter(user=user).delete()
    return deleted


def visible_tokens(user):
    """The caller's own tokens only."""
    return AuthToken.objects.filter(user=user).order_by("-created")


class TokenInfoSerializer(serializers.Serializer):
    id = serializers.CharField(source="token_key", help_text=_("Awal token (bukan rahasianya); dipakai untuk mencabut."))
    created = serializers.DateTimeField()
    expiry = serializers.DateTimeField(allow_null=True)
    current = serializers.SerializerMethodField()

    def get_current(self, obj) -> bool:
        auth = self.context["request"].auth
        return isinstance(auth, AuthToken) and auth.digest == obj.digest


class TokenView(APIView):
    """Exchange a username and password for an API token (throttled like the login page)."""

    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [TokenThrottle]

    @extend_schema(
        request=inline_serializer("TokenRequest", {"username": serializers.CharField(),
                                                   "password": serializers.CharField()}),
        responses=inline_serializer("TokenResponse", {"token": serializers.CharField(),
                                                      "expiry": serializers.DateTimeField(allow_null=True)}),
    )
    def post(self, request, *args, **kwargs):
        serializer = AuthTokenSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        user = serializer.validated_data["user"]
        instance, token = token_create(user=user)
        user_logged_in.send(sender=user.__class__, request=request, user=user)
        expiry = serializers.DateTimeField().to_representation(instance.expiry) if instance.expiry else None
        return Response({"token": token, "expiry": expiry})


class TokenListView(APIView):
    """The caller's tokens (never their secrets)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses=TokenInfoSerializer(many=True))
    def get(self, request):
        return Response(TokenInfoSerializer(visible_tokens(request.user), many=True,
                                            context={"request": request}).data)


class TokenDetailView(APIView):
    """Revoke one of the caller's tokens (another user's token answers 404)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses={204: OpenApiResponse(description=_("Token dicabut."))})
    def delete(self, request, token_key):
        deleted, _rows = visible_tokens(request.user).filter(token_key=token_key).delete()
        if not deleted:
            raise NotFound()
        return Response(status=status.HTTP_204_NO_CONTENT)


class LogoutView(APIView):
    """Revoke the token this request was sent with."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses={204: OpenApiResponse(description=_("Token dicabut."))})
    def post(self, request):
        if not isinstance(request.auth, AuthToken):
            return Response({"detail": MSG_NOT_A_TOKEN}, status=status.HTTP_400_BAD_REQUEST)
        request.auth.delete()
        user_logged_out.send(sender=request.user.__class__, request=request, user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class LogoutAllView(APIView):
    """Revoke every token of the caller."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses={204: OpenApiResponse(description=_("Semua token dicabut."))})
    def post(self, request):
        token_revoke_all(user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
