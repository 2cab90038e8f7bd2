"""The full-text indexes and the triggers that keep them in step with their
source tables, per database vendor.

Triggers (not signals) keep them in step, so the admin, the API, the importer,
``loaddata``, bulk writes and raw SQL all update the index in the same
transaction as the row. Every statement here is idempotent: `install` runs in
the migration and again after every ``migrate``.

- SQLite: ``search_review_fts``, an FTS5 table over ``reviews_review`` (external
  content: the text is stored once), and ``search_name_fts`` over the names of
  films, people, characters and places; both fold accents and case.
- PostgreSQL: ``search_review`` and ``search_name`` hold a weighted
  ``tsvector`` of ``search_unaccent()``-ed text per row, with a GIN index.
"""

from dataclasses import dataclass

from django.db.backends.base.base import BaseDatabaseWrapper

REVIEW_TABLE = "reviews_review"
# The review columns indexed, most telling first; the weights rank a match in
# the headline above one in the pull quote, the text, then byline and outlet.
REVIEW_COLUMNS = ("headline", "excerpt", "body", "byline", "outlet")
PG_WEIGHTS = ("A", "B", "C", "D", "D")


@dataclass(frozen=True)
class NameSource:
    """A catalogue table whose names are searchable. ``kind`` is part of the
    index row's key (SQLite rowid = id * KINDS + kind)."""

    kind: int
    table: str
    name_column: str
    has_aliases: bool


NAME_SOURCES = {
    "films": NameSource(0, "films_film", "title", False),
    "people": NameSource(1, "films_person", "name", True),
    "characters": NameSource(2, "films_character", "name", True),
    "locations": NameSource(3, "films_location", "name", True),
}
KINDS = len(NAME_SOURCES)


def install_after_migrate(using="default", **kwargs):
    """Put back what is missing, unless the search migration is unapplied
    (``migrate search zero`` removes the indexes and they stay removed)."""
    from django.db import connections
    from django.db.migrations.loader import MigrationLoader
    from django.db.migrations.recorder import MigrationRecorder

    connection = connections[using]
    module, _ = MigrationLoader.migrations_module("search")
    applied = MigrationRecorder(connection).applied_migrations()
    if module is None or ("search", "0001_initial") in applied:
        install(connection)


def install(connection: BaseDatabaseWrapper) -> None:
    if connection.vendor == "sqlite":
        _install_sqlite(connection)
    elif connection.vendor == "postgresql":
        _install_postgresql(connection)


def uninstall(connection: BaseDatabaseWrapper) -> None:
    if connection.vendor == "sqlite":
        statements = [f"DROP TRIGGER IF EXISTS {name}" for name in _sqlite_triggers()]
        statements += [
            "DROP TABLE IF EXISTS search_review_fts",
            "DROP TABLE IF EXISTS search_name_fts",
        ]
    elif connection.vendor == "postgresql":
        statements = [
            f"DROP TRIGGER IF EXISTS search_index ON {table}" for table in _pg_tables()
        ]
        statements += [
            f"DROP FUNCTION IF EXISTS search_index_{table}()" for table in _pg_tables()
        ]
        statements += [
            "DROP TABLE IF EXISTS search_review",
            "DROP TABLE IF EXISTS search_name",
            "DROP FUNCTION IF EXISTS search_unaccent(text)",
        ]
    else:
        return
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


# --- SQLite ----------------------------------------------------------------------

SQLITE_TOKENIZER = "unicode61 remove_diacritics 2"


def _sqlite_aliases(row: str, source: NameSource) -> str:
    if not source.has_aliases:
        return "''"
    # Aliases are a JSON list stored with \u escapes: index the decoded words.
    return (
        f"CASE WHEN json_valid({row}.aliases) THEN (SELECT group_concat(value, ' ') "
        f"FROM json_each({row}.aliases)) ELSE {row}.aliases END"
    )


def _sqlite_name_insert(row: str, source: NameSource) -> str:
    return (
        "INSERT INTO search_name_fts(rowid, name, aliases) VALUES ("
        f"{row}.id * {KINDS} + {source.kind}, {row}.{source.name_column}, "
        f"{_sqlite_aliases(row, source)});"
    )


