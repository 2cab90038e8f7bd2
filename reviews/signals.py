"""Remembering imported rows that editors delete.

A signal, not an admin hook, because rows are deleted from many places (the
admin's delete view and bulk action, the API, the shell) and every one of
them must leave the tombstone, or the next `load_fixtures` brings the row back.
"""

from django.apps import apps
from django.db.models.signals import pre_delete

from reviews.importer.keys import (
    MODEL_ORDER,
    compact_key,
    instance_natural_key,
    review_document_key,
)


def record_deleted_import(sender, instance, origin=None, **kwargs):
    """Tombstone an imported row deleted on purpose.

    Rows deleted only because a row they belong to was (a film's credits) get
    none: the loader skips records that need a deleted row, so restoring the
    film (deleting its tombstone) brings its credits back with it.
    """
    from reviews.models import DeletedImport

    if not getattr(instance, "import_hash", ""):
        return  # made by an editor: no import would bring it back
    origin_model = getattr(origin, "model", type(origin))
    if origin_model is not sender:
        return
    label = sender._meta.label_lower
    key = instance_natural_key(instance)
    digests = {compact_key(label, key).hex(): key}
    document = getattr(instance, "source_document", None)
    if label == "reviews.review" and document is not None:
        # Its slug follows the file name; the document stays the same.
        digests[review_document_key(document.sha256).hex()] = (
            f"source document {document.sha256}"
        )
    for digest, record_key in digests.items():
        DeletedImport.objects.update_or_create(
            model_label=label,
            key_digest=digest,
            defaults={"record_key": record_key, "description": str(instance)[:255]},
        )


def connect() -> None:
    for label in MODEL_ORDER:
        pre_delete.connect(
            record_deleted_import,
            sender=apps.get_model(label),
            dispatch_uid=f"record_deleted_import:{label}",
        )
