"""The editors' admin: every model is reachable, searchable and cheap to list."""

import hashlib

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from films.models import (
    Character,
    ContentVersion,
    Credit,
    Film,
    FilmLocation,
    Location,
    Person,
    Rating,
    SourceDocument,
)
from reviews.models import DeletedImport, Mention, Review, Theme
from tests.admin.forms import form_data
from tests.admin.urls import admin_url
from tests.factories import (
    PersonFactory,
)

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
]


def test_every_model_is_registered():
    registered = set(admin.site._registry)
    for app_label in ("films", "reviews"):
        for model in apps.get_app_config(app_label).get_models():
            # History rows are shown through their model's "History" page;
            # the content version is machinery the triggers keep, not content.
            if model is ContentVersion:
                continue
            if not model.__name__.startswith("Historical"):
                assert model in registered, model.__name__


def test_deleted_imports_are_listed_read_only_and_can_be_removed(
    admin_client, catalogue
):
    tombstone = catalogue.deleted
    response = admin_client.get(admin_url(DeletedImport, "changelist"))
    assert response.status_code == 200
    assert "Someone Deleted" in response.content.decode()
    assert admin_client.get(admin_url(DeletedImport, "add")).status_code == 403
    change = admin_client.get(admin_url(DeletedImport, "change", tombstone.pk))
    assert change.status_code == 200
    assert not change.context["has_change_permission"]
    response = admin_client.post(
        admin_url(DeletedImport, "delete", tombstone.pk), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not DeletedImport.objects.exists()


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_superuser_opens_changelist_add_and_change_pages(
    admin_client, catalogue, model
):
    response = admin_client.get(admin_url(model, "changelist"))
    assert response.status_code == 200
    assert response.context["cl"].result_count == model.objects.count() > 0

    assert admin_client.get(admin_url(model, "add")).status_code == 200

    obj = model.objects.first()
    response = admin_client.get(admin_url(model, "change", obj.pk))
    assert response.status_code == 200


# Changelist query budgets: tests/admin/test_changelists.py.


@pytest.mark.parametrize(
    ("model", "term", "expected"),
    [
        (Film, "escape", "The Escape"),
        (Person, "D. Savage", "Dominic Savage"),
        (Character, "Tarra", "Tara"),
        (Credit, "Arterton", "Gemma Arterton"),
        (Location, "Paree", "Paris"),
        (FilmLocation, "Louvre", "Louvre"),
        (Rating, "Metacritic", "Metacritic"),
        (SourceDocument, "002_article", "002_article.txt"),
        (Theme, "marr", "Marriage"),
        (Review, "superb", "A quiet unravelling"),
        (Review, "A. Critic", "A quiet unravelling"),
        (Mention, "Brief Encounter", "Brief Encounter"),
    ],
)
def test_changelist_search(admin_client, catalogue, model, term, expected):
    response = admin_client.get(admin_url(model, "changelist"), {"q": term})
    assert response.status_code == 200
    assert response.context["cl"].result_count >= 1
    assert expected in response.content.decode()


def test_review_changelist_filters_by_status(admin_client, catalogue):
    response = admin_client.get(admin_url(Review, "changelist"), {"status": "draft"})
    assert list(response.context["cl"].result_list) == [catalogue.draft]


@pytest.mark.parametrize(
    ("model_name", "field_name", "term", "expected"),
    [
        ("credit", "film", "Escape", "The Escape (2017)"),
        ("credit", "person", "Gemma", "Gemma Arterton"),
        ("credit", "character", "Tara", "Tara"),
        ("filmlocation", "location", "Louv", "Louvre"),
        ("credit", "source_document", "002", "002_article.txt"),
        ("mention", "review", "quiet", "A quiet unravelling"),
        ("review", "themes", "Free", "Freedom"),
    ],
)
def test_autocomplete_finds_related_rows(
    admin_client, catalogue, model_name, field_name, term, expected
):
    app_label = "reviews" if model_name in {"review", "mention"} else "films"
    response = admin_client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": app_label,
            "model_name": model_name,
            "field_name": field_name,
            "term": term,
        },
    )
    assert response.status_code == 200
    assert expected in [result["text"] for result in response.json()["results"]]


