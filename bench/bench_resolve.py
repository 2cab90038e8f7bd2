"""Benchmark character-spelling merging (`merge_spellings`) on many names.

    .venv/bin/python bench/bench_resolve.py              # 5,000 and 20,000 names
    .venv/bin/python bench/bench_resolve.py 1000 50000

Each film's character spellings are merged by `merge_spellings`; comparing
every spelling with every canonical name so far was quadratic (a film with
17,000 characters' worth of names took 12 s). The names are invented
two-word names (random syllables, seeded) plus a slip of one letter and a bare first name for one in
ten, so there is something to merge. The script exits non-zero if a run
takes ``LIMIT_SECONDS`` or more.
"""

from __future__ import annotations

import os
import random
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "escape_site.settings_test")

import django  # noqa: E402

django.setup()

from reviews.importer.resolve import merge_spellings  # noqa: E402

LIMIT_SECONDS = 5.0
_SYLLABLES = (
    "ka lo mi ren sa tor vel an du mar el is or bren cal dun fen gar hal jo "
    "kes lin mor nad ped quin ros sil tam ul vin wes yor zan bet cor dov eth"
).split()


def _invented(rng: random.Random) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4))).title()


def spellings(n: int) -> tuple[Counter, Counter]:
    rng = random.Random(n)
    names = list(dict.fromkeys(f"{_invented(rng)} {_invented(rng)}" for _ in range(n)))
    counts = Counter({name: 2 for name in names})
    for name in names[::10]:
        first = name.split()[0]
        counts[first] += 1
        counts[first[:3] + first[4:]] += 1  # a slip: one letter left out
    preferred = Counter({name: 1 for name in names[::2]})
    return counts, preferred


def main(argv: list[str]) -> None:
    sizes = [int(a) for a in argv] or [5_000, 20_000]
    print(f"{'names':>8} {'spellings':>10} {'seconds':>8} {'canonical':>10}")
    slow = False
    for n in sizes:
        counts, preferred = spellings(n)
        start = time.perf_counter()
        mapping = merge_spellings(counts, preferred)
        seconds = time.perf_counter() - start
        canonical = len(set(mapping.values()))
        print(f"{n:>8,} {len(counts):>10,} {seconds:>8.2f} {canonical:>10,}")
        slow |= seconds >= LIMIT_SECONDS
    sys.exit(1 if slow else 0)


if __name__ == "__main__":
    main(sys.argv[1:])
