"""Writing fixture records into the database without overwriting editors' work.

Each record is matched to its row by natural key. A new row is created; an
existing row whose current values still hash to its ``import_hash`` was not
touched by an editor and is updated; any other existing row was edited and is
left as it is (and reported). Loading the same records twice changes nothing.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core import serializers
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils import timezone

from reviews.importer.documents import ImporterError
from reviews.importer.fixture import fields_hash
from reviews.models import Review


class LoadError(ImporterError):
    """A record the database refused; the whole load is rolled back."""


@dataclass
class LoadReport:
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)
    kept: Counter = field(default_factory=Counter)  # edited by an editor
    kept_rows: list[str] = field(default_factory=list)


def _current_fields(instance, keys) -> dict:
    serialized = serializers.serialize(
        "python",
        [instance],
        use_natural_foreign_keys=True,
        use_natural_primary_keys=True,
    )[0]["fields"]
    return {k: serialized.get(k) for k in keys}


def _review_of_document(record: dict) -> Review | None:
    """The review already made from this record's source document, if any."""
    source = record["fields"].get("source_document")
    if not source:
        return None
    return Review.objects.filter(source_document__sha256=source[0]).first()


def _deserialize(record: dict):
    """The record as an unsaved object, its pk set when its row exists.

    A review's slug comes from its film and file name, both of which can
    change (a renamed file, a year learned later) while the document stays
    the same, and so does its review. So a review not found by slug is matched
    by its source document, and a mention whose review slug is unknown is
    pointed at that document's review. These fallbacks cost queries only when
    the slug lookup has already failed.
    """
    label = record["model"]
    try:
        (obj,) = serializers.deserialize(
            "python", [record], handle_forward_references=False
        )
    except serializers.base.DeserializationError as exc:
        review = _review_of_document(record) if label == "reviews.mention" else None
        if review and [review.slug] != record["fields"]["review"]:
            return _deserialize(
                {**record, "fields": {**record["fields"], "review": [review.slug]}}
            )
        raise LoadError(f"{label}: cannot be loaded ({exc})") from exc
    if obj.object.pk is None and label == "reviews.review":
        review = _review_of_document(record)
        if review:
            obj.object.pk = review.pk
    return record, obj


def apply_record(record: dict, report: LoadReport) -> None:
    """Create, update or keep the one row a fixture record describes."""
    label = record["model"]
    record, obj = _deserialize(record)
    instance = obj.object
    model = type(instance)
    if instance.pk is None:
        _save(obj, label)
        report.created[label] += 1
        return
    existing = model._default_manager.get(pk=instance.pk)
    keys = [k for k in record["fields"] if k != "import_hash"]
    current = _current_fields(existing, keys)
    wanted = {k: record["fields"][k] for k in keys}
    if fields_hash(current) == fields_hash(wanted):
        if existing.import_hash != record["fields"].get("import_hash", ""):
            model._default_manager.filter(pk=existing.pk).update(
                import_hash=record["fields"]["import_hash"]
            )
        report.unchanged[label] += 1
    elif existing.import_hash and fields_hash(current) == existing.import_hash:
        _save(obj, label, fields=record["fields"])
        report.updated[label] += 1
    else:
        report.kept[label] += 1
        report.kept_rows.append(
            f"{label} {existing} (edited since import; left as it is)"
        )


def _save(obj, label: str, fields: dict | None = None) -> None:
    """Save a new row, or (``fields`` given) only the imported fields of an
    existing one, so its creation and import timestamps are kept."""
    instance = obj.object
    update_fields = None
    if fields is not None:
        concrete = {f.name for f in instance._meta.concrete_fields}
        update_fields = [name for name in fields if name in concrete]
        if "updated_at" in concrete:
            instance.updated_at = timezone.now()
            update_fields.append("updated_at")
    try:
        instance.full_clean(validate_unique=False, validate_constraints=False)
        with transaction.atomic():
            obj.save(update_fields=update_fields)
    except (ValidationError, DatabaseError) as exc:
        raise LoadError(f"{label} {instance}: refused by the database ({exc})") from exc


def apply_records(records: Iterable[dict], *, dry_run: bool = False) -> LoadReport:
    """Apply every record in one transaction; all or nothing."""
    report = LoadReport()
    with transaction.atomic():
        for record in records:
            apply_record(record, report)
        if dry_run:
            transaction.set_rollback(True)
    return report
