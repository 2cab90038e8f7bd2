"""Writing fixture records into the database in bulk, keeping editors' work.

Records arrive in dependency order (the order `iter_records` writes them).
They are buffered per model and written a batch at a time; before a batch is
written, the pending batches of the models before it are, so every foreign
key it names already has an id. Per batch, a few statements do the work:
existing rows are found by natural key in one query, foreign keys are resolved
through natural key <-> id maps that fill once per key, the decision for each
record is made in memory, and the writes are one ``bulk_create`` and one
``bulk_update``. Statements per document do not grow with the database, and
the write transaction is short enough for editors to keep saving.

Per record, as before:

- no row has its natural key: the row is created, unless an editor deleted it
  (a `DeletedImport` tombstone) or deleted a row its key needs; then it is
  "kept deleted";
- a row holds exactly the record's values: unchanged;
- a row still holds what the last import wrote (its values hash to its
  ``import_hash``): updated, in the fields the record carries only;
- any other row was edited: kept as it is, and reported.
"""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict
from collections.abc import Iterable
from contextlib import nullcontext
from dataclasses import dataclass, field

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, models, transaction
from django.utils import timezone

from reviews.importer.documents import ImporterError
from reviews.importer.fixture import fields_hash
from reviews.importer.history import ImportHistory, chunks, has_history
from reviews.importer.keys import (
    MODEL_ORDER,
    compact_key,
    key_fields,
    natural_key_of,
    review_document_key,
)
from reviews.importer.lock import import_lock
from reviews.models import DeletedImport

BATCH_SIZE = 500  # records per batch, and keys per IN (...) lookup


class LoadError(ImporterError):
    """A record the database refused; the whole load is rolled back."""


@dataclass
class LoadReport:
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)
    kept: Counter = field(default_factory=Counter)  # edited by an editor
    deleted: Counter = field(default_factory=Counter)  # deleted by an editor
    kept_rows: list[str] = field(default_factory=list)
    deleted_rows: list[str] = field(default_factory=list)
    run_id: int | None = None  # the ImportRun, when the load changed rows

    def counts(self, label: str) -> tuple[int, int, int, int, int]:
        """One model's rows: (created, updated, unchanged, kept, deleted)."""
        return (
            self.created[label],
            self.updated[label],
            self.unchanged[label],
            self.kept[label],
            self.deleted[label],
        )


class _KeyMap:
    """Natural key <-> id of one model whose natural key is one field (slug or
    sha256), the only kind of model a record's foreign keys point at.

    ``ids`` maps the keys records use; ``actual`` maps an id to the key its row
    has now (they differ for a review found by its document after a rename).
    Lookups go to the database only for keys and ids not seen yet, in bulk.
    """

    def __init__(self, model, key_field: str):
        self.model, self.key_field = model, key_field
        self.ids: dict[str, int] = {}
        self.actual: dict[int, str] = {}
        self.absent: set[str] = set()

    def add(self, key: str, pk: int, actual: str | None = None) -> None:
        self.ids[key] = pk
        self.absent.discard(key)
        self.actual[pk] = actual if actual is not None else key

    def fetch_keys(self, keys: Iterable[str]) -> None:
        missing = {k for k in keys if k not in self.ids and k not in self.absent}
        for chunk in chunks(missing, BATCH_SIZE):
            rows = self.model._default_manager.filter(
                **{f"{self.key_field}__in": chunk}
            ).values_list(self.key_field, "pk")
            for key, pk in rows:
                self.add(key, pk)
        self.absent |= {k for k in missing if k not in self.ids}

    def fetch_ids(self, ids: Iterable[int]) -> None:
        missing = {i for i in ids if i is not None and i not in self.actual}
        for chunk in chunks(missing, BATCH_SIZE):
            rows = self.model._default_manager.filter(pk__in=chunk).values_list(
                "pk", self.key_field
            )
            for pk, key in rows:
                self.actual[pk] = key


