"""Shared API pieces: pagination, error format, filtering, and the cached list answer (``CachedListMixin``)."""

from __future__ import annotations

import functools
import hashlib
import json
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils import timezone
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import exceptions, pagination
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from . import fragments


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


@functools.cache
def _code_digest(labels: tuple[str, ...]) -> str:
    """The Python source of the apps a list is built from (its viewset's app, the apps whose data it shows, and
    this package): a deploy that changes a serializer, a selector or a rule never serves an answer of the old code."""
    digest = hashlib.sha1(usedforsecurity=False)
    for label in sorted(set(labels)):
        for path in sorted((Path(settings.BASE_DIR) / label).rglob("*.py")):
            if "migrations" not in path.parts:
                digest.update(path.read_bytes())
    return digest.hexdigest()[:8]


class _StoredAnswer(Response):
    """A list answer rendered by an earlier request: the stored JSON bytes, with the headers DRF's renderer gives
    them (``data`` is decoded only if someone asks for it, e.g. a test)."""

    def __init__(self, content: bytes):
        super().__init__(None, status=200)
        self._content_stored = content

    @property
    def data(self):
        if self._data is None and getattr(self, "_content_stored", None) is not None:
            self._data = json.loads(self._content_stored)
        return self._data

    @data.setter
    def data(self, value):
        self._data = value

    @property
    def rendered_content(self):
        renderer = self.accepted_renderer
        self["Content-Type"] = f"{renderer.media_type}; charset={renderer.charset}" if renderer.charset else \
            renderer.media_type
        return self._content_stored


#: In ``list_columns``: convert with the serializer's own field of that name.
FIELD = object()


def iso(value) -> str:
    """A date as DRF's ``DateField`` writes it (ISO 8601)."""
    return value.isoformat()


