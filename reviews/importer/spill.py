"""A re-readable, disk-backed sequence of per-document facts.

Large imports keep every document's facts on disk between passes, so memory
holds one document's facts at a time rather than all of them.
"""

from __future__ import annotations

import pickle
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from reviews.importer.facts import DocumentFacts, FilmRef


@dataclass(frozen=True, slots=True)
class DocumentSummary:
    """What every pass may ask of a document without loading its facts."""

    name: str
    path: str
    sha256: str
    kind: str
    film: FilmRef | None
    title_mentions: list[str]
    has_review: bool


class FactsSpill:
    """Append facts once; iterate them, in order, as often as needed."""

    def __init__(self):
        # Closed by close() or the context manager; deleted by the OS on close.
        self._file = tempfile.TemporaryFile(prefix="import-facts-")  # noqa: SIM115
        self._offsets: list[int] = []
        self.summaries: list[DocumentSummary] = []

    @classmethod
    def of(cls, facts: Iterable[DocumentFacts]) -> FactsSpill:
        if isinstance(facts, FactsSpill):
            return facts
        spill = cls()
        for doc in facts:
            spill.append(doc)
        return spill

    def append(self, facts: DocumentFacts) -> None:
        self._file.seek(0, 2)
        self._offsets.append(self._file.tell())
        pickle.dump(facts, self._file, protocol=pickle.HIGHEST_PROTOCOL)
        self.summaries.append(
            DocumentSummary(
                facts.name, facts.path, facts.sha256, facts.kind, facts.film,
                facts.title_mentions[:1], facts.review is not None,
            )
        )  # fmt: skip

    def __len__(self) -> int:
        return len(self._offsets)

    def __iter__(self) -> Iterator[DocumentFacts]:
        return self.where(lambda summary: True)

    def where(
        self, wanted: Callable[[DocumentSummary], bool]
    ) -> Iterator[DocumentFacts]:
        """Facts of the documents whose summary is wanted, in input order;
        the others are not even read."""
        self._file.flush()
        for offset, summary in zip(self._offsets, self.summaries, strict=True):
            if wanted(summary):
                self._file.seek(offset)
                yield pickle.load(self._file)

    def close(self) -> None:
        self._file.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False