def _sqlite_triggers() -> dict[str, str]:
    """Trigger name -> CREATE statement."""
    columns = ", ".join(REVIEW_COLUMNS)
    new = ", ".join(f"new.{c}" for c in REVIEW_COLUMNS)
    old = ", ".join(f"old.{c}" for c in REVIEW_COLUMNS)
    delete = (
        f"INSERT INTO search_review_fts(search_review_fts, rowid, {columns}) "
        f"VALUES ('delete', old.id, {old});"
    )
    insert = f"INSERT INTO search_review_fts(rowid, {columns}) VALUES (new.id, {new});"
    triggers = {
        "search_review_ai": f"AFTER INSERT ON {REVIEW_TABLE} BEGIN {insert} END",
        "search_review_ad": f"AFTER DELETE ON {REVIEW_TABLE} BEGIN {delete} END",
        "search_review_au": (
            f"AFTER UPDATE OF id, {columns} ON {REVIEW_TABLE} "
            f"BEGIN {delete} {insert} END"
        ),
    }
    for source in NAME_SOURCES.values():
        watched = (
            "id, " + source.name_column + (", aliases" if source.has_aliases else "")
        )
        remove = f"DELETE FROM search_name_fts WHERE rowid = old.id * {KINDS} + {source.kind};"
        add = _sqlite_name_insert("new", source)
        prefix = f"search_{source.table}"
        triggers |= {
            f"{prefix}_ai": f"AFTER INSERT ON {source.table} BEGIN {add} END",
            f"{prefix}_ad": f"AFTER DELETE ON {source.table} BEGIN {remove} END",
            f"{prefix}_au": (
                f"AFTER UPDATE OF {watched} ON {source.table} BEGIN {remove} {add} END"
            ),
        }
    return triggers


def _sqlite_rebuild_names(cursor) -> None:
    cursor.execute("DELETE FROM search_name_fts")
    for source in NAME_SOURCES.values():
        aliases = _sqlite_aliases("t", source)
        cursor.execute(
            "INSERT INTO search_name_fts(rowid, name, aliases) "
            f"SELECT t.id * {KINDS} + {source.kind}, t.{source.name_column}, {aliases} "
            f"FROM {source.table} t"
        )