def test_import_hash_is_shown_read_only(admin_client, catalogue):
    response = admin_client.get(admin_url(Credit, "change", catalogue.actor_credit.pk))
    content = response.content.decode()
    assert "a" * 64 in content
    assert 'name="import_hash"' not in content
    assert "import_hash" not in response.context["adminform"].form.fields


def test_source_document_text_and_digest_are_read_only(admin_client, catalogue):
    document = catalogue.article
    url = admin_url(SourceDocument, "change", document.pk)
    form = admin_client.get(url).context["adminform"].form
    assert "text" not in form.fields
    assert "sha256" not in form.fields

    response = admin_client.post(
        url,
        {
            "filename": "renamed.txt",
            "kind": "article",
            "imported_at_0": "2024-01-01",
            "imported_at_1": "00:00:00",
            "text": "Tampered.",
            "sha256": "0" * 64,
        },
    )
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.filename == "renamed.txt"
    assert document.text == catalogue.article.text
    assert document.sha256 == catalogue.article.sha256


def test_source_document_added_by_hand_gets_its_digest(admin_client, db):
    url = admin_url(SourceDocument, "add")
    data = {"filename": "pasted.txt", "kind": "review", "text": "A pasted review."}
    response = admin_client.post(url, data)
    assert response.status_code == 302
    document = SourceDocument.objects.get(filename="pasted.txt")
    assert document.sha256 == hashlib.sha256(b"A pasted review.").hexdigest()

    response = admin_client.post(url, {**data, "filename": "again.txt"})
    assert response.status_code == 200
    assert "already stored as pasted.txt" in response.content.decode()
    assert SourceDocument.objects.count() == 1


def management_form(prefix, total=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def film_with_rating(value):
    return {
        "title": "The Escape",
        "year": "2017",
        "slug": "the-escape-2017",
        "synopsis": "",
        **management_form("characters"),
        **management_form("credits"),
        **management_form("film_locations"),
        **management_form("ratings", total=1),
        "ratings-0-source": "Metacritic",
        "ratings-0-metric": "weighted_average",
        "ratings-0-value": value,
        "ratings-0-scale": "100",
    }


def test_film_is_added_with_an_inline_rating(admin_client, db):
    response = admin_client.post(admin_url(Film, "add"), film_with_rating("58"))
    assert response.status_code == 302
    film = Film.objects.get(slug="the-escape-2017")
    assert [str(rating) for rating in film.ratings.all()] == ["Metacritic: 58/100"]


def test_inline_rating_above_scale_shows_the_constraint_message(admin_client, db):
    response = admin_client.post(admin_url(Film, "add"), film_with_rating("158"))
    assert response.status_code == 200
    assert "Value must be between 0 and the scale." in response.content.decode()
    assert not Film.objects.exists()


def test_changelist_links_to_related_admin_pages(admin_client, catalogue):
    response = admin_client.get(admin_url(Mention, "changelist"))
    content = response.content.decode()
    assert admin_url(Character, "change", catalogue.tara.pk) in content
    assert admin_url(Location, "change", catalogue.paris.pk) in content

    response = admin_client.get(admin_url(Location, "changelist"))
    assert "openstreetmap.org/?mlat=48.856600&amp;mlon=2.352200" in (
        response.content.decode()
    )


def test_imported_slug_is_read_only_but_an_editors_own_row_keeps_it_editable(
    admin_client,
):
    imported = PersonFactory(name="Ines Varga", slug="ines-varga", import_hash="a" * 64)
    own = PersonFactory(name="Tomas Reyes", slug="tomas-reyes", import_hash="")

    url = reverse("admin:films_person_change", args=[imported.pk])
    response = admin_client.post(
        url,
        form_data(
            admin_client.get(url), name="Ines Varga-Lind", slug="ines-varga-lind"
        ),
    )
    assert response.status_code == 302
    imported.refresh_from_db()
    assert imported.name == "Ines Varga-Lind"  # the editor's edit is saved
    assert imported.slug == "ines-varga"  # the natural key is not

    url = reverse("admin:films_person_change", args=[own.pk])
    admin_client.post(url, form_data(admin_client.get(url), slug="tomas-reyes-2"))
    own.refresh_from_db()
    assert own.slug == "tomas-reyes-2"
