"""Server time and SQL queries of each public page type, at several sizes.

    .venv/bin/python bench/bench_latency.py --sizes 1000,10000,100000 \\
        --databases sqlite,postgres --runs 30 [--seed 2017] [--out FILE]

For each database and size it reuses (or generates) a demo database, then, in
a fresh process with production settings, requests every page in-process with
Django's test client: ``--runs`` times with the page cache off
(DJANGO_PAGE_CACHE_SECONDS=0; p50 and p95 milliseconds, SQL queries), then, in
another process with the page cache on, the anonymous page a second time
(p50 of ``--runs`` cache hits). Parameters (a theme, a film...) are read from
the database. Writes a Markdown table to bench/results/latency-<date>.md.
Exits 1 when a page does not answer 200.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import _common as common  # noqa: E402

PAGE_LINK = re.compile(r'href="(\?[^"]*?page=(\d+)[^"]*)"')


def page_urls(p: dict[str, str]) -> list[tuple[str, str]]:
    return [
        ("home", "/"),
        ("review list (with facets)", "/reviews/"),
        ("review list, 1 filter", f"/reviews/?theme={p['theme']}"),
        ("review list, 2 filters", f"/reviews/?theme={p['theme']}&tone=positive"),
        ("review list, last page", "LAST_PAGE"),
        ("review list, ?q=", f"/reviews/?q={p['word']}"),
        ("search", f"/search/?q={p['word']}"),
        ("film", f"/films/{p['film']}/"),
        ("review", f"/reviews/{p['review']}/"),
        ("person", f"/people/{p['person']}/"),
        ("location", f"/locations/{p['location']}/"),
        ("API reviews", "/api/v1/reviews/"),
        ("API reviews, filter", f"/api/v1/reviews/?theme={p['theme']}"),
        ("API reviews, ?q=", f"/api/v1/reviews/?q={p['word']}"),
        ("API films", "/api/v1/films/"),
        ("API people", "/api/v1/people/"),
    ]


def last_page_url(client) -> str:
    """The list's own link to its last reachable page (it may be bounded)."""
    html = client.get("/reviews/").content.decode()
    links = [(int(n), href) for href, n in PAGE_LINK.findall(html)]
    if not links:
        return "/reviews/"
    _, href = max(links)
    return "/reviews/" + href.replace("&amp;", "&")


def measure(url: str, client, runs: int, cached: bool) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    headers = {"HTTP_ACCEPT": "application/json"} if url.startswith("/api/") else {}
    first = client.get(url, **headers)  # warms up; in cached mode, fills the cache
    times, queries, statuses = [], [], {first.status_code}
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url, **headers)
            times.append((time.perf_counter() - started) * 1000)
        queries.append(len(captured))
        statuses.add(response.status_code)
    return {
        "p50": common.percentile(times, 0.5),
        "p95": common.percentile(times, 0.95),
        "queries": sorted(queries)[len(queries) // 2],
        "statuses": sorted(statuses),
        "cached": cached,
    }


def worker(runs: int, cached: bool) -> None:
    """Runs inside the settings of the environment; prints JSON results."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "escape_site.settings")
    import django

    django.setup()
    from django.core.cache import cache
    from django.test import Client

    cache.clear()
    client = Client()
    parameters = common.pick_parameters()
    results = {}
    for label, url in page_urls(parameters):
        if url == "LAST_PAGE":
            url = last_page_url(client)
        results[label] = {"url": url, **measure(url, client, runs, cached)}
        print(f"  {label}: {results[label]['p50']:.1f} ms", file=sys.stderr, flush=True)
    print(json.dumps({"parameters": parameters, "pages": results}))


def run_worker(url: str, runs: int, cached: bool) -> dict:
    env = common.base_env(url, DJANGO_PAGE_CACHE_SECONDS="600" if cached else "0")
    result = subprocess.run(
        [common.PYTHON, __file__, "--worker", "--runs", str(runs)]
        + (["--cached"] if cached else []),
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    if result.returncode:
        raise SystemExit(f"The measuring process failed ({result.returncode}).")
    return json.loads(result.stdout.strip().splitlines()[-1])


def cell(uncached: dict, cached: dict) -> str:
    text = (
        f"{uncached['p50']:.1f} / {uncached['p95']:.1f} ms, "
        f"{uncached['queries']} q; cached {cached['p50']:.1f} ms"
    )
    bad = [s for s in uncached["statuses"] + cached["statuses"] if s != 200]
    return text + (f" **HTTP {bad}**" if bad else "")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--databases", default="sqlite")
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--seed", type=int, default=common.DEFAULT_SEED)
    parser.add_argument(
        "--out", help="Result file (default bench/results/latency-<date>.md)"
    )
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--cached", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    if args.worker:
        worker(args.runs, args.cached)
        return 0

    sizes = common.parse_sizes(args.sizes)
    databases = common.parse_databases(args.databases)
    columns, failures, parameters = [], 0, {}
    for database in databases:
        for size in sizes:
            url = common.prepare_database(database, size, args.seed)
            common.collect_static(common.base_env(url))
            common.say(
                f"{database} {size:,}: measuring, page cache off ({args.runs} runs)"
            )
            uncached = run_worker(url, args.runs, cached=False)
            common.say(f"{database} {size:,}: measuring cache hits")
            cached = run_worker(url, args.runs, cached=True)
            parameters[f"{database} {size:,}"] = uncached["parameters"]
            columns.append((f"{database} {size:,}", uncached["pages"], cached["pages"]))

    labels = list(columns[0][1])
    rows = []
    for label in labels:
        row = [label]
        for _, uncached, cached in columns:
            row.append(cell(uncached[label], cached[label]))
            statuses = uncached[label]["statuses"] + cached[label]["statuses"]
            failures += any(status != 200 for status in statuses)
        rows.append(row)
    table = common.markdown_table(["page"] + [name for name, _, _ in columns], rows)
    urls = "\n".join(f"- {label}: `{columns[-1][1][label]['url']}`" for label in labels)
    report = (
        f"# Latency: server time per page ({common.machine_note()})\n\n"
        f"p50 / p95 of {args.runs} uncached requests (page cache off), median SQL "
        f"queries; cached = p50 of the anonymous page served again with the page "
        f"cache on. In-process (django.test.Client), production settings.\n\n"
        f"{table}\n\nURLs measured (last column):\n{urls}\n"
    )
    out = common.result_path("latency", args.out)
    out.write_text(report)
    print(report)
    summary = "OK" if not failures else f"FAILED: {failures} page(s) did not answer 200"
    print(f"latency: {len(labels)} pages x {len(columns)} databases; {summary}; {out}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
