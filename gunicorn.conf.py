"""Gunicorn settings for escape_site: `gunicorn escape_site.wsgi` reads this file
from the working directory (or pass `-c gunicorn.conf.py`).

Every value can be overridden from the environment, so one file serves a small
VM and a large host. Graceful reload after a deploy: `kill -HUP <master pid>`
starts new workers on the new code and lets the old ones finish their requests
(within graceful_timeout) before they exit; no request is dropped.
"""

import multiprocessing
import os


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


cpus = multiprocessing.cpu_count()

# Listen on loopback by default: a reverse proxy (nginx) terminates TLS and
# forwards here. PORT is what most platforms set; GUNICORN_BIND wins over both.
bind = os.environ.get("GUNICORN_BIND") or f"127.0.0.1:{env_int('PORT', 8000)}"

# Processes for CPU parallelism (2 per core + 1, the usual rule for work that
# waits on the database half the time) and a few threads each to overlap the
# database and Redis waits; gthread also keeps keep-alive connections cheap.
workers = env_int("GUNICORN_WORKERS", cpus * 2 + 1)
threads = env_int("GUNICORN_THREADS", 4)
worker_class = "gthread"

# A request still running after 30 s is stuck (the slowest page takes well
# under a second): kill the worker rather than let it block a slot forever.
timeout = env_int("GUNICORN_TIMEOUT", 30)
# Time given to workers to finish in-flight requests on reload or shutdown.
graceful_timeout = env_int("GUNICORN_GRACEFUL_TIMEOUT", 30)
# Idle keep-alive connections from the proxy stay open this long. Above nginx's
# upstream keepalive_timeout (60 s) so nginx, not gunicorn, closes them: no
# request is ever sent on a connection gunicorn is closing.
keepalive = env_int("GUNICORN_KEEPALIVE", 75)

# Restart each worker after this many requests (with jitter so they do not
# all restart at once): bounds any slow memory growth in a long-lived process.
# High enough that a busy site does not restart workers every few seconds,
# each restart costing a Django start-up and (without Redis) a cold cache.
max_requests = env_int("GUNICORN_MAX_REQUESTS", 50000)
max_requests_jitter = env_int("GUNICORN_MAX_REQUESTS_JITTER", 5000)

# Logs to the process manager: access log on stdout, errors on stderr.
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")

# Addresses allowed to set X-Forwarded-Proto/For: only the proxy. The default
# is loopback (nginx on the same host); list the proxy's address otherwise.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# preload_app stays off: with it, `kill -HUP` would restart workers on the
# code the master imported at start, not the newly deployed release.
preload_app = False
