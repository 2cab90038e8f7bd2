"""Benchmark the seed importer on N synthetic documents.

    .venv/bin/python bench/bench_import.py 1000 10000
    .venv/bin/python bench/bench_import.py --rerun 1000 10000   # over an existing fixture

For each N: generates N review/article documents about invented films into a
temporary folder, then runs the importer (fixture only, no database) in a
fresh process and reports wall time, documents per second and the process's
peak resident memory. Names are invented from syllables: nothing here is
taken from the seeds.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.reviews.synthetic import generate  # noqa: E402

_CHILD = """
import os, sys, time, resource, json
sys.path.insert(0, {root!r})
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "escape_site.settings_test")
import django; django.setup()
from pathlib import Path
from reviews.importer.pipeline import import_documents
start = time.perf_counter()
report = import_documents([{folder!r}], output=Path({output!r}))
elapsed = time.perf_counter() - start
print(json.dumps({{"seconds": elapsed, "records": sum(report.records.values()),
  "rejected": len(report.rejected),
  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
  "worker_peak_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}}))
"""


def run(n: int, rerun: bool = False) -> dict:
    """Import N generated documents; with ``rerun``, import them a second time
    over the fixture the first run wrote (the usual case for an editor) and
    report that second run."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "docs"
        folder.mkdir()
        generate(folder, n)
        output = Path(tmp) / "out.json"
        code = _CHILD.format(root=str(ROOT), folder=str(folder), output=str(output))
        for _ in range(2 if rerun else 1):
            result = subprocess.run(
                [sys.executable, "-c", code],
                capture_output=True,
                text=True,
                check=False,
            )
            if result.returncode:
                raise SystemExit(result.stderr)
        stats = json.loads(result.stdout.strip().splitlines()[-1])
        stats["fixture_mb"] = output.stat().st_size / 2**20
    stats["documents"] = n
    stats["docs_per_second"] = n / stats["seconds"]
    return stats


def main(argv: list[str]) -> None:
    rerun = "--rerun" in argv
    sizes = [int(a) for a in argv if a != "--rerun"] or [1000, 10000]
    print(
        f"{'documents':>10} {'seconds':>8} {'docs/s':>8} {'peak RSS MB':>12} "
        f"{'worker MB':>10} {'records':>9} {'fixture MB':>11}"
    )
    for n in sizes:
        s = run(n, rerun)
        print(
            f"{s['documents']:>10} {s['seconds']:>8.2f} {s['docs_per_second']:>8.0f} "
            f"{s['peak_rss_mb']:>12.1f} {s['worker_peak_rss_mb']:>10.1f} "
            f"{s['records']:>9} {s['fixture_mb']:>11.1f}"
        )


if __name__ == "__main__":
    main(sys.argv[1:])
