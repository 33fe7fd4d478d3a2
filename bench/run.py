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
# Several people may share one PostgreSQL: BENCH_DB_PREFIX keeps their bench databases apart.
DB_PREFIX = os.environ.get("BENCH_DB_PREFIX", "ap_bench")

sys.path.insert(0, str(ROOT / "bench"))
from pages import PAGES  # noqa: E402


def env_for(scale: int) -> dict:
    env = dict(os.environ)
    env.update({
        "DATABASE_URL": f"{PG}/{DB_PREFIX}_{scale}",
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


def run(cmd, env, cwd=ROOT, **kw):
    print("$", " ".join(cmd), flush=True)
    return subprocess.run(cmd, env=env, cwd=cwd, check=True, **kw)


def ensure_database(scale: int, reseed: bool) -> None:
    # Seeding uses the development settings: production settings refuse to load demo data (by design).
    env = {**env_for(scale), "DJANGO_SETTINGS_MODULE": "agenperubahan.settings.development", "DEBUG": "False"}
    name = f"{DB_PREFIX}_{scale}"
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


def start_server(scale: int, code: Path = ROOT) -> subprocess.Popen:
    """gunicorn with the project's gunicorn.conf.py (of ``code``: another checkout for a before/after run)."""
    env = env_for(scale)
    # Start cold: nothing cached from an earlier run or the other scale.
    import redis

    redis.Redis.from_url(env["CACHE_URL"]).flushdb()
    run([PY, "manage.py", "collectstatic", "--noinput", "-v0"], env, cwd=code)
    if (code / "dashboards" / "management" / "commands" / "warm_caches.py").exists():
        # What a deploy runs before traffic, and Celery beat every few minutes: the expensive figures are in the
        # shared cache before the first visitor (docs/scaling.md, "Cold start").
        run([PY, "manage.py", "warm_caches"], env, cwd=code)
    workers = ["-w", os.environ["BENCH_WORKERS"]] if os.environ.get("BENCH_WORKERS") else []
    proc = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "gunicorn"), "agenperubahan.wsgi", "-c", str(code / "gunicorn.conf.py"),
         "-b", f"127.0.0.1:{PORT}", "--log-level", "warning", *workers],
        env=env, cwd=code, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
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


# The stack's own cost: the same one-line page through Django's default stack and through the portal's, and the
# portal's minimal page with the real base.html. Measured in interleaved rounds (the machine's load drifts).
STACK_PAGES = [
    ("one-line (default stack)", "agen.diskominfo", "/bench/default/oneline/"),
    ("one-line (whole stack)", "agen.diskominfo", "/bench/oneline/"),
    ("baseline", "agen.diskominfo", "/bench/baseline/"),
]
STACK_ROUNDS = 3
STACK_NAMES = {name for name, _r, _u in STACK_PAGES}
# Issue 19's page targets (ratio to the baseline page unless said otherwise).
PAGE_TARGETS = {"topic list (city forum)": 0.6, "topic list (busy agency)": 0.6}
SEARCH_P95_MS = 50
COLD_MS = 1000


