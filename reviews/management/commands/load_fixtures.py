"""Load fixture files into the database, keeping rows editors have changed.

    python manage.py load_fixtures [FILE ...]   (default: every fixtures/*.json)

Unlike `loaddata`, a row whose values no longer match what was imported is
left as the editor made it, and a row an editor deleted stays deleted. Safe to
run on every start (`make run` does); refused while another import runs.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from reviews.importer.documents import ImporterError
from reviews.importer.load import load_records
from reviews.importer.pipeline import MODEL_ORDER, iter_fixture_records


class Command(BaseCommand):
    help = "Load fixtures without overwriting editors' changes."

    def add_arguments(self, parser):
        parser.add_argument(
            "files", nargs="*", help="Fixture files (default: fixtures/*.json)."
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Report what would change; write nothing.",
        )

    def handle(self, *args, **options):
        files = [Path(f) for f in options["files"]] or sorted(
            (settings.BASE_DIR / "fixtures").glob("*.json")
        )
        for path in files:
            try:
                report = load_records(
                    iter_fixture_records(path),
                    dry_run=options["dry_run"],
                    change_reason="load_fixtures",
                )
            except ImporterError as error:
                raise CommandError(str(error)) from error
            except DatabaseError as error:
                raise CommandError(
                    f"{path}: database error, file not loaded: {error}"
                ) from error
            if options["verbosity"] >= 1:
                self._print_report(path, report)

    def _print_report(self, path, report):
        run = f" (import #{report.run_id})" if report.run_id else ""
        self.stdout.write(self.style.SUCCESS(f"{path}:{run}"))
        for label in MODEL_ORDER:
            counts = report.counts(label)
            if any(counts):
                self.stdout.write(
                    f"  {label}: {counts[0]} created, {counts[1]} updated, "
                    f"{counts[2]} unchanged, {counts[3]} kept, {counts[4]} kept deleted"
                )
        for row in report.kept_rows:
            self.stdout.write(self.style.WARNING(f"  kept: {row}"))
        for row in report.deleted_rows:
            self.stdout.write(self.style.WARNING(f"  kept deleted: {row}"))