@dataclass(frozen=True)
class _Spec:
    """What the loader needs to know of one model, worked out once per load."""

    label: str
    model: type
    keys: tuple[str, ...]  # natural-key fields, as records name them
    fks: dict  # record field name -> ForeignKey
    m2m: dict  # record field name -> ManyToManyField
    loadable: frozenset  # field names a record may carry
    self_fks: tuple[str, ...]  # foreign keys to the same model (a place's parent)
    single_key: str | None  # the key field when the key is one plain field
    parent_fk: str | None  # for a composite key: the foreign key rows are fetched by
    has_updated_at: bool

    @classmethod
    def of(cls, label: str) -> _Spec:
        model = apps.get_model(label)
        fks, m2m = {}, {}
        for f in model._meta.get_fields():
            if (f.many_to_one or f.one_to_one) and f.concrete:
                fks[f.name] = f
            elif f.many_to_many and f.concrete:
                m2m[f.name] = f
        keys = key_fields(label)
        single = keys[0] if len(keys) == 1 and keys[0] not in fks else None
        concrete = [f for f in model._meta.concrete_fields if not f.primary_key]
        return cls(
            label=label,
            model=model,
            keys=keys,
            fks=fks,
            m2m=m2m,
            loadable=frozenset([f.name for f in concrete] + list(m2m)),
            self_fks=tuple(n for n, f in fks.items() if f.related_model is model),
            single_key=single,
            parent_fk=None if single else next(n for n in keys if n in fks),
            has_updated_at=any(f.name == "updated_at" for f in concrete),
        )


@dataclass
class _Row:
    """One record in a batch and what was decided for it."""

    record: dict
    key: str  # natural key string, as `natural_key_of` gives it
    values: dict = field(default_factory=dict)  # attname -> python value
    m2m: dict = field(default_factory=dict)  # name -> set of target ids
    existing: dict | None = None
    skip: str = ""  # why the record is not loaded ("" = it is)
    decision: str = ""  # created, updated, unchanged or kept


