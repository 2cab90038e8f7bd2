"""The admin's door: brute-force lockout (django-axes, state in the database,
so every gunicorn worker and host shares it) and a configurable path."""

import os
import subprocess
import sys

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from escape_site.client_ip import client_ip

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(db):
    return get_user_model().objects.create_user(
        "editor", password="right-password", is_staff=True
    )


def attempt(password: str, address: str = "10.0.0.1"):
    """A login from a new client (as another worker would see it)."""
    return Client(REMOTE_ADDR=address).post(
        reverse("admin:login"),
        {"username": "editor", "password": password, "next": reverse("admin:index")},
    )


def test_correct_password_signs_in(staff):
    response = attempt("right-password")
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")


def test_repeated_failures_lock_the_account_for_that_address(staff):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = attempt("wrong")
        assert response.status_code == 200  # the form again, with its error
        assert b"Please enter the correct username and password" in response.content
    locked = attempt("wrong")
    assert locked.status_code == 429
    assert b"Sign-in temporarily locked" in locked.content

    # Even the right password is refused now, from any new session.
    response = attempt("right-password")
    assert response.status_code == 429
    assert "_auth_user_id" not in response.wsgi_request.session
    # The state is in the database, not in one process's memory.
    assert AccessAttempt.objects.filter(username="editor").exists()


def test_lockout_is_per_address_so_one_attacker_cannot_lock_out_editors(staff):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt("wrong", address="203.0.113.9")
    assert attempt("right-password", address="203.0.113.9").status_code == 429
    assert attempt("right-password", address="10.0.0.1").status_code == 302


def test_success_before_the_limit_resets_the_count(staff):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt("wrong")
    assert attempt("right-password").status_code == 302
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt("wrong")
    assert attempt("right-password").status_code == 302


class FakeRequest:
    def __init__(self, **meta):
        self.META = meta


def test_client_address_behind_trusted_proxies(settings):
    forwarded = "198.51.100.7, 203.0.113.1"
    request = FakeRequest(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded)
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 0}
    assert client_ip(request) == "10.0.0.2"  # no proxy trusted: the socket
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    assert client_ip(request) == "203.0.113.1"  # what our proxy saw
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 5}
    assert client_ip(request) == "198.51.100.7"  # never past the first hop


@pytest.mark.parametrize(
    "value, path",
    [("", "/admin/"), ("editors", "/editors/"), ("/back/office/", "/back/office/")],
)
def test_admin_path_comes_from_the_environment(value, path):
    env = {**os.environ, "DJANGO_ADMIN_URL": value}
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            "from django.urls import reverse; print(reverse('admin:index'))",
        ],
        cwd=settings.BASE_DIR,
        env={**env, "DJANGO_SETTINGS_MODULE": "escape_site.settings_test"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip().splitlines()[-1] == path
