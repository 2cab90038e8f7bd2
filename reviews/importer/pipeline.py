"""The importer end to end: read → extract → resolve → write (and load).

`import_documents` is what the management command, tests and the benchmark
call. Nothing is written unless everything succeeds: the fixture goes to a
temporary file renamed into place at the end, database writes share one
transaction that is rolled back on any error.
"""

from __future__ import annotations

import json
import logging
import multiprocessing as mp
import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path

from reviews.importer.documents import (
    DocumentError,
    DocumentRef,
    ImporterError,
    discover,
    read_document,
)
from reviews.importer.extract import extract_document, preload
from reviews.importer.facts import DocumentFacts, FilmRef
from reviews.importer.fixture import (
    FixtureWriter,
    Record,
    RecordSpill,
    compact_key,
    iter_records,
    read_fixture_hashes,
    without_review_status,
)
from reviews.importer.load import MODEL_ORDER, LoadReport, load_records
from reviews.importer.lock import import_lock
from reviews.importer.resolve import Catalogue, resolve
from reviews.importer.spill import FactsSpill
from reviews.importer.titles import parse_film_option

__all__ = ["MODEL_ORDER", "ImportReport", "import_documents", "iter_fixture_records"]

logger = logging.getLogger(__name__)


class NothingToImport(ImporterError):
    """Every document was rejected (or there were none); ``rejected`` says
    why, document by document."""

    def __init__(self, message: str, rejected: Iterable[DocumentError] = ()):
        super().__init__(message)
        self.rejected = list(rejected)


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
    """One document's facts, or why it was rejected. Runs in a worker, so the
    answer is always a value that survives pickling, never a raised error."""
    try:
        return extract_document(read_document(ref))
    except DocumentError as error:
        return error
    except Exception as exc:
        # A bug on one document must not sink the other thousands: reject it
        # with the reason, and keep the traceback in the log for a fix.
        logger.exception("extracting %s failed", ref.path)
        return DocumentError(
            ref.path, f"internal error while extracting ({type(exc).__name__}: {exc})"
        )