class CachedListMixin:
    """The JSON answer of a ``list`` kept in the (shared) cache, rendered, under everything it depends on:

    - the current values of ``list_versions``, the data versions of the apps whose tables the list shows
      (``agenperubahan/data_versions.py``): any write to those tables, by a service, the admin, the API, a bulk
      ``QuerySet.update()`` or a cascade, bumps one of them, so the next request builds the answer afresh;
    - the reader's scope (``fragments.scope_of``: superuser flag and every role × agency) plus what
      ``list_vary(request)`` adds for this reader (e.g. the employee, for a list that shows one's own rows), and
      today's date;
    - the query string as sent, sorted (filters, search, ordering, page, page size: the ``next``/``previous``
      links repeat it), the scheme, host and path (the links are absolute), the negotiated media type, the API
      version, the language and the time zone (``fragments.make_key``), and a digest of the code.

    Authentication, permissions and throttles run before (DRF's ``initial``); only a 200 of the JSON renderer is
    stored (the browsable API is rendered live), for ``FRAGMENT_CACHE_SECONDS`` at most. ``list_vary`` returning
    ``None`` answers this request live (e.g. a filter on the current time)."""

    #: Data versions (``data_versions.AGENTS`` …) of every app whose rows the answer shows.
    list_versions: tuple[str, ...] = ()
    #: Optional, for a built answer: each row read with ``values()`` instead of model instances and the serializer
    #: (output name → column, or (column, convert); ``convert`` never sees ``None``; ``FIELD`` as convert is the
    #: serializer's own field of that name, e.g. for dates and times with the time zone, decimals). It must give
    #: what the serializer gives, field for field and in its order (``tests/api_rows.py`` compares them).
    list_columns: dict | None = None

    def list_vary(self, request) -> tuple | None:
        """What the answer depends on for this reader besides the scope; ``None``: do not cache this request."""
        return ()

    def initial(self, request, *args, **kwargs):
        # Before the permission checks: the list's data versions, the reader's own version and their roles (what
        # the checks read) in one round trip to the cache.
        if getattr(self, "action", None) == "list" and self.list_versions:
            request.user  # noqa: B018  (authenticates first, as DRF's own ``initial`` would)
            self._list_values = fragments.version_values(self.list_versions, user=request.user)
        super().initial(request, *args, **kwargs)

    def _list_key(self, request) -> str | None:
        vary = self.list_vary(request)
        if not self.list_versions or vary is None:
            return None
        labels = (type(self).__module__.split(".")[0], *(v.split(":")[1] for v in self.list_versions))
        values = getattr(self, "_list_values", None) or fragments.version_values(self.list_versions, user=request.user)
        return answer_key(request, self.basename, labels, values, vary)

    def list_rows(self, queryset) -> list[dict] | None:
        """The rows of this page as ``list_columns`` reads them (``None`` without ``list_columns``)."""
        if self.list_columns is None:
            return None
        columns = [(name, spec, None) if isinstance(spec, str) else (name, *spec)
                   for name, spec in self.list_columns.items()]
        if any(convert is FIELD for _name, _source, convert in columns):
            fields = self._serializer_fields()
            columns = [(name, source, fields[name].to_representation if convert is FIELD else convert)
                       for name, source, convert in columns]
        sources = list(dict.fromkeys(source for _name, source, _convert in columns))
        values = queryset.values(*sources)
        page = self.paginate_queryset(values)
        return [{name: row[source] if convert is None or row[source] is None else convert(row[source])
                 for name, source, convert in columns} for row in (page if page is not None else values)]

    @classmethod
    def _serializer_fields(cls) -> dict:
        """The serializer's fields, built once per viewset (only their ``to_representation`` is used: a date, time
        or decimal field reads no request, parent or instance)."""
        if "_list_serializer_fields" not in cls.__dict__:
            cls._list_serializer_fields = dict(cls.serializer_class().fields)
        return cls._list_serializer_fields

    def _build_list(self, request, *args, **kwargs):
        if self.list_columns is None:
            return super().list(request, *args, **kwargs)
        rows = self.list_rows(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(rows) if self.paginator is not None else Response(rows)

    def list(self, request, *args, **kwargs):
        return cached_answer(self._list_key(request), lambda: self._build_list(request, *args, **kwargs))


def answer_key(request, name: str, labels: tuple[str, ...], values, vary: tuple = ()) -> str | None:
    """The cache key of a JSON answer (``cached_answer``) for this request, or ``None`` when it is not to be cached
    (another renderer than JSON, e.g. the browsable API). ``name``: what the answer is; ``labels``: the apps whose
    code builds it (their Python source is in the key, with this package's); ``values``: the current values of the
    data versions of every app whose rows it shows (``fragments.version_values``); ``vary``: what it depends on
    for this reader besides their scope (``fragments.scope_of``), today's date, the query string, the scheme, host
    and path, the negotiated media type, the API version, the language and the time zone."""
    if not isinstance(getattr(request, "accepted_renderer", None), JSONRenderer):
        return None
    where = (request.scheme, request.get_host(), request.path, request.accepted_media_type, request.version)
    return fragments.make_key(f"api:{name}:{_code_digest(('agenperubahan', *labels))}", values,
                              (fragments.scope_of(request.user), *vary, timezone.localdate(), where,
                               fragments.query_vary(request)))


def cached_answer(key: str | None, build, timeout=None) -> Response:
    """The rendered JSON stored under ``key`` (``answer_key``), or ``build()``'s response, whose rendered content is
    stored when it is a 200 (errors are answered live every time). ``key`` None: ``build()``, nothing stored.
    ``timeout``: seconds (default ``FRAGMENT_CACHE_SECONDS``), or a function of the response giving them (0: not
    stored)."""
    if key is None:
        return build()
    content = cache.get(key)
    if content is not None:
        return _StoredAnswer(content)
    response = build()
    if response.status_code == 200:
        seconds = (timeout(response) if callable(timeout) else timeout if timeout is not None
                   else getattr(settings, "FRAGMENT_CACHE_SECONDS", 3600))
        if seconds > 0:
            response.add_post_render_callback(lambda rendered: cache.set(key, rendered.content, seconds))
    return response


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
