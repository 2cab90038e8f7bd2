"""Import plain-text film documents into a natural-key fixture (and the database).

    python manage.py import_seeds [PATH ...] [--output FILE] [--load] [--dry-run]
                                  [--film "Title (Year)"] [--check] [--strict]

The work is done by `reviews.importer.pipeline`; this command parses options,
shows progress and prints the summary.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from tqdm import tqdm

from reviews.importer.documents import ImporterError
from reviews.importer.pipeline import MODEL_ORDER, import_documents

PROGRESS_THRESHOLD = 50  # documents; below this a bar is noise


class Command(BaseCommand):
    help = "Extract films, people, places, ratings and reviews from text documents into a fixture."

    def add_arguments(self, parser):
        parser.add_argument(
            "paths", nargs="*", help="Files or folders (default: seeds/)."
        )
        parser.add_argument(
            "--output",
            default=None,
            help="Fixture to write (default: fixtures/seeds.json).",
        )
        parser.add_argument(
            "--load",
            action="store_true",
            help="Also write into the database (one transaction).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Write nothing; print what would change.",
        )
        parser.add_argument(
            "--film",
            default=None,
            help='Film for documents that name none: "Title (Year)".',
        )
        parser.add_argument(
            "--check",
            action="store_true",
            help="Fail if the fixture is not what the documents give.",
        )
        parser.add_argument(
            "--strict", action="store_true", help="Fail if any document is rejected."
        )

    def handle(self, *args, **options):
        paths = options["paths"] or [settings.BASE_DIR / "seeds"]
        output = Path(
            options["output"] or settings.BASE_DIR / "fixtures" / "seeds.json"
        )
        dry_run = options["dry_run"] or options["check"]
        verbosity = options["verbosity"]

        def progress(results, total):
            return tqdm(
                results,
                total=total,
                desc="Reading",
                unit="doc",
                disable=verbosity < 1 or total < PROGRESS_THRESHOLD,
                file=self.stderr,
                mininterval=0.5,
            )

        try:
            report = import_documents(
                paths, output=output, film=options["film"], load=options["load"], dry_run=dry_run,
                strict=options["strict"], check=options["check"],
                progress=progress,
            )  # fmt: skip
        except ImporterError as error:
            raise CommandError(str(error)) from error
        except DatabaseError as error:
            raise CommandError(
                f"database error, nothing was written: {error}"
            ) from error

        for error in report.rejected:
            self.stderr.write(self.style.ERROR(f"rejected {error}"))
        if verbosity >= 1:
            self._print_summary(report, dry_run)
        if options["check"] and report.fixture_changed:
            raise CommandError(
                f"{output} is stale: run `python manage.py import_seeds` and commit it"
            )
        if verbosity >= 1:
            verb = "Would write" if dry_run else "Wrote"
            self.stdout.write(
                self.style.SUCCESS(
                    f"{verb} {sum(report.records.values())} records to {output}"
                )
            )

    def _print_summary(self, report, dry_run):
        kinds = ", ".join(f"{n} {kind}" for kind, n in sorted(report.documents.items()))
        self.stdout.write(
            f"Documents read: {sum(report.documents.values())} ({kinds}); rejected: {len(report.rejected)}"
        )
        against = "database" if report.load else "previous fixture"
        header = (
            f"{'model':<22}{'records':>8}{'created':>9}{'updated':>9}{'unchanged':>11}"
        )
        if report.load:
            header += f"{'kept (edited)':>15}"
        self.stdout.write(
            f"Compared with the {against}{' (dry run)' if dry_run else ''}:"
        )
        self.stdout.write(header)
        source = report.load or report
        for model in MODEL_ORDER:
            row = (
                f"{model:<22}{report.records[model]:>8}{source.created[model]:>9}"
                f"{source.updated[model]:>9}{source.unchanged[model]:>11}"
            )
            if report.load:
                row += f"{report.load.kept[model]:>15}"
            self.stdout.write(row)
        if report.load:
            for row in report.load.kept_rows:
                self.stdout.write(self.style.WARNING(f"kept: {row}"))
        for warning in report.warnings:
            self.stdout.write(self.style.WARNING(f"warning: {warning}"))
        self.stdout.write(f"Warnings: {len(report.warnings)}")