def extract_all(
    refs: list[DocumentRef], progress: Callable[[Iterable, int], Iterable] | None = None
) -> tuple[FactsSpill, list[DocumentError]]:
    """Pass one: each document read and extracted on its own; its facts go to
    disk and its text is dropped."""
    facts = FactsSpill()
    rejected: list[DocumentError] = []
    seen: dict[str, str] = {}
    try:
        with _worker_pool(len(refs)) as pool:
            results: Iterable = (
                pool.map(_read_facts, refs, chunksize=32)
                if pool
                else map(_read_facts, refs)
            )
            if progress:
                results = progress(results, len(refs))
            _collect(refs, results, facts, rejected, seen)
    except BrokenProcessPool as exc:
        facts.close()
        raise ImporterError(
            f"an extraction worker stopped unexpectedly ({exc}); nothing was written"
        ) from exc
    except BaseException:
        facts.close()
        raise
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

    ``map`` keeps input order, so the result does not depend on scheduling.
    Workers are forked after Django is set up, so they need no set-up of their
    own. A `ProcessPoolExecutor`, unlike `multiprocessing.Pool`, notices a worker
    that dies (killed, out of memory) and fails with `BrokenProcessPool` instead
    of waiting for it forever; on any error the queued work is cancelled.
    """
    processes = min(os.cpu_count() or 1, 8)
    if (
        documents < PARALLEL_THRESHOLD
        or processes < 2
        or "fork" not in mp.get_all_start_methods()
    ):
        yield None
        return
    # Load the gazetteer (building its cache file once, not in each worker)
    # and VADER's lexicon before forking: the workers inherit them.
    preload()
    pool = ProcessPoolExecutor(processes, mp_context=mp.get_context("fork"))
    try:
        yield pool
    except BaseException:
        # Stop the workers now (Ctrl-C, SIGTERM, a failure): waiting for their
        # queued chunks could take minutes. Python 3.11 has no public call for
        # it (3.14 adds terminate_workers).
        for process in list(getattr(pool, "_processes", {}).values()):
            process.terminate()
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    pool.shutdown()


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
        catalogue.source.close()
        reasons = "; ".join(str(e) for e in report.rejected) or "no documents"
        raise NothingToImport(f"nothing could be imported: {reasons}", report.rejected)
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
    as_drafts: bool = False,
    changed_by=None,
    change_reason: str = "",
    inspect: Callable[[Catalogue], None] | None = None,
) -> ImportReport:
    """Import documents into a fixture file and/or the database.

    ``output``: fixture path (None: no fixture). ``load``: also write to the
    database. ``dry_run``: write nothing; report what would change (against
    the database when ``load``, else against the existing fixture).
    ``strict``: any rejected document fails the import before anything is
    written. ``check``: write nothing; ``report.fixture_changed`` says whether
    ``output`` differs, byte for byte, from what the documents give.
    ``as_drafts``: reviews are created as drafts and existing ones keep their
    status (the admin's upload). ``changed_by`` / ``change_reason``: whom and
    why the rows' history names (default: the importer's own user).
    ``inspect``: called with the resolved catalogue before anything is written
    (the admin's preview lists what the documents hold).
    """
    writes_database = load and not dry_run and not check
    # Refuse at once, before any work, when another import holds the database.
    with import_lock() if writes_database else nullcontext():
        return _import(
            paths, output=output, film=film, load=load, dry_run=dry_run,
            strict=strict, check=check, progress=progress, inspect=inspect,
            history=dict(as_drafts=as_drafts, changed_by=changed_by,
                         change_reason=change_reason),
        )  # fmt: skip


def _import(
    paths, *, output, film, load, dry_run, strict, check, progress, inspect, history
):  # fmt: skip
    catalogue, read_text, report = build_catalogue(paths, film=film, progress=progress)
    with catalogue.source:  # the facts' temporary file goes when we are done
        if inspect:
            inspect(catalogue)
        if strict and report.rejected:
            reasons = "; ".join(str(e) for e in report.rejected)
            raise ImporterError(
                f"{len(report.rejected)} document(s) rejected, nothing written: {reasons}"
            )
        report.output = output
        return _write(
            catalogue, read_text, report, output,
            load=load and not check, dry_run=dry_run, check=check, **history,
        )  # fmt: skip


def _write(
    catalogue, read_text, report, output, *, load, dry_run, check,
    as_drafts=False, changed_by=None, change_reason="",
):  # fmt: skip
    """Write the fixture and/or the database: all of it, or nothing.

    Records are generated (texts re-read, mentions counted) before the database
    is touched: they wait in a temporary file, and the load replays them in one
    short transaction. ``check`` writes the fixture to its temporary file only,
    to compare bytes with ``output`` (import hashes alone would miss a
    hand-edited value, whose record keeps the old hash, and any change of
    layout or order).
    """
    previous = read_fixture_hashes(output) if output else {}
    writer = FixtureWriter(output) if output and (check or not dry_run) else None
    spill = RecordSpill() if load else None
    try:
        for record in iter_records(catalogue, read_text):
            if as_drafts:
                record = without_review_status(record)
            _count_against_fixture(record, previous, report)
            if writer:
                writer.write(record)
            if spill:
                spill.append(record)
        if spill:
            report.load = load_records(
                spill,
                dry_run=dry_run,
                changed_by=changed_by,
                change_reason=change_reason,
            )
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
    finally:
        if spill:
            spill.close()
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
    """Records of a fixture file, one at a time, for loading it with editors'
    edits kept. Objects are decoded as they are reached, so memory holds the
    file's text and one record, not every record of a large fixture; a
    malformed file fails the load (and rolls it back) where it breaks."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise DocumentError(path, "no such fixture") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise DocumentError(path, f"cannot be read ({exc})") from exc
    decoder, position = json.JSONDecoder(), _skip_space(text, 0)
    if not text.startswith("[", position):
        raise DocumentError(path, "not a JSON fixture (expected a list of objects)")
    position = _skip_space(text, position + 1)
    while not text.startswith("]", position):
        try:
            record, position = decoder.raw_decode(text, position)
        except ValueError as exc:
            raise DocumentError(path, f"not a JSON fixture ({exc})") from exc
        yield record
        position = _skip_space(text, position)
        if text.startswith(",", position):
            position = _skip_space(text, position + 1)
        elif not text.startswith("]", position):
            raise DocumentError(
                path, f"not a JSON fixture (expected ',' or ']' at char {position})"
            )
    if text[position + 1 :].strip():
        raise DocumentError(path, "not a JSON fixture (text after the list)")


def _skip_space(text: str, position: int) -> int:
    return json.decoder.WHITESPACE.match(text, position).end()
