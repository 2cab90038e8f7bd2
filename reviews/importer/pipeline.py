"""The importer end to end: read → extract → resolve → write (and load).

`import_documents` is what the management command, tests and the benchmark
call. Nothing is written unless everything succeeds: the fixture goes to a
temporary file renamed into place at the end, database writes share one
transaction that is rolled back on any error.
"""

from __future__ import annotations

import json
import multiprocessing as mp
import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from reviews.importer.documents import (
    DocumentError,
    DocumentRef,
    ImporterError,
    discover,
    read_document,
)
from reviews.importer.extract import extract_document
from reviews.importer.facts import DocumentFacts, FilmRef
from reviews.importer.fixture import (
    FixtureWriter,
    Record,
    compact_key,
    iter_records,
    read_fixture_hashes,
)
from reviews.importer.load import LoadReport, apply_record
from reviews.importer.resolve import Catalogue, resolve
from reviews.importer.spill import FactsSpill
from reviews.importer.titles import parse_film_option

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


class NothingToImport(ImporterError):
    """Every document was rejected (or there were none)."""


@dataclass
class ImportReport:
    """What an import read, produced and changed."""

    documents: Counter = field(default_factory=Counter)  # by kind
    rejected: list[DocumentError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    records: Counter = field(default_factory=Counter)  # by model
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)
    load: LoadReport | None = None
    output: Path | None = None
    fixture_changed: bool = False


def _read_facts(ref: DocumentRef) -> DocumentFacts | DocumentError:
    try:
        return extract_document(read_document(ref))
    except DocumentError as error:
        return error


def extract_all(
    refs: list[DocumentRef], progress: Callable[[Iterable, int], Iterable] | None = None
) -> tuple[FactsSpill, list[DocumentError]]:
    """Pass one: each document read and extracted on its own; its facts go to
    disk and its text is dropped."""
    facts = FactsSpill()
    rejected: list[DocumentError] = []
    seen: dict[str, str] = {}
    with _worker_pool(len(refs)) as pool:
        results: Iterable = (
            pool.imap(_read_facts, refs, chunksize=32)
            if pool
            else map(_read_facts, refs)
        )
        if progress:
            results = progress(results, len(refs))
        _collect(refs, results, facts, rejected, seen)
    return facts, rejected


def _collect(refs, results, facts, rejected, seen) -> None:
    for ref, result in zip(refs, results, strict=True):
        if isinstance(result, DocumentError):
            rejected.append(result)
        elif result.sha256 in seen:
            rejected.append(
                DocumentError(
                    ref.path, f"duplicate of {seen[result.sha256]} (same sha256)"
                )
            )
        else:
            seen[result.sha256] = result.name
            facts.append(result)


PARALLEL_THRESHOLD = 200  # documents; below this, starting workers costs more


@contextmanager
def _worker_pool(documents: int):
    """Extraction is per-document and CPU-bound: use every core on big imports.

    ``imap`` keeps input order, so the result does not depend on scheduling.
    Workers are forked after Django is set up, so they need no set-up of their own.
    """
    processes = min(os.cpu_count() or 1, 8)
    if (
        documents < PARALLEL_THRESHOLD
        or processes < 2
        or "fork" not in mp.get_all_start_methods()
    ):
        yield None
        return
    with mp.get_context("fork").Pool(processes) as pool:
        yield pool


def _text_reader():
    """Re-reads a document's text, remembering only the last one (the writer
    asks for a document's text twice in a row)."""
    last: dict[str, str] = {}

    def read_text(doc) -> str:
        if doc.sha256 not in last:
            last.clear()
            document = read_document(DocumentRef(Path(doc.path), doc.name))
            if document.sha256 != doc.sha256:
                raise DocumentError(document.path, "changed on disk during the import")
            last[doc.sha256] = document.text
        return last[doc.sha256]

    return read_text


