"""Fixtures of the API tests: clients (anonymous, an editor's token), and
throttling that stays out of the way unless a test asks for it."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import cache
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient
from rest_framework.throttling import SimpleRateThrottle

from reviews.roles import CONTRIBUTORS, EDITORS

UNTHROTTLED = {"anon": "100000/second", "user": "100000/second"}


@pytest.fixture(autouse=True)
def api_throttle_rates(monkeypatch):
    """Generous rates (a test suite is one very busy client) and counters
    reset per test; a test may set its own ``THROTTLE_RATES``. DRF reads the
    rates once, into this class attribute."""
    cache.clear()
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", dict(UNTHROTTLED))
    yield
    cache.clear()


def user_in(group: str, username: str):
    user = get_user_model().objects.create_user(username, password="pw")
    user.groups.add(Group.objects.get(name=group))
    return user


def token_client(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user)}")
    return client


@pytest.fixture
def api(db) -> APIClient:
    """An anonymous client."""
    return APIClient()


@pytest.fixture
def editor(db):
    return user_in(EDITORS, "editor")


@pytest.fixture
def editor_api(editor) -> APIClient:
    """A client authenticated by an editor's token."""
    return token_client(editor)


@pytest.fixture
def contributor_api(db) -> APIClient:
    return token_client(user_in(CONTRIBUTORS, "contributor"))
