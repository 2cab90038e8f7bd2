"""Import documents from the admin: upload, preview (a dry run), then apply.

One address, three steps. A POST with files stores them server-side
(`reviews.admin_import_uploads`) and redirects to ``?token=...``,
which shows what the import would change (the same pipeline as
``import_seeds --load --dry-run``). Apply re-runs it on exactly those files
(their sha256 checked) and writes, new reviews as drafts; cancel deletes them.
Stored uploads also expire (``REVIEW_IMPORT_UPLOAD_TTL``).

Any user who may add reviews may preview; only those who may publish apply.
"""

from __future__ import annotations

import os
from pathlib import Path

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import (
    PermissionDenied,
    RequestDataTooBig,
    TooManyFilesSent,
)
from django.db import DatabaseError
from django.http import HttpResponseRedirect
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from reviews.admin_import_uploads import (
    LimitedUploadHandler,
    Limits,
    UploadRefused,
    discard_upload,
    refusal,
    store_upload,
    stored_upload,
    sweep_expired,
)
from reviews.importer.documents import TEXT_SUFFIXES, ImporterError
from reviews.importer.lock import ImportRunning
from reviews.importer.preview import Rejected, apply_import, preview_import
from reviews.importer.titles import parse_film_option
from reviews.models import Review
from reviews.roles import PUBLISH_REVIEW
from reviews.services import ADD_REVIEW

CHANGE_REASON_LENGTH = 100  # simple_history's change_reason column


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
