"""/healthz: 200 when the database and the default cache answer, 503 naming
the one that does not; never cached, no sign-in needed."""

from unittest import mock

import pytest
from django.db import OperationalError
from django.test import override_settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

REDIS_CACHE = {
    "BACKEND": "django.core.cache.backends.redis.RedisCache",
    # A closed port: every cache call fails at once.
    "LOCATION": "redis://127.0.0.1:1/0",
}
REAL_REDIS = {**REDIS_CACHE, "LOCATION": "redis://127.0.0.1:6379/11"}


def test_healthy_site_answers_200(client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert "no-store" in response["Cache-Control"]


def test_database_down_answers_503_naming_it(client):
    with mock.patch(
        "escape_site.health.connection.cursor",
        side_effect=OperationalError("connection refused"),
    ):
        response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "error", "cache": "ok"}


@override_settings(CACHES={"default": REDIS_CACHE})
def test_cache_down_answers_503_naming_it(client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "ok", "cache": "error"}


@override_settings(CACHES={"default": REAL_REDIS})
def test_real_redis_answers_200(client):
    import redis

    try:
        redis.Redis.from_url(REAL_REDIS["LOCATION"]).ping()
    except redis.ConnectionError:
        pytest.skip("no Redis at 127.0.0.1:6379")
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json()["cache"] == "ok"


def test_only_reads_are_allowed(client):
    assert client.post(reverse("healthz")).status_code == 405
    assert client.head(reverse("healthz")).status_code == 200
