"""Benchmark the importer on worst-case documents just under the size limit.

    .venv/bin/python bench/bench_worst_case.py                 # every case
    .venv/bin/python bench/bench_worst_case.py issue           # a group of cases
    .venv/bin/python bench/bench_worst_case.py initials        # one case

Each case is one document of hostile but legal text (a run of initials, one
sentence with no full stop, ...) a little under ``MAX_DOCUMENT_BYTES``. It is
imported end to end (fixture only, no database) in a fresh process, and the
table gives its size, the import's wall time and processor time (which
other work on the machine does not inflate) and how many sentences the
document splits into. The script exits non-zero if any case takes
``LIMIT_SECONDS`` or more of wall time (a case still running at
``TIMEOUT_SECONDS`` is stopped and counts as a failure).
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from itertools import count
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIMIT_SECONDS = 5.0
TIMEOUT_SECONDS = 120.0

_INITIALS = "ABCDEFGHJKLMNPRSTVW"
_SURNAMES = "Smith Jones Brown Taylor Wilson Evans Thomas Roberts Walker Wright".split()
_SYLLABLES = "ka lo mi ren sa tor vel an du mar el is or bren cal dun fen gar".split()


def _invented(i: int) -> str:
    """The i-th of many distinct capitalised words ("Kalo", "Lomiren", ...)."""
    n = len(_SYLLABLES)
    return "".join(_SYLLABLES[(i // n**k + k) % n] for k in range(2 + i % 2)).title()


def _initials() -> Iterator[str]:
    while True:
        yield "A. "


def _credits() -> Iterator[str]:
    yield "The cast includes "
    for i in count():
        yield f"{_INITIALS[i % len(_INITIALS)]}. {_SURNAMES[i % len(_SURNAMES)]}, "


def _credits_of_distinct_names() -> Iterator[str]:
    yield "Starring "
    for i in count():
        yield f"{_invented(i)} {_invented(i + 7919)}, "


def _one_sentence() -> Iterator[str]:
    words = "and the camera lingers on the water while the town sleeps".split()
    for i in count():
        yield words[i % len(words)] + " "


def _short_lines() -> Iterator[str]:
    for i in count():
        yield f"Line {_invented(i)}\n"


def _capitalised_words() -> Iterator[str]:
    for i in count():
        yield _invented(i) + " "


# Words that let every cast-and-crew pattern run on a sentence (each is
# skipped unless its cue word is there).
_CUES = "as Kalo, played by director star's wrote Lo (Miren) with sons, Kalo filmed in "


def _capitalised_words_with_cues() -> Iterator[str]:
    for i in count():
        yield _invented(i) + " " + (_CUES if i % 60 == 59 else "")


def _sentiment() -> Iterator[str]:
    """Words VADER scores and the words that make it look around them ("not",
    "but", "very"), in an order that never repeats a sentence."""
    words = "not a bad but good and very sad happy no never so kind of".split()
    rng = random.Random(7)
    while True:
        yield rng.choice(words) + " "


def _cast_pairs() -> Iterator[str]:
    for i in count():
        yield f"{_invented(i)} {_invented(i + 1)} ({_invented(i + 2)} {_invented(i + 3)}), "


def _titles_with_years() -> Iterator[str]:
    for i in count():
        yield f"{_invented(i)} {_invented(i + 1)} ({1950 + i % 70}) "


def _filming_places() -> Iterator[str]:
    yield "Filming took place "
    for i in count():
        yield f"in {_invented(i)} {_invented(i + 1)}, "


CASES: dict[str, Callable[[], Iterator[str]]] = {
    "initials": _initials,
    "credits": _credits,
    "one-sentence": _one_sentence,
    "short-lines": _short_lines,
    "capitalised": _capitalised_words,
    "capitalised-cues": _capitalised_words_with_cues,
    "sentiment": _sentiment,
    "distinct-credits": _credits_of_distinct_names,
    "cast-pairs": _cast_pairs,
    "titles-years": _titles_with_years,
    "filming-places": _filming_places,
}
# Cases by what they stress; a group's name runs all of its cases.
GROUPS = {
    # The worst cases the issue names.
    "issue": ["initials", "credits", "one-sentence", "short-lines", "capitalised"],
    # Text that makes one extraction pass work hardest.
    "extraction": ["capitalised-cues", "sentiment", "distinct-credits"],
    # Text that is nearly all facts: tens of thousands of records to resolve.
    "facts": ["cast-pairs", "titles-years", "filming-places"],
}


# Names the film, so that every case is importable whatever its text, and
# opens on a word (a document of initials alone has no prose to import).
HEADER = "Film: The Worst Case (2019)\n\nThe text that follows is hostile. "


def build(case: str, limit: int) -> str:
    """The case's text, as many pieces as fit under ``limit`` bytes."""
    parts: list[str] = [HEADER]
    size = len(HEADER.encode("utf-8"))
    for piece in CASES[case]():
        piece_size = len(piece.encode("utf-8"))
        if size + piece_size > limit:
            break
        parts.append(piece)
        size += piece_size
    return "".join(parts)


