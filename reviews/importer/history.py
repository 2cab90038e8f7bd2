"""The history an import leaves: who ran it, and a historical row per change.

The loader writes rows with raw SQL, so django-simple-history's signals never
see them. This module writes their historical rows itself, in bulk: one
``INSERT INTO <history table> SELECT ... FROM <table> WHERE pk IN (...)`` per
batch and kind of change, copying the values the row holds after the write.
Every such row names the import's `ImportRun` (``history_change_reason``
"import #12: import_seeds"), its user, and one timestamp, the run's
``started_at``. `import_run_undo` reverts what a run did.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.db.models import Max
from django.db.models.deletion import Collector, ProtectedError, RestrictedError
from django.utils import timezone

from reviews.importer.keys import (
    MODEL_ORDER,
    compact_key,
    instance_natural_key,
    review_document_key,
)
from reviews.models import DeletedImport, ImportRun

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
            for chunk in _chunks(pks, 500):
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


def _chunks(values: list, size: int):
    iterator = iter(values)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


# --- undo -------------------------------------------------------------------


class UndoRefused(Exception):
    """The run cannot be undone as it stands; nothing was changed."""

    def __init__(self, message: str, rows: list[str] | None = None):
        self.rows = rows or []
        super().__init__(message)


@dataclass
class UndoReport:
    reverted: Counter = field(default_factory=Counter)  # by model label
    deleted: Counter = field(default_factory=Counter)


def import_run_undo(*, run: ImportRun, user) -> UndoReport:
    """Undo what ``run`` did: every row it updated goes back to its previous
    historical version, every row it created is deleted, all in one
    transaction, recorded in history under ``user`` ("undo of import #12").

    Refused as a whole (nothing changes) when any row it touched was changed
    since, by an editor or a later import, or when deleting its new rows would
    take rows it did not make with them (an editor's credit on a new film):
    a half-undone import would mix two states no one chose. Deleting leaves no
    `DeletedImport` tombstone: an undo restores the state before the import,
    so importing the same documents again redoes it, updates and new rows alike.
    """
    if not user.has_perm("reviews.publish_review"):
        raise PermissionDenied("Only editors may undo an import.")
    with transaction.atomic():
        run = ImportRun.objects.select_for_update().get(pk=run.pk)
        if run.status == ImportRun.Status.UNDONE:
            raise UndoRefused(f"{run} was already undone.")
        plan = [_RunRows(model, run) for model in history_models()]
        conflicts = [row for rows in plan for row in rows.conflicts(lock=True)]
        if conflicts:
            raise UndoRefused(
                f"{run} cannot be undone: {len(conflicts)} of its rows changed "
                "since. Nothing was changed.",
                conflicts,
            )
        reason = f"undo of {run}"[:100]
        report = UndoReport()
        for rows in plan:
            report.reverted[rows.label] = rows.revert(user, reason)
        for rows in reversed(plan):  # dependants before what they depend on
            report.deleted[rows.label] = rows.delete(user, reason, plan)
        run.status = ImportRun.Status.UNDONE
        run.undone_at = timezone.now()
        run.undone_by = user
        run.save(update_fields=["status", "undone_at", "undone_by"])
    return report


def undo_conflicts(run: ImportRun) -> list[str]:
    """Why ``run`` cannot be undone now (empty: it can, as far as its own rows
    go; rows its deletions would take along are checked by the undo)."""
    if run.status == ImportRun.Status.UNDONE:
        return [f"{run} was already undone."]
    return [
        row for model in history_models() for row in _RunRows(model, run).conflicts()
    ]


def history_models() -> list:
    return [m for m in map(apps.get_model, MODEL_ORDER) if has_history(m)]


def changed_rows(run: ImportRun):
    """(model, historical row) of each row ``run`` created or updated."""
    for model in history_models():
        for entry in _run_entries(model, run):
            yield model, entry


def _run_entries(model, run: ImportRun):
    return model.history.filter(
        history_date=run.started_at, history_change_reason=run.history_reason
    ).order_by("history_id")


class _RunRows:
    """One model's rows of a run: what it created, what it updated."""

    def __init__(self, model, run: ImportRun):
        self.model, self.label = model, model._meta.label_lower
        self.entries = list(_run_entries(model, run))
        self.created = {e.id: e for e in self.entries if e.history_type == "+"}
        self.updated = {e.id: e for e in self.entries if e.history_type == "~"}
        self.previous: dict = {}

    def conflicts(self, *, lock: bool = False) -> list[str]:
        """Rows changed since the run: a later historical row, or live values
        that differ from what the run wrote (a change made without history);
        an updated row with no earlier version to go back to. ``lock``: the
        live rows stay locked until the undo commits, so an editor's save
        cannot slip in between this check and the revert (PostgreSQL)."""
        if not self.entries:
            return []
        problems = []
        ids = [e.id for e in self.entries]
        fields = [f.attname for f in tracked_fields(self.model)]
        later = set()
        live = {}
        history = self.model.history.model._default_manager
        for chunk in _chunks(ids, 500):
            latest = (
                history.filter(id__in=chunk)
                .values("id")
                .annotate(last=Max("history_id"))
            )
            later |= {
                row["id"]
                for row in latest
                if row["last"] != self._entry(row["id"]).history_id
            }
            current = self.model._default_manager.filter(pk__in=chunk).order_by()
            if lock:
                current = current.select_for_update()
            for values in current.values(*fields):
                live[values["id"]] = values
            updated = [self.updated[i].history_id for i in chunk if i in self.updated]
            # Later rows would be conflicts, so the last other row is the one before.
            earlier = (
                history.filter(id__in=[i for i in chunk if i in self.updated])
                .exclude(history_id__in=updated)
                .values("id")
                .annotate(last=Max("history_id"))
            )
            for row in earlier:
                self.previous[row["id"]] = row["last"]
        for entry in self.entries:
            name = f"{self.model._meta.verbose_name} {entry.id} ({entry})"
            if entry.id in later:
                problems.append(f"{name}: changed since the import")
            elif entry.id not in live:
                if entry.history_type == "~":
                    problems.append(f"{name}: deleted since the import")
            elif any(live[entry.id][f] != getattr(entry, f) for f in fields):
                problems.append(f"{name}: changed since the import")
            elif entry.history_type == "~" and entry.id not in self.previous:
                problems.append(f"{name}: no earlier version recorded")
        return problems

    def _entry(self, pk):
        return self.created.get(pk) or self.updated[pk]

    def revert(self, user, reason: str) -> int:
        """Updated rows back to their previous versions, saved one by one so
        history records the undo as an editor's change."""
        versions = self.model.history.model._default_manager.in_bulk(
            list(self.previous.values())
        )
        for history_id in self.previous.values():
            instance = versions[history_id].instance
            instance._history_user = user
            instance._change_reason = reason
            instance.save()
        return len(versions)

    def delete(self, user, reason: str, plan) -> int:
        """Created rows deleted, after checking that nothing else goes with
        them; the tombstones the deletion signal leaves are removed."""
        rows = list(self.model._default_manager.filter(pk__in=list(self.created)))
        if not rows:
            return 0
        ours = {(p.label, pk) for p in plan for pk in p.created}
        _check_cascade(self.model, rows, ours)
        digests = [_tombstone_digests(row) for row in rows]
        before = set(
            DeletedImport.objects.filter(
                model_label=self.label,
                key_digest__in=[d for ds in digests for d in ds],
            ).values_list("pk", flat=True)
        )
        for row in rows:
            row._history_user = user
            row._change_reason = reason
            row.delete()
        DeletedImport.objects.filter(
            model_label=self.label,
            key_digest__in=[d for ds in digests for d in ds],
        ).exclude(pk__in=before).delete()
        return len(rows)


def _check_cascade(model, rows, ours: set) -> None:
    """Refuse when deleting ``rows`` would delete or unlink rows the run did
    not create (on_delete CASCADE, SET_NULL, PROTECT)."""
    collector = Collector(using=connection.alias)
    try:
        collector.collect(rows)
    except (ProtectedError, RestrictedError) as exc:
        names = ", ".join(str(o) for o in list(exc.args[1])[:5])
        raise UndoRefused(
            f"Cannot delete what the import created: other rows need it ({names}). "
            "Nothing was changed."
        ) from exc
    foreign = []
    for other, instances in collector.data.items():
        label = other._meta.label_lower
        for obj in instances:
            if has_history(other) and (label, obj.pk) not in ours:
                foreign.append(obj)
            elif not has_history(other) and getattr(obj, "import_hash", None) == "":
                foreign.append(obj)  # an editor's own row (a mention they added)
    for (fk, _value), querysets in collector.field_updates.items():
        if has_history(fk.model):
            label = fk.model._meta.label_lower
            for objs in querysets:
                foreign += [o for o in objs if (label, o.pk) not in ours]
    if foreign:
        names = ", ".join(str(o) for o in foreign[:5])
        raise UndoRefused(
            f"Deleting what the import created would also change {len(foreign)} "
            f"row(s) it did not make ({names}). Nothing was changed.",
            [
                f"{o._meta.verbose_name} {o.pk} ({o}): not made by the import"
                for o in foreign
            ],
        )


def _tombstone_digests(instance) -> list[str]:
    label = instance._meta.label_lower
    digests = [compact_key(label, instance_natural_key(instance)).hex()]
    document = getattr(instance, "source_document", None)
    if label == "reviews.review" and document is not None:
        digests.append(review_document_key(document.sha256).hex())
    return digests
