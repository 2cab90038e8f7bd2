"""A long import and the site share one SQLite database: editors keep saving
while it loads, and a second import is refused with a clear message.

These run real processes against a SQLite file, as `make run` and gunicorn do.
"""

import json
import os
import subprocess
import sys
import time

import pytest
from django.conf import settings
from django.db import connection, connections

from reviews.importer.lock import ImportRunning, import_lock
from tests.reviews.synthetic import generate

ROOT = settings.BASE_DIR
pytestmark = pytest.mark.slow
# The process tests use their own SQLite file whatever the suite's database;
# on a PostgreSQL run they would only repeat the SQLite run.
sqlite_run = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="SQLite files; run by the SQLite suite"
)

EDITOR = """
import json, os, sys, time
sys.path.insert(0, {root!r})
os.environ["DJANGO_SETTINGS_MODULE"] = "escape_site.settings_test"
import django; django.setup()
from django.contrib.auth.models import User
from django.test import Client
from reviews.models import Theme
user = User.objects.create_superuser("editor", "editor@example.org", "pw")
client = Client()
client.force_login(user)
results, started = [], time.monotonic()
# Save through the admin until the import is over, then once more.
while True:
    done = os.path.exists({done!r})
    n = len(results)
    t = time.monotonic()
    try:
        response = client.post(
            "/admin/reviews/theme/add/",
            {{"name": f"Editor theme {{n}}", "slug": f"editor-theme-{{n}}", "description": ""}},
        )
        status = response.status_code
    except Exception as exc:  # a 500 raised through the test client
        status = repr(exc)
    results.append({{"status": status, "seconds": time.monotonic() - t}})
    if done:
        break
    time.sleep(0.05)
saved = Theme.objects.filter(slug__startswith="editor-theme-").count()
print(json.dumps({{"results": results, "saved": saved}}))
"""


def _env(database):
    return {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "DJANGO_DEBUG": "1",
        "PYTHONPATH": str(ROOT),
    }


def _manage(env, *args, **kwargs):
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        **kwargs,
    )


@pytest.fixture
def database(tmp_path):
    path = tmp_path / "site.sqlite3"
    result = _manage(_env(path), "migrate", "-v0")
    assert result.returncode == 0, result.stderr
    return path


@sqlite_run
def test_an_editor_saves_while_1000_documents_load(tmp_path, database):
    docs = tmp_path / "docs"
    docs.mkdir()
    generate(docs, 1000)
    env = _env(database)
    done = tmp_path / "import-done"
    editor = subprocess.Popen(
        [sys.executable, "-c", EDITOR.format(root=str(ROOT), done=str(done))],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        result = _manage(
            env,
            "import_seeds",
            str(docs),
            "--load",
            "--output",
            str(tmp_path / "o.json"),
        )
    finally:
        done.touch()
        out, err = editor.communicate(timeout=120)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert editor.returncode == 0, err
    report = json.loads(out.strip().splitlines()[-1])
    statuses = [r["status"] for r in report["results"]]
    assert len(statuses) >= 5, "the editor should have saved during the import"
    assert set(statuses) == {302}, statuses  # every save redirected: it was kept
    assert report["saved"] == len(statuses)


@sqlite_run
def test_two_concurrent_imports_end_cleanly(tmp_path, database):
    docs = tmp_path / "docs"
    docs.mkdir()
    generate(docs, 300)
    env = _env(database)
    imports = [
        subprocess.Popen(
            [
                sys.executable,
                str(ROOT / "manage.py"),
                "import_seeds",
                str(docs),
                "--load",
                "--output",
                str(tmp_path / f"out{i}.json"),
            ],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for i in range(2)
    ]
    outcomes = [p.communicate(timeout=300) + (p.returncode,) for p in imports]
    for _out, err, code in outcomes:
        assert "Traceback" not in err
        if code:
            assert "another import is running on this database" in err
            assert "nothing was written" in err
    assert any(code == 0 for *_, code in outcomes)
    # Whatever ran, the data is whole: every review once.
    check = _manage(
        env,
        "shell",
        "-c",
        "from reviews.models import Review; print(Review.objects.count())",
    )
    assert check.stdout.strip().splitlines()[-1] == "270"  # one in ten is an article


@sqlite_run
def test_an_import_is_refused_while_another_holds_the_lock(tmp_path, database):
    env = _env(database)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import os, sys, time\n"
            f"sys.path.insert(0, {str(ROOT)!r})\n"
            "os.environ['DJANGO_SETTINGS_MODULE'] = 'escape_site.settings'\n"
            "import django; django.setup()\n"
            "from reviews.importer.lock import import_lock\n"
            "with import_lock():\n"
            "    print('held', flush=True)\n"
            "    time.sleep(60)\n",
        ],
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        started = time.monotonic()
        result = _manage(env, "load_fixtures")
        assert time.monotonic() - started < 30  # refused at once, not timed out
    finally:
        holder.kill()
        holder.wait()
    assert result.returncode != 0
    assert "another import is running on this database" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.django_db(transaction=True)
def test_the_lock_is_exclusive_across_connections():
    """On PostgreSQL an advisory lock, on SQLite a file lock: a second holder
    (another connection, as another process or host would have) is refused."""
    if connection.vendor != "postgresql":
        pytest.skip("the file lock is covered by the process tests above")
    other = connections.create_connection("default")
    try:
        with import_lock(), other.cursor() as cursor:
            from reviews.importer.lock import _lock_key

            cursor.execute("SELECT pg_try_advisory_lock(%s)", [_lock_key()])
            assert cursor.fetchone() == (False,)
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [_lock_key()])
            assert cursor.fetchone() == (True,)
            cursor.execute("SELECT pg_advisory_unlock(%s)", [_lock_key()])
    finally:
        other.close()


def test_import_running_survives_pickling():
    import pickle

    error = ImportRunning("process 42")
    copy = pickle.loads(pickle.dumps(error))
    assert str(copy) == str(error)


@pytest.mark.django_db
def test_another_thread_of_the_same_process_is_refused():
    """Re-entry is per thread: a second thread is another importer."""
    import threading

    held, release = threading.Event(), threading.Event()

    def hold():
        with import_lock():
            held.set()
            release.wait(30)

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        assert held.wait(30)
        with pytest.raises(ImportRunning), import_lock():
            pass
    finally:
        release.set()
        holder.join(30)
