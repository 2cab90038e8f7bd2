"""Shared plumbing of the benchmark scripts: demo databases, environments,
gunicorn, result files.

A benchmark database holds `generate_demo_data` output of one size and seed:
SQLite files under bench/data/, PostgreSQL databases bench1k, bench10k,
bench100k on 127.0.0.1. A marker file (bench/data/<database>-<size>.json)
records the size and seed it was generated with, so a re-run reuses it.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / "data"
RESULTS = ROOT / "bench" / "results"
PYTHON = str(ROOT / ".venv" / "bin" / "python")
DEFAULT_SEED = 2017
POSTGRES_SERVER = "postgres://postgres@127.0.0.1:5432"
POSTGRES_NAMES = {1000: "bench1k", 10000: "bench10k", 100000: "bench100k"}
DATABASES = ("sqlite", "postgres")
# A load test comes from one address: the API's per-client limits would turn
# it into a test of the throttle.
UNTHROTTLED = "1000000000/second"


def say(message: str) -> None:
    print(f"[{dt.datetime.now():%H:%M:%S}] {message}", flush=True)


def parse_sizes(text: str) -> list[int]:
    try:
        sizes = [int(part.replace("_", "")) for part in text.split(",") if part]
    except ValueError:
        raise SystemExit(
            f"--sizes must be numbers separated by commas, not {text!r}"
        ) from None
    if not sizes or any(size < 1 for size in sizes):
        raise SystemExit("--sizes must be positive numbers.")
    return sizes


def parse_databases(text: str) -> list[str]:
    names = [part for part in text.split(",") if part]
    unknown = sorted(set(names) - set(DATABASES))
    if unknown or not names:
        raise SystemExit(f"--databases takes {', '.join(DATABASES)}; not {unknown}")
    return names


def database_url(database: str, size: int) -> str:
    if database == "sqlite":
        return f"sqlite:///{DATA / f'sqlite-{size}.sqlite3'}"
    if size not in POSTGRES_NAMES:
        raise SystemExit(
            f"PostgreSQL benchmark databases exist for {sorted(POSTGRES_NAMES)} reviews."
        )
    return f"{POSTGRES_SERVER}/{POSTGRES_NAMES[size]}"


def base_env(url: str, **extra: str) -> dict[str, str]:
    """Production settings (DEBUG off) for the database at ``url``."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL", "GUNICORN_"))
    }
    env.update(
        DATABASE_URL=url,
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_SECURE_COOKIES="0",
        DJANGO_STATIC_ROOT=str(DATA / "static"),
        DJANGO_API_THROTTLE_ANON=UNTHROTTLED,
        DJANGO_API_THROTTLE_USER=UNTHROTTLED,
        DJANGO_LOG_LEVEL="WARNING",
        PYTHONUNBUFFERED="1",
    )
    env.update(extra)
    return env


def manage(env: dict[str, str], *args: str, quiet: bool = False) -> str:
    """Run ``manage.py`` with ``env``; stop the benchmark if it fails."""
    result = subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE if quiet else None,
        text=True,
    )
    if result.returncode:
        raise SystemExit(f"manage.py {' '.join(args)} failed ({result.returncode}).")
    return result.stdout or ""


def _marker(database: str, size: int) -> Path:
    return DATA / f"{database}-{size}.json"


