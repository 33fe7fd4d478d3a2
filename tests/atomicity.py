"""Helpers of the all-or-nothing tests: is a function wrapped in ``transaction.atomic``, and a failure injected after
the first row a service writes (the database must then be exactly as before)."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from contextlib import contextmanager

import pytest
from django.db import connection, transaction

APPS = ["organization", "notifications", "agents", "forums", "evaluations", "dashboards", "documents", "zi",
        "improvement"]
# Write modules that are not named services: the employee import's, the summary reports', the ZI pack's and the
# role models'.
EXTRA_MODULES = ["organization.importing.services", "notifications.report_services", "zi.pack", "improvement.recognition"]
WRITES = {"INSERT", "UPDATE", "DELETE", "REPLACE"}


class InjectedFailure(Exception):
    """Raised by the test in place of a write, as a crash or a full disk would be."""


def service_modules():
    """Every ``<app>.services`` module (and each module of a services package), plus EXTRA_MODULES."""
    names = []
    for app in APPS:
        try:
            package = importlib.import_module(f"{app}.services")
        except ModuleNotFoundError:
            continue
        names.append(package.__name__)
        names += [f"{package.__name__}.{m.name}" for m in pkgutil.iter_modules(getattr(package, "__path__", []))]
    return [importlib.import_module(n) for n in names + EXTRA_MODULES]


def public_functions():
    """(dotted name, function) of every public function a service module defines."""
    for module in service_modules():
        for name, fn in vars(module).items():
            if not name.startswith("_") and inspect.isfunction(fn) and fn.__module__ == module.__name__:
                yield f"{module.__name__}.{name}", fn


def is_atomic(fn) -> bool:
    """Decorated with ``@transaction.atomic`` (with or without arguments)."""
    return any(isinstance(cell.cell_contents, transaction.Atomic) for cell in fn.__closure__ or ())


def _snapshot() -> dict:
    tables = connection.introspection.table_names(include_views=False)
    with connection.cursor() as cursor:
        rows = {}
        for table in tables:
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 (our own table names)
            rows[table] = sorted(map(repr, cursor.fetchall()))
    return rows


def _target(sql: str) -> str:
    match = re.match(r'\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM|REPLACE\s+INTO)\s+"?([\w.]+)"?', sql, re.IGNORECASE)
    return match[1] if match else ""


@contextmanager
def failing_after_first_write(*, nth: int = 2, ignore: tuple[str, ...] = ()):
    """Make the ``nth`` write statement (INSERT/UPDATE/DELETE) raise, expect the failure, and check that the
    database is exactly as it was before: the writes before it were undone. Writes to the ``ignore`` tables (a job's
    own status row, which records the failure) are neither counted nor compared."""
    before = _snapshot()
    writes = []

    def fail_on_nth_write(execute, sql, params, many, context):
        if sql.lstrip().split(None, 1)[0].upper() in WRITES and _target(sql) not in ignore:
            writes.append(sql)
            if len(writes) == nth:
                raise InjectedFailure(sql[:200])
        return execute(sql, params, many, context)

    with pytest.raises(InjectedFailure), connection.execute_wrapper(fail_on_nth_write):
        yield
    after = _snapshot()
    changed = [t for t in before if t not in ignore and before[t] != after.get(t)]
    assert not changed, f"Left behind after the failure in {changed}; first write: {writes[0][:200]}"
