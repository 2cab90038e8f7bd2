"""Signed-in clients for each role the admin serves."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client

from reviews.roles import CONTRIBUTORS, EDITORS


def make_user(username: str, *groups: str, staff: bool = True):
    user = get_user_model().objects.create_user(
        username, password="unused", is_staff=staff
    )
    user.groups.set([Group.objects.get(name=name) for name in groups])
    return user


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def editor(db):
    return make_user("eddie", EDITORS)


@pytest.fixture
def contributor(db):
    return make_user("connie", CONTRIBUTORS)


@pytest.fixture
def editor_client(editor):
    return signed_in(editor)


@pytest.fixture
def contributor_client(contributor):
    return signed_in(contributor)


@pytest.fixture
def nobody_client(db):
    """Staff, but in no group: may open the admin, not a single model."""
    return signed_in(make_user("nobody"))


@pytest.fixture
def visitor_client(db):
    """Signed in, not staff."""
    return signed_in(make_user("visitor", staff=False))
