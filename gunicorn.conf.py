"""Gunicorn settings for the web container (and for trying production settings locally).

Every value can be overridden from the environment (GUNICORN_* / WEB_CONCURRENCY / PORT).
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", f"0.0.0.0:{os.environ.get('PORT', '8000')}")
# Sync-looking Django code with some waiting on the database: a few processes with a few threads each.
workers = int(os.environ.get("WEB_CONCURRENCY", min(2 * multiprocessing.cpu_count() + 1, 8)))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", 4))
# An import preview of a large SIMPEG file (~20,000 rows) takes several seconds; reports a little longer.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 120))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so a slow leak never grows without bound.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 1000))
max_requests_jitter = 100
# The reverse proxy (or the compose network) sets X-Forwarded-Proto; trust it from anywhere inside.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "*")
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# Heartbeat files on tmpfs: a container's overlay filesystem can stall them.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108 (gunicorn heartbeat only)
# gunicorn ≥ 25.1 opens a control socket under $HOME; the container's user cannot write there and nothing uses it.
control_socket_disable = True
