"""How a fixture record and a database row name each other: natural keys.

Kept apart from the extraction modules so that what needs only keys (the
loader's bookkeeping, the deletion signal that runs in every web process)
does not import the extractors and compile their patterns.
"""

import hashlib
import json

# The importer's models, dependencies first: the order records are written
# and loaded in.
MODEL_ORDER = (
    "films.sourcedocument",
    "films.film",
    "films.person",
    "films.character",
    "films.credit",
    "films.location",
    "films.filmlocation",
    "films.rating",
    "reviews.theme",
    "reviews.review",
    "reviews.mention",
)

# The fields that make up each model's natural key in a record (default: slug).
KEY_FIELDS = {
    "films.sourcedocument": ("sha256",),
    "films.credit": ("film", "person", "role", "character"),
    "films.filmlocation": ("film", "location", "usage"),
    "films.rating": ("film", "source", "metric"),
    "reviews.mention": ("review", "kind", "person", "character", "location", "film"),
}


def key_fields(model: str) -> tuple[str, ...]:
    return KEY_FIELDS.get(model, ("slug",))


def natural_key_of(obj: dict) -> str:
    """A record's natural key as a string, from its fields (model-specific)."""
    fields = obj.get("fields", {})
    parts = key_fields(obj.get("model", ""))
    return json.dumps([fields.get(p) for p in parts])


def instance_natural_key(instance) -> str:
    """The natural key a fixture record of this row would have (`natural_key_of`
    of its record), read from the row: foreign keys by their targets' keys."""
    meta = instance._meta
    fields = {}
    for name in key_fields(meta.label_lower):
        field = meta.get_field(name)
        if field.is_relation:
            target = getattr(instance, name)
            fields[name] = [target.natural_key()[0]] if target is not None else None
        else:
            fields[name] = getattr(instance, name)
    return natural_key_of({"model": meta.label_lower, "fields": fields})


def compact_key(model: str, key: str) -> bytes:
    """16 bytes standing for (model, natural key): a large fixture's keys fit
    in a few megabytes of memory."""
    return hashlib.blake2b(f"{model}\0{key}".encode(), digest_size=16).digest()


def review_document_key(sha256: str) -> bytes:
    """The second tombstone key of a deleted review: the document it came from
    (its slug follows the file name, which can change)."""
    return compact_key("reviews.review:source_document", sha256)
