"""Undoing an import: every row an `ImportRun` updated goes back to its
previous historical version and every row it created is deleted, in one
transaction, or nothing changes (`import_run_undo`). The run's rows are
found by the history `reviews.importer.history` wrote for them.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.db.models import Max
from django.db.models.deletion import Collector, ProtectedError, RestrictedError
from django.utils import timezone

from reviews.importer.history import (
    chunks,
    has_history,
    history_models,
    run_entries,
    tracked_fields,
)
from reviews.importer.keys import (
    compact_key,
    instance_natural_key,
    review_document_key,
)
from reviews.models import DeletedImport, ImportRun
from reviews.roles import PUBLISH_REVIEW


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
    if not user.has_perm(PUBLISH_REVIEW):
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


class _RunRows:
    """One model's rows of a run: what it created, what it updated."""

    def __init__(self, model, run: ImportRun):
        self.model, self.label = model, model._meta.label_lower
        self.entries = list(run_entries(model, run))
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
        for chunk in chunks(ids, 500):
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
