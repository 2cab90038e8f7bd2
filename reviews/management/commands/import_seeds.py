"""Import plain-text film documents into a natural-key fixture (and the database).

    python manage.py import_seeds [PATH ...] [--output FILE] [--load] [--dry-run]
                                  [--film "Title (Year)"] [--check] [--strict]

The work is done by `reviews.importer.pipeline`; this command parses options,
shows progress and prints the summary.

fixtures/seeds.json is the seeds' fixture: only an import of seeds/ (the
default) writes it. Other documents need --output FILE, or --load alone to
write only into the database.

SIGTERM (a CI timeout, ``kill``, a container stopping) abandons the import as
Ctrl-C does: the temporary fixture, the facts' spill file and the worker pool
are cleaned up, nothing is written, and the command exits with status 143.
"""

import os
import signal
import threading
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from tqdm import tqdm

from reviews.importer.documents import ImporterError
from reviews.importer.pipeline import MODEL_ORDER, import_documents

PROGRESS_THRESHOLD = 50  # documents; below this a bar is noise
SIGTERM_EXIT = 128 + signal.SIGTERM  # the shell's status for "killed by SIGTERM"


class Terminated(BaseException):
    """SIGTERM arrived: unwinds like KeyboardInterrupt, through every
    ``finally`` and ``except BaseException`` cleanup."""


@contextmanager
def sigterm_unwinds():
    """While active (main thread only), SIGTERM raises `Terminated`.

    Forked extraction workers inherit the handler; in them SIGTERM keeps its
    default meaning, since that is how the pool stops them. A second SIGTERM
    during the cleanup is ignored so that the cleanup can finish.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    pid = os.getpid()
    raised = False

    def handler(signum, frame):
        nonlocal raised
        if os.getpid() != pid:  # a forked worker: die as it would have
            signal.signal(signum, signal.SIG_DFL)
            os.kill(os.getpid(), signum)
            return
        if not raised:
            raised = True
            raise Terminated

    previous = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_DFL if previous is None else previous)


class Command(BaseCommand):
    help = (
        "Extract films, people, places, ratings and reviews from text documents "
        "into a fixture and/or the database. fixtures/seeds.json is written only "
        "from seeds/; for other documents pass --output FILE or --load."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "paths", nargs="*", help="Files or folders (default: seeds/)."
        )
        parser.add_argument(
            "--output",
            default=None,
            help=(
                "Fixture to write (default: fixtures/seeds.json when importing "
                "seeds/; other documents need --output, or --load alone)."
            ),
        )
        parser.add_argument(
            "--load",
            action="store_true",
            help=(
                "Also write into the database (one transaction); for documents "
                "other than seeds/ without --output, write only into the database."
            ),
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
        seeds = Path(settings.BASE_DIR) / "seeds"
        paths = options["paths"] or [seeds]
        output = self._output(options, importing_seeds=_are_seeds(paths, seeds))
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

        # Only around the import: once it returns everything is written, and
        # SIGTERM may keep its usual meaning.
        try:
            with sigterm_unwinds():
                report = import_documents(
                    paths, output=output, film=options["film"], load=options["load"], dry_run=dry_run,
                    strict=options["strict"], check=options["check"],
                    progress=progress, change_reason="import_seeds",
                )  # fmt: skip
        except Terminated:
            raise CommandError(
                "interrupted (SIGTERM), nothing written", returncode=SIGTERM_EXIT
            ) from None
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
            target = output if output else "the database"
            if report.load and report.load.run_id:
                # Where an editor finds (and can undo) what this changed.
                self.stdout.write(f"Recorded as import #{report.load.run_id}")
            self.stdout.write(
                self.style.SUCCESS(
                    f"{verb} {sum(report.records.values())} records to {target}"
                )
            )

    @staticmethod
    def _output(options, *, importing_seeds: bool) -> Path | None:
        """The fixture to write: --output, else the seeds' fixture for the
        seeds, else none (only with --load; anything else is refused)."""
        if options["output"]:
            return Path(options["output"])
        if importing_seeds:
            return Path(settings.BASE_DIR) / "fixtures" / "seeds.json"
        if options["check"]:
            raise CommandError(
                "these documents are not seeds/: pass --output FILE to check a "
                "fixture for them; fixtures/seeds.json holds the seeds' records"
            )
        if not options["load"]:
            raise CommandError(
                "these documents are not seeds/, and writing them to the default "
                "fixture would replace the seeds' records: pass --output FILE to "
                "write a fixture for these documents, or --load to write only "
                "into the database; fixtures/seeds.json holds the seeds' records "
                "and is left alone"
            )
        return None

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
            header += f"{'kept (edited)':>15}{'kept deleted':>14}"
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
                row += f"{report.load.kept[model]:>15}{report.load.deleted[model]:>14}"
            self.stdout.write(row)
        if report.load:
            for row in report.load.kept_rows:
                self.stdout.write(self.style.WARNING(f"kept: {row}"))
            for row in report.load.deleted_rows:
                self.stdout.write(self.style.WARNING(f"kept deleted: {row}"))
        for warning in report.warnings:
            self.stdout.write(self.style.WARNING(f"warning: {warning}"))
        self.stdout.write(f"Warnings: {len(report.warnings)}")


def _are_seeds(paths, seeds: Path) -> bool:
    """Whether the paths name the seeds folder (and nothing else)."""
    return {Path(p).resolve() for p in paths} == {seeds.resolve()}
