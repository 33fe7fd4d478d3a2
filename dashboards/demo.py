"""Demo data: the dashboards have none of their own; they read the other apps' demo data.

Demo loaders write with ``bulk_create`` (no signals), so the cached figures are dropped here, after every other
app has loaded its data.
"""

from __future__ import annotations

from .cache import bump_version


def seed(*, seed: int = 2026, stdout=None) -> None:
    bump_version()
    if stdout is not None:
        stdout.write("dashboards: cache dasbor diperbarui.")