def measure_stack(cookie: str, duration: int, connections: int) -> list[dict]:
    rounds: dict[str, list[dict]] = {name: [] for name, _r, _u in STACK_PAGES}
    for _name, _role, url in STACK_PAGES:  # warm every worker first
        load(url, cookie, 1, connections)
    for _n in range(STACK_ROUNDS):
        for name, _role, url in STACK_PAGES:
            rounds[name].append(load(url, cookie, duration, connections))
    rows = []
    for name, role, url in STACK_PAGES:
        runs = sorted(rounds[name], key=lambda f: f["rps"])
        median = runs[len(runs) // 2]
        status, queries, cold_ms = probe(url, cookie)
        rows.append({"page": name, "role": role, "url": url, "status": status, "queries": queries,
                     "warm_queries": queries, "cold_ms": round(cold_ms, 1), "warm_ms": round(cold_ms, 1),
                     "load": round(os.getloadavg()[0], 2), "rounds_rps": [round(r["rps"], 1) for r in rounds[name]],
                     **median})
    return rows


def measure(scale: int, duration: int, connections: int, only: str | None = None, code: Path = ROOT) -> list[dict]:
    server = start_server(scale, code)
    rows = []
    pages = list(PAGES)
    if only:
        pages = [p for p in pages if re.search(only, p[0])]
    try:
        cookies: dict[str, str] = {}
        cookies["agen.diskominfo"] = session_cookie("agen.diskominfo")
        for row in measure_stack(cookies["agen.diskominfo"], duration, connections):
            rows.append(row)
            print(f"  {row['page']:28} {row['role']:20} {row['status']} q={row['queries']:3} "
                  f"{row['rps']:7.1f} req/s (rounds {row['rounds_rps']}) p50={row['p50'] / 1000:6.1f} ms "
                  f"p95={row['p95'] / 1000:6.1f} ms", flush=True)
        baseline_rps = next(r["rps"] for r in rows if r["page"] == "baseline")
        for r in rows:
            r["baseline_rps"] = baseline_rps
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
            row["baseline_rps"] = baseline_rps
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
    (out / f"{ARGS.out}.json").write_text(json.dumps(results, indent=2))
    scales = sorted(results)
    loads = {s: [r.get("load") for r in results[s] if r.get("load") is not None] for s in scales}
    lines = ["# Benchmark results", "",
             f"Measured by `make bench` ({time.strftime('%Y-%m-%d')}) on this machine (2 cores): gunicorn with "
             "gunicorn.conf.py (sync workers, 2 × cores + 1, preload, no recycling), PostgreSQL 15 on 127.0.0.1, "
             "the shared Redis cache as in production (emptied when the server starts, then `manage.py warm_caches` "
             "as a deploy runs it), wrk 1 thread and "
             f"{ARGS.connections} connections for {ARGS.duration} s per page. Ratio = page req/s ÷ baseline req/s at "
             "the same scale. q = SQL queries for one (warm) request. cold = the first request of the run "
             "(a fresh worker after a deploy: the cache emptied, then `manage.py warm_caches`).", ""]
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
    lines += ["", "## Stack cost (issue 19, target 1)", "",
              f"The same one-line page for a signed-in user through Django's default `startproject` stack (database "
              f"sessions, its middleware and context processors; a second WSGI handler in the same process) and "
              f"through the portal's; and the portal's minimal page with the real `base.html`. Median of "
              f"{STACK_ROUNDS} interleaved rounds of {ARGS.duration} s each.", "",
              "| scale | default stack req/s | whole stack req/s | ratio (≥ 0.8) | base.html page req/s | "
              "ratio (≥ 0.6) | queries default / whole / base.html |", "|---|---|---|---|---|---|---|"]
    for sc in scales:
        d, w, b = (by_scale[sc].get(n) for n in ("one-line (default stack)", "one-line (whole stack)", "baseline"))
        if not (d and w and b):
            continue
        lines.append(f"| ×{sc} | {d['rps']:.0f} | {w['rps']:.0f} | {w['rps'] / d['rps']:.2f} "
                     f"{'ok' if w['rps'] / d['rps'] >= 0.8 else '**MISSED**'} | {b['rps']:.0f} | "
                     f"{b['rps'] / d['rps']:.2f} {'ok' if b['rps'] / d['rps'] >= 0.6 else '**MISSED**'} | "
                     f"{d['queries']} / {w['queries']} / {b['queries']} |")
    lines += ["", "## Forum and cold-start targets (issue 19, targets 3 and 4)", "",
              "| scale | check | value | target | |", "|---|---|---|---|---|"]
    for sc in scales:
        rows_sc = by_scale[sc]
        for name, target in [*PAGE_TARGETS.items(), ("long topic (first page)", 0.5), ("long topic (last page)", 0.5)]:
            r = rows_sc.get(name)
            if r:
                ratio = r["rps"] / r["baseline_rps"]
                lines.append(f"| ×{sc} | {name}: ratio | {ratio:.2f} | ≥ {target} | "
                             f"{'ok' if ratio >= target else '**MISSED**'} |")
        for r in rows_sc.values():
            if r["page"].startswith("forum search"):
                p95 = r["p95"] / 1000
                lines.append(f"| ×{sc} | {r['page']}: p95 ms | {p95:.1f} | < {SEARCH_P95_MS} | "
                             f"{'ok' if p95 < SEARCH_P95_MS else '**MISSED**'} |")
        worst = max((r for r in rows_sc.values() if r["page"] not in STACK_NAMES), key=lambda r: r.get("cold_ms", 0),
                    default=None)
        if worst:
            lines.append(f"| ×{sc} | slowest first request ({worst['page']}) ms | {worst['cold_ms']:.0f} | "
                         f"< {COLD_MS} | {'ok' if worst['cold_ms'] < COLD_MS else '**MISSED**'} |")
    if len(scales) > 1:
        lo, hi = scales[0], scales[-1]
        lines += ["", f"## Targets (×{lo} vs ×{hi})", "",
                  f"Throughput ≥ 0.5× baseline at ×{lo} and at ×{hi} (each against its own scale's baseline); "
                  f"queries per request identical at ×{lo} and ×{hi}; p95 at ×{hi} ≤ 2× p95 at ×{lo}.", "",
                  f"| page | ratio ×{lo} | ratio ×{hi} | ≥ 0.5 | queries | same | p95 ×hi/×lo | ≤ 2 |",
                  "|---|---|---|---|---|---|---|---|"]
        missed = []
        for row in results[lo]:
            if row["page"] in STACK_NAMES:
                continue
            r_hi = by_scale[hi].get(row["page"])
            ratio = row["rps"] / row.get("baseline_rps", by_scale[lo]["baseline"]["rps"])
            q_lo = row.get("warm_queries", row["queries"])
            q_hi = r_hi.get("warm_queries", r_hi["queries"]) if r_hi else None
            # No request finished within the run (every worker busy computing cold figures): p95 unknown, missed.
            p95_ratio = (r_hi["p95"] / max(row["p95"], 1) if r_hi["requests"] else float("inf")) if r_hi else float("nan")
            ratio_hi = (r_hi["rps"] / r_hi.get("baseline_rps", by_scale[hi]["baseline"]["rps"])) if r_hi else 0.0
            checks = [ratio >= 0.5 and ratio_hi >= 0.5, q_lo == q_hi, p95_ratio <= 2]
            marks = ["ok" if c else "**MISSED**" for c in checks]
            lines.append(f"| {row['page']} | {ratio:.2f} | {ratio_hi:.2f} | {marks[0]} | {q_lo} → {q_hi} | {marks[1]} | "
                         f"{p95_ratio:.2f} | {marks[2]} |")
            missed += [f"{row['page']} ({what})" for c, what in zip(checks, ["throughput", "queries", "p95"],
                                                                     strict=True) if not c]
        lines += ["", "Missed: " + ("; ".join(missed) if missed else "none") + "."]
    # Keep the Markdown rendering section (bench/markdown_inputs.py writes it between its markers).
    previous = (out / f"{ARGS.out}.md").read_text() if (out / f"{ARGS.out}.md").exists() else ""
    start, end = "<!-- markdown-bench:start -->", "<!-- markdown-bench:end -->"
    if start in previous and end in previous:
        lines += ["", start + previous.split(start, 1)[1].split(end, 1)[0] + end]
    (out / f"{ARGS.out}.md").write_text("\n".join(lines) + "\n")
    print((out / f"{ARGS.out}.md").read_text())


def main() -> None:
    global ARGS
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scales", default="1,10")
    parser.add_argument("--duration", type=int, default=8)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--reseed", action="store_true")
    parser.add_argument("--code", type=Path, default=ROOT,
                        help="serve this checkout instead (e.g. an export of main, for a before/after run in the same "
                             "session); its bench support must match (BENCH_MODE pages)")
    parser.add_argument("--out", default="results", help="name of the results files in bench/ (results.md/.json)")
    parser.add_argument("--pages", help="regular expression: measure only these pages (and the baseline) and merge "
                                        "them into the existing bench/results.json (to re-run noisy pages)")
    ARGS = parser.parse_args()
    if not shutil.which("wrk"):
        subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], check=True)
    (ROOT / "bench" / "out").mkdir(exist_ok=True)
    results = {}
    if ARGS.pages and (ROOT / "bench" / f"{ARGS.out}.json").exists():
        results = {int(k): v for k, v in json.loads((ROOT / "bench" / f"{ARGS.out}.json").read_text()).items()}
    for scale in [int(s) for s in ARGS.scales.split(",")]:
        ensure_database(scale, ARGS.reseed)
        print(f"== scale ×{scale}")
        rows = measure(scale, ARGS.duration, ARGS.connections, ARGS.pages, ARGS.code)
        if ARGS.pages and scale in results:
            fresh = {r["page"]: r for r in rows}
            # The pages that were not re-run were measured against the run's own baseline: keep it.
            merged = []
            for r in results[scale]:
                new = fresh.get(r["page"])
                merged.append({**new, "rerun": True} if new and r["page"] not in STACK_NAMES else r)
            rows = merged
        results[scale] = rows
    write_results(results)


ARGS = None

if __name__ == "__main__":
    main()
