"""Finding, reading and validating source documents.

Every way a file can be unusable is reported as a `DocumentError` naming the
file and the reason, before anything is extracted or written.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from films.models import SourceDocument

MAX_DOCUMENT_BYTES = 2 * 1024 * 1024  # a long essay is ~50 KB; 2 MB is not prose
TEXT_SUFFIXES = {".txt", ".text", ".md"}

# Keys of the optional header block, lower-cased; values override inference.
HEADER_KEYS = {"title", "film", "year", "author", "outlet", "published", "url", "kind"}
_HEADER_LINE_RE = re.compile(r"^([A-Za-z][A-Za-z ]{0,20}):[ \t]*(.*?)\s*$")


class ImporterError(Exception):
    """Base class for every error the importer raises on purpose.

    Errors cross process boundaries (extraction workers send them back), so
    every subclass must survive pickling: one whose ``__init__`` takes other
    arguments than ``args`` defines ``__reduce__``, as `DocumentError` does.
    """


class DocumentError(ImporterError):
    """A document that cannot be imported, with the file and the reason."""

    def __init__(self, path: Path | str, reason: str):
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")

    def __reduce__(self):
        # ``args`` holds the message alone, not what ``__init__`` takes: without
        # this, unpickling raises TypeError and a worker pool waits forever.
        return (type(self), (self.path, self.reason), self.__dict__)


@dataclass(frozen=True, slots=True)
class DocumentRef:
    """Where a document is, before it is read."""

    path: Path
    name: str  # path relative to the folder it was found in (stable in fixtures)


@dataclass(slots=True)
class Document:
    """A readable, validated document: its text without the header block."""

    path: Path
    name: str
    sha256: str
    text: str
    headers: dict[str, str] = field(default_factory=dict)


def discover(paths: Iterable[Path | str]) -> list[DocumentRef]:
    """Expand files and folders into a sorted list of documents to read.

    A folder contributes its text files, sorted. A missing path stays in the
    list so that reading it rejects it like any other unusable document
    (named, with the reason) instead of stopping the whole import.
    """
    refs: list[DocumentRef] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files = sorted(
                p
                for p in path.rglob("*")
                if p.is_file()
                and p.suffix.lower() in TEXT_SUFFIXES
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
            refs.extend(DocumentRef(p, p.relative_to(path).as_posix()) for p in files)
        else:
            refs.append(DocumentRef(path, path.name))
    return refs


def read_document(ref: DocumentRef) -> Document:
    """Read one document, or raise `DocumentError` saying why it is unusable."""
    try:
        size = ref.path.stat().st_size
        if size > MAX_DOCUMENT_BYTES:
            raise DocumentError(
                ref.path,
                f"file is {size:,} bytes, over the {MAX_DOCUMENT_BYTES:,}-byte limit",
            )
        data = ref.path.read_bytes()
    except FileNotFoundError as exc:
        raise DocumentError(ref.path, "no such file or folder") from exc
    except OSError as exc:
        raise DocumentError(ref.path, f"cannot be read ({exc.strerror})") from exc
    if not data.strip():
        raise DocumentError(ref.path, "file is empty")
    if b"\x00" in data:
        raise DocumentError(ref.path, "binary file (contains NUL bytes), not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DocumentError(
            ref.path, f"not valid UTF-8 (bad byte at offset {exc.start})"
        ) from exc
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _control_ratio(text) > 0.01:
        raise DocumentError(ref.path, "binary file (control characters), not text")
    headers, body = parse_header_block(text)
    if headers and not body.strip():
        raise DocumentError(ref.path, "no text after the header block")
    if not re.search(r"[A-Za-zÀ-ÿ]{2,}", body):
        raise DocumentError(ref.path, "no prose to import (no words)")
    return Document(
        path=ref.path,
        name=ref.name,
        # The digest of the text as stored, as the admin computes it too.
        sha256=SourceDocument.digest(body),
        text=body,
        headers=headers,
    )


_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")


def _control_ratio(text: str) -> float:
    return len(_CONTROL_RE.findall(text)) / max(len(text), 1)


def parse_header_block(text: str) -> tuple[dict[str, str], str]:
    """Split an optional leading header block from the body.

    The header is the leading run of ``Key: value`` lines whose key is a known
    one (`HEADER_KEYS`); the body starts at the first other line, after one
    blank line if there is one. Prose that opens with another key ("Note: ...",
    "Director: Jane Doe") has no header block and stays prose.
    """
    lines = text.lstrip("\n").split("\n")
    headers: dict[str, str] = {}
    body_at = 0
    for line in lines:
        match = _HEADER_LINE_RE.match(line)
        if not match or match.group(1).strip().lower() not in HEADER_KEYS:
            break
        headers[match.group(1).strip().lower()] = match.group(2)
        body_at += 1
    if not headers:
        return {}, text
    if body_at < len(lines) and not lines[body_at]:
        body_at += 1  # the blank line that ends the block belongs to neither
    return headers, "\n".join(lines[body_at:])
