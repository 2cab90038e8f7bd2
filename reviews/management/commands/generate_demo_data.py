"""Fill the database with an invented catalogue and N reviews (demos, benchmarks).

    python manage.py generate_demo_data --reviews 100000 [--seed 2017] [--replace]

The same seed gives the same rows. Demo rows have slugs starting ``demo-``; a
database that already holds demo rows is refused unless ``--replace``, which
deletes the previous demo rows first (and nothing else). Refused as well when
a non-demo row points at a demo row (an editor's review of a demo film), as
deleting would change it.
"""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from tqdm import tqdm

from reviews.demo_data.cleanup import (
    delete_demo_rows,
    demo_row_counts,
    foreign_references,
)
from reviews.demo_data.generate import DemoGenerator
from reviews.importer.load import optimize_database

DEFAULT_SEED = 2017
MAX_REVIEWS = 1_000_000


def _listing(counts: dict[str, int]) -> str:
    return ", ".join(f"{n:,} {label}" for label, n in counts.items())


class Command(BaseCommand):
    help = "Generate invented films, people, places and reviews (demo- slugs)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--reviews", type=int, required=True, help="How many reviews to make."
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=DEFAULT_SEED,
            help="Random seed (same seed, same rows).",
        )
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Delete the previous demo rows first (only those).",
        )

    def handle(self, *args, reviews, seed, replace, **options):
        if not 1 <= reviews <= MAX_REVIEWS:
            raise CommandError(f"--reviews must be between 1 and {MAX_REVIEWS:,}.")
        existing = demo_row_counts()
        if existing and not replace:
            raise CommandError(
                f"The database already holds demo data ({_listing(existing)}). "
                "Run with --replace to delete it and generate anew."
            )
        if existing:
            blocking = foreign_references()
            if blocking:
                raise CommandError(
                    "Other rows point at demo rows, so deleting them would change "
                    f"those rows: {_listing(blocking)}. Nothing was changed."
                )
        started = time.monotonic()
        show_bar = options["verbosity"] > 0
        # One transaction: a failed run leaves the previous demo data in place.
        with transaction.atomic():
            if existing:
                delete_demo_rows()
            with tqdm(
                total=reviews, unit="review", disable=None if show_bar else True
            ) as bar:
                created = DemoGenerator(reviews, seed, progress=bar.update).run()
        # Fresh planner statistics, as after an import: without them SQLite
        # picks poor indexes on the new rows.
        optimize_database()
        if existing:
            self.stdout.write(f"Deleted the previous demo data: {_listing(existing)}.")
        elapsed = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Generated (seed {seed}) in {elapsed:.1f} s: {_listing(created)}."
            )
        )
