"""Gunicorn settings for the web container (and for trying production settings locally).

Every value can be overridden from the environment (GUNICORN_* / WEB_CONCURRENCY / PORT). The choice per host size
(2, 8, 32 cores) and the measurements behind it are in docs/scaling.md ("Web processes").
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", f"0.0.0.0:{os.environ.get('PORT', '8000')}")

# Sync workers, one request at a time each: the pages are CPU-bound Python with short database waits (~1-2 ms of
# 5-20 ms), so threads only add GIL contention, and gthread with keep-alive clients piled connections onto one
# process (216 req/s against 487 with sync workers in the issue-19 measurements). The proxy in front (nginx) buffers
# slow clients, which is what sync workers need.
cores = multiprocessing.cpu_count()
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "sync")
# 2 × cores + 1: a worker waiting on PostgreSQL or Redis leaves its core to another. Capped so that the persistent
# database connections (one per worker, CONN_MAX_AGE) stay within PostgreSQL's max_connections across replicas.
workers = int(os.environ.get("WEB_CONCURRENCY", min(2 * cores + 1, int(os.environ.get("GUNICORN_MAX_WORKERS", 48)))))
threads = int(os.environ.get("GUNICORN_THREADS", 1))

# Import Django once in the master and fork: workers start in milliseconds with the code already loaded and share its
# memory pages. (A deploy restarts the master, so nothing stale survives.)
preload_app = True

# An import preview of a large SIMPEG file (~20,000 rows) takes several seconds; reports a little longer.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 120))
graceful_timeout = 30
keepalive = 5

# Recycling a worker costs a fresh process with cold per-process caches; every 1,000 requests it restarted a worker
# every few seconds under load (p99 ~1 s). No leak has been seen, so off by default; a value set here should be
# ≥ 20,000, and the jitter keeps workers from restarting together.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 0))
max_requests_jitter = max(max_requests // 10, 0)

# The reverse proxy (or the compose network) sets X-Forwarded-Proto; trust it from anywhere inside.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "*")
# Access logs are the proxy's job (it sees every request, including the static ones it serves); GUNICORN_ACCESS_LOG=-
# turns them on here when there is no proxy.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# Heartbeat files on tmpfs: a container's overlay filesystem can stall them.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108 (gunicorn heartbeat only)
# gunicorn ≥ 25.1 opens a control socket under $HOME; the container's user cannot write there and nothing uses it.
control_socket_disable = True
