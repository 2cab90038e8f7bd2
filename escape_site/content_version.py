"""What version of the public content is current, for caches that must never
serve anything stale.

The token names two things, read in one query:

- ``ContentVersion``'s epoch and counter, which database triggers bump on
  every write to a catalogue or review table (`films.content_triggers`);
- the ``published_at`` of the latest scheduled review whose time has come,
  which moves the moment a scheduled review becomes visible, with no job to
  run and no write to make.

Both live in the database, so every worker and every host agrees on the
token whatever the cache backend (a per-process local-memory cache included).
Entries keyed by an old token are never read again and expire on their own.

Within one GET request the token is read once (the page cache and the data
caches below it share it); a request that writes reads it afresh each time.
"""

import contextvars
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import Subquery
from django.db.models.functions import Now

from films.models import ContentVersion
from reviews.models import Review

T = TypeVar("T")
_MISSING = object()

DATA_CACHE_SECONDS = 60 * 60  # an entry keyed by a token: dead once it moves


@dataclass(frozen=True)
class ContentState:
    token: str
    # When the content last changed (for Last-Modified); None on an empty site.
    changed_at: datetime | None


# Within a read-only request: a dict that holds the state once read.
_request_memo: contextvars.ContextVar[dict | None] = contextvars.ContextVar(
    "content_state", default=None
)


def _latest_due() -> Subquery:
    due = Review.objects.filter(
        status=Review.Status.PUBLISHED, published_at__lte=Now()
    ).order_by("-published_at")
    return Subquery(due.values("published_at")[:1])


def read_state() -> ContentState:
    """The current state, from the database (one query)."""
    row = (
        ContentVersion.objects.filter(pk=1)
        .annotate(due=_latest_due())
        .values_list("epoch", "counter", "changed_at", "due")
        .first()
    )
    if row is None:  # nothing written since the database was created
        due = (
            Review.objects.filter(
                status=Review.Status.PUBLISHED, published_at__lte=Now()
            )
            .order_by("-published_at")
            .values_list("published_at", flat=True)
            .first()
        )
        row = ("-", 0, None, due)
    epoch, counter, changed_at, due = row
    token = f"{epoch}.{counter}.{due.timestamp() if due else '-'}"
    moments = [moment for moment in (changed_at, due) if moment is not None]
    return ContentState(token=token, changed_at=max(moments) if moments else None)


def current_state() -> ContentState:
    memo = _request_memo.get()
    if memo is None:
        return read_state()
    if "state" not in memo:
        memo["state"] = read_state()
    return memo["state"]


def content_token() -> str:
    return current_state().token


class request_scope:
    """Within it, the state is read at most once, when first asked for (the
    middleware wraps each GET or HEAD in it: a request that reads)."""

    def __enter__(self):
        self._reset = _request_memo.set({})
        return self

    def __exit__(self, *exc_info) -> None:
        _request_memo.reset(self._reset)


def cache_key(namespace: str, *parts: str) -> str:
    """A cache key under the current token (and the code's release, so a
    deploy never reads what older code wrote)."""
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]
    return f"{namespace}:{settings.RELEASE}:{content_token()}:{digest}"


def cached_for_content(
    key: str, compute: Callable[[], T], timeout: int | None = None
) -> T:
    """``compute()``, cached until the content changes. ``key`` must name
    everything the value depends on besides the content (filters, page).

    Never inside a transaction: what it reads may not be committed yet (and
    may never be), so it must not be kept for others."""
    if connection.in_atomic_block:
        return compute()
    full_key = cache_key("data", key)
    value = cache.get(full_key, _MISSING)
    if value is _MISSING:
        value = compute()
        cache.set(full_key, value, DATA_CACHE_SECONDS if timeout is None else timeout)
    return value
