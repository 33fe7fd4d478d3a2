"""The evidence pack: a registry of collectors and the builder that streams their files into a ZIP on storage.

A collector is ``fn(agency, period) -> iterable of (path_in_zip, source)`` or ``(path_in_zip, source,
indicator_code)``. ``source`` is ``bytes``/``str``, a Django ``FieldFile``, or a callable returning an open binary
file. Sources are opened one at a time while the ZIP is written and copied in chunks, so a pack of several hundred
megabytes never sits in memory. Other apps add their documents by registering one collector (``register``), e.g.
a ``documents`` app adding the selection minutes and the signed SKs from its ``AppConfig.ready``.
"""

from __future__ import annotations

import logging
import os
import re
import tempfile
import zipfile
from collections.abc import Callable, Iterable

from django.core.files import File
from django.db import transaction
from django.utils import timezone

logger = logging.getLogger(__name__)

CHUNK = 1024 * 1024
Collector = Callable[..., Iterable[tuple]]
COLLECTORS: list[Collector] = []
INDEX_NAME = "00-indeks.pdf"


def register(collector: Collector) -> Collector:
    """Add a collector to every pack (idempotent; usable as a decorator)."""
    if collector not in COLLECTORS:
        COLLECTORS.append(collector)
    return collector


def safe_name(value: str, default: str = "berkas") -> str:
    """A file or folder name safe inside a ZIP on any system (no separators, no dot-dot, bounded length)."""
    name = re.sub(r"[^\w.\- ]+", "_", str(value or ""), flags=re.UNICODE).strip(" ._")[:80]
    return name or default


def collect(agency, period) -> list[tuple[str, object, str]]:
    """Every item of every collector, with unique paths: [(path, source, indicator code or "")]."""
    items, seen = [], set()
    for collector in COLLECTORS:
        for item in collector(agency, period):
            path, source = item[0], item[1]
            code = item[2] if len(item) > 2 else ""
            path = "/".join(safe_name(part) for part in str(path).split("/") if part not in ("", ".", ".."))
            stem, dot, ext = path.rpartition(".")
            n = 1
            while path in seen:
                n += 1
                path = f"{stem}-{n}.{ext}" if dot else f"{ext}-{n}"
            seen.add(path)
            items.append((path, source, code))
    return items


def _open(source):
    if callable(source):
        return source()
    source.open("rb")
    return source


def _write(zf: zipfile.ZipFile, path: str, source) -> int:
    """Write one item; files are copied in chunks. Returns the bytes written (0 if the file is missing)."""
    if isinstance(source, str):
        source = source.encode("utf-8")
    if isinstance(source, bytes):
        zf.writestr(path, source, compress_type=zipfile.ZIP_DEFLATED)
        return len(source)
    try:
        handle = _open(source)
    except (FileNotFoundError, ValueError, OSError):
        logger.warning("zi pack: file for %s is missing", path)
        return 0
    info = zipfile.ZipInfo(path, date_time=timezone.localtime().timetuple()[:6])
    # Evidence is PDF/JPG/PNG, already compressed: stored, not deflated again.
    info.compress_type = zipfile.ZIP_STORED
    try:
        with zf.open(info, "w", force_zip64=True) as dest:
            written = 0
            while chunk := handle.read(CHUNK):
                dest.write(chunk)
                written += len(chunk)
    finally:
        handle.close()
    return written


def pack_build_run(*, build_id: int) -> None:
    """Build a queued pack: write every collected item into a temporary ZIP, add the index PDF, save to storage."""
    from .index import render_index
    from .models import PackBuild

    with transaction.atomic():
        build = PackBuild.objects.select_for_update().select_related("agency", "period").filter(pk=build_id).first()
        if build is None or build.status != PackBuild.Status.QUEUED:
            return
        build.status = PackBuild.Status.RUNNING
        build.save(update_fields=["status"])
    tmp_path = None
    try:
        items = collect(build.agency, build.period)
        total, step = len(items) + 1, max(1, (len(items) + 1) // 20)
        written_paths: dict[str, int] = {}
        fd, tmp_path = tempfile.mkstemp(suffix=".zip")
        with os.fdopen(fd, "wb") as raw, zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as zf:
            for n, (path, source, _code) in enumerate(items, start=1):
                size = _write(zf, path, source)
                if size or isinstance(source, (bytes, str)):
                    written_paths[path] = size
                if n % step == 0:
                    PackBuild.objects.filter(pk=build.pk).update(progress=min(95, int(100 * n / total)))
            zf.writestr(INDEX_NAME, render_index(build.agency, build.period, items, written_paths))
        with open(tmp_path, "rb") as handle:
            build.file.save("paket.zip", File(handle), save=False)
        build.size = os.path.getsize(tmp_path)
        build.files_count = len(written_paths) + 1
        build.status, build.progress, build.finished_at = PackBuild.Status.DONE, 100, timezone.now()
        build.save(update_fields=["file", "size", "files_count", "status", "progress", "finished_at"])
    except Exception as exc:  # a failed build says so on the page instead of staying "running" forever
        logger.exception("zi pack %s failed", build_id)
        PackBuild.objects.filter(pk=build.pk).update(status=PackBuild.Status.FAILED, error=str(exc)[:1000],
                                                     finished_at=timezone.now())
    finally:
        if tmp_path and os.path.exists(tmp_path):
            os.unlink(tmp_path)
