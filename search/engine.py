"""Ranked full-text search: the one interface the site search, the review
list's ``q`` and the API's ``q`` use, whatever the database.

A query is read as words (letters and digits; everything else separates
words), so quotes, operators and punctuation are never syntax: every word
must occur, the last one as a prefix. The index gives the best
``SEARCH_DEPTH`` matches by rank; visibility and other filters are applied to
those, so the work is bounded however common the words are.
"""

from django.db import DatabaseError, connection, transaction
from django.db.models import F, Func, IntegerField, QuerySet, Value

from search import schema
from search.snippets import highlight
from search.words import is_prefix, query_words

SEARCH_DEPTH = 1000  # matches taken from the index, best first
NAME_DEPTH = 400
RANK_WINDOW = 2000  # SQLite: matches scored for rank, newest first
SNIPPET_WORDS = 30


def _fts5_expression(words: list[str]) -> str:
    # Each word is a quoted FTS5 string (it holds no quote), so it is never
    # read as an operator (AND, NEAR, column filters).
    return " ".join(
        f'"{word}"' + ("*" if is_prefix(words, i) else "")
        for i, word in enumerate(words)
    )


def _tsquery(words: list[str]) -> tuple[str, list[str]]:
    """SQL building a tsquery of ``words`` (every word, the last a prefix).
    Each word becomes one quoted lexeme, cast without parsing, so nothing in
    it is read as tsquery syntax."""
    parts = []
    for i, _ in enumerate(words):
        suffix = ":*" if is_prefix(words, i) else ""
        # '<word>' with its quotes doubled and backslashes dropped.
        parts.append(
            "('''' || replace(replace(lower(search_unaccent(%s)), chr(92), ''), "
            f"'''', '''''') || '''{suffix}')::tsquery"
        )
    return "(" + " && ".join(parts) + ")", list(words)


def _fetch(sql: str, params: list) -> list[tuple]:
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()
    except DatabaseError:
        # The expressions are built to be always valid; should one not be
        # (an unforeseen character), the search finds nothing, never a 500.
        return []


def ranked_review_ids(query: str, *, depth: int = SEARCH_DEPTH) -> list[int]:
    """Ids of reviews (any status) matching ``query``, best first."""
    words = query_words(query)
    if not words:
        return []
    if connection.vendor == "sqlite":
        # Ranking scores every match: for words in most reviews, score only
        # the newest RANK_WINDOW matches (walking rowids needs no scoring).
        expression = _fts5_expression(words)
        rows = _fetch(
            "SELECT rowid FROM search_review_fts WHERE search_review_fts MATCH %s "
            "AND rowid >= coalesce((SELECT rowid FROM search_review_fts "
            "WHERE search_review_fts MATCH %s ORDER BY rowid DESC "
            "LIMIT 1 OFFSET %s), 0) "
            "ORDER BY bm25(search_review_fts, 10.0, 5.0, 2.0, 1.0, 1.0), rowid "
            "LIMIT %s",
            [expression, expression, RANK_WINDOW - 1, depth],
        )
    else:
        tsquery, params = _tsquery(words)
        rows = _fetch(
            f"SELECT review_id FROM search_review, (SELECT {tsquery} AS q) AS query "
            "WHERE document @@ q ORDER BY ts_rank_cd(document, q) DESC, review_id "
            "LIMIT %s",
            [*params, depth],
        )
    return [row[0] for row in rows]


def ranked_name_ids(query: str, *, depth: int = NAME_DEPTH) -> dict[str, list[int]]:
    """Ids of films, people, characters and places whose name or an alias
    matches ``query``, best first, per kind."""
    found: dict[str, list[int]] = {kind: [] for kind in schema.NAME_SOURCES}
    words = query_words(query)
    if not words:
        return found
    if connection.vendor == "sqlite":
        rows = _fetch(
            f"SELECT rowid / {schema.KINDS}, rowid - rowid / {schema.KINDS} * {schema.KINDS} "
            "FROM search_name_fts WHERE search_name_fts MATCH %s "
            "ORDER BY bm25(search_name_fts, 2.0, 1.0), rowid LIMIT %s",
            [_fts5_expression(words), depth],
        )
    else:
        tsquery, params = _tsquery(words)
        rows = _fetch(
            f"SELECT item_id, kind FROM search_name, (SELECT {tsquery} AS q) AS query "
            "WHERE document @@ q ORDER BY ts_rank_cd(document, q) DESC, kind, item_id "
            "LIMIT %s",
            [*params, depth],
        )
    names = {source.kind: name for name, source in schema.NAME_SOURCES.items()}
    for item_id, kind in rows:
        found[names[kind]].append(item_id)
    return found


class RankOf(Func):
    """A row's place in ``ids`` (smaller is better): one array or string
    lookup per row, cheap next to a CASE of a thousand branches."""

    output_field = IntegerField()

    def __init__(self, ids: list[int]):
        super().__init__(F("pk"))
        self.ids = list(ids)

    def as_sql(self, compiler, connection, **extra_context):
        column, params = compiler.compile(self.source_expressions[0])
        if connection.vendor == "postgresql":
            return f"array_position(%s::bigint[], {column})", (self.ids, *params)
        # A character offset in ",1,5,9,": ordered as the ids are.
        listed = "," + ",".join(str(pk) for pk in self.ids) + ","
        return f"instr(%s, ',' || {column} || ',')", (listed, *params)


def ranked(queryset: QuerySet, ids: list[int]) -> QuerySet:
    """The rows of ``queryset`` among ``ids``, with ``search_rank`` (their
    place in ``ids``)."""
    if not ids:
        return queryset.none().annotate(search_rank=Value(0))
    return queryset.filter(pk__in=ids).annotate(search_rank=RankOf(ids))


def search_reviews(query: str, queryset: QuerySet, *, limit: int = 20) -> list:
    """The best ``limit`` rows of ``queryset`` (published reviews) matching
    ``query``, each with a ``snippet`` marking the words."""
    ids = ranked_review_ids(query, depth=limit * 10)
    reviews = _best_visible(queryset, ids, limit)
    words = query_words(query)
    for review in reviews:
        review.snippet = review_snippet(review, words)
    return reviews


def review_snippet(review, words: list[str]):
    """The passage of a review's text (or pull quote) with most of ``words``."""
    return highlight(review.body or review.excerpt, words, size=SNIPPET_WORDS)


def search_names(
    query: str, querysets: dict[str, QuerySet], *, limit: int = 20
) -> dict[str, list]:
    """Per kind (films, people, characters, locations), the best ``limit``
    rows of its queryset (the visible ones) whose name matches ``query``."""
    found = ranked_name_ids(query)
    return {
        kind: _best_visible(queryset, found[kind], limit)
        for kind, queryset in querysets.items()
    }


def _best_visible(queryset: QuerySet, ids: list[int], limit: int) -> list:
    """The first ``limit`` of ``ids`` that ``queryset`` holds, in that order:
    which are visible (ids only), then those rows with their relations."""
    if not ids:
        return []
    visible = set(queryset.filter(pk__in=ids).values_list("pk", flat=True))
    best = [pk for pk in ids if pk in visible][:limit]
    rows = {row.pk: row for row in queryset.filter(pk__in=best)}
    return [rows[pk] for pk in best if pk in rows]