def _recreate_postgres(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(f"{POSTGRES_SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def prepare_database(database: str, size: int, seed: int = DEFAULT_SEED) -> str:
    """The URL of a migrated database holding ``size`` demo reviews of
    ``seed``: reused when its marker matches, otherwise built from scratch."""
    DATA.mkdir(parents=True, exist_ok=True)
    url = database_url(database, size)
    env = base_env(url)
    marker = _marker(database, size)
    wanted = {"reviews": size, "seed": seed}
    exists = database == "postgres" or Path(url.removeprefix("sqlite:///")).exists()
    if exists and marker.exists() and json.loads(marker.read_text()) == wanted:
        say(f"{database} {size:,}: reusing the generated database; migrating")
        manage(env, "migrate", "--verbosity", "0")
        # New indexes from the migration need the planner's statistics.
        manage(
            env,
            "shell",
            "-c",
            "from reviews.importer.load import optimize_database; optimize_database()",
        )
        return url
    say(f"{database} {size:,}: generating {size:,} reviews (seed {seed})")
    marker.unlink(missing_ok=True)
    if database == "sqlite":
        path = Path(url.removeprefix("sqlite:///"))
        for leftover in path.parent.glob(path.name + "*"):
            leftover.unlink()
    else:
        _recreate_postgres(url)
    manage(env, "migrate", "--verbosity", "0")
    manage(env, "generate_demo_data", "--reviews", str(size), "--seed", str(seed))
    marker.write_text(json.dumps(wanted) + "\n")
    return url


def collect_static(env: dict[str, str]) -> None:
    manage(env, "collectstatic", "--noinput", "--verbosity", "0")


def hashed_css_url() -> str:
    """The URL of the largest hashed CSS file of the collected manifest."""
    manifest = json.loads((DATA / "static" / "staticfiles.json").read_text())
    css = [name for name in manifest["paths"].values() if name.endswith(".css")]
    if not css:
        raise SystemExit("No CSS file in the static files manifest.")
    largest = max(css, key=lambda name: (DATA / "static" / name).stat().st_size)
    return f"/static/{largest}"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def gunicorn(
    env: dict[str, str], *, workers: int, log: Path, threads: int | None = None
):
    """Serve the site on 127.0.0.1 (production settings of ``env``) for the
    ``with`` block; yields the base URL. Its output (error log, Django's log)
    goes to ``log``. The
    project's gunicorn.conf.py applies, with bind and workers (and threads,
    when given) overridden."""
    port = free_port()
    command = [str(ROOT / ".venv" / "bin" / "gunicorn")]
    if (ROOT / "gunicorn.conf.py").exists():
        command += ["-c", "gunicorn.conf.py"]
    else:
        command += ["--worker-class", "gthread", "--threads", "4"]
    if threads:
        command += ["--threads", str(threads)]
    command += [
        "--bind", f"127.0.0.1:{port}",
        "--workers", str(workers),
        "--error-logfile", "-",
        "--access-logfile", "/dev/null",
        "escape_site.wsgi:application",
    ]  # fmt: skip
    # gunicorn's error log and Django's log (stderr) both go to ``log``.
    with open(log, "w") as output:
        server = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base, server, log)
        say(f"gunicorn up at {base} ({workers} workers)")
        yield base
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()


def _wait_until_up(base: str, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited early; see {log}:\n{_tail(log)}")
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"gunicorn did not answer within 60 s; see {log}")


def _tail(path: Path, lines: int = 20) -> str:
    try:
        return "\n".join(path.read_text().splitlines()[-lines:])
    except OSError:
        return ""


def result_path(kind: str, out: str | None) -> Path:
    if out:
        return Path(out)
    RESULTS.mkdir(parents=True, exist_ok=True)
    return RESULTS / f"{kind}-{dt.date.today():%Y-%m-%d}.md"


def markdown_table(headers: list[str], rows: list[list]) -> str:
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def machine_note() -> str:
    return (
        f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, {os.cpu_count()} CPUs, "
        f"Python {sys.version.split()[0]}"
    )


def temp_dir(prefix: str) -> Path:
    return Path(tempfile.mkdtemp(prefix=prefix))


def remove(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def pick_parameters() -> dict[str, str]:
    """Slugs and words that exist in this database: the most reviewed film
    and what belongs to it, the most used theme."""
    from django.db.models import Count

    from films.models import Credit, FilmLocation
    from reviews.models import Review, Theme

    published = Review.objects.published()
    film = (
        published.values("film__slug", "film_id")
        .annotate(n=Count("pk"))
        .order_by("-n", "film__slug")
        .first()
    )
    if film is None:
        raise SystemExit("The database has no published review to measure.")
    theme = (
        Theme.objects.visible()
        .annotate(n=Count("reviews"))
        .order_by("-n", "slug")
        .values_list("slug", flat=True)
        .first()
    )
    review = published.filter(film_id=film["film_id"]).order_by("slug").first()
    credit = (
        Credit.objects.filter(film_id=film["film_id"])
        .order_by("billing_order")
        .select_related("person", "character")
        .first()
    )
    place = (
        FilmLocation.objects.filter(film_id=film["film_id"])
        .select_related("location")
        .order_by("pk")
        .first()
    )
    character = review.mentions.filter(kind="character").first()
    word = character.character.name if character else review.film.title.split()[-1]
    return {
        "film": film["film__slug"],
        "theme": theme,
        "review": review.slug,
        "person": credit.person.slug,
        "location": place.location.slug,
        "word": word.lower(),
    }


def database_parameters(env: dict[str, str]) -> dict[str, str]:
    """`pick_parameters` of the database of ``env``, from a Django process."""
    code = (
        "import django, json; django.setup(); "
        "from bench._common import pick_parameters; "
        "print(json.dumps(pick_parameters()))"
    )
    output = subprocess.run(
        [PYTHON, "-c", code],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "escape_site.settings"},
        stdout=subprocess.PIPE,
        text=True,
        check=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])
