"""Concurrent API writers and page readers against gunicorn: no lock errors,
no 5xx, no lost update.

    .venv/bin/python bench/bench_concurrent_writes.py [--database sqlite] \\
        [--size 100000] [--writers 8] [--readers 4] [--duration 30] [--reviews 20]

Serves the demo database as bench_http.py does. Each writer is a thread with
its own HTTP connection and the API token of its own Editors-group user; it
picks one of ``--reviews`` published reviews at random, GETs it (ETag), and
PATCHes its excerpt with If-Match; on 412 it re-reads and retries. Readers
load the home page, the review list, a written review and the API list.

The lost-update check: each write sets the excerpt to a unique marker that
names the marker it replaced ("<marker> | after: <previous>"). Afterwards, the
review's history of this run must be one unbroken chain starting at the
excerpt read before the run, holding every acknowledged (2xx) marker exactly
once, and ending at the excerpt the row holds. Two writes that both replaced
the same version (a lost update) break the chain; ``--no-if-match`` makes
writers skip the precondition to show the check failing.

Exits 1 on any 5xx, "database is locked", other error response, or lost
update. Writes bench/results/writes-<date>.md.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import _common as common  # noqa: E402

SEPARATOR = " | after: "
LOCKED = "database is locked"

SETUP_CODE = """
import json, sys
import django
django.setup()
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from rest_framework.authtoken.models import Token
from reviews.models import Review
from reviews.roles import EDITORS

writers, count = int(sys.argv[1]), int(sys.argv[2])
editors = Group.objects.get(name=EDITORS)
tokens = []
for n in range(1, writers + 1):
    user, _ = get_user_model().objects.get_or_create(username=f"bench-writer-{n}")
    user.groups.add(editors)
    token, _ = Token.objects.get_or_create(user=user)
    tokens.append(token.key)
reviews = (
    Review.objects.published()
    .filter(slug__startswith="demo-")
    .order_by("slug")
    .values_list("slug", "excerpt")[:count]
)
print(json.dumps({"tokens": tokens, "reviews": dict(reviews)}))
"""

HISTORY_CODE = """
import json, sys
import django
django.setup()
from django.utils.dateparse import parse_datetime
from reviews.models import Review

slugs, since = json.loads(sys.argv[1]), parse_datetime(sys.argv[2])
out = {}
for slug in slugs:
    review = Review.objects.get(slug=slug)
    rows = review.history.filter(history_date__gte=since).order_by("history_id")
    out[slug] = {
        "final": review.excerpt,
        "history": list(rows.values_list("excerpt", flat=True)),
    }
