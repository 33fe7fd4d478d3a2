#!/usr/bin/env python
"""Benchmark: seed PostgreSQL at city scale and ten times it, serve the portal with gunicorn on 127.0.0.1, and
measure the key pages and API lists per role with wrk: requests per second, p50/p95 latency, queries per request,
each page's throughput as a ratio of a baseline page (a minimal signed-in template through the same middleware).

    make bench                      # both scales
    .venv/bin/python bench/run.py --scales 1 --duration 5

Writes bench/results.md and bench/results.json. Needs PostgreSQL on 127.0.0.1 and wrk (apt-get install wrk).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python")
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
PASSWORD = "demo-agen-2026"
PORT = int(os.environ.get("BENCH_PORT", "8765"))
BASE = f"http://127.0.0.1:{PORT}"

sys.path.insert(0, str(ROOT / "bench"))
from pages import PAGES  # noqa: E402


def env_for(scale: int) -> dict:
    env = dict(os.environ)
    env.update({
        "DATABASE_URL": f"{PG}/ap_bench_{scale}",
        "DJANGO_SETTINGS_MODULE": "agenperubahan.settings.production",
        "SECRET_KEY": "bench-" + "x" * 60,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "False",
        "BENCH_MODE": "1",
        "ALLOW_DEMO_DATA": "1",
        "AXES_ENABLED": "False",
        "CONN_MAX_AGE": "600",
        "LOG_LEVEL": "WARNING",
    })
    env.pop("REDIS_URL", None)
    # The shared cache production uses (docker-compose sets CACHE_URL; `check --deploy` warns without it): every
    # gunicorn worker sees the figures another one computed. Emptied when the server starts (see start_server).
    env["CACHE_URL"] = os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/13")
    return env


def run(cmd, env, **kw):
    print("$", " ".join(cmd), flush=True)
    return subprocess.run(cmd, env=env, cwd=ROOT, check=True, **kw)


def ensure_database(scale: int, reseed: bool) -> None:
    # Seeding uses the development settings: production settings refuse to load demo data (by design).
    env = {**env_for(scale), "DJANGO_SETTINGS_MODULE": "agenperubahan.settings.development", "DEBUG": "False"}
    name = f"ap_bench_{scale}"
    exists = subprocess.run(["psql", PG + "/postgres", "-tAc", f"SELECT 1 FROM pg_database WHERE datname='{name}'"],
                            capture_output=True, text=True).stdout.strip() == "1"
    if exists and not reseed:
        seeded = subprocess.run(["psql", f"{PG}/{name}", "-tAc", "SELECT count(*) FROM bench_seeded"],
                                capture_output=True, text=True)
        if seeded.returncode == 0 and seeded.stdout.strip() not in ("", "0"):
            print(f"Database {name} already seeded (bench_seeded); use --reseed to rebuild.")
            run([PY, "manage.py", "migrate", "--noinput", "-v0"], env)  # the code may have new migrations
            return
    subprocess.run(["psql", PG + "/postgres", "-c", f"DROP DATABASE IF EXISTS {name}"], check=True)
    subprocess.run(["psql", PG + "/postgres", "-c", f"CREATE DATABASE {name}"], check=True)
    run([PY, "manage.py", "migrate", "--noinput", "-v0"], env)
    started = time.monotonic()
    run([PY, "bench/seed.py", "--scale", str(scale)], env)
    print(f"Seeded scale {scale} in {time.monotonic() - started:.0f} s")
    subprocess.run(["psql", f"{PG}/{name}", "-c", "CREATE TABLE bench_seeded (at timestamptz default now());"
                    "INSERT INTO bench_seeded DEFAULT VALUES;"], check=True)


def start_server(scale: int) -> subprocess.Popen:
    env = env_for(scale)
    # Start cold: nothing cached from an earlier run or the other scale.
    import redis

    redis.Redis.from_url(env["CACHE_URL"]).flushdb()
    run([PY, "manage.py", "collectstatic", "--noinput", "-v0"], env)
    proc = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "gunicorn"), "agenperubahan.wsgi", "-b", f"127.0.0.1:{PORT}", "-w", "3",
         "--access-logfile", "-", "--log-level", "warning"],
        env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    for _ in range(60):
        try:
            urllib.request.urlopen(f"{BASE}/healthz", timeout=2)
            return proc
        except OSError:
            time.sleep(0.5)
    proc.kill()
    raise RuntimeError("gunicorn did not start: " + proc.stderr.read().decode()[-2000:])


def session_cookie(username: str) -> str:
    """Sign in like a browser; return the Cookie header (secure cookies are sent by hand over plain http)."""
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{BASE}/accounts/login/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    cookies = {c.name: c.value for c in jar}
    data = urllib.parse.urlencode({"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token}).encode()
    req = urllib.request.Request(f"{BASE}/accounts/login/", data=data, headers={
        "Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items()), "Referer": f"{BASE}/accounts/login/"})

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    try:
        resp = urllib.request.build_opener(NoRedirect).open(req)
        headers = resp.headers
    except urllib.error.HTTPError as exc:  # the 302 after a successful login
        headers = exc.headers
    for value in headers.get_all("Set-Cookie") or []:
        name, _, rest = value.partition("=")
        cookies[name] = rest.split(";", 1)[0]
    if "sessionid" not in cookies:
        raise RuntimeError(f"login failed for {username}")
    return "; ".join(f"{k}={v}" for k, v in cookies.items())


def probe(url: str, cookie: str) -> tuple[int, int, float]:
    """One request: (status, queries, milliseconds)."""
    req = urllib.request.Request(BASE + url, headers={"Cookie": cookie})
    started = time.perf_counter()
    try:
        resp = urllib.request.urlopen(req, timeout=120)
        resp.read()
        status, headers = resp.status, resp.headers
    except urllib.error.HTTPError as exc:
        status, headers = exc.code, exc.headers
    return status, int(headers.get("X-Query-Count", "-1")), (time.perf_counter() - started) * 1000


def load(url: str, cookie: str, duration: int, connections: int) -> dict:
    out = subprocess.run(
        ["wrk", "-t1", f"-c{connections}", f"-d{duration}s", "--timeout", "30s", "-s", str(ROOT / "bench" / "wrk_report.lua"),
         "-H", f"Cookie: {cookie}", BASE + url],
        capture_output=True, text=True, check=True,
    ).stdout
    line = next(x for x in out.splitlines() if x.startswith("WRKJSON "))
    figures = json.loads(line[len("WRKJSON "):])
    figures["rps"] = figures["requests"] / (figures["duration_us"] / 1e6)
    return figures


def resolve(url: str, scale: int) -> str:
    """Some pages need an id that exists in the seeded data (e.g. the longest topic)."""
    if "{" not in url:
        return url
    ids = json.loads((ROOT / "bench" / "out" / f"ids_{scale}.json").read_text())
    return url.format(**ids)


def measure(scale: int, duration: int, connections: int, only: str | None = None) -> list[dict]:
    server = start_server(scale)
    rows = []
    pages = [("baseline", "agen.diskominfo", "/bench/baseline/"), *PAGES]
    if only:
        pages = [p for p in pages if p[0] == "baseline" or re.search(only, p[0])]
    try:
        cookies: dict[str, str] = {}
        for name, role, url in pages:
            cookie = cookies.setdefault(role, session_cookie(role))
            target = resolve(url, scale)
            # The first request finds cold caches (a fresh gunicorn worker, dashboard figures not yet computed);
            # the second is warm the way a second visitor would find it. Both are recorded.
            status, queries, cold_ms = probe(target, cookie)
            _s, _q, warm_ms = probe(target, cookie)
            load_before = os.getloadavg()[0]
            figures = load(target, cookie, duration, connections)
            # After the load every worker has warm caches: the fewest queries of a few requests is the warm count
            # (a request may still land on a worker that gunicorn has just recycled, see max_requests).
            warm_queries = min(probe(target, cookie)[1] for _n in range(4))
            row = {"page": name, "role": role, "url": target, "status": status, "queries": queries,
                   "warm_queries": warm_queries, "cold_ms": round(cold_ms, 1), "warm_ms": round(warm_ms, 1),
                   "load": round((load_before + os.getloadavg()[0]) / 2, 2), **figures}
            # Each page is compared with the baseline of its own run (a --pages re-run has its own baseline).
            row["baseline_rps"] = row["rps"] if name == "baseline" else rows[0]["rps"]
            rows.append(row)
            print(f"  {name:28} {role:20} {status} q={queries:3}/{warm_queries:3} {row['rps']:7.1f} req/s "
                  f"p50={row['p50'] / 1000:6.1f} ms p95={row['p95'] / 1000:6.1f} ms cold={cold_ms:7.1f} ms "
                  f"errors={row['errors']} load={row['load']}", flush=True)
    finally:
        server.terminate()
        server.wait(timeout=30)
    return rows


def _data_sizes(scales) -> list[str]:
    lines = []
    for s in scales:
        path = ROOT / "bench" / "out" / f"ids_{s}.json"
        if path.exists():
            counts = json.loads(path.read_text()).get("counts", {})
            lines.append(f"- ×{s}: " + ", ".join(f"{k.replace('_', ' ')} {v:,}" for k, v in counts.items()))
    return lines


def write_results(results: dict[int, list[dict]]) -> None:
    out = ROOT / "bench"
    (out / "results.json").write_text(json.dumps(results, indent=2))
    scales = sorted(results)
    loads = {s: [r.get("load") for r in results[s] if r.get("load") is not None] for s in scales}
    lines = ["# Benchmark results", "",
             f"Measured by `make bench` ({time.strftime('%Y-%m-%d')}) on this machine (2 cores): gunicorn 3 workers "
             "× 4 threads (gunicorn.conf.py: gthread, max_requests 1000), PostgreSQL 15 on 127.0.0.1, the shared "
             "Redis cache as in production (emptied when the server starts), wrk 1 thread and "
             f"{ARGS.connections} connections for {ARGS.duration} s per page. Ratio = page req/s ÷ baseline req/s at "
             "the same scale. q = SQL queries for one (warm) request. cold = the first request of the run "
             "(fresh worker, dashboard figures not cached yet).", ""]
    lines += ["Load average (1 min) during the runs: " + "; ".join(
        f"×{s} {min(v):.1f}–{max(v):.1f}" for s, v in loads.items() if v) + ".", ""]
    lines += ["Data:", *_data_sizes(scales), ""]
    rerun = sorted({r["page"] for s in scales for r in results[s] if r.get("rerun")})
    if rerun:
        lines += ["Re-measured later with `--pages` (noisy in the full run), each against the baseline of its own "
                  "re-run: "
                  + ", ".join(rerun) + ".", ""]
    head = "| page | role | status |" + "".join(
        f" q ×{s} | req/s ×{s} | ratio ×{s} | p50 ms ×{s} | p95 ms ×{s} | cold ms ×{s} |" for s in scales)
    lines += [head, "|" + "---|" * (3 + 6 * len(scales))]
    by_scale = {s: {r["page"]: r for r in results[s]} for s in scales}
    for row in results[scales[0]]:
        cells = f"| {row['page']} | {row['role']} | {row['status']} |"
        for s in scales:
            r = by_scale[s].get(row["page"])
            base = r.get("baseline_rps", by_scale[s]["baseline"]["rps"]) if r else 1
            cells += (f" {r.get('warm_queries', r['queries'])} | {r['rps']:.0f} | {r['rps'] / base:.2f} |"
                      f" {r['p50'] / 1000:.1f} | {r['p95'] / 1000:.1f} | {r.get('cold_ms', float('nan')):.0f} |"
                      if r else " – | – | – | – | – | – |")
        lines.append(cells)
    if len(scales) > 1:
        lo, hi = scales[0], scales[-1]
        lines += ["", f"## Targets (×{lo} vs ×{hi})", "",
                  f"Throughput ≥ 0.5× baseline at ×{lo}; queries per request identical at ×{lo} and ×{hi}; "
                  f"p95 at ×{hi} ≤ 2× p95 at ×{lo}.", "",
                  "| page | ratio | ≥ 0.5 | queries | same | p95 ×hi/×lo | ≤ 2 |", "|---|---|---|---|---|---|---|"]
        missed = []
        for row in results[lo]:
            if row["page"] == "baseline":
                continue
            r_hi = by_scale[hi].get(row["page"])
            ratio = row["rps"] / row.get("baseline_rps", by_scale[lo]["baseline"]["rps"])
            q_lo = row.get("warm_queries", row["queries"])
            q_hi = r_hi.get("warm_queries", r_hi["queries"]) if r_hi else None
            # No request finished within the run (every worker busy computing cold figures): p95 unknown, missed.
            p95_ratio = (r_hi["p95"] / max(row["p95"], 1) if r_hi["requests"] else float("inf")) if r_hi else float("nan")
            checks = [ratio >= 0.5, q_lo == q_hi, p95_ratio <= 2]
            marks = ["ok" if c else "**MISSED**" for c in checks]
            lines.append(f"| {row['page']} | {ratio:.2f} | {marks[0]} | {q_lo} → {q_hi} | {marks[1]} | "
                         f"{p95_ratio:.2f} | {marks[2]} |")
            missed += [f"{row['page']} ({what})" for c, what in zip(checks, ["throughput", "queries", "p95"],
                                                                     strict=True) if not c]
        lines += ["", "Missed: " + ("; ".join(missed) if missed else "none") + "."]
    # Keep the Markdown rendering section (bench/markdown.py writes it between its markers).
    previous = (out / "results.md").read_text() if (out / "results.md").exists() else ""
    start, end = "<!-- markdown-bench:start -->", "<!-- markdown-bench:end -->"
    if start in previous and end in previous:
        lines += ["", start + previous.split(start, 1)[1].split(end, 1)[0] + end]
    (out / "results.md").write_text("\n".join(lines) + "\n")
    print((out / "results.md").read_text())


def main() -> None:
    global ARGS
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scales", default="1,10")
    parser.add_argument("--duration", type=int, default=8)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--reseed", action="store_true")
    parser.add_argument("--pages", help="regular expression: measure only these pages (and the baseline) and merge "
                                        "them into the existing bench/results.json (to re-run noisy pages)")
    ARGS = parser.parse_args()
    if not shutil.which("wrk"):
        subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], check=True)
    (ROOT / "bench" / "out").mkdir(exist_ok=True)
    results = {}
    if ARGS.pages and (ROOT / "bench" / "results.json").exists():
        results = {int(k): v for k, v in json.loads((ROOT / "bench" / "results.json").read_text()).items()}
    for scale in [int(s) for s in ARGS.scales.split(",")]:
        ensure_database(scale, ARGS.reseed)
        print(f"== scale ×{scale}")
        rows = measure(scale, ARGS.duration, ARGS.connections, ARGS.pages)
        if ARGS.pages and scale in results:
            fresh = {r["page"]: r for r in rows}
            # The pages that were not re-run were measured against the run's own baseline: keep it.
            merged = []
            for r in results[scale]:
                new = fresh.get(r["page"])
                merged.append({**new, "rerun": True} if new and r["page"] != "baseline" else r)
            rows = merged
        results[scale] = rows
    write_results(results)


ARGS = None

if __name__ == "__main__":
    main()
