"""Every model's admin pages: who may open them, and what a changelist costs."""

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from films.models import (
    Character,
    Credit,
    Film,
    FilmLocation,
    Location,
    Person,
    Rating,
    SourceDocument,
)
from reviews.models import DeletedImport, Mention, Review, Theme
from tests.admin.rows import make_rows
from tests.admin.urls import admin_url

pytestmark = pytest.mark.django_db

MODELS = [
    Film,
    Person,
    Character,
    Credit,
    Location,
    FilmLocation,
    Rating,
    SourceDocument,
    Theme,
    Review,
    Mention,
    DeletedImport,
]
ids = [model.__name__ for model in MODELS]


@pytest.mark.parametrize("model", MODELS, ids=ids)
def test_editor_opens_changelist_add_and_change(editor_client, catalogue, model):
    response = editor_client.get(admin_url(model, "changelist"))
    assert response.status_code == 200
    assert response.context["cl"].result_count == model.objects.count() > 0

    # Tombstones are made by deleting an imported row, never added by hand.
    expected_add = 403 if model is DeletedImport else 200
    assert editor_client.get(admin_url(model, "add")).status_code == expected_add

    obj = model.objects.first()
    assert editor_client.get(admin_url(model, "change", obj.pk)).status_code == 200


@pytest.mark.parametrize("model", MODELS, ids=ids)
def test_anonymous_is_sent_to_the_login(client, catalogue, model):
    obj = model.objects.first()
    login = reverse("admin:login")
    for url in [
        admin_url(model, "changelist"),
        admin_url(model, "add"),
        admin_url(model, "change", obj.pk),
    ]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(login)


@pytest.mark.parametrize("model", MODELS, ids=ids)
def test_staff_without_permissions_is_refused(nobody_client, catalogue, model):
    obj = model.objects.first()
    for url in [
        admin_url(model, "changelist"),
        admin_url(model, "add"),
        admin_url(model, "change", obj.pk),
    ]:
        assert nobody_client.get(url).status_code == 403


def changelist_queries(client, url) -> tuple[int, int]:
    """(queries, rows shown) of one changelist request."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), len(response.context["cl"].result_list)


@pytest.mark.parametrize("model", MODELS, ids=ids)
def test_changelist_queries_do_not_grow_with_rows(
    editor_client, db, monkeypatch, model
):
    # One page for all of them, so every row is rendered.
    monkeypatch.setattr(admin.site._registry[model], "list_per_page", 1000)
    url = admin_url(model, "changelist")
    make_rows(model, 10, "a")
    editor_client.get(url)  # The first request loads the session and user caches.
    few, shown = changelist_queries(editor_client, url)
    assert shown >= 10

    make_rows(model, 490, "b")
    many, shown = changelist_queries(editor_client, url)
    assert shown >= 500
    assert many == few, f"{model.__name__}: {few} queries for 10 rows, {many} for 500"
