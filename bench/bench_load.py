"""Benchmark `import_seeds --load`: N synthetic documents into a database.

    .venv/bin/python bench/bench_load.py 1000 10000                 # SQLite file
    .venv/bin/python bench/bench_load.py --postgres 1000 10000      # PostgreSQL

For each N: generates the documents `bench_import.py` generates, migrates an
empty database (a temporary SQLite file, or a fresh PostgreSQL database named
``bench_load_<pid>`` on 127.0.0.1, dropped afterwards), then, each in a fresh process: imports them with
``load=True`` into the empty database (extraction included: end to end);
imports them again, nothing changed; and loads the fixture the import wrote
with `load_fixtures` (what `make run` does on every start). Reports, per run:
wall time, documents per second, SQL statements per document, and the seconds
spent in the load step (the lock and the one write transaction: an upper bound
of how long an editor's save may wait).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.reviews.synthetic import generate  # noqa: E402

PG_SERVER = "postgres://postgres@127.0.0.1:5432"
RUNS = [
    ("import, empty db", False),  # import_seeds --load into an empty database
    ("import again", False),  # the same documents again: nothing changes
    ("load_fixtures again", True),  # `make run`'s load of the unchanged fixture
]

_CHILD = """
import os, sys, time, json
sys.path.insert(0, {root!r})
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "escape_site.settings_test")
import django; django.setup()
from pathlib import Path
from django.db import connection
import reviews.importer.pipeline as pipeline
from reviews.importer.pipeline import import_documents
statements = 0
def count(execute, sql, params, many, context):
    global statements
    statements += 1
    return execute(sql, params, many, context)
load_seconds = 0.0
real = pipeline.load_records
def timed(*args, **kwargs):
    global load_seconds
    start = time.perf_counter()
    try:
        return real(*args, **kwargs)
    finally:
        load_seconds += time.perf_counter() - start
pipeline.load_records = timed
with connection.execute_wrapper(count):
    start = time.perf_counter()
    if {fixture_only!r}:
        from django.core.management import call_command
        call_command("load_fixtures", {output!r}, verbosity=0)
        load_seconds = time.perf_counter() - start
    else:
        import_documents([{folder!r}], output=Path({output!r}), load=True)
    elapsed = time.perf_counter() - start
print(json.dumps({{"seconds": elapsed, "statements": statements,
  "load_seconds": load_seconds}}))
"""


def _run_child(folder: Path, env: dict, fixture_only: bool) -> dict:
    code = _CHILD.format(
        root=str(ROOT),
        folder=str(folder),
        output=str(folder.parent / "out.json"),
        fixture_only=fixture_only,
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env
    )
    if result.returncode:
        raise SystemExit(result.stderr)
    return json.loads(result.stdout.strip().splitlines()[-1])


def _database(tmp: str, postgres: bool) -> str:
    if not postgres:
        return f"sqlite:///{tmp}/bench.sqlite3"
    # One database per run: helpers benchmarking side by side must not share it.
    name = f"bench_load_{os.getpid()}"
    for sql in (f"DROP DATABASE IF EXISTS {name}", f"CREATE DATABASE {name}"):
        subprocess.run(
            ["psql", f"{PG_SERVER}/postgres", "-q", "-c", sql],
            check=True,
            capture_output=True,
        )
    return f"{PG_SERVER}/{name}"


def _drop(name: str) -> None:
    subprocess.run(
        [
            "psql",
            f"{PG_SERVER}/postgres",
            "-q",
            "-c",
            f"DROP DATABASE IF EXISTS {name}",
        ],
        capture_output=True,
    )


def run(n: int, postgres: bool) -> list[dict]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "docs"
        folder.mkdir()
        generate(folder, n)
        env = {**os.environ, "DATABASE_URL": _database(tmp, postgres)}
        env["DJANGO_DEBUG"] = "1"
        subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), "migrate", "-v0"],
            check=True,
            env=env,
        )
        try:
            return [
                {**_run_child(folder, env, fixture_only), "documents": n, "run": name}
                for name, fixture_only in RUNS
            ]
        finally:
            if postgres:
                _drop(env["DATABASE_URL"].rsplit("/", 1)[1])


def main(argv: list[str]) -> None:
    postgres = "--postgres" in argv
    sizes = [int(a) for a in argv if not a.startswith("--")] or [1000, 10000]
    print("database:", "PostgreSQL" if postgres else "SQLite (file, WAL)")
    print(
        f"{'documents':>10} {'run':<20} {'seconds':>8} {'docs/s':>8} "
        f"{'statements':>11} {'stmts/doc':>10} {'load step s':>12}"
    )
    for n in sizes:
        for s in run(n, postgres):
            print(
                f"{s['documents']:>10} {s['run']:<20} {s['seconds']:>8.2f} "
                f"{n / s['seconds']:>8.0f} {s['statements']:>11} "
                f"{s['statements'] / n:>10.2f} {s['load_seconds']:>12.2f}"
            )


if __name__ == "__main__":
    main(sys.argv[1:])