print(json.dumps(out))
"""


def django_json(env: dict[str, str], code: str, *args: str) -> dict:
    output = subprocess.run(
        [common.PYTHON, "-c", code, *args],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "escape_site.settings"},
        stdout=subprocess.PIPE,
        text=True,
        check=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def identity(excerpt: str) -> str:
    """The marker an excerpt stands for (the whole text before any write)."""
    return excerpt.split(SEPARATOR, 1)[0]


class Tally:
    """Counters shared by the threads."""

    def __init__(self):
        self.lock = threading.Lock()
        self.counts = Counter()
        self.statuses = Counter()
        self.acknowledged = defaultdict(list)  # slug -> markers answered 2xx
        self.locked_bodies = 0
        self.samples: list[str] = []

    def add(self, key: str, n: int = 1) -> None:
        with self.lock:
            self.counts[key] += n

    def response(self, kind: str, status: int, body: bytes) -> None:
        with self.lock:
            self.statuses[f"{kind} {status}"] += 1
            if LOCKED.encode() in body:
                self.locked_bodies += 1
            if status >= 500 and len(self.samples) < 5:
                self.samples.append(body[:300].decode(errors="replace"))


class Client:
    """One keep-alive HTTP connection (a session of its own)."""

    def __init__(self, base: str, token: str | None = None):
        parts = urlsplit(base)
        self.host, self.port = parts.hostname, parts.port
        self.headers = {"Accept": "application/json"}
        if token:
            self.headers["Authorization"] = f"Token {token}"
        self.connection = None

    def request(self, method: str, path: str, body=None, headers=None):
        for attempt in range(2):
            if self.connection is None:
                self.connection = http.client.HTTPConnection(
                    self.host, self.port, timeout=60
                )
            try:
                payload = json.dumps(body).encode() if body is not None else None
                all_headers = {**self.headers, **(headers or {})}
                if payload is not None:
                    all_headers["Content-Type"] = "application/json"
                self.connection.request(method, path, payload, all_headers)
                response = self.connection.getresponse()
                return response.status, dict(response.getheaders()), response.read()
            except (http.client.HTTPException, OSError):
                self.connection.close()
                self.connection = None
                if attempt or method != "GET":
                    raise
        raise AssertionError("unreachable")


def writer(number, base, token, slugs, stop, tally, run_id, if_match) -> None:
    client, rng, sequence = Client(base, token), random.Random(number), 0
    while not stop.is_set():
        slug = rng.choice(slugs)
        path = f"/api/v1/reviews/{slug}/"
        while not stop.is_set():
            try:
                status, headers, body = client.request("GET", path)
            except (http.client.HTTPException, OSError):
                tally.add("connection errors")
                break
            tally.response("GET", status, body)
            if status != 200:
                break
            sequence += 1
            previous = identity(json.loads(body)["excerpt"])
            marker = f"bench {run_id} w{number} n{sequence}"
            conditions = {"If-Match": headers.get("ETag", "")} if if_match else {}
            try:
                status, _, body = client.request(
                    "PATCH",
                    path,
                    {"excerpt": f"{marker}{SEPARATOR}{previous}"},
                    conditions,
                )
            except (http.client.HTTPException, OSError):
                tally.add("unanswered writes")
                break
            tally.response("PATCH", status, body)
            if status == 412:
                tally.add("retries (412)")
                continue
            if 200 <= status < 300:
                with tally.lock:
                    tally.acknowledged[slug].append(marker)
                tally.add("writes")
            break


def reader(number, base, paths, stop, tally) -> None:
    client, rng = Client(base), random.Random(1000 + number)
    while not stop.is_set():
        path = rng.choice(paths)
        try:
            status, _, body = client.request("GET", path)
        except (http.client.HTTPException, OSError):
            tally.add("connection errors")
            continue
        tally.response("read", status, body)
        tally.add("reads")


def check_chains(initial: dict, outcome: dict, acknowledged: dict) -> list[str]:
    """Problems with the history of each review (empty: no lost update)."""
    problems = []
    for slug, start in initial.items():
        history = outcome[slug]["history"]
        expected_previous = identity(start)
        seen = []
        for excerpt in history:
            marker, _, previous = excerpt.partition(SEPARATOR)
            if previous != expected_previous:
                problems.append(
                    f"{slug}: {marker!r} replaced {previous!r}, but the version "
                    f"before it was {expected_previous!r} (a lost update)"
                )
            seen.append(marker)
            expected_previous = marker
        if identity(outcome[slug]["final"]) != expected_previous:
            problems.append(f"{slug}: the row does not hold the last write")
        missing = set(acknowledged.get(slug, [])) - set(seen)
        if missing:
            problems.append(
                f"{slug}: {len(missing)} acknowledged writes not in history"
            )
        duplicated = [m for m, n in Counter(seen).items() if n > 1]
        if duplicated:
            problems.append(f"{slug}: markers written twice: {duplicated[:3]}")
    return problems


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=common.DATABASES, default="sqlite")
    parser.add_argument("--size", type=int, default=100000)
    parser.add_argument("--seed", type=int, default=common.DEFAULT_SEED)
    parser.add_argument("--writers", type=int, default=8)
    parser.add_argument("--readers", type=int, default=4)
    parser.add_argument("--duration", type=int, default=30)
    parser.add_argument("--reviews", type=int, default=20, help="Reviews written to.")
    parser.add_argument(
        "--workers", type=int, help="gunicorn workers (default: the conf's)"
    )
    parser.add_argument(
        "--no-if-match",
        action="store_true",
        help="Write without If-Match (shows the lost-update check failing).",
    )
    parser.add_argument(
        "--out", help="Result file (default bench/results/writes-<date>.md)"
    )
    args = parser.parse_args(argv)
    if (
        min(args.writers, args.duration, args.reviews, args.size) < 1
        or args.readers < 0
    ):
        parser.error("counts and --duration must be positive")

    url = common.prepare_database(args.database, args.size, args.seed)
    env = common.base_env(url)
    common.collect_static(env)
    setup = django_json(env, SETUP_CODE, str(args.writers), str(args.reviews))
    initial, tokens = setup["reviews"], setup["tokens"]
    slugs = sorted(initial)
    workdir = common.temp_dir("bench-writes-")
    log = workdir / "gunicorn.log"
    workers = args.workers or 2 * (os.cpu_count() or 1) + 1
    run_id = f"{time.time():.0f}"
    tally, stop = Tally(), threading.Event()

    with common.gunicorn(env, workers=workers, log=log) as base:
        since = django_json(
            env, "import django,json;django.setup();from django.utils import timezone;"
            "print(json.dumps(timezone.now().isoformat()))"
        )  # fmt: skip
        paths = ["/", "/reviews/", f"/reviews/{slugs[0]}/", "/api/v1/reviews/"]
        threads = [
            threading.Thread(
                target=writer,
                args=(
                    n + 1,
                    base,
                    tokens[n],
                    slugs,
                    stop,
                    tally,
                    run_id,
                    not args.no_if_match,
                ),
            )
            for n in range(args.writers)
        ] + [
            threading.Thread(target=reader, args=(n, base, paths, stop, tally))
            for n in range(args.readers)
        ]
        common.say(
            f"{args.writers} writers on {len(slugs)} reviews, {args.readers} readers, "
            f"{args.duration} s"
        )
        started = time.monotonic()
        for thread in threads:
            thread.start()
        while time.monotonic() - started < args.duration:
            time.sleep(min(5, args.duration))
            common.say(
                f"  {tally.counts['writes']} writes, {tally.counts['retries (412)']} "
                f"retries, {tally.counts['reads']} reads"
            )
        stop.set()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started

    outcome = django_json(env, HISTORY_CODE, json.dumps(slugs), since)
    problems = check_chains(initial, outcome, tally.acknowledged)
    server_log = log.read_text(errors="replace") if log.exists() else ""
    locked_in_log = server_log.count(LOCKED)
    tracebacks = server_log.count("Traceback")
    five_xx = sum(n for key, n in tally.statuses.items() if key.split()[1][0] == "5")
    other_errors = sum(
        n
        for key, n in tally.statuses.items()
        if key.split()[1][0] == "4" and key != "PATCH 412"
    )
    errors = five_xx + other_errors + tally.counts["connection errors"]
    failed = bool(errors or locked_in_log or tally.locked_bodies or problems)

    rows = [
        ["writes (2xx PATCH)", tally.counts["writes"], f"{tally.counts['writes'] / elapsed:.1f}/s"],
        ["reads", tally.counts["reads"], f"{tally.counts['reads'] / elapsed:.1f}/s"],
        ["retries (412)", tally.counts["retries (412)"], ""],
        ["5xx responses", five_xx, ""],
        ["other 4xx responses", other_errors, ""],
        ["connection errors / unanswered writes", tally.counts["connection errors"], tally.counts["unanswered writes"]],
        ['"database is locked" (log / responses)', locked_in_log, tally.locked_bodies],
        ["tracebacks in the server log", tracebacks, ""],
        ["lost updates / history problems", len(problems), ""],
    ]  # fmt: skip
    statuses = ", ".join(f"{key}: {n}" for key, n in sorted(tally.statuses.items()))
    report = (
        f"# Concurrent writes ({common.machine_note()})\n\n"
        f"{args.writers} API writers (Editors tokens, PATCH with "
        f"{'no If-Match' if args.no_if_match else 'If-Match'}) on {len(slugs)} "
        f"reviews and {args.readers} page readers for {elapsed:.0f} s against "
        f"gunicorn ({workers} workers) on {args.database} with {args.size:,} demo "
        f"reviews.\n\n"
        + common.markdown_table(["measure", "count", "rate"], rows)
        + f"\n\nResponses: {statuses}\n"
        + ("".join(f"\n- {p}" for p in problems[:20]) + "\n" if problems else "")
        + ("".join(f"\n    {s}" for s in tally.samples) + "\n" if tally.samples else "")
    )
    out = common.result_path("writes", args.out)
    out.write_text(report)
    print(report)
    if failed:
        common.say(f"gunicorn log kept at {log}")
    else:
        common.remove(workdir)
    verdict = "FAILED" if failed else "OK"
    print(
        f"writes: {tally.counts['writes']} writes ({tally.counts['writes'] / elapsed:.1f}/s), "
        f"{tally.counts['reads']} reads, {tally.counts['retries (412)']} retries, "
        f"{errors} errors, {len(problems)} lost-update problems; {verdict}; {out}"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
