"""A re-readable, disk-backed sequence of per-document facts.

Large imports keep every document's facts on disk between passes, so memory
holds one document's facts at a time rather than all of them.
"""

from __future__ import annotations

import pickle
import tempfile
from collections.abc import Iterator

from reviews.importer.facts import DocumentFacts


class FactsSpill:
    """Append facts once; iterate them, in order, as often as needed."""

    def __init__(self):
        # Closed by close() or the context manager; deleted by the OS on close.
        self._file = tempfile.TemporaryFile(prefix="import-facts-")  # noqa: SIM115
        self._count = 0

    def append(self, facts: DocumentFacts) -> None:
        self._file.seek(0, 2)
        pickle.dump(facts, self._file, protocol=pickle.HIGHEST_PROTOCOL)
        self._count += 1

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[DocumentFacts]:
        self._file.flush()
        position = 0
        for _ in range(self._count):
            self._file.seek(position)
            facts = pickle.load(self._file)
            position = self._file.tell()
            yield facts

    def close(self) -> None:
        self._file.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False