_CHILD = """
import os, sys, time, json
sys.path.insert(0, {root!r})
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "escape_site.settings_test")
import django; django.setup()
from pathlib import Path
from reviews.importer.documents import DocumentRef, read_document
from reviews.importer.pipeline import import_documents
from reviews.importer.text import split_sentences
start, cpu = time.perf_counter(), time.process_time()
report = import_documents([Path({path!r})], output=Path({output!r}))
elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
text = read_document(DocumentRef(Path({path!r}), "case.txt")).text
print(json.dumps({{"seconds": elapsed, "cpu": cpu,
  "sentences": len(split_sentences(text)),
  "records": sum(report.records.values()), "rejected": len(report.rejected)}}))
"""


def run(case: str, limit: int) -> dict:
    """Import the case's document in a fresh process; its figures."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"{case}.txt"
        path.write_text(build(case, limit), encoding="utf-8")
        size = path.stat().st_size
        code = _CHILD.format(
            root=str(ROOT), path=str(path), output=str(Path(tmp) / "out.json")
        )
        try:
            result = subprocess.run(
                [sys.executable, "-c", code],
                capture_output=True,
                text=True,
                check=False,
                timeout=TIMEOUT_SECONDS,
            )
        except subprocess.TimeoutExpired:
            return {"bytes": size, "seconds": float("inf"), "error": "timed out"}
    if result.returncode:
        error = (result.stderr.strip().splitlines() or ["failed"])[-1]
        return {"bytes": size, "seconds": float("inf"), "error": error}
    stats = json.loads(result.stdout.strip().splitlines()[-1])
    stats["bytes"] = size
    return stats


def main(argv: list[str]) -> int:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "escape_site.settings_test")
    import django

    django.setup()
    from reviews.importer.documents import MAX_DOCUMENT_BYTES

    unknown = [a for a in argv if a not in CASES and a not in GROUPS]
    if unknown:
        print(
            f"unknown case(s): {', '.join(unknown)}; "
            f"known: {', '.join([*GROUPS, *CASES])}"
        )
        return 2
    cases = [c for a in argv for c in GROUPS.get(a, [a])] or list(CASES)
    limit = MAX_DOCUMENT_BYTES - 1024  # just under the limit
    row = "{:<18} {:>10} {:>8} {:>6} {:>10} {:>8}  {}"
    print(
        row.format(
            "case", "bytes", "seconds", "cpu s", "sentences", "records", ""
        ).rstrip()
    )
    failed = []
    for case in dict.fromkeys(cases):
        s = run(case, limit)
        if "error" in s:
            print(row.format(case, f"{s['bytes']:,}", *"----", s["error"]))
        else:
            print(
                row.format(
                    case,
                    f"{s['bytes']:,}",
                    f"{s['seconds']:.2f}",
                    f"{s['cpu']:.2f}",
                    f"{s['sentences']:,}",
                    f"{s['records']:,}",
                    "",
                ).rstrip()
            )
        if s["seconds"] >= LIMIT_SECONDS:
            failed.append(case)
    # Wall time includes waiting for a processor: say how busy the machine was.
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} processors")
    if failed:
        print(f"FAILED (>= {LIMIT_SECONDS:g} s or error): {', '.join(failed)}")
        return 1
    print(f"all cases under {LIMIT_SECONDS:g} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
