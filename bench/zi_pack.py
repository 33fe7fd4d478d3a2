#!/usr/bin/env python
"""Time and peak memory of building the ZI evidence pack of the largest agency (docs/zi.md, "Measured").

Usage (a database of its own, e.g. ``DATABASE_URL=sqlite:////tmp/zi-bench.sqlite3 MEDIA_ROOT=/tmp/zi-bench-media``):

    python bench/zi_pack.py [--employees 2000] [--extra-files 0] [--extra-mb 1]

Migrates, loads the demo data (idempotent), optionally adds ``--extra-files`` evidence files of ``--extra-mb`` MB
to the largest agency's monthly reports (a synthetic larger pack), then builds the pack once and prints the wall
time, the Python heap peak (tracemalloc) and the process's maximum resident set size (getrusage).
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "agenperubahan.settings.development")

import django  # noqa: E402

django.setup()

from django.core.files.base import ContentFile  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db.models import Count  # noqa: E402

from agents.models import ProgressReport, ReportEvidence  # noqa: E402
from zi import collectors  # noqa: E402
from zi.models import PackBuild  # noqa: E402
from zi.pack import pack_build_run  # noqa: E402
from zi.selectors import default_period  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--employees", type=int, default=2000)
    parser.add_argument("--extra-files", type=int, default=0)
    parser.add_argument("--extra-mb", type=float, default=1.0)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    call_command("seed_demo", employees=args.employees, verbosity=0)
    period = default_period()
    row = (ProgressReport.objects.values("project__agency").annotate(n=Count("evidence")).order_by("-n").first())
    from organization.models import Agency

    agency = Agency.objects.get(pk=row["project__agency"])
    if args.extra_files:
        reports = list(ProgressReport.objects.filter(project__agency=agency).order_by("pk"))
        block = os.urandom(1024 * 1024)
        size = int(args.extra_mb * 1024 * 1024)
        body = b"%PDF-1.4\n" + (block * (size // len(block) + 1))[:size]
        for n in range(args.extra_files):
            ev = ReportEvidence(report=reports[n % len(reports)], original_name=f"sintetis-{n}.pdf",
                                content_type="application/pdf", size=len(body))
            ev.file.save("s.pdf", ContentFile(body), save=False)
            ev.save()
    projects = collectors.projects_of(agency, period).count()
    reports = ProgressReport.objects.filter(project__in=collectors.projects_of(agency, period)).count()
    files = ReportEvidence.objects.filter(report__project__in=collectors.projects_of(agency, period)).count()
    build = PackBuild.objects.create(agency=agency, period=period)
    tracemalloc.start()
    started = time.perf_counter()
    pack_build_run(build_id=build.pk)
    elapsed = time.perf_counter() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    build.refresh_from_db()
    print(f"agency={agency.name} period={period} projects={projects} reports={reports} evidence_files={files}")
    print(f"status={build.status} files_in_zip={build.files_count} zip_mb={build.size / 1e6:.1f} "
          f"seconds={elapsed:.1f} python_peak_mb={peak / 1e6:.1f} "
          f"maxrss_mb={resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f}")


if __name__ == "__main__":
    main()