class Loader:
    """Applies records, batch by batch; ``execute=False`` decides without
    writing (a dry run: no transaction, no lock, no rows). ``history``
    records each created and updated row of a model that keeps history."""

    def __init__(
        self,
        report: LoadReport,
        *,
        execute: bool = True,
        history: ImportHistory | None = None,
    ):
        self.report, self.execute, self.history = report, execute, history
        self.specs: dict[str, _Spec] = {}
        self.maps: dict[str, _KeyMap] = {}
        self.buffers: dict[str, list[dict]] = defaultdict(list)
        self.buffered_keys: dict[str, set[str]] = defaultdict(set)
        self.skipped: dict[str, set[str]] = defaultdict(set)  # deleted, by label
        self.tombstones = set(
            DeletedImport.objects.values_list("model_label", "key_digest")
        )
        self._placeholders = itertools.count(-1, -1)  # dry run: ids not written
        self._cleaned: dict = {}  # (field, value) -> cleaned value

    # --- input -------------------------------------------------------------

    def add(self, record: dict) -> None:
        label = record.get("model") if isinstance(record, dict) else None
        if label not in MODEL_ORDER or not isinstance(record.get("fields"), dict):
            raise LoadError(f"not a record this site loads: {str(record)[:200]}")
        spec = self._spec(label)
        if self.history and label == "films.sourcedocument":
            self.history.saw_document(record["fields"].get("filename", ""))
        for name in spec.self_fks:
            value = record["fields"].get(name)
            # A place inside a place of the same batch: write the batch first.
            if value and value[0] in self.buffered_keys[label]:
                self._flush(label)
        self.buffers[label].append(record)
        if spec.single_key:
            self.buffered_keys[label].add(record["fields"].get(spec.single_key))
        if len(self.buffers[label]) >= BATCH_SIZE:
            self._flush(label)

    def finish(self) -> None:
        for label in MODEL_ORDER:
            self._flush(label)

    # --- a batch -------------------------------------------------------------

    def _spec(self, label: str) -> _Spec:
        if label not in self.specs:
            self.specs[label] = _Spec.of(label)
        return self.specs[label]

    def _map(self, label: str) -> _KeyMap:
        if label not in self.maps:
            spec = self._spec(label)
            self.maps[label] = _KeyMap(spec.model, spec.keys[0])
        return self.maps[label]

    def _flush(self, label: str) -> None:
        # Models before this one first: their ids are what this batch names.
        for earlier in MODEL_ORDER[: MODEL_ORDER.index(label)]:
            if self.buffers[earlier]:
                self._flush(earlier)
        records, self.buffers[label] = self.buffers[label], []
        self.buffered_keys[label].clear()
        if records:
            self._apply(self._spec(label), records)

    def _apply(self, spec: _Spec, records: list[dict]) -> None:
        rows = [_Row(r, natural_key_of(r)) for r in records]
        self._check_fields(spec, rows)
        self._resolve_foreign_keys(spec, rows)
        self._find_existing(spec, rows)
        creates, updates, hash_only = self._decide(spec, rows)
        if self.execute:
            self._write(spec, creates, updates, hash_only)
        else:
            for row in creates:
                row.values["pk"] = next(self._placeholders)
        if spec.single_key:
            keys = self._map(spec.label)
            for row in rows:
                if row.skip:
                    continue
                key = row.record["fields"][spec.single_key]
                kept_key = row.decision in ("unchanged", "kept")
                keys.add(
                    key,
                    row.values["pk"],
                    row.existing[spec.single_key] if kept_key else key,
                )

    def _check_fields(self, spec: _Spec, rows: list[_Row]) -> None:
        for row in rows:
            for name in row.record["fields"]:
                if name not in spec.loadable:
                    raise LoadError(f"{spec.label} {row.key}: no field named {name!r}")

    def _resolve_foreign_keys(self, spec: _Spec, rows: list[_Row]) -> None:
        """Foreign keys to ids; a record needing a deleted row is skipped."""
        for name, fk in spec.fks.items():
            target = fk.related_model._meta.label_lower
            keys = {self._fk_key(row, name) for row in rows} - {None}
            self._map(target).fetch_keys(keys - self.skipped[target])
        if spec.label == "reviews.mention":
            self._mentions_follow_renamed_reviews(rows)
        for row in rows:
            for name, fk in spec.fks.items():
                key = self._fk_key(row, name)
                target = fk.related_model._meta.label_lower
                if key is None:
                    row.values[fk.attname] = None
                elif key in self.skipped[target]:
                    # A row it cannot exist without (or is identified by) was
                    # deleted: it stays deleted too. Otherwise the link is cut.
                    if name in spec.keys or not fk.null:
                        row.skip = f"needs the deleted {target} {key}"
                    else:  # the record now says "none", and hashes so
                        fields = row.record["fields"]
                        fields[name] = None
                        fields["import_hash"] = fields_hash(fields)
                    row.values[fk.attname] = None
                elif key in self.maps[target].ids:
                    row.values[fk.attname] = self.maps[target].ids[key]
                else:
                    raise LoadError(
                        f"{spec.label} {row.key}: refers to {target} {key!r}, "
                        "which is neither in the database nor in the records"
                    )
            for name, m2m in spec.m2m.items():
                if name not in row.record["fields"]:
                    continue  # the record leaves this relation to the editors
                target = m2m.related_model._meta.label_lower
                keys = [k[0] for k in row.record["fields"][name] or []]
                self._map(target).fetch_keys(set(keys) - self.skipped[target])
                ids = self.maps[target].ids
                unknown = [
                    k for k in keys if k not in ids and k not in self.skipped[target]
                ]
                if unknown:
                    raise LoadError(
                        f"{spec.label} {row.key}: refers to {target} {unknown[0]!r}, "
                        "which is neither in the database nor in the records"
                    )
                row.m2m[name] = {ids[k] for k in keys if k in ids}

    @staticmethod
    def _fk_key(row: _Row, name: str) -> str | None:
        value = row.record["fields"].get(name)
        if value in (None, [], ""):
            return None
        if not isinstance(value, list) or len(value) != 1:
            raise LoadError(f"{row.record['model']} {row.key}: bad key for {name}")
        return value[0]

    def _mentions_follow_renamed_reviews(self, rows: list[_Row]) -> None:
        """A review's slug follows its file name; a mention naming a slug no row
        has goes to the review made from the mention's source document. Costs a
        query only when a slug is unknown."""
        reviews = self._map("reviews.review")
        unknown = {
            row.record["fields"]["source_document"][0]: self._fk_key(row, "review")
            for row in rows
            if self._fk_key(row, "review") in reviews.absent
            and row.record["fields"].get("source_document")
        }
        if not unknown:
            return
        matches = (
            self._spec("reviews.review")
            .model._default_manager.filter(source_document__sha256__in=list(unknown))
            .values_list("source_document__sha256", "pk", "slug")
        )
        for sha256, pk, slug in matches:
            reviews.add(unknown[sha256], pk, actual=slug)

    def _find_existing(self, spec: _Spec, rows: list[_Row]) -> None:
        live = [row for row in rows if not row.skip]
        columns = ["pk", *(f.attname for f in spec.model._meta.concrete_fields)]
        manager = spec.model._default_manager
        if spec.single_key:
            key = spec.single_key
            by_key = {}
            for chunk in chunks(
                {row.record["fields"][key] for row in live}, BATCH_SIZE
            ):
                for values in manager.filter(**{f"{key}__in": chunk}).values(*columns):
                    by_key[values[key]] = values
            for row in live:
                row.existing = by_key.get(row.record["fields"][key])
            if spec.label == "reviews.review":
                self._reviews_follow_their_document(live, columns)
        else:
            parent = spec.fks[spec.parent_fk].attname
            attnames = [spec.fks[k].attname if k in spec.fks else k for k in spec.keys]
            by_key = {}
            parent_ids = {row.values[parent] for row in live}
            for chunk in chunks(
                (i for i in parent_ids if i is not None and i > 0), BATCH_SIZE
            ):
                for values in manager.filter(**{f"{parent}__in": chunk}).values(
                    *columns
                ):
                    by_key[tuple(values[a] for a in attnames)] = values
            for row in live:
                row.existing = by_key.get(
                    tuple(
                        row.values.get(a, row.record["fields"].get(a)) for a in attnames
                    )
                )
        existing_ids = [row.existing["pk"] for row in live if row.existing]
        for name, m2m in spec.m2m.items():
            through = m2m.remote_field.through
            source = m2m.m2m_field_name()
            target = m2m.m2m_reverse_field_name()
            current = defaultdict(set)
            for chunk in chunks(existing_ids, BATCH_SIZE):
                pairs = through._default_manager.filter(
                    **{f"{source}_id__in": chunk}
                ).values_list(f"{source}_id", f"{target}_id")
                for owner, target_id in pairs:
                    current[owner].add(target_id)
            for row in live:
                if row.existing:
                    row.existing[f"m2m:{name}"] = current[row.existing["pk"]]
        for fk in spec.fks.values():
            target = fk.related_model._meta.label_lower
            self._map(target).fetch_ids(
                row.existing[fk.attname] for row in live if row.existing
            )

    def _reviews_follow_their_document(self, rows: list[_Row], columns) -> None:
        """A review not found by slug (its file was renamed) is the review made
        from the same source document."""
        wanted = {
            row.values["source_document_id"]: row
            for row in rows
            if row.existing is None and row.values.get("source_document_id")
        }
        for chunk in chunks((i for i in wanted if i > 0), BATCH_SIZE):
            manager = self._spec("reviews.review").model._default_manager
            for values in manager.filter(source_document_id__in=chunk).values(*columns):
                wanted[values["source_document_id"]].existing = values

    def _decide(self, spec: _Spec, rows: list[_Row]):
        creates, updates, hash_only, kept = [], [], [], []
        label, report = spec.label, self.report
        for row in rows:
            if not row.skip and row.existing is None and self._deleted(label, row):
                row.skip = "deleted by an editor"
                report.deleted_rows.append(f"{label} {row.key} (deleted by an editor)")
            if row.skip:
                report.deleted[label] += 1
                if spec.single_key:
                    self.skipped[label].add(row.record["fields"][spec.single_key])
                continue
            if row.existing is None:
                row.decision = "created"
                self._convert(spec, row)
                creates.append(row)
                continue
            row.values["pk"] = row.existing["pk"]
            wanted = {
                k: v for k, v in row.record["fields"].items() if k != "import_hash"
            }
            current = fields_hash(self._current(spec, row, wanted))
            if current == fields_hash(wanted):
                row.decision = "unchanged"
                if row.existing["import_hash"] != row.record["fields"].get(
                    "import_hash", ""
                ):
                    hash_only.append(row)
            elif row.existing["import_hash"] and current == row.existing["import_hash"]:
                row.decision = "updated"
                self._convert(spec, row)
                updates.append(row)
            else:
                row.decision = "kept"
                kept.append(row)
            getattr(report, row.decision)[label] += 1
        report.created[label] += len(creates)
        if kept:
            names = spec.model._default_manager.in_bulk(
                [row.existing["pk"] for row in kept]
            )
            for row in kept:
                report.kept_rows.append(
                    f"{label} {names[row.existing['pk']]} "
                    "(edited since import; left as it is)"
                )
        return creates, updates, hash_only

    def _deleted(self, label: str, row: _Row) -> bool:
        """Whether an editor deleted the row this record describes: by its
        natural key, or, for a review, by the document it was made from (a
        renamed file gives the review a new slug; it stays deleted)."""
        keys = [compact_key(label, row.key)]
        if label == "reviews.review" and row.record["fields"].get("source_document"):
            keys.append(review_document_key(row.record["fields"]["source_document"][0]))
        return any((label, key.hex()) in self.tombstones for key in keys)

    def _convert(self, spec: _Spec, row: _Row) -> None:
        """Record values to Python values, validated as a model form would
        (``Field.clean``: type, choices, length, validators). Small values of
        choice, number and flag fields repeat across records: cleaned once."""
        meta = spec.model._meta
        for name, value in row.record["fields"].items():
            if name in spec.fks or name in spec.m2m:
                continue
            f = meta.get_field(name)
            cacheable = f.choices or value is None or isinstance(value, (bool, int))
            if cacheable and (f, value) in self._cleaned:
                row.values[f.attname] = self._cleaned[f, value]
                continue
            try:
                cleaned = f.clean(value, None)
            except ValidationError as exc:
                raise LoadError(
                    f"{spec.label} {row.key}: invalid {name} ({'; '.join(exc.messages)})"
                ) from exc
            if cacheable:
                self._cleaned[f, value] = cleaned
            row.values[f.attname] = cleaned

    def _current(self, spec: _Spec, row: _Row, wanted: dict) -> dict:
        """The row's values as a record would state them: foreign keys as
        natural keys (the record's own when the ids agree)."""
        current = {}
        for name, value in wanted.items():
            if name in spec.fks:
                fk = spec.fks[name]
                pk = row.existing[fk.attname]
                if pk == row.values[fk.attname]:
                    current[name] = value
                else:
                    target = self.maps[fk.related_model._meta.label_lower]
                    current[name] = None if pk is None else [target.actual.get(pk)]
            elif name in spec.m2m:
                ids = row.existing[f"m2m:{name}"]
                if ids == row.m2m[name]:
                    current[name] = value
                else:
                    target = self._map(spec.m2m[name].related_model._meta.label_lower)
                    target.fetch_ids(ids)
                    current[name] = sorted([target.actual.get(i)] for i in ids)
            else:
                current[name] = row.existing[spec.model._meta.get_field(name).attname]
        return current

    def _write(self, spec: _Spec, creates, updates, hash_only) -> None:
        """Plain INSERT and UPDATE statements run with ``executemany``: the
        ORM's bulk methods compile every value of every row, which is most of
        a large load's time. Ids of new rows are read back by natural key."""
        try:
            if creates:
                self._insert(spec, creates)
            if updates:
                names = [n for n in updates[0].record["fields"] if n not in spec.m2m]
                now = timezone.now()
                if spec.has_updated_at:
                    names.append("updated_at")
                    for row in updates:
                        row.values["updated_at"] = now
                self._update(spec.model, updates, names)
            if hash_only:
                for row in hash_only:
                    row.values["import_hash"] = row.record["fields"]["import_hash"]
                self._update(spec.model, hash_only, ["import_hash"])
            for m2m in spec.m2m.values():
                self._write_m2m(m2m, creates + updates)
            if self.history:
                self.history.record(spec.model, [r.values["pk"] for r in creates], "+")
                self.history.record(spec.model, [r.values["pk"] for r in updates], "~")
        except DatabaseError as exc:
            raise LoadError(
                f"{spec.label}: refused by the database ({exc}); nothing was written"
            ) from exc

    def _insert(self, spec: _Spec, rows: list[_Row]) -> None:
        model = spec.model
        fields = [f for f in model._meta.concrete_fields if not f.primary_key]
        defaults = {f.attname: f.get_default() for f in fields}
        self._execute(
            model,
            "INSERT INTO {table} ({columns}) VALUES ({values})",
            fields,
            [{**defaults, **row.values} for row in rows],
        )
        if spec.single_key:
            keys = self._map(spec.label)
            keys.fetch_keys(row.record["fields"][spec.single_key] for row in rows)
            for row in rows:
                row.values["pk"] = keys.ids[row.record["fields"][spec.single_key]]
        elif self.history and has_history(model):
            self._read_back_ids(spec, rows)
        else:
            for row in rows:
                row.values["pk"] = None  # never referred to: not read back

    def _read_back_ids(self, spec: _Spec, rows: list[_Row]) -> None:
        """Ids of new rows with a composite key (their history needs them): one
        query per batch, by the indexed parent key, matched on the whole
        natural key. The key is unique, so a row an editor adds meanwhile
        (to the same film) never takes a new row's id."""
        parent = spec.fks[spec.parent_fk].attname
        attnames = [spec.fks[k].attname if k in spec.fks else k for k in spec.keys]
        by_key = {tuple(row.values.get(a) for a in attnames): row for row in rows}
        manager = spec.model._default_manager
        for chunk in chunks({row.values[parent] for row in rows}, BATCH_SIZE):
            found = manager.filter(**{f"{parent}__in": chunk}).values_list(
                "pk", *attnames
            )
            for pk, *key in found:
                if tuple(key) in by_key:
                    by_key[tuple(key)].values["pk"] = pk

    def _update(self, model, rows: list[_Row], names: list[str]) -> None:
        fields = [model._meta.get_field(name) for name in names]
        pk = model._meta.pk
        self._execute(
            model,
            "UPDATE {table} SET {assignments} WHERE {pk} = %s",
            [*fields, pk],
            [{**row.values, pk.attname: row.values["pk"]} for row in rows],
        )

    @staticmethod
    def _execute(model, template: str, fields, rows: list[dict]) -> None:
        quote = connection.ops.quote_name
        sql = template.format(
            table=quote(model._meta.db_table),
            columns=", ".join(quote(f.column) for f in fields),
            values=", ".join(["%s"] * len(fields)),
            assignments=", ".join(f"{quote(f.column)} = %s" for f in fields[:-1]),
            pk=quote(model._meta.pk.column) if template.startswith("UPDATE") else "",
        )
        # Only these types need the backend's conversion; the rest go as they are.
        prepared = [(f.attname, isinstance(f, _PREPARED_TYPES)) for f in fields]
        params = [
            [
                f.get_db_prep_save(row[attname], connection) if prep else row[attname]
                for f, (attname, prep) in zip(fields, prepared, strict=True)
            ]
            for row in rows
        ]
        if params:  # executemany binds each row alone: no variable limit
            with connection.cursor() as cursor:
                cursor.executemany(sql, params)

    def _write_m2m(self, m2m, rows: list[_Row]) -> None:
        through = m2m.remote_field.through
        source = through._meta.get_field(m2m.m2m_field_name())
        target = through._meta.get_field(m2m.m2m_reverse_field_name())
        rows = [row for row in rows if m2m.name in row.m2m]  # records naming it
        owners = [row.values["pk"] for row in rows if row.decision == "updated"]
        for chunk in chunks(owners, BATCH_SIZE):
            through._default_manager.filter(**{f"{source.attname}__in": chunk}).delete()
        self._execute(
            through,
            "INSERT INTO {table} ({columns}) VALUES ({values})",
            [source, target],
            [
                {source.attname: row.values["pk"], target.attname: target_id}
                for row in rows
                for target_id in sorted(row.m2m[m2m.name])
            ],
        )


