from django.db import migrations

from search import schema


def install(apps, schema_editor):
    schema.install(schema_editor.connection)


def uninstall(apps, schema_editor):
    schema.uninstall(schema_editor.connection)


class Migration(migrations.Migration):
    """The full-text indexes: FTS5 tables on SQLite, tsvector tables with GIN
    indexes on PostgreSQL, both kept in step by triggers and backfilled."""

    dependencies = [
        ("films", "0003_content_version"),
        ("reviews", "0006_import_run"),
    ]

    operations = [migrations.RunPython(install, uninstall)]
