"""For the API lists that read a built answer's rows with ``values()`` (``CachedListMixin.list_columns``): the rows
must be what the viewset's serializer gives for the same queryset, field for field, in its order, to the byte."""

from __future__ import annotations

from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory


def viewsets_with_columns() -> list[tuple]:
    from agenperubahan.api import router

    return [(viewset, basename) for _prefix, viewset, basename in router.registry
            if getattr(viewset, "list_columns", None) is not None]


def assert_rows_match_the_serializer(viewset, basename: str, user, query: str = "") -> int:
    """Compares the whole list (no pagination) as ``user`` sees it; returns how many rows were compared."""
    request = Request(APIRequestFactory().get(f"/{query}"))
    request.user = user
    view = viewset(request=request, format_kwarg=None, action="list", kwargs={}, basename=basename)
    view.pagination_class = None
    queryset = view.filter_queryset(view.get_queryset())
    expected = view.get_serializer(queryset, many=True).data
    rows = view.list_rows(queryset)
    assert len(rows) == len(expected)
    assert [list(r) for r in rows] == [list(e) for e in expected]
    assert JSONRenderer().render(rows) == JSONRenderer().render(expected)
    return len(rows)


def rows(response) -> dict[int, dict]:
    """A 200 list answer's rows by id."""
    assert response.status_code == 200, response.content
    return {row["id"]: row for row in response.json()["results"]}


def queries(client, url) -> int:
    """How many queries one GET of ``url`` runs (it must answer 200)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)
