"""Import documents from the admin: upload, preview (a dry run), then apply.

One address, three steps. A POST with files stores them server-side under a
random token bound to the editor's session and redirects to ``?token=...``,
which shows what the import would change (the same pipeline as
``import_seeds --load --dry-run``). Apply re-runs it on exactly those files
(their sha256 checked) and writes, new reviews as drafts; cancel deletes them.
Stored uploads also expire (``REVIEW_IMPORT_UPLOAD_TTL``).

Any user who may add reviews may preview; only those who may publish apply.
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

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import (
    PermissionDenied,
    RequestDataTooBig,
    TooManyFilesSent,
)
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.db import DatabaseError
from django.http import HttpResponseRedirect
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from reviews.importer.documents import (
    MAX_DOCUMENT_BYTES,
    TEXT_SUFFIXES,
    ImporterError,
)
from reviews.importer.lock import ImportRunning
from reviews.importer.preview import Rejected, apply_import, preview_import
from reviews.importer.titles import parse_film_option
from reviews.models import Review
from reviews.roles import PUBLISH_REVIEW

ADD_REVIEW = "reviews.add_review"
SESSION_KEY = "review_import_uploads"
TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{43}")  # secrets.token_urlsafe(32)
PENDING_PER_SESSION = 5  # older pending uploads of a session are dropped
CHANGE_REASON_LENGTH = 100  # simple_history's change_reason column


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


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        if not files:
            raise forms.ValidationError(self.error_messages["required"])
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


class ImportForm(forms.Form):
    # The film first: fields after the files are lost if an upload is stopped.
    film = forms.CharField(
        required=False,
        max_length=200,
        help_text=(
            'For documents that do not name their film: "Title (Year)", '
            'e.g. "Night Harbour (2019)".'
        ),
    )
    documents = MultipleFileField(
        allow_empty_file=True,  # the importer rejects it, with its reason
        error_messages={"required": "Choose one or more documents to upload."},
        widget=MultipleFileInput(
            attrs={"accept": ",".join(sorted(TEXT_SUFFIXES)), "multiple": True}
        ),
    )

    def clean_film(self):
        film = self.cleaned_data["film"].strip()
        if film:
            try:
                parse_film_option(film)
            except ImporterError as error:
                raise forms.ValidationError(
                    str(error).removeprefix("--film: ")
                ) from error
        return film


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


# --- The view -----------------------------------------------------------------


@csrf_exempt  # checked by `_steps`, once the upload limits are in place
def review_import_view(request):
    """Upload, preview, apply or cancel an import of documents."""
    if not request.user.has_perm(ADD_REVIEW):
        raise PermissionDenied
    limits = Limits.from_settings()
    if request.method == "POST":
        # Upload handlers can only change before the body is read, and the
        # CSRF check reads it: so the limits go first, then the check.
        handler = LimitedUploadHandler(limits, request)
        request.upload_handlers.insert(0, handler)
        try:
            request.POST  # noqa: B018 (reads the body, under the limits)
        except (TooManyFilesSent, RequestDataTooBig, MultiPartParserError) as exc:
            return _upload_page(request, ImportForm(), limits, error=_why(exc))
        if handler.error:
            # Nothing was kept; answering needs no CSRF check.
            return _upload_page(request, ImportForm(), limits, error=handler.error)
    return _steps(request, limits)


def _why(exc: Exception) -> str:
    if isinstance(exc, TooManyFilesSent):
        return "too many files in one upload"
    if isinstance(exc, RequestDataTooBig):
        return "the form's text fields are too large"
    return "the upload could not be read; try again"


@csrf_protect
def _steps(request, limits: Limits):
    sweep_expired(request, limits)
    if request.method == "POST":
        action = request.POST.get("action", "upload")
        if action == "apply":
            return _apply(request, limits)
        if action == "cancel":
            return _cancel(request)
        return _upload(request, limits)
    if "token" in request.GET:
        return _preview(request, request.GET["token"], limits)
    return _upload_page(request, ImportForm(), limits)


def _upload(request, limits: Limits):
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _upload_page(request, form, limits)
    kept, refused, seen = [], [], set()
    for upload in form.cleaned_data["documents"]:
        reason = refusal(upload.name, seen)
        seen.add(upload.name)
        if reason:
            refused.append(Rejected(upload.name, reason))
        else:
            kept.append(upload)
    if not kept:
        form.add_error(None, "Nothing to import; no file was kept:")
        for item in refused:
            form.add_error(None, f"{item.name}: {item.reason}")
        return _upload_page(request, form, limits)
    token = store_upload(request, kept, film=form.cleaned_data["film"], refused=refused)
    return HttpResponseRedirect(f"{_url()}?token={token}")


def _preview(request, token: str, limits: Limits):
    try:
        paths, entry = stored_upload(request, token, limits)
    except UploadRefused as exc:
        return _upload_page(request, ImportForm(), limits, error=str(exc))
    context = {"token": token, "film": entry["film"], "names": entry["files"]}
    try:
        preview = preview_import(paths, film=entry["film"] or None)
    except (ImporterError, DatabaseError) as error:
        context["error"] = _clean(error, paths)
    else:
        _add_refused(preview, entry)
        context["preview"] = preview
    context["can_apply"] = request.user.has_perm(PUBLISH_REVIEW)
    return _render(request, "admin/reviews/import_preview.html", context)


def _apply(request, limits: Limits):
    token = request.POST.get("token", "")
    if not request.user.has_perm(PUBLISH_REVIEW):
        return _render(
            request,
            "admin/reviews/import_applied.html",
            {
                "token": token,
                "error": "Only editors who may publish reviews can apply an "
                "import; nothing was imported. Ask an editor to upload these "
                "documents.",
            },
            status=403,
        )
    try:
        paths, entry = stored_upload(request, token, limits)
    except UploadRefused as exc:
        return _upload_page(request, ImportForm(), limits, error=str(exc))
    try:
        preview = apply_import(
            paths,
            film=entry["film"] or None,
            changed_by=request.user,
            change_reason=change_reason(sorted(entry["files"])),
        )
    except (ImporterError, DatabaseError) as error:
        # Nothing was written; the upload stays for another try or a cancel.
        status = 409 if isinstance(error, ImportRunning) else 200
        context = {"token": token, "error": _clean(error, paths)}
        return _render(request, "admin/reviews/import_applied.html", context, status)
    discard_upload(request, token)
    _add_refused(preview, entry)
    reviews = (
        Review.objects.filter(slug__in=preview.review_slugs)
        .select_related("film")
        .order_by("film__title", "headline")
    )
    context = {
        "preview": preview,
        "reviews": [(r, r.slug in preview.new_review_slugs) for r in reviews],
    }
    return _render(request, "admin/reviews/import_applied.html", context)


def _cancel(request):
    discard_upload(request, request.POST.get("token", ""))
    messages.info(request, "Import cancelled; nothing was imported.")
    return HttpResponseRedirect(_url())


def change_reason(names: list[str]) -> str:
    """ "admin upload: a.txt, b.txt", shortened to fit the history column."""
    reason = "admin upload: " + ", ".join(names)
    for shown in range(len(names) - 1, 0, -1):
        if len(reason) <= CHANGE_REASON_LENGTH:
            break
        more = f" and {len(names) - shown} more"
        reason = "admin upload: " + ", ".join(names[:shown]) + more
    return reason[:CHANGE_REASON_LENGTH]


def _add_refused(preview, entry: dict) -> None:
    preview.rejected[:0] = [Rejected(n, r) for n, r in entry["refused"]]


def _clean(error: Exception, paths: list[Path]) -> str:
    """An error's message without the server-side folder of the files."""
    message = str(error)
    if paths:
        message = message.replace(f"{paths[0].parent}{os.sep}", "")
    return message


def _url() -> str:
    return reverse("admin_review_import")


def _upload_page(request, form, limits: Limits, *, error: str = ""):
    context = {"form": form, "error": error, "limits": limits}
    status = 400 if error else 200
    return _render(request, "admin/reviews/import_upload.html", context, status)


def _render(request, template: str, context: dict, status: int = 200):
    opts = Review._meta
    context = {
        **admin.site.each_context(request),
        "title": "Import documents",
        "opts": opts,
        "app_label": opts.app_label,
        "import_url": _url(),
        **context,
    }
    return render(request, template, context, status=status)