_PREPARED_TYPES = (
    models.JSONField,
    models.DecimalField,
    models.DateField,  # and DateTimeField, its subclass
    models.TimeField,
    models.UUIDField,
)


def load_records(
    records: Iterable[dict],
    *,
    dry_run: bool = False,
    changed_by=None,
    change_reason: str = "",
) -> LoadReport:
    """Apply records to the database: all of them in one short transaction, or
    (``dry_run``) none, reporting what would change. The rows' history names
    ``changed_by`` (default: the importer's user) and ``change_reason``.

    Imports are serialised: a second one fails at once with "another import is
    running" instead of waiting on the database's lock.
    """
    report = LoadReport()
    history = (
        None
        if dry_run
        else ImportHistory(changed_by=changed_by, change_reason=change_reason)
    )
    with nullcontext() if dry_run else import_lock():
        with nullcontext() if dry_run else transaction.atomic():
            loader = Loader(report, execute=not dry_run, history=history)
            for record in records:
                loader.add(record)
            loader.finish()
            run = history.finish(report) if history else None
            report.run_id = run.pk if run else None
        if not dry_run and (
            any(report.created.values()) or any(report.updated.values())
        ):
            optimize_database()  # only when rows changed: make run loads every start
    return report


def optimize_database() -> None:
    """Refresh the planner's statistics after a bulk load: without them SQLite
    picks poor indexes on fresh tables (the status index for a film filter,
    scanning every review)."""
    vendor = connection.vendor
    with connection.cursor() as cursor:
        if vendor == "sqlite":
            # Sampled statistics (analysis_limit): fast at any size, and plain
            # ``PRAGMA optimize`` may skip tables this connection never queried.
            cursor.execute("PRAGMA analysis_limit=1000")
            cursor.execute("ANALYZE")
        elif vendor == "postgresql":
            for label in MODEL_ORDER:
                cursor.execute(f'ANALYZE "{apps.get_model(label)._meta.db_table}"')
