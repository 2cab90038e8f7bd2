"""One import writing to a database at a time.

Two loads at once would each wait on the other's write lock until the
database's busy timeout and then fail with a traceback. Instead the second one
is refused at once with a message that says why. PostgreSQL has advisory
locks shared by every host using the database; SQLite, which lives on one
machine, gets an exclusive lock on a file beside the database file.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import tempfile
import threading
from contextlib import contextmanager
from pathlib import Path

from django.db import connection

from reviews.importer.documents import ImporterError

_LOCK_NAME = "escape-site import"


class ImportRunning(ImporterError):
    """Another import is writing to the same database."""

    def __init__(self, detail: str = ""):
        self.detail = detail
        super().__init__(
            "another import is running on this database"
            + (f" ({detail})" if detail else "")
            + "; nothing was written. Try again when it has finished."
        )

    def __reduce__(self):
        return (type(self), (self.detail,))


# Re-entry depth per thread: an import's load takes the lock it already holds.
# Per thread, because another thread of the same process is another importer.
_state = threading.local()


@contextmanager
def import_lock():
    """Hold the database's import lock, or raise `ImportRunning` at once."""
    if getattr(_state, "depth", 0):
        _state.depth += 1
        try:
            yield
        finally:
            _state.depth -= 1
        return
    lock = (
        _advisory_lock()
        if connection.vendor == "postgresql"
        else _file_lock(_lock_path())
    )
    with lock:
        _state.depth = 1
        try:
            yield
        finally:
            _state.depth = 0


def _lock_key() -> int:
    digest = hashlib.blake2b(_LOCK_NAME.encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


@contextmanager
def _advisory_lock():
    key = _lock_key()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [key])
        (acquired,) = cursor.fetchone()
    if not acquired:
        raise ImportRunning()
    try:
        yield
    finally:
        if connection.connection is not None:  # a dropped connection frees it
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [key])


def _lock_path() -> Path:
    name = str(connection.settings_dict["NAME"])
    if connection.vendor == "sqlite" and not connection.is_in_memory_db():
        return Path(f"{name}.import-lock")
    # An in-memory database belongs to one process (the tests'): lock per process.
    tag = hashlib.blake2b(f"{connection.vendor}:{name}".encode(), digest_size=8)
    return (
        Path(tempfile.gettempdir())
        / f"escape-import-{os.getpid()}-{tag.hexdigest()}.lock"
    )


@contextmanager
def _file_lock(path: Path):
    with open(path, "a+", encoding="utf-8") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip()
            raise ImportRunning(holder) from None
        try:
            handle.seek(0)
            handle.truncate()
            handle.write(f"process {os.getpid()}")
            handle.flush()
            yield
        finally:
            handle.seek(0)
            handle.truncate()
            fcntl.flock(handle, fcntl.LOCK_UN)
