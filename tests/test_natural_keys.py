"""Every row has a natural key, and fixtures carry no database ids.

The round trip is the contract the fixture pipeline relies on: dump with
natural keys, wipe the database, load, and get the same rows back.
"""

import datetime
import io
import json

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import models

from films.models import Film, Location, Person, SourceDocument
from reviews.models import DeletedImport, Review, Theme

pytestmark = pytest.mark.django_db

APP_LABELS = ["films", "reviews"]


def is_audit_record(model) -> bool:
    """History rows (django-simple-history) and import runs record changes to
    content; they are not content, are never in a fixture, and keep their own
    ids (undo finds an import's history rows by its run's number). The
    content version is kept by database triggers, never by a fixture."""
    return hasattr(model, "instance_type") or model._meta.label in {
        "reviews.ImportRun",
        "films.ContentVersion",
    }


def all_models():
    """The content models: what fixtures carry."""
    return [
        model
        for label in APP_LABELS
        for model in apps.get_app_config(label).get_models()
        if not is_audit_record(model)
    ]


def audit_models():
    return [
        model
        for label in APP_LABELS
        for model in apps.get_app_config(label).get_models()
        if is_audit_record(model)
    ]


def natural_key_round_trip(obj):
    model = type(obj)
    assert model.objects.get_by_natural_key(*obj.natural_key()) == obj


def test_every_model_has_a_natural_key():
    for model in all_models():
        assert hasattr(model, "natural_key"), model
        assert hasattr(model._default_manager, "get_by_natural_key"), model


@pytest.mark.parametrize(
    "name",
    [
        "article",
        "film",
        "actor",
        "tara",
        "actor_credit",
        "director_credit",
        "paris",
        "filming",
        "setting",
        "metacritic",
        "marriage",
        "review",
        "draft",
    ],
)
def test_get_by_natural_key_finds_the_row(catalogue, name):
    natural_key_round_trip(getattr(catalogue, name))


def test_credit_keys_with_and_without_character(catalogue):
    assert catalogue.actor_credit.natural_key() == (
        "the-escape-2017",
        "gemma-arterton",
        "actor",
        "tara",
    )
    assert catalogue.director_credit.natural_key() == (
        "the-escape-2017",
        "dominic-savage",
        "director",
        "",
    )


def test_mention_of_each_kind_round_trips(catalogue):
    keys = {mention.kind: mention.natural_key() for mention in catalogue.mentions}
    assert keys == {
        "person": ("a-quiet-unravelling", "person", "gemma-arterton"),
        "character": ("a-quiet-unravelling", "character", "tara"),
        "location": ("a-quiet-unravelling", "location", "paris"),
        "film": ("a-quiet-unravelling", "film", catalogue.other_film.slug),
    }
    for mention in catalogue.mentions:
        natural_key_round_trip(mention)


def plain(value):
    """A comparable value. The JSON serializer keeps milliseconds, not microseconds."""
    if isinstance(value, datetime.datetime):
        return value.replace(microsecond=value.microsecond // 1000 * 1000)
    return value


def canonical(model):
    """Every row of ``model`` by natural key, relations as natural keys too."""
    rows = {}
    for obj in model._default_manager.all():
        values = {}
        for field in model._meta.concrete_fields:
            if field.primary_key:
                continue
            if field.is_relation:
                related = getattr(obj, field.name)
                values[field.name] = related.natural_key() if related else None
            else:
                values[field.name] = plain(field.value_from_object(obj))
        for field in model._meta.many_to_many:
            values[field.name] = sorted(
                related.natural_key() for related in getattr(obj, field.name).all()
            )
        rows[obj.natural_key()] = values
    return rows


def snapshot():
    return {model._meta.label: canonical(model) for model in all_models()}


def dump():
    out = io.StringIO()
    call_command(
        "dumpdata",
        *APP_LABELS,
        natural_foreign=True,
        natural_primary=True,
        exclude=[model._meta.label for model in audit_models()],
        indent=2,
        stdout=out,
    )
    return out.getvalue()


def test_dumpdata_loaddata_reproduces_every_row(catalogue, tmp_path):
    before = snapshot()
    assert all(before.values()), "the catalogue fixture must cover every model"

    dumped = dump()
    assert '"pk"' not in dumped
    records = json.loads(dumped)
    assert all("pk" not in record for record in records)
    assert {record["model"] for record in records} == {
        model._meta.label_lower for model in all_models()
    }

    # Reviews protect their film, so they go first; the rest cascades.
    Review.objects.all().delete()
    for model in [Film, Person, Location, Theme, SourceDocument]:
        model.objects.all().delete()
    # Deleting imported rows leaves tombstones; this test wants a clean slate.
    DeletedImport.objects.all().delete()
    assert not any(model.objects.exists() for model in all_models())

    fixture = tmp_path / "catalogue.json"
    fixture.write_text(dumped, encoding="utf-8")
    call_command("loaddata", str(fixture), verbosity=0)

    assert snapshot() == before
    # Loading assigns new ids in dump order, so a second dump is identical.
    assert dump() == dumped


def test_relations_are_dumped_as_natural_keys(catalogue):
    records = json.loads(dump())
    by_model = {}
    for record in records:
        by_model.setdefault(record["model"], []).append(record["fields"])

    (credit,) = [c for c in by_model["films.credit"] if c["character"]]
    assert credit["film"] == ["the-escape-2017"]
    assert credit["person"] == ["gemma-arterton"]
    assert credit["character"] == ["tara"]
    assert credit["source_document"] == [catalogue.article.sha256]
    (review,) = [
        r for r in by_model["reviews.review"] if r["slug"] == "a-quiet-unravelling"
    ]
    assert sorted(review["themes"]) == [["freedom"], ["marriage"]]
    # Rows whose own key is their natural key keep it in the fields.
    assert {"the-escape-2017", catalogue.other_film.slug} == {
        film["slug"] for film in by_model["films.film"]
    }


def test_relation_fields_all_point_at_models_with_natural_keys():
    for model in all_models():
        for field in model._meta.get_fields():
            if isinstance(field, models.ForeignKey | models.ManyToManyField):
                assert hasattr(field.related_model, "natural_key"), field
