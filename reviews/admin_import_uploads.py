"""Documents uploaded for an import, kept server-side between the preview and
the apply: read under size and count limits, stored under a random token
bound to the editor's session and user, checked (sha256) before apply, and
deleted on apply, cancel or expiry (``REVIEW_IMPORT_UPLOAD_TTL``).
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.template.defaultfilters import filesizeformat

from reviews.importer.documents import MAX_DOCUMENT_BYTES, TEXT_SUFFIXES
from reviews.importer.preview import Rejected

SESSION_KEY = "review_import_uploads"
TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{43}")  # secrets.token_urlsafe(32)
PENDING_PER_SESSION = 5  # older pending uploads of a session are dropped


@dataclass(frozen=True)
class Limits:
    files: int
    file_bytes: int
    total_bytes: int
    ttl: int  # seconds a stored upload waits for apply or cancel

    @property
    def ttl_minutes(self) -> int:
        return max(self.ttl // 60, 1)

    @classmethod
    def from_settings(cls) -> Limits:
        return cls(
            files=getattr(settings, "REVIEW_IMPORT_MAX_FILES", 20),
            file_bytes=getattr(
                settings, "REVIEW_IMPORT_MAX_FILE_BYTES", MAX_DOCUMENT_BYTES
            ),
            total_bytes=getattr(settings, "REVIEW_IMPORT_MAX_TOTAL_BYTES", 10 << 20),
            ttl=getattr(settings, "REVIEW_IMPORT_UPLOAD_TTL", 3600),
        )


class UploadRefused(Exception):
    """A stored upload that is unknown, expired or changed since the upload."""


# --- Reading the upload under its limits ------------------------------------


class LimitedUploadHandler(FileUploadHandler):
    """Stops reading an upload as soon as it breaks a limit, so an oversized
    request never reaches memory or disk; ``error`` says which limit. The rest
    of the body is drained (not stored) so the browser gets the answer."""

    def __init__(self, limits: Limits, request=None):
        super().__init__(request)
        self.limits, self.error = limits, ""
        self.count = self.total = self.size = 0

    def new_file(self, field_name, file_name, *args, **kwargs):
        super().new_file(field_name, file_name, *args, **kwargs)
        self.count, self.size = self.count + 1, 0
        if self.count > self.limits.files:
            self._stop(
                f"too many files: send at most {self.limits.files} in one upload"
            )

    def receive_data_chunk(self, raw_data, start):
        self.size += len(raw_data)
        self.total += len(raw_data)
        if self.size > self.limits.file_bytes:
            self._stop(
                f"{self.file_name}: file is over the "
                f"{filesizeformat(self.limits.file_bytes)} limit per file"
            )
        if self.total > self.limits.total_bytes:
            self._stop(
                "the files add up to more than the "
                f"{filesizeformat(self.limits.total_bytes)} limit per upload"
            )
        return raw_data

    def file_complete(self, file_size):
        return None  # the next handlers keep the file

    def _stop(self, error: str):
        self.error = error
        raise StopUpload(connection_reset=False)


def refusal(name: str, seen: set[str]) -> str:
    """Why an uploaded file is not stored ("" when it is)."""
    if Path(name).suffix.lower() not in TEXT_SUFFIXES:
        suffixes = ", ".join(sorted(TEXT_SUFFIXES))
        return f"not a text document (expected {suffixes})"
    if name.startswith(".") or re.search(r"[\x00-\x1f\x7f/\\]", name):
        return "file name is not usable (hidden, or holds control characters)"
    if name in seen:
        return "another file in this upload has the same name"
    return ""


# --- Stored uploads -----------------------------------------------------------


def upload_root() -> Path:
    root = getattr(settings, "REVIEW_IMPORT_UPLOAD_DIR", None) or (
        Path(tempfile.gettempdir()) / "escape-site-imports"
    )
    root = Path(root)
    root.mkdir(mode=0o700, parents=True, exist_ok=True)
    return root


def store_upload(request, files, *, film: str, refused: list[Rejected]) -> str:
    """Keep ``files`` for the apply step; return the token naming them."""
    token = secrets.token_urlsafe(32)
    folder = upload_root() / token
    folder.mkdir(mode=0o700)
    manifest = {}
    try:
        for upload in files:
            digest = hashlib.sha256()
            fd = os.open(
                folder / upload.name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600
            )
            with os.fdopen(fd, "wb") as out:
                for chunk in upload.chunks():
                    digest.update(chunk)
                    out.write(chunk)
            manifest[upload.name] = digest.hexdigest()
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    uploads = request.session.get(SESSION_KEY, {})
    uploads[token] = {
        "user": request.user.pk,
        "created": time.time(),
        "film": film,
        "files": manifest,
        "refused": [[r.name, r.reason] for r in refused],
    }
    for old in sorted(uploads, key=lambda t: uploads[t]["created"])[
        :-PENDING_PER_SESSION
    ]:
        discard_upload(request, old, uploads)
    request.session[SESSION_KEY] = uploads
    return token


def stored_upload(request, token: str, limits: Limits) -> tuple[list[Path], dict]:
    """The stored files of ``token`` and their manifest, checked: the token is
    this session's and user's, not expired, and every file is as uploaded."""
    uploads = request.session.get(SESSION_KEY, {})
    entry = uploads.get(token) if TOKEN_RE.fullmatch(token or "") else None
    if entry is None or entry["user"] != request.user.pk:
        raise UploadRefused(
            "This upload is unknown: it was applied, cancelled or expired, or "
            "belongs to another session. Upload the documents again."
        )
    folder = upload_root() / token
    if time.time() - entry["created"] > limits.ttl or not folder.is_dir():
        discard_upload(request, token)
        raise UploadRefused(
            "This upload has expired (uploads wait "
            f"{limits.ttl_minutes} minutes). Upload the documents again."
        )
    on_disk = {p.name for p in folder.iterdir()}
    for name, sha256 in entry["files"].items():
        path = folder / name
        if name not in on_disk or _sha256(path) != sha256:
            discard_upload(request, token)
            raise UploadRefused(
                f"The stored copy of {name} changed since it was uploaded; "
                "nothing was imported. Upload the documents again."
            )
    if on_disk - set(entry["files"]):
        discard_upload(request, token)
        raise UploadRefused(
            "The stored upload holds files that were not uploaded; nothing was "
            "imported. Upload the documents again."
        )
    return [folder / name for name in sorted(entry["files"])], entry


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def discard_upload(request, token: str, uploads: dict | None = None) -> None:
    """Delete a stored upload and forget it."""
    if uploads is None:
        uploads = request.session.get(SESSION_KEY, {})
    if uploads.pop(token, None) is not None:
        request.session.modified = True
    if TOKEN_RE.fullmatch(token or ""):
        shutil.rmtree(upload_root() / token, ignore_errors=True)


def sweep_expired(request, limits: Limits) -> None:
    """Delete stored uploads older than the TTL: everyone's folders, and this
    session's entries (uploads left waiting when an editor walked away)."""
    cutoff = time.time() - limits.ttl
    for folder in upload_root().iterdir():
        try:
            if folder.is_dir() and folder.stat().st_mtime < cutoff:
                shutil.rmtree(folder, ignore_errors=True)
        except FileNotFoundError:
            pass  # another request swept it first
    uploads = request.session.get(SESSION_KEY, {})
    for token in [t for t, e in uploads.items() if e["created"] < cutoff]:
        discard_upload(request, token, uploads)
