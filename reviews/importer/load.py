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

from reviews.importer.documents import ImporterError
from reviews.importer.fixture import fields_hash


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


def apply_record(record: dict, report: LoadReport) -> None:
    """Create, update or keep the one row a fixture record describes."""
    label = record["model"]
    try:
        (obj,) = serializers.deserialize(
            "python", [record], handle_forward_references=False
        )
    except serializers.base.DeserializationError as exc:
        raise LoadError(f"{label}: cannot be loaded ({exc})") from exc
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
        _save(obj, label)
        report.updated[label] += 1
    else:
        report.kept[label] += 1
        report.kept_rows.append(
            f"{label} {existing} (edited since import; left as it is)"
        )


def _save(obj, label: str) -> None:
    try:
        obj.object.full_clean(validate_unique=False, validate_constraints=False)
        with transaction.atomic():
            obj.save()
    except (ValidationError, DatabaseError) as exc:
        raise LoadError(
            f"{label} {obj.object}: refused by the database ({exc})"
        ) from exc


def apply_records(records: Iterable[dict], *, dry_run: bool = False) -> LoadReport:
    """Apply every record in one transaction; all or nothing."""
    report = LoadReport()
    with transaction.atomic():
        for record in records:
            apply_record(record, report)
        if dry_run:
            transaction.set_rollback(True)
    return report
