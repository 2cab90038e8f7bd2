"""Load test with wrk against gunicorn and production settings.

    .venv/bin/python bench/bench_http.py [--database sqlite|postgres] \\
        [--size 100000] [--connections 64] [--duration 30] [--workers N]

Serves the demo database (reused or generated: see bench/_common.py) with
gunicorn on 127.0.0.1 and runs wrk on each URL in turn, in the same server
run: the home page, /reviews/, a filtered list, a film page, an API list and
a hashed CSS file. Reports requests/s, p99 latency, non-2xx/3xx responses and
socket errors per URL, and each page's rate as a fraction of the static file's.
Pages are anonymous and served from the page cache after a first request
(target: >= 0.70 of the static rate). Exits 1 on any error response or socket
error. Needs wrk (Debian: ``apt-get install wrk``).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import _common as common  # noqa: E402

TARGET_FRACTION = 0.70
UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def parse_wrk(output: str) -> dict:
    def number(pattern: str, default: float = 0.0) -> float:
        match = re.search(pattern, output)
        return float(match.group(1)) if match else default

    p99 = re.search(r"^\s*99%\s+([\d.]+)(us|ms|s|m)\s*$", output, re.MULTILINE)
    socket = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    return {
        "rps": number(r"Requests/sec:\s+([\d.]+)"),
        "requests": int(number(r"(\d+) requests in")),
        "p99_ms": float(p99.group(1)) * UNITS[p99.group(2)] if p99 else float("nan"),
        "non_2xx_3xx": int(number(r"Non-2xx or 3xx responses:\s+(\d+)")),
        "socket_errors": sum(int(n) for n in socket.groups()) if socket else 0,
    }


def run_wrk(url: str, connections: int, duration: int, threads: int) -> dict:
    command = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{duration}s",
        "--latency",
        "--timeout",
        "10s",
        url,
    ]
    output = subprocess.run(command, stdout=subprocess.PIPE, text=True, check=True)
    return parse_wrk(output.stdout)


def targets(parameters: dict[str, str], css: str) -> list[tuple[str, str]]:
    return [
        ("home", "/"),
        ("review list", "/reviews/"),
        ("filtered list", f"/reviews/?theme={parameters['theme']}&tone=positive"),
        ("film page", f"/films/{parameters['film']}/"),
        ("API review list", "/api/v1/reviews/"),
        ("static CSS", css),
    ]


def site_css(base: str) -> str:
    """The hashed stylesheet the home page links to (the manifest's largest
    CSS file if none)."""
    with urllib.request.urlopen(base + "/", timeout=60) as response:
        html = response.read().decode(errors="replace")
    links = re.findall(r'href="(/static/[^"]+\.[0-9a-f]{12}\.css)"', html)
    return links[0] if links else common.hashed_css_url()


def warm(base: str, path: str) -> int:
    """One request (fills the page cache); its status."""
    request = urllib.request.Request(base + path, headers={"Accept": "*/*"})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=common.DATABASES, default="sqlite")
    parser.add_argument("--size", type=int, default=100000)
    parser.add_argument("--seed", type=int, default=common.DEFAULT_SEED)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--duration", type=int, default=30, help="Seconds per URL.")
    parser.add_argument(
        "--workers", type=int, help="gunicorn workers (default: the conf's)"
    )
    parser.add_argument("--wrk-threads", type=int, default=2)
    parser.add_argument(
        "--out", help="Result file (default bench/results/http-<date>.md)"
    )
    args = parser.parse_args(argv)
    if shutil.which("wrk") is None:
        print("wrk is not installed: run `apt-get install wrk` (Debian/Ubuntu).")
        return 2
    if min(args.connections, args.duration, args.size) < 1:
        parser.error("--connections, --duration and --size must be positive")

    url = common.prepare_database(args.database, args.size, args.seed)
    env = common.base_env(url)
    common.collect_static(env)
    parameters = common.database_parameters(env)
    workdir = common.temp_dir("bench-http-")
    log = workdir / "gunicorn-error.log"
    workers = args.workers or 2 * (os.cpu_count() or 1) + 1
    results = []
    with common.gunicorn(env, workers=workers, log=log) as base:
        for label, path in targets(parameters, site_css(base)):
            status = warm(base, path)
            common.say(f"wrk {label} {path} (first answer {status}), {args.duration} s")
            result = run_wrk(
                base + path, args.connections, args.duration, args.wrk_threads
            )
            result.update(label=label, path=path, first_status=status)
            common.say(
                f"  {result['rps']:.0f} req/s, p99 {result['p99_ms']:.0f} ms, "
                f"{result['non_2xx_3xx']} non-2xx/3xx, {result['socket_errors']} socket errors"
            )
            results.append(result)
    server_errors = log.read_text().count("Traceback") if log.exists() else 0

    static_rps = results[-1]["rps"] or float("nan")
    rows, errors, slow = [], 0, []
    for r in results:
        fraction = r["rps"] / static_rps
        errors += r["non_2xx_3xx"] + r["socket_errors"] + (r["first_status"] >= 400)
        if r is not results[-1] and fraction < TARGET_FRACTION:
            slow.append(r["label"])
        rows.append(
            [
                r["label"],
                f"`{r['path']}`",
                f"{r['rps']:.0f}",
                f"{r['p99_ms']:.0f} ms",
                r["non_2xx_3xx"],
                r["socket_errors"],
                f"{fraction:.2f}",
            ]
        )
    table = common.markdown_table(
        ["URL", "path", "req/s", "p99", "non-2xx/3xx", "socket errors", "x static"],
        rows,
    )
    report = (
        f"# HTTP load test ({common.machine_note()})\n\n"
        f"wrk, {args.connections} connections, {args.wrk_threads} threads, "
        f"{args.duration} s per URL, one after the other against one gunicorn "
        f"({workers} workers, gunicorn.conf.py) on {args.database} with "
        f"{args.size:,} demo reviews; production settings, anonymous (page cache "
        f"on). Target: pages >= {TARGET_FRACTION:.2f} of the static rate, 0 errors.\n\n"
        f"{table}\n\nTracebacks in the gunicorn error log: {server_errors}\n"
    )
    out = common.result_path("http", args.out)
    out.write_text(report)
    print(report)
    common.remove(workdir)
    failed = errors or server_errors
    verdict = "FAILED (errors)" if failed else "OK"
    if slow:
        verdict += f"; below {TARGET_FRACTION:.2f} of static: {', '.join(slow)}"
    print(f"http: {len(results)} URLs, {errors} errors; {verdict}; {out}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
