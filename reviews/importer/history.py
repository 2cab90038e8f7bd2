"""The history an import leaves: who ran it, and a historical row per change.

The loader writes rows with raw SQL, so django-simple-history's signals never
see them. This module writes their historical rows itself, in bulk: one
``INSERT INTO <history table> SELECT ... FROM <table> WHERE pk IN (...)`` per
batch and kind of change, copying the values the row holds after the write.
Every such row names the import's `ImportRun` (``history_change_reason``
"import #12: import_seeds"), its user, and one timestamp, the run's
``started_at``. `reviews.importer.undo` reverts what a run did.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import connection
from django.db.models import prefetch_related_objects
from django.utils import timezone

from reviews.importer.keys import MODEL_ORDER
from reviews.models import ImportRun

IMPORTER_USERNAME = "importer"
DOCUMENTS_KEPT = 20  # file names a run lists; the count says the rest
_HISTORY_FIELDS = frozenset(
    ["history_id", "history_date", "history_change_reason", "history_type"]
)


def importer_user():
    """The user imports run as when nobody is named: recognisable in history,
    never able to sign in. ``get_or_create`` retries the read when a
    concurrent first use wins the insert (the username is unique)."""
    user, _ = get_user_model().objects.get_or_create(
        username=IMPORTER_USERNAME,
        defaults={"is_active": False, "password": make_password(None)},
    )
    return user


def has_history(model) -> bool:
    return hasattr(model._meta, "simple_history_manager_attribute")


def tracked_fields(model) -> list:
    """The historical model's copies of the live fields (not ``history_*``;
    not what ``excluded_fields`` leaves out, like a review's ``updated_at``)."""
    return [
        f
        for f in model.history.model._meta.concrete_fields
        if f.name not in _HISTORY_FIELDS and f.name != "history_user"
    ]


class ImportHistory:
    """Records one load's changes. The run is created at the first change,
    inside the load's transaction: a load that changes nothing writes nothing,
    and a load that fails leaves no run."""

    def __init__(self, *, changed_by=None, change_reason: str = ""):
        self.changed_by = changed_by
        self.source = (change_reason or "import")[:64]
        self.run: ImportRun | None = None
        self.documents: list[str] = []
        self.document_count = 0
        self._sql: dict = {}

    def saw_document(self, filename: str) -> None:
        self.document_count += 1
        if len(self.documents) < DOCUMENTS_KEPT:
            self.documents.append(str(filename)[:255])

    def record(self, model, pks: Iterable[int], history_type: str) -> None:
        """One historical row per pk, holding the row's current values."""
        if not has_history(model):
            return
        pks = [pk for pk in pks if pk is not None]
        if not pks:
            return
        run = self._start()
        params = [
            connection.ops.adapt_datetimefield_value(run.started_at),
            run.history_reason,
            history_type,
            run.user_id,
        ]
        with connection.cursor() as cursor:
            for chunk in chunks(pks, 500):
                cursor.execute(
                    self._statement(model, len(chunk)),
                    [*params, *chunk],
                )

    def _statement(self, model, size: int) -> str:
        key = (model, size)
        if key not in self._sql:
            quote = connection.ops.quote_name
            # Historical columns carry the live columns' names.
            columns = [quote(f.column) for f in tracked_fields(model)]
            extra = ["history_date", "history_change_reason", "history_type"]
            target = ", ".join(
                columns + [quote(c) for c in extra] + [quote("history_user_id")]
            )
            source = ", ".join(columns + ["%s"] * 4)
            self._sql[key] = (
                f"INSERT INTO {quote(model.history.model._meta.db_table)} ({target}) "
                f"SELECT {source} FROM {quote(model._meta.db_table)} "
                f"WHERE {quote(model._meta.pk.column)} IN ({', '.join(['%s'] * size)})"
            )
        return self._sql[key]

    def _start(self) -> ImportRun:
        if self.run is None:
            self.run = ImportRun.objects.create(
                started_at=timezone.now(),
                user=self.changed_by or importer_user(),
                source=self.source,
            )
        return self.run

    def finish(self, report) -> ImportRun | None:
        """Counts and documents onto the run, if the load changed anything."""
        if self.run is None:
            return None
        run = self.run
        run.finished_at = timezone.now()
        run.created = {k: v for k, v in sorted(report.created.items()) if v}
        run.updated = {k: v for k, v in sorted(report.updated.items()) if v}
        run.documents = self.documents
        run.document_count = self.document_count
        run.save(
            update_fields=[
                "finished_at",
                "created",
                "updated",
                "documents",
                "document_count",
            ]
        )
        return run


def chunks(values: Iterable, size: int):
    """``values`` in lists of at most ``size``."""
    iterator = iter(values)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


# --- reading a run's history -------------------------------------------------


def history_models() -> list:
    return [m for m in map(apps.get_model, MODEL_ORDER) if has_history(m)]


def changed_rows(run: ImportRun, *, limit: int):
    """(model, historical row, row as it was written) of the first ``limit``
    rows ``run`` created or updated. The rows' catalogue relations are fetched
    once per model, as their names (a credit's person, film and character)
    would otherwise cost a query each."""
    for model in history_models():
        if limit <= 0:
            return
        entries = list(run_entries(model, run)[:limit])
        limit -= len(entries)
        rows = [entry.instance for entry in entries]
        related = [
            f.name
            for f in model._meta.concrete_fields
            if f.many_to_one and has_history(f.related_model)
        ]
        prefetch_related_objects(rows, *related)
        for entry, row in zip(entries, rows, strict=True):
            yield model, entry, row


def run_entries(model, run: ImportRun):
    return model.history.filter(
        history_date=run.started_at, history_change_reason=run.history_reason
    ).order_by("history_id")
