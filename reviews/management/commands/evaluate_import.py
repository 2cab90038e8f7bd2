"""Measure the importer on a labelled corpus.

    python manage.py evaluate_import tests/corpus/ [--split held_out] [--details]
        [--floor people=0.85 --floor locations=0.7 ...]

Imports each document alone (writing nothing) and prints precision, recall and
F1 per document and per part of the corpus. With ``--floor MEASURE=F1`` it
fails when the whole corpus scores below the floor: CI runs it so quality
cannot slide back unnoticed.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from reviews.importer.evaluation import LABELS, MEASURES, evaluate_corpus, totals


def _floor(value: str) -> tuple[str, float]:
    measure, _, number = value.partition("=")
    if measure not in MEASURES:
        raise CommandError(
            f"--floor {value}: unknown measure {measure!r} (one of {', '.join(MEASURES)})"
        )
    try:
        floor = float(number)
    except ValueError:
        raise CommandError(f"--floor {value}: {number!r} is not a number") from None
    if not 0 <= floor <= 1:
        raise CommandError(f"--floor {value}: an F1 floor is between 0 and 1")
    return measure, floor


class Command(BaseCommand):
    help = "Precision, recall and F1 of the importer on a labelled corpus."

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path, help="The corpus folder.")
        parser.add_argument(
            "--split",
            choices=["tuning", "held_out", "all"],
            default="all",
            help="Which part of the corpus to score (default: all, each part shown).",
        )
        parser.add_argument(
            "--floor",
            action="append",
            default=[],
            metavar="MEASURE=F1",
            help="Fail when the overall F1 of MEASURE is below this (repeatable).",
        )
        parser.add_argument(
            "--details",
            action="store_true",
            help="List what each document missed and what it found in excess.",
        )

    def handle(
        self, *args, folder: Path, split: str, floor: list, details: bool, **options
    ):
        floors = dict(_floor(value) for value in floor)
        if not folder.is_dir():
            raise CommandError(f"{folder}: not a folder")
        results = [
            r for r in evaluate_corpus(folder) if split == "all" or r.split == split
        ]
        if not results:
            raise CommandError(
                f"{folder}: no labelled documents (NAME.txt + NAME.json)"
            )

        self.stdout.write(
            f"{'document':44} {'split':8} "
            + " ".join(f"{m[:10]:>10}" for m in MEASURES)
        )
        for result in results:
            cells = " ".join(f"{result.scores[m].f1:>10.2f}" for m in MEASURES)
            self.stdout.write(f"{result.name[:44]:44} {result.split:8} {cells}")
            if result.error:
                self.stdout.write(f"    not imported: {result.error}")
            if details:
                for measure in MEASURES:
                    if result.missed[measure]:
                        self.stdout.write(
                            f"    missed {measure}: {result.missed[measure]}"
                        )
                    if result.extra[measure]:
                        self.stdout.write(
                            f"    extra {measure}: {result.extra[measure]}"
                        )

        parts = sorted({r.split for r in results}) + (["all"] if split == "all" else [])
        self.stdout.write("")
        self.stdout.write(
            f"{'measure':24} {'part':9} {'docs':>4} {'precision':>9} {'recall':>7} {'F1':>5}"
        )
        overall = {}
        for part in parts:
            chosen = [r for r in results if part == "all" or r.split == part]
            summed = totals(chosen)
            overall = summed
            for measure in MEASURES:
                s = summed[measure]
                self.stdout.write(
                    f"{LABELS[measure]:24} {part:9} {len(chosen):>4} "
                    f"{s.precision:>9.2f} {s.recall:>7.2f} {s.f1:>5.2f}"
                )
        imported = sum(not r.error for r in results)
        self.stdout.write(f"\ndocuments imported: {imported} of {len(results)}")

        below = [
            f"{LABELS[m]} F1 {overall[m].f1:.2f} < {f:.2f}"
            for m, f in floors.items()
            if overall[m].f1 < f
        ]
        if below:
            raise CommandError("below the floor: " + "; ".join(below))
