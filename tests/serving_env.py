"""A production-settings site in a subprocess for the serving tests: migrated
SQLite database, collectstatic into a temporary STATIC_ROOT, and a helper that
runs a script under escape_site.settings with DJANGO_DEBUG off."""

import json
import os
import subprocess
import sys
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SECRET_KEY = "serving-test-" + "a9Xq-" * 12


def production_env(tmp: Path, **overrides: str) -> dict[str, str]:
    environ = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "GUNICORN_"))
        and k not in {"DATABASE_URL", "REDIS_URL"}
    }
    environ.update(
        DJANGO_SETTINGS_MODULE="escape_site.settings",
        DJANGO_SECRET_KEY=SECRET_KEY,
        DJANGO_ALLOWED_HOSTS="reviews.example.org",
        DATABASE_URL=f"sqlite:///{tmp / 'db.sqlite3'}",
        DJANGO_STATIC_ROOT=str(tmp / "static"),
    )
    environ.update(overrides)
    return environ


def run_python(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )


def build_site(tmp: Path) -> dict[str, str]:
    """Migrate and collectstatic; returns the environment that serves it."""
    env = production_env(tmp)
    for command in ("migrate --noinput", "collectstatic --noinput"):
        result = run_python(["manage.py", *command.split()], env)
        assert result.returncode == 0, result.stderr
    return env


def run_script(script: str, env: dict[str, str]):
    """Runs `script` (which prints one JSON document last) with Django set up."""
    prelude = "import django, json\ndjango.setup()\n"
    result = run_python(["-c", prelude + script], env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])
