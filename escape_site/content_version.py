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
import functools
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from reviews.models import Review

T = TypeVar("T")
_MISSING = object()

DATA_CACHE_SECONDS = 60 * 60  # an entry keyed by a token: dead once it moves


@dataclass(frozen=True)
class ContentState:
    token: str
    # The raw moments read (datetimes, or text on SQLite) of the last write
    # and of the latest scheduled review now due.
    moments: tuple = ()

    @property
    def changed_at(self) -> datetime | None:
        """When the content last changed (for Last-Modified); None on an
        empty site."""
        moments = [_as_datetime(moment) for moment in self.moments if moment]
        return max(moments) if moments else None


def _as_datetime(value) -> datetime:
    if isinstance(value, datetime):
        return value if timezone.is_aware(value) else timezone.make_aware(value, UTC)
    return timezone.make_aware(parse_datetime(value), UTC)


# Within a read-only request: a dict that holds the state once read.
_request_memo: contextvars.ContextVar[dict | None] = contextvars.ContextVar(
    "content_state", default=None
)


# One statement, hot on every page: plain SQL, not rebuilt by the ORM each
# time. The "now" is the database's, as `Review.objects.published()` uses.
_STATE_SQL = """
SELECT
    (SELECT epoch FROM films_contentversion WHERE id = 1),
    (SELECT counter FROM films_contentversion WHERE id = 1),
    (SELECT changed_at FROM films_contentversion WHERE id = 1),
    (SELECT published_at FROM reviews_review
     WHERE status = %s AND published_at <= {now}
     ORDER BY published_at DESC LIMIT 1)
"""
_NOW = {
    "postgresql": "STATEMENT_TIMESTAMP()",
    "sqlite": "STRFTIME('%%Y-%%m-%%d %%H:%%M:%%f', 'NOW')",
}


def read_state() -> ContentState:
    """The current state, from the database (one query). Without a version
    row (nothing written since the database was made) the epoch is "-"."""
    sql = _STATE_SQL.format(now=_NOW.get(connection.vendor, "CURRENT_TIMESTAMP"))
    with connection.cursor() as cursor:
        cursor.execute(sql, [Review.Status.PUBLISHED])
        epoch, counter, changed_at, due = cursor.fetchone()
    raw = f"{epoch or '-'}|{counter or 0}|{due or '-'}"
    token = hashlib.blake2b(raw.encode(), digest_size=10).hexdigest()
    return ContentState(token=token, moments=(changed_at, due))


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


@functools.cache
def release() -> str:
    """``settings.RELEASE``, or else a digest of the project's Python code and
    templates: the same on every host that runs the same code."""
    if settings.RELEASE:
        return settings.RELEASE
    root = Path(settings.BASE_DIR)
    digest = hashlib.sha256()
    for folder in ("escape_site", "films", "reviews", "search", "templates"):
        for path in sorted((root / folder).rglob("*")):
            if path.suffix in {".py", ".html", ".txt", ".xml"}:
                digest.update(str(path.relative_to(root)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def cache_key(namespace: str, *parts: str) -> str:
    """A cache key under the current token (and the code's release, so a
    deploy never reads what older code wrote)."""
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]
    return f"{namespace}:{release()}:{content_token()}:{digest}"


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
