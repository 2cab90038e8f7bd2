"""The real settings module, started in a fresh interpreter per environment.

Settings are read once at import, so each case runs in a subprocess with the
environment under test instead of patching ``os.environ`` in this process.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SETTINGS_ENV = (
    "DJANGO_SECRET_KEY",
    "DJANGO_DEBUG",
    "DJANGO_ALLOWED_HOSTS",
    "DATABASE_URL",
    "REDIS_URL",
)


def run_django(code, **env):
    """Run ``code`` after ``django.setup()`` with only the given settings variables."""
    environ = {k: v for k, v in os.environ.items() if k not in SETTINGS_ENV}
    environ["DJANGO_SETTINGS_MODULE"] = "escape_site.settings"
    environ.update(env)
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=PROJECT_ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=60,
    )


def databases(**env):
    result = run_django(
        "import json; from django.conf import settings; "
        "print(json.dumps(settings.DATABASES['default'], default=str))",
        **env,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_production_without_secret_key_refuses_to_start():
    result = run_django("", DJANGO_DEBUG="0")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_debug_unset_means_production():
    result = run_django("")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_with_secret_key_and_hosts_starts():
    result = run_django(
        "from django.conf import settings; print(settings.DEBUG)",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="a-long-random-production-key",
        DJANGO_ALLOWED_HOSTS="reviews.example.org",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_production_refuses_to_start_without_allowed_hosts():
    result = run_django(
        "", DJANGO_DEBUG="0", DJANGO_SECRET_KEY="a-long-random-production-key"
    )
    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS" in result.stderr


def test_debug_starts_without_secret_key():
    result = run_django(
        "from django.conf import settings; print(settings.DEBUG)", DJANGO_DEBUG="1"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True"


def test_sqlite_is_tuned_for_concurrent_workers():
    db = databases(DJANGO_DEBUG="1")
    assert db["ENGINE"] == "django.db.backends.sqlite3"
    assert Path(db["NAME"]) == PROJECT_ROOT / "db.sqlite3"
    options = db["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in options["init_command"]
    assert options["timeout"] > 0


def test_sqlite_connection_really_uses_wal(tmp_path):
    result = run_django(
        "from django.db import connection; cursor = connection.cursor(); "
        "cursor.execute('PRAGMA journal_mode'); print(cursor.fetchone()[0])",
        DJANGO_DEBUG="1",
        DATABASE_URL=f"sqlite:///{tmp_path / 'wal.sqlite3'}",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "wal"


def test_database_url_selects_postgresql():
    db = databases(
        DJANGO_DEBUG="1", DATABASE_URL="postgres://postgres@127.0.0.1:5432/example"
    )
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert db["NAME"] == "example"
    assert db["HOST"] == "127.0.0.1"
    assert "transaction_mode" not in db.get("OPTIONS", {})
