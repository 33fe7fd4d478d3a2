#!/usr/bin/env python
"""Seed a benchmark database: the demo city at ``--scale`` × (16,000 employees, 400 agents, 20,000 forum posts,
two cycles of 360° answers for every agent). Run by bench/run.py with DATABASE_URL pointing at the bench database."""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "agenperubahan.settings.development")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

EMPLOYEES = 16_000


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=int, default=1)
    args = parser.parse_args()
    started = time.monotonic()
    call_command("seed_demo", employees=EMPLOYEES * args.scale)
    print(f"seed_demo: {time.monotonic() - started:.1f} s")
    ids = {}
    (ROOT / "bench" / "out").mkdir(exist_ok=True)
    (ROOT / "bench" / "out" / f"ids_{args.scale}.json").write_text(json.dumps(ids))


if __name__ == "__main__":
    main()
