"""HTTP around the endpoints: one JSON error shape for every failure,
throttling (429), CORS only when origins are configured."""

import socket
import uuid

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.urls import path
from rest_framework.test import APIClient
from rest_framework.throttling import AnonRateThrottle, SimpleRateThrottle

from escape_site import urls as root_urls
from escape_site.api import server_error

pytestmark = pytest.mark.django_db

SHAPE = {"status", "code", "detail", "fields"}


def error(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert set(body) == SHAPE
    assert body["status"] == status and body["code"] == code
    assert body["detail"]
    return body


def test_one_error_shape_for_every_status(api, editor_api, contributor_api, catalogue):
    error(api.get("/api/v1/reviews/", {"film": "nope"}), 400, "invalid_filter")
    error(api.post("/api/v1/films/", {}), 401, "not_authenticated")
    error(
        contributor_api.delete("/api/v1/films/the-escape-2017/"),
        403,
        "permission_denied",
    )
    error(api.get("/api/v1/films/no-such-film/"), 404, "not_found")
    error(api.get("/api/v1/reviews/unfinished-thoughts/"), 404, "not_found")
    error(api.delete("/api/v1/mentions/1/"), 405, "method_not_allowed")
    error(editor_api.delete("/api/v1/films/the-escape-2017/"), 409, "conflict")
    error(
        editor_api.patch("/api/v1/films/the-escape-2017/", {}, HTTP_IF_MATCH='"old"'),
        412,
        "precondition_failed",
    )
    body = error(
        editor_api.post(
            "/api/v1/films/",
            "title=x",
            content_type="application/x-www-form-urlencoded",
        ),
        415,
        "unsupported_media_type",
    )
    assert "application/x-www-form-urlencoded" in body["detail"]
    error(
        editor_api.post("/api/v1/films/", "{not json", content_type="application/json"),
        400,
        "parse_error",
    )
    error(
        api.get("/api/v1/films/", HTTP_ACCEPT="application/xml"), 406, "not_acceptable"
    )


def test_invalid_body_names_each_field(editor_api, catalogue):
    body = error(editor_api.post("/api/v1/films/", {"year": "soon"}), 400, "invalid")
    assert set(body["fields"]) == {"slug", "title", "year"}
    assert body["fields"]["title"] == ["This field is required."]
    body = error(editor_api.post("/api/v1/films/", ["a", "list"]), 400, "invalid")
    assert "non_field_errors" in body["fields"]


@pytest.mark.parametrize(
    "path", ["/api/v1/nothing-here/", "/api/", "/api/v2/films/", "/api/v1/credits/abc/"]
)
def test_unknown_api_addresses_are_json_404(api, path):
    error(api.get(path), 404, "not_found")
    error(api.post(path, {}), 404, "not_found")  # no CSRF page either


def test_missing_trailing_slash_redirects_keeping_the_method(api, db):
    response = api.post("/api/v1/films?x=1", {})
    assert response.status_code == 308
    assert response["Location"] == "/api/v1/films/?x=1"


def test_control_characters_are_refused_in_the_same_shape(api, db):
    body = error(api.get("/api/v1/reviews/", {"q": "a\x00b"}), 400, "control_character")
    assert "control character" in body["detail"]
    error(api.get("/api/v1/films/%00/"), 400, "control_character")
    assert api.get("/api/v1/reviews/", {"q": "tab\there"}).status_code == 200


def test_large_ids_never_reach_the_database(api, db):
    error(api.get("/api/v1/mentions/99999999999999999999/"), 404, "not_found")
    error(api.get("/api/v1/credits/-1/"), 404, "not_found")


def test_server_errors_under_api_are_json(rf):
    response = server_error(rf.get("/api/v1/films/"))
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert b'"code": "server_error"' in response.content
    assert root_urls.handler500 == "escape_site.api.server_error"


def crash(request):
    raise RuntimeError("boom")


urlpatterns = [path("api/v1/crash/", crash), *root_urls.urlpatterns]
handler500 = root_urls.handler500


@override_settings(ROOT_URLCONF=__name__)
def test_an_unexpected_exception_under_api_answers_json_500(db):
    client = APIClient(raise_request_exception=False)
    error(client.get("/api/v1/crash/"), 500, "server_error")


# --- Throttling -------------------------------------------------------------------


def test_throttling_answers_429_with_retry_after(monkeypatch, api, editor_api, db):
    monkeypatch.setattr(
        SimpleRateThrottle, "THROTTLE_RATES", {"anon": "3/minute", "user": "5/minute"}
    )
    for _ in range(3):
        assert api.get("/api/v1/themes/").status_code == 200
    body = error(api.get("/api/v1/themes/"), 429, "throttled")
    assert int(api.get("/api/v1/themes/")["Retry-After"]) > 0
    assert "throttled" in body["detail"].lower()
    # Authenticated users have their own, larger allowance.
    for _ in range(5):
        assert editor_api.get("/api/v1/themes/").status_code == 200
    assert editor_api.get("/api/v1/themes/").status_code == 429


def test_throttle_counters_live_in_the_configured_cache():
    assert AnonRateThrottle.cache is cache


def redis_answers() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


@pytest.mark.skipif(not redis_answers(), reason="no Redis on 127.0.0.1:6379")
def test_throttle_counters_are_shared_through_redis(monkeypatch, db, settings):
    """Two clients standing for two gunicorn workers share one allowance."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/15",
            "KEY_PREFIX": f"throttle-test-{uuid.uuid4().hex}",
        }
    }
    monkeypatch.setattr(
        SimpleRateThrottle, "THROTTLE_RATES", {"anon": "2/minute", "user": "2/minute"}
    )
    first, second = APIClient(), APIClient()
    assert first.get("/api/v1/themes/").status_code == 200
    assert second.get("/api/v1/themes/").status_code == 200
    assert first.get("/api/v1/themes/").status_code == 429


# --- CORS ----------------------------------------------------------------------------

ORIGIN = "https://app.example.org"


def test_cors_is_off_by_default(api, db, settings):
    assert settings.CORS_ALLOWED_ORIGINS == []
    response = api.get("/api/v1/films/", HTTP_ORIGIN=ORIGIN)
    assert "Access-Control-Allow-Origin" not in response


def test_cors_answers_configured_origins_on_the_api_only(api, db, settings):
    settings.CORS_ALLOWED_ORIGINS = [ORIGIN]
    response = api.get("/api/v1/films/", HTTP_ORIGIN=ORIGIN)
    assert response["Access-Control-Allow-Origin"] == ORIGIN
    assert "ETag" in response["Access-Control-Expose-Headers"]
    preflight = api.options(
        "/api/v1/films/the-escape-2017/",
        HTTP_ORIGIN=ORIGIN,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="PATCH",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="authorization, if-match",
    )
    assert preflight.status_code == 200
    assert "if-match" in preflight["Access-Control-Allow-Headers"]
    other = api.get("/api/v1/films/", HTTP_ORIGIN="https://evil.example.com")
    assert "Access-Control-Allow-Origin" not in other
    page = APIClient().get("/", HTTP_ORIGIN=ORIGIN)
    assert "Access-Control-Allow-Origin" not in page
