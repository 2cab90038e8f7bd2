"""SQL for the triggers that bump `ContentVersion` on every content write.

Used by migrations, so what it emits for a table must never change meaning:
add a new function rather than edit one a migration already ran.

SQLite: one AFTER INSERT/UPDATE/DELETE trigger per table, an upsert of the
single row (recreated with a fresh epoch if it was deleted). SQLite has one
writer at a time, so the hot row costs no lock waits.

PostgreSQL: a deferred constraint trigger runs the bump at COMMIT. Taking the
row's lock last, just before the commit, means two transactions never hold
it while waiting on each other's rows (no deadlock), and a transaction-local
setting makes every bump after the first in a transaction a no-op, so a bulk
load of 100,000 rows updates the row once.
"""

VERSION_TABLE = "films_contentversion"

# Every table whose rows a public page or an API read shows.
CONTENT_TABLES = (
    "films_sourcedocument",
    "films_film",
    "films_person",
    "films_character",
    "films_credit",
    "films_location",
    "films_filmlocation",
    "films_rating",
    "reviews_theme",
    "reviews_review",
    "reviews_review_themes",
    "reviews_mention",
)

_SQLITE_OPERATIONS = ("insert", "update", "delete")

_SQLITE_BUMP = f"""
INSERT INTO {VERSION_TABLE} (id, counter, epoch, changed_at)
VALUES (1, 1, lower(hex(randomblob(8))), strftime('%Y-%m-%d %H:%M:%f', 'now'))
ON CONFLICT (id) DO UPDATE SET counter = counter + 1, changed_at = excluded.changed_at;
"""

PG_FUNCTION = f"""
CREATE OR REPLACE FUNCTION content_version_bump() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('content_version.bumped', true) = txid_current()::text THEN
        RETURN NULL;
    END IF;
    PERFORM set_config('content_version.bumped', txid_current()::text, true);
    INSERT INTO {VERSION_TABLE} (id, counter, epoch, changed_at)
    VALUES (1, 1, md5(random()::text || clock_timestamp()::text), clock_timestamp())
    ON CONFLICT (id) DO UPDATE
        SET counter = {VERSION_TABLE}.counter + 1, changed_at = clock_timestamp();
    RETURN NULL;
END
$$;
"""
PG_DROP_FUNCTION = "DROP FUNCTION IF EXISTS content_version_bump();"


def trigger_name(table: str, operation: str = "") -> str:
    return f"content_version_{table}" + (f"_{operation}" if operation else "")


def create_sql(vendor: str, table: str) -> list[str]:
    if vendor == "postgresql":
        return [
            f"CREATE CONSTRAINT TRIGGER {trigger_name(table)} "
            f"AFTER INSERT OR UPDATE OR DELETE ON {table} "
            "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW "
            "EXECUTE FUNCTION content_version_bump();"
        ]
    return [
        f"CREATE TRIGGER IF NOT EXISTS {trigger_name(table, op)} "
        f"AFTER {op.upper()} ON {table} BEGIN {_SQLITE_BUMP} END;"
        for op in _SQLITE_OPERATIONS
    ]


def drop_sql(vendor: str, table: str) -> list[str]:
    if vendor == "postgresql":
        return [f"DROP TRIGGER IF EXISTS {trigger_name(table)} ON {table};"]
    return [
        f"DROP TRIGGER IF EXISTS {trigger_name(table, op)};"
        for op in _SQLITE_OPERATIONS
    ]


def install(schema_editor, tables=CONTENT_TABLES) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_FUNCTION)
    for table in tables:
        for statement in create_sql(vendor, table):
            schema_editor.execute(statement)


def uninstall(schema_editor, tables=CONTENT_TABLES) -> None:
    vendor = schema_editor.connection.vendor
    for table in tables:
        for statement in drop_sql(vendor, table):
            schema_editor.execute(statement)
    if vendor == "postgresql":
        schema_editor.execute(PG_DROP_FUNCTION)
