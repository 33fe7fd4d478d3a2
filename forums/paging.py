"""A paginator for long topics: pages past the middle are read from the end.

``OFFSET n`` makes PostgreSQL fetch and join (author, agency) every skipped row, so the last page of a 10,000-post
topic cost ten times the first. Reading the second half in reverse order keeps the offset below half the topic, and
the last page — where readers land most — as cheap as the first.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.utils.functional import cached_property


class TailPaginator(Paginator):
    """``count``, when the caller knows it (a stored counter), saves the COUNT query."""

    def __init__(self, object_list, per_page, orphans=0, allow_empty_first_page=True, *, count: int | None = None):
        super().__init__(object_list, per_page, orphans, allow_empty_first_page)
        if count is not None:
            self.__dict__["count"] = count  # Paginator.count is a cached_property

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        if bottom * 2 <= self.count or not getattr(self.object_list, "ordered", False):
            return super().page(number)
        # The same rows, counted from the end: the queryset's ordering reversed, then the page put back in order.
        from_end = self.count - top
        rows = list(self.object_list.reverse()[from_end:from_end + (top - bottom)])
        rows.reverse()
        return self._get_page(rows, number, self)


class CappedPaginator(Paginator):
    """Reads the ids of at most ``cap`` + 1 matches in one query, then the page's rows by id: a search for a word
    in one post of five would otherwise count 40,000 rows on every page, and a rarer one would find and sort its
    matches twice (once to count, once for the page). Past the cap the page says "more than …" (``capped``) and
    offers the first ``cap`` results.

    ``rows(ids)``, when given, reads the page's rows (model instances, or ``values()`` dicts with a ``"pk"``) in any
    order; by default they are ``object_list.filter(pk__in=ids)``. The page keeps the order of the ids."""

    def __init__(self, object_list, per_page, *, cap: int = 200, rows=None):
        super().__init__(object_list, per_page)
        self.cap = cap
        self.rows = rows or (lambda ids: self.object_list.filter(pk__in=ids).order_by())

    @cached_property
    def _ids(self) -> list:
        return list(self.object_list.values_list("pk", flat=True)[: self.cap + 1])

    @cached_property
    def count(self) -> int:
        return min(len(self._ids), self.cap)

    @cached_property
    def capped(self) -> bool:
        return len(self._ids) > self.cap

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        ids = self._ids[bottom:min(bottom + self.per_page, self.cap)]
        rows = {_pk(row): row for row in self.rows(ids)} if ids else {}
        return self._get_page([rows[pk] for pk in ids if pk in rows], number, self)


def _pk(row):
    """A row's primary key: a model instance's, or a ``values()`` dict's ``"pk"``."""
    return row["pk"] if isinstance(row, dict) else row.pk
