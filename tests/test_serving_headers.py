"""Security headers on every kind of answer (HTML page, API answer, static
file, 404, /healthz) and the cookie flags after an admin sign-in, under
production settings (debug off) in a subprocess; and `check --deploy` is clean."""

import pytest

from tests.serving_env import production_env, run_python, run_script

FETCH_ALL = """
from django.contrib.auth import get_user_model
from django.contrib.staticfiles.storage import staticfiles_storage
from django.test import Client

HOST = "reviews.example.org"
client = Client(HTTP_HOST=HOST)
answers = {}
for name, url in {
    "page": "/",
    "api": "/api/v1/films/",
    "static": staticfiles_storage.url("css/site.css"),
    "not_found": "/no/such/page/",
    "healthz": "/healthz",
}.items():
    response = client.get(url, secure=True)
    answers[name] = {"status": response.status_code, "headers": dict(response.headers)}
plain = client.get("/healthz")
answers["healthz_plain_http"] = {"status": plain.status_code, "headers": dict(plain.headers)}
redirect = client.get("/")
answers["page_plain_http"] = {"status": redirect.status_code, "headers": dict(redirect.headers)}

get_user_model().objects.create_superuser("ops", "ops@example.org", "a-long-ops-password")
from django.conf import settings
login_url = "/" + settings.ADMIN_URL + "login/"
client.get(login_url, secure=True)
client.post(login_url, {"username": "ops", "password": "a-long-ops-password"}, secure=True)
cookies = {
    name: {"secure": bool(m["secure"]), "httponly": bool(m["httponly"]), "samesite": m["samesite"]}
    for name, m in client.cookies.items()
}
print(json.dumps({"answers": answers, "cookies": cookies}))
"""


@pytest.fixture(scope="module")
def fetched(production_site):
    _, env = production_site
    return run_script(FETCH_ALL, env)


def csp_directives(policy: str) -> dict[str, list[str]]:
    parts = (part.split() for part in policy.split(";") if part.strip())
    return {name: values for name, *values in parts}


@pytest.mark.parametrize("kind", ["page", "api", "static", "not_found", "healthz"])
def test_every_answer_carries_the_security_headers(fetched, kind):
    answer = fetched["answers"][kind]
    headers = answer["headers"]
    assert answer["status"] == (404 if kind == "not_found" else 200)
    assert headers["Strict-Transport-Security"] == (
        "max-age=31536000; includeSubDomains; preload"
    )
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert headers["X-Frame-Options"] == "DENY"
    policy = csp_directives(headers["Content-Security-Policy"])
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]
    assert "unsafe-inline" not in headers["Content-Security-Policy"]
    assert "nonce-" not in headers["Content-Security-Policy"]


def test_healthz_answers_plain_http_but_pages_redirect_to_https(fetched):
    """A load balancer probing over HTTP gets the health answer, not a redirect."""
    assert fetched["answers"]["healthz_plain_http"]["status"] == 200
    page = fetched["answers"]["page_plain_http"]
    assert page["status"] == 301
    assert page["headers"]["Location"].startswith("https://reviews.example.org/")


def test_session_and_csrf_cookies_after_admin_sign_in(fetched):
    cookies = fetched["cookies"]
    assert cookies["sessionid"] == {"secure": True, "httponly": True, "samesite": "Lax"}
    # Readable by scripts on purpose: the browsable API and Swagger UI send it
    # back as X-CSRFToken (see settings).
    assert cookies["csrftoken"] == {
        "secure": True,
        "httponly": False,
        "samesite": "Lax",
    }


# --- check --deploy ---------------------------------------------------------


def check_deploy(tmp, **overrides):
    env = production_env(tmp, **overrides)
    env["DJANGO_STATIC_ROOT"] = str(tmp / "static")
    return run_python(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"], env
    )


@pytest.fixture(scope="module")
def collected(production_site):
    folder, _ = production_site
    return folder


def test_check_deploy_reports_nothing_with_the_defaults(collected):
    result = check_deploy(collected)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNING" not in result.stderr + result.stdout


def test_each_hsts_part_can_be_switched_off(collected):
    result = check_deploy(
        collected,
        DJANGO_HSTS_SECONDS="3600",
        DJANGO_HSTS_INCLUDE_SUBDOMAINS="0",
        DJANGO_HSTS_PRELOAD="0",
    )
    # Django's own deploy check warns about each part turned off.
    assert "security.W005" in result.stderr  # no includeSubDomains
    assert "security.W021" in result.stderr  # no preload
    off = check_deploy(collected, DJANGO_HSTS_SECONDS="0")
    assert "security.W004" in off.stderr  # no HSTS at all