def build_catalogue(
    paths: Iterable[Path | str],
    *,
    film: str | FilmRef | None = None,
    progress: Callable[[Iterable, int], Iterable] | None = None,
) -> tuple[Catalogue, Callable, ImportReport]:
    """Read and resolve every document; raise if none can be imported."""
    refs = discover(paths)
    report = ImportReport()
    if not refs:
        raise NothingToImport(
            "no documents found (looked for .txt, .text and .md files)"
        )
    facts, rejected = extract_all(refs, progress)
    film_hint = parse_film_option(film) if isinstance(film, str) else film
    read_text = _text_reader()
    catalogue = resolve(facts, film_hint=film_hint, read_text=read_text)
    report.rejected = rejected + catalogue.rejected
    report.warnings = catalogue.warnings
    report.documents = catalogue.kinds
    if not catalogue.film_of:
        reasons = "; ".join(str(e) for e in report.rejected) or "no documents"
        raise NothingToImport(f"nothing could be imported: {reasons}")
    return catalogue, read_text, report


def import_documents(
    paths: Iterable[Path | str],
    *,
    output: Path | None,
    film: str | FilmRef | None = None,
    load: bool = False,
    dry_run: bool = False,
    strict: bool = False,
    check: bool = False,
    progress: Callable[[Iterable, int], Iterable] | None = None,
) -> ImportReport:
    """Import documents into a fixture file and/or the database.

    ``output``: fixture path (None: no fixture). ``load``: also write to the
    database. ``dry_run``: write nothing; report what would change (against
    the database when ``load``, else against the existing fixture).
    ``strict``: any rejected document fails the import before anything is
    written. ``check``: write nothing; ``report.fixture_changed`` says whether
    ``output`` differs, byte for byte, from what the documents give.
    """
    catalogue, read_text, report = build_catalogue(paths, film=film, progress=progress)
    with catalogue.source:  # the facts' temporary file goes when we are done
        if strict and report.rejected:
            reasons = "; ".join(str(e) for e in report.rejected)
            raise ImporterError(
                f"{len(report.rejected)} document(s) rejected, nothing written: {reasons}"
            )
        report.output = output
        return _write(
            catalogue, read_text, report, output,
            load=load and not check, dry_run=dry_run, check=check,
        )  # fmt: skip


def _write(catalogue, read_text, report, output, *, load, dry_run, check):
    """Write the fixture and/or the database: all of it, or nothing.

    ``check`` writes the fixture to its temporary file only, to compare bytes
    with ``output`` (import hashes alone would miss a hand-edited value, whose
    record keeps the old hash, and any change of layout or order).
    """
    previous = read_fixture_hashes(output) if output else {}
    writer = FixtureWriter(output) if output and (check or not dry_run) else None
    load_report = LoadReport() if load else None
    try:
        with transaction.atomic() if load else nullcontext():
            for record in iter_records(catalogue, read_text):
                _count_against_fixture(record, previous, report)
                if writer:
                    writer.write(record)
                if load_report is not None:
                    apply_record(record.as_json_object(), load_report)
            if load and dry_run:
                transaction.set_rollback(True)
        if check:
            writer.finish()
            report.fixture_changed = (
                not output.exists() or writer.tmp.read_bytes() != output.read_bytes()
            )
            writer.abort()
        elif writer:
            writer.commit()
    except BaseException:
        if writer:
            writer.abort()
        raise
    report.load = load_report
    if not check:
        report.fixture_changed = bool(report.created or report.updated) or len(
            previous
        ) != sum(report.records.values())
    return report


def _count_against_fixture(
    record: Record, previous: dict, report: ImportReport
) -> None:
    report.records[record.model] += 1
    old = previous.get(compact_key(record.model, record.natural_key()))
    if old is None:
        report.created[record.model] += 1
    elif old != bytes.fromhex(record.fields["import_hash"]):
        report.updated[record.model] += 1
    else:
        report.unchanged[record.model] += 1


def iter_fixture_records(path: Path) -> Iterator[dict]:
    """Records of a fixture file, for loading it with editors' edits kept."""
    try:
        objects = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise DocumentError(path, "no such fixture") from exc
    except ValueError as exc:
        raise DocumentError(path, f"not a JSON fixture ({exc})") from exc
    if not isinstance(objects, list):
        raise DocumentError(path, "not a JSON fixture (expected a list of objects)")
    yield from objects