def _install_sqlite(connection) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger')"
        )
        existing = {row[0] for row in cursor.fetchall()}
        columns = ", ".join(REVIEW_COLUMNS)
        cursor.execute(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS search_review_fts USING fts5({columns}, "
            f"content='{REVIEW_TABLE}', content_rowid='id', "
            f"tokenize='{SQLITE_TOKENIZER}')"
        )
        cursor.execute(
            "CREATE VIRTUAL TABLE IF NOT EXISTS search_name_fts USING fts5("
            f"name, aliases, tokenize='{SQLITE_TOKENIZER}')"
        )
        triggers = _sqlite_triggers()
        missing = [name for name in triggers if name not in existing]
        for name in missing:
            cursor.execute(f"CREATE TRIGGER {name} {triggers[name]}")
        if missing:
            # Rows may have changed while a trigger was missing: rebuild.
            cursor.execute(
                "INSERT INTO search_review_fts(search_review_fts) VALUES ('rebuild')"
            )
            _sqlite_rebuild_names(cursor)


# --- PostgreSQL ------------------------------------------------------------------


def _pg_tables() -> list[str]:
    return [REVIEW_TABLE] + [source.table for source in NAME_SOURCES.values()]


def _pg_review_document(row: str) -> str:
    parts = [
        f"setweight(to_tsvector('simple', search_unaccent(coalesce({row}.{column}, ''))),"
        f" '{weight}')"
        for column, weight in zip(REVIEW_COLUMNS, PG_WEIGHTS, strict=True)
    ]
    return " || ".join(parts)


def _pg_name_document(row: str, source: NameSource) -> str:
    name = (
        f"setweight(to_tsvector('simple', search_unaccent(coalesce("
        f"{row}.{source.name_column}, ''))), 'A')"
    )
    if not source.has_aliases:
        return name
    aliases = (
        f"setweight(to_tsvector('simple', search_unaccent(coalesce("
        f"{row}.aliases::text, ''))), 'B')"
    )
    return f"{name} || {aliases}"


def _pg_function(table: str, upsert: str, delete: str) -> str:
    return f"""
CREATE OR REPLACE FUNCTION search_index_{table}() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        {delete};
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        {upsert};
    END IF;
    RETURN NULL;
END
$$"""


def _install_postgresql(connection) -> None:
    statements = [
        "CREATE EXTENSION IF NOT EXISTS unaccent",
        # unaccent() is STABLE (its dictionary could change); the index needs
        # an IMMUTABLE function, so name the dictionary and promise it.
        "CREATE OR REPLACE FUNCTION search_unaccent(text) RETURNS text "
        "LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS "
        "$$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$",
        "CREATE TABLE IF NOT EXISTS search_review "
        "(review_id bigint PRIMARY KEY, document tsvector NOT NULL)",
        "CREATE INDEX IF NOT EXISTS search_review_document "
        "ON search_review USING gin (document)",
        "CREATE TABLE IF NOT EXISTS search_name (kind smallint NOT NULL, "
        "item_id bigint NOT NULL, document tsvector NOT NULL, "
        "PRIMARY KEY (kind, item_id))",
        "CREATE INDEX IF NOT EXISTS search_name_document "
        "ON search_name USING gin (document)",
    ]
    backfill = []
    statements.append(
        _pg_function(
            REVIEW_TABLE,
            upsert=(
                "INSERT INTO search_review (review_id, document) VALUES "
                f"(NEW.id, {_pg_review_document('NEW')}) ON CONFLICT (review_id) "
                "DO UPDATE SET document = EXCLUDED.document"
            ),
            delete="DELETE FROM search_review WHERE review_id = OLD.id",
        )
    )
    backfill.append(
        "INSERT INTO search_review (review_id, document) "
        f"SELECT t.id, {_pg_review_document('t')} FROM {REVIEW_TABLE} t "
        "ON CONFLICT (review_id) DO UPDATE SET document = EXCLUDED.document"
    )
    watched = {REVIEW_TABLE: ", ".join(REVIEW_COLUMNS)}
    for source in NAME_SOURCES.values():
        statements.append(
            _pg_function(
                source.table,
                upsert=(
                    "INSERT INTO search_name (kind, item_id, document) VALUES "
                    f"({source.kind}, NEW.id, {_pg_name_document('NEW', source)}) "
                    "ON CONFLICT (kind, item_id) DO UPDATE "
                    "SET document = EXCLUDED.document"
                ),
                delete=(
                    f"DELETE FROM search_name WHERE kind = {source.kind} "
                    "AND item_id = OLD.id"
                ),
            )
        )
        backfill.append(
            "INSERT INTO search_name (kind, item_id, document) "
            f"SELECT {source.kind}, t.id, {_pg_name_document('t', source)} "
            f"FROM {source.table} t ON CONFLICT (kind, item_id) "
            "DO UPDATE SET document = EXCLUDED.document"
        )
        watched[source.table] = source.name_column + (
            ", aliases" if source.has_aliases else ""
        )
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass('search_review') IS NULL")
        fresh = cursor.fetchone()[0]
        for statement in statements:
            cursor.execute(statement)
        cursor.execute(
            "SELECT count(*) FROM pg_trigger WHERE tgname = 'search_index' "
            "AND NOT tgisinternal"
        )
        complete = cursor.fetchone()[0] == len(watched)
        for table, columns in watched.items():
            cursor.execute(
                f"CREATE OR REPLACE TRIGGER search_index AFTER INSERT OR DELETE "
                f"OR UPDATE OF id, {columns} ON {table} FOR EACH ROW "
                f"EXECUTE FUNCTION search_index_{table}()"
            )
        if fresh or not complete:
            for statement in backfill:
                cursor.execute(statement)
