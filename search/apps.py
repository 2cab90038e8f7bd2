from django.apps import AppConfig
from django.db.models.signals import post_migrate


class SearchConfig(AppConfig):
    """Ranked full-text search over reviews and catalogue names."""

    name = "search"

    def ready(self):
        from search import schema

        # A migration that rebuilds a source table (SQLite remakes a table to
        # alter it) drops that table's triggers, and a test database built
        # without migrations has none: after every migrate, put back whatever
        # is missing.
        post_migrate.connect(schema.install_after_migrate, sender=self)
