"""/healthz: a cheap liveness and readiness probe for load balancers.

It checks the two services every request depends on, the database (SELECT 1)
and the default cache (a set/get round trip; Redis when REDIS_URL is set), and
answers 200 when both work or 503 naming the one that failed.
"""

import logging
import uuid

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

CACHE_PROBE_KEY = "healthz:probe"


def database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:  # any driver error means "down" to a probe
        logger.exception("healthz: database check failed")
        return False


def cache_ok() -> bool:
    token = uuid.uuid4().hex
    try:
        cache.set(CACHE_PROBE_KEY, token, timeout=30)
        return cache.get(CACHE_PROBE_KEY) == token
    except Exception:  # a refused connection, a timeout, ...
        logger.exception("healthz: cache check failed")
        return False


@never_cache
@require_safe
def healthz(request):
    checks = {
        "database": "ok" if database_ok() else "error",
        "cache": "ok" if cache_ok() else "error",
    }
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", **checks},
        status=200 if healthy else 503,
    )
