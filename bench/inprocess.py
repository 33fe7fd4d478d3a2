#!/usr/bin/env python
"""In-process timings: each bench page called through the WSGI application (no HTTP, one request at a time), the
median wall time and the median CPU time of this process (Python and the database driver; PostgreSQL runs
elsewhere). CPU time barely moves with the machine's load, so it compares two versions of the code fairly on a
shared machine where wrk's req/s swings by ±50 %.

    .venv/bin/python bench/inprocess.py --scales 1,10                          # this checkout
    .venv/bin/python bench/inprocess.py --scales 1 --before /tmp/main-export   # before/after, same session

Uses the databases bench/run.py seeded (BENCH_DB_PREFIX) and its cache (BENCH_CACHE_URL). Writes
bench/inprocess.md and bench/inprocess.json.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

STACK = [("one-line (default stack)", "agen.diskominfo", "/bench/default/oneline/"),
         ("one-line (whole stack)", "agen.diskominfo", "/bench/oneline/"),
         ("baseline", "agen.diskominfo", "/bench/baseline/")]


def child(scale: int, repeat: int, only: str | None) -> None:
    """Runs inside the code tree being measured (cwd), with env_for(scale) from run.py."""
    import re

    import django

    sys.path.insert(0, os.getcwd())
    django.setup()
    from django.core.cache import cache
    from django.test import Client
    from pages import PAGES
    from run import resolve

    from agenperubahan.wsgi import application
    from organization.models import User

    # Emptied as bench/run.py empties it when a server starts: the version numbers live in the cache, so entries
    # left by the other scale's database could be read under the same versions.
    cache.clear()
    pages = [*STACK, *PAGES]
    if only:
        pages = [p for p in pages if p in STACK or re.search(only, p[0])]
    cookies = {}
    out = []
    for name, username, url in pages:
        if username not in cookies:
            client = Client()
            client.force_login(User.objects.get(username=username))
            cookies[username] = f"sessionid={client.cookies['sessionid'].value}"
        target = resolve(url, scale)
        path, _, query = target.partition("?")

        def call(path=path, query=query, cookie=cookies[username]):
            environ = {
                "REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": query, "SERVER_NAME": "127.0.0.1",
                "SERVER_PORT": "80", "HTTP_HOST": "127.0.0.1", "HTTP_COOKIE": cookie,
                "wsgi.input": io.BytesIO(), "wsgi.url_scheme": "http", "wsgi.errors": sys.stderr,
                "wsgi.multithread": False, "wsgi.multiprocess": True, "wsgi.run_once": False,
                "wsgi.version": (1, 0), "SERVER_PROTOCOL": "HTTP/1.1", "REMOTE_ADDR": "127.0.0.1",
            }
            status = []
            body = application(environ, lambda s, h, exc_info=None: status.append(s))
            b"".join(body)
            if hasattr(body, "close"):
                body.close()
            return status[0]

        for _n in range(3):
            status = call()
        walls, cpus = [], []
        for _n in range(repeat):
            w, c = time.perf_counter(), time.process_time()
            call()
            cpus.append((time.process_time() - c) * 1000)
            walls.append((time.perf_counter() - w) * 1000)
        out.append({"page": name, "status": status, "wall_ms": round(statistics.median(walls), 2),
                    "cpu_ms": round(statistics.median(cpus), 2)})
        print(f"  {name:30} {status:8} wall {out[-1]['wall_ms']:7.2f} ms  cpu {out[-1]['cpu_ms']:7.2f} ms",
              file=sys.stderr, flush=True)
    print("INPROCESS " + json.dumps(out))


def measure(code: Path, scale: int, repeat: int, only: str | None) -> list[dict]:
    from run import env_for

    env = env_for(scale)
    env["PYTHONPATH"] = f"{code}:{ROOT / 'bench'}"
    cmd = [str(ROOT / ".venv" / "bin" / "python"), str(Path(__file__).resolve()), "--child", "--scale", str(scale),
           "--repeat", str(repeat)] + (["--pages", only] if only else [])
    print(f"== {code} ×{scale}", flush=True)
    proc = subprocess.run(cmd, env=env, cwd=code, stdout=subprocess.PIPE, text=True, check=True)
    line = next(x for x in proc.stdout.splitlines() if x.startswith("INPROCESS "))
    return json.loads(line[len("INPROCESS "):])


def write(results: dict) -> None:
    (ROOT / "bench" / "inprocess.json").write_text(json.dumps(results, indent=2))
    lines = ["# In-process timings", "",
             f"`bench/inprocess.py` ({time.strftime('%Y-%m-%d')}): each page through the WSGI application in one "
             "process, one request at a time, median of the timed calls after three warm ones. cpu = CPU time of the "
             "web process (Python, template, ORM, driver; not PostgreSQL's), the figure that decides req/s on a "
             "CPU-bound server; ratio = default-stack cpu ÷ page cpu (the throughput ratio if CPU were the only "
             "cost).", ""]
    for scale, versions in sorted(results.items()):
        names = list(versions)
        lines += [f"## ×{scale}", "", "| page | " + " | ".join(
            f"{v} wall ms | {v} cpu ms | {v} ratio" for v in names) + " |", "|---|" + "---|" * (3 * len(names))]
        by_version = {v: {r["page"]: r for r in rows} for v, rows in versions.items()}
        for row in versions[names[-1]]:
            cells = []
            for v in names:
                r = by_version[v].get(row["page"])
                ref = by_version[v].get("one-line (default stack)")
                cells.append(f"{r['wall_ms']:.1f} | {r['cpu_ms']:.1f} | {ref['cpu_ms'] / r['cpu_ms']:.2f}"
                             if r and ref else "– | – | –")
            lines.append(f"| {row['page']} | " + " | ".join(cells) + " |")
        lines.append("")
    (ROOT / "bench" / "inprocess.md").write_text("\n".join(lines))
    print("\n".join(lines))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scales", default="1,10")
    parser.add_argument("--repeat", type=int, default=25)
    parser.add_argument("--pages")
    parser.add_argument("--before", type=Path, help="another checkout (e.g. an export of main) measured first")
    parser.add_argument("--child", action="store_true")
    parser.add_argument("--scale", type=int)
    args = parser.parse_args()
    if args.child:
        child(args.scale, args.repeat, args.pages)
        return
    results: dict = {}
    for scale in [int(s) for s in args.scales.split(",")]:
        results[scale] = {}
        if args.before:
            results[scale]["before"] = measure(args.before, scale, args.repeat, args.pages)
        results[scale]["after" if args.before else "now"] = measure(ROOT, scale, args.repeat, args.pages)
    write(results)


if __name__ == "__main__":
    main()
