"""Row counts of every model the importer writes, for "nothing changed" checks."""

from django.apps import apps

from reviews.importer.pipeline import MODEL_ORDER


def row_counts() -> dict[str, int]:
    return {label: apps.get_model(label).objects.count() for label in MODEL_ORDER}
