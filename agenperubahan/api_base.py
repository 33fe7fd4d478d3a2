"""Shared API pieces: pagination, error format, scoped viewset base."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import exceptions, pagination
from rest_framework.views import exception_handler as drf_exception_handler


class Pagination(pagination.PageNumberPagination):
    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 200


class FilterBackend(DjangoFilterBackend):
    """django-filter's backend, cheaper per request: the FilterSet class a view's ``filterset_fields`` describe is
    built once per view and model (django-filter builds a new class, with every filter, on each request), and a
    request that names none of its filters skips the FilterSet (its form would validate nothing and filter
    nothing). Same answers, including 400 for a bad value."""

    _classes: dict = {}

    def get_filterset_class(self, view, queryset=None):
        if getattr(view, "filterset_class", None) or queryset is None:
            return super().get_filterset_class(view, queryset)
        key = (type(view), queryset.model)
        if key not in self._classes:
            self._classes[key] = super().get_filterset_class(view, queryset)
        return self._classes[key]

    def filter_queryset(self, request, queryset, view):
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is None or not set(request.query_params).intersection(filterset_class.base_filters):
            return queryset
        return super().filter_queryset(request, queryset, view)


def _django_validation_to_drf(exc: DjangoValidationError) -> exceptions.ValidationError:
    if hasattr(exc, "error_dict"):
        detail = {
            ("non_field_errors" if field == "__all__" else field): [str(m) for e in errs for m in e.messages]
            for field, errs in exc.error_dict.items()
        }
    else:
        detail = {"non_field_errors": [str(m) for m in exc.messages]}
    return exceptions.ValidationError(detail)


def exception_handler(exc, context):
    """DRF's handler, plus Django's ValidationError from services becomes a 400 with a message per field; every 400
    body is an object (field → messages)."""
    if isinstance(exc, DjangoValidationError):
        exc = _django_validation_to_drf(exc)
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    if isinstance(exc, exceptions.ValidationError) and not isinstance(exc.detail, dict):
        # A bare list (e.g. DRF's SearchFilter refusing a null character) still answers the documented object.
        exc = exceptions.ValidationError({"non_field_errors": exc.detail})
    return drf_exception_handler(exc, context)


ERROR_SCHEMA = {
    "type": "object",
    "description": "Error: `detail` for general errors, or a list of messages per field name (400).",
    "additionalProperties": True,
}
ERROR_RESPONSES = {
    "400": "Input tidak valid: pesan per field (mis. {\"nip\": [\"NIP harus terdiri dari 18 digit angka.\"]}).",
    "401": "Belum masuk: kirim header Authorization: Token … atau sesi.",
    "403": "Tidak berwenang untuk tindakan ini (objek dalam cakupan Anda).",
    "404": "Tidak ditemukan, atau di luar cakupan Anda.",
    "429": "Terlalu banyak permintaan (pembatasan laju).",
}


def document_error_responses(result, generator, request, public):
    """drf-spectacular postprocessing hook: every operation documents the 4xx answers it may give."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    for methods in result.get("paths", {}).values():
        for operation in methods.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            # 400: bad body or query (filters, ordering); 404: missing object, out of scope, or a page past the end.
            codes = ["400", "401", "403", "404", "429"]
            for code in codes:
                operation["responses"].setdefault(code, {
                    "description": ERROR_RESPONSES[code],
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
                })
    return result
