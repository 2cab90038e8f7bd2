"""The README's production sequence, run as written, in fresh interpreters.

Each case runs ``manage.py`` / ``escape_site.wsgi`` / gunicorn in a subprocess
with a production environment (debug off, manifest static storage), a temporary
SQLite database and a temporary ``DJANGO_STATIC_ROOT``, so nothing touches the
project's ``db.sqlite3`` or ``staticfiles/``.
"""

import ast
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parent.parent
COLLECT = "collectstatic --noinput"
HASHED_CSS = re.compile(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"')

SERVE_HOME = """
import escape_site.wsgi
from django.test import Client
client = Client()
page = client.get("/", HTTP_HOST="127.0.0.1")
print(page.status_code)
print(page.content.decode())
"""


def production_env(tmp: Path, static_root: Path) -> dict[str, str]:
    environ = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("DJANGO_") and k not in {"DATABASE_URL", "REDIS_URL"}
    }
    environ.update(
        DJANGO_SETTINGS_MODULE="escape_site.settings",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="production-setup-test-" + "k3y-" * 12,
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DATABASE_URL=f"sqlite:///{tmp / 'db.sqlite3'}",
        DJANGO_STATIC_ROOT=str(static_root),
    )
    return environ


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def manage(command: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return run(["manage.py", *command.split()], env)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A migrated database; ``collected`` has had collectstatic, ``empty`` not."""
    tmp = tmp_path_factory.mktemp("production")
    collected, empty = tmp / "collected", tmp / "empty"
    env = production_env(tmp, empty)
    migrated = manage("migrate --noinput", env)
    assert migrated.returncode == 0, migrated.stderr
    result = manage(COLLECT, production_env(tmp, collected))
    assert result.returncode == 0, result.stderr
    assert (collected / "staticfiles.json").is_file(), "DJANGO_STATIC_ROOT ignored"
    return tmp, collected, empty


def static_root_copy(site, name: str) -> Path:
    tmp, collected, _ = site
    target = tmp / name
    if not target.exists():
        shutil.copytree(collected, target)
    return target


# --- Without collectstatic: a clear start-up error, never 500 pages ----------


def test_wsgi_refuses_to_start_before_collectstatic(site):
    tmp, _, empty = site
    result = run(["-c", "import escape_site.wsgi"], production_env(tmp, empty))
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "staticfiles.json is missing" in result.stderr
    assert f"python manage.py {COLLECT}" in result.stderr


def test_check_deploy_fails_before_collectstatic(site):
    tmp, _, empty = site
    result = manage("check --deploy", production_env(tmp, empty))
    assert result.returncode != 0
    assert "escape_site.E001" in result.stderr
    assert COLLECT in result.stderr


def test_plain_check_passes_before_collectstatic(site):
    """The guard is a deploy check: ``migrate`` (run by the ``site`` fixture
    before collectstatic) and other commands run the ordinary checks."""
    tmp, _, empty = site
    result = manage("check", production_env(tmp, empty))
    assert result.returncode == 0, result.stderr


def test_unreadable_manifest_is_a_clear_error(site):
    tmp, _, _ = site
    broken = static_root_copy(site, "broken")
    (broken / "staticfiles.json").write_text("{not json")
    env = production_env(tmp, broken)
    result = run(["-c", "import escape_site.wsgi"], env)
    assert result.returncode != 0
    assert "cannot be read" in result.stderr
    assert COLLECT in result.stderr
    check = manage("check --deploy", env)
    assert check.returncode != 0
    assert "escape_site.E001" in check.stderr


def test_stale_manifest_is_a_clear_error(site):
    """New code, old collectstatic: a file the manifest lacks would 500 its pages."""
    tmp, _, _ = site
    stale = static_root_copy(site, "stale")
    manifest_path = stale / "staticfiles.json"
    manifest = json.loads(manifest_path.read_text())
    del manifest["paths"]["css/site.css"]
    manifest_path.write_text(json.dumps(manifest))
    env = production_env(tmp, stale)
    result = run(["-c", "import escape_site.wsgi"], env)
    assert result.returncode != 0
    assert "out of date" in result.stderr
    assert "css/site.css" in result.stderr
    assert COLLECT in result.stderr
    check = manage("check --deploy", env)
    assert check.returncode != 0
    assert "escape_site.E002" in check.stderr


# --- After collectstatic: the site serves --------------------------------------


def test_check_deploy_passes_after_collectstatic(site):
    tmp, collected, _ = site
    result = manage("check --deploy", production_env(tmp, collected))
    assert result.returncode == 0, result.stderr
    assert "escape_site" not in result.stderr


def test_wsgi_serves_home_with_hashed_static_after_collectstatic(site):
    tmp, collected, _ = site
    result = run(["-c", SERVE_HOME], production_env(tmp, collected))
    assert result.returncode == 0, result.stderr
    status, _, html = result.stdout.partition("\n")
    assert status == "200"
    assert HASHED_CSS.search(html), html[:500]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def gunicorn(env: dict[str, str], port: int) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "escape_site.wsgi"]
        + ["--bind", f"127.0.0.1:{port}", "--workers", "1"],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def stop(process: subprocess.Popen) -> str:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
    output, _ = process.communicate(timeout=10)
    return output


@pytest.mark.slow
def test_gunicorn_exits_with_the_message_before_collectstatic(site):
    tmp, _, empty = site
    process = gunicorn(production_env(tmp, empty), free_port())
    try:
        process.wait(timeout=30)
    finally:
        output = stop(process)
    assert process.returncode != 0
    assert "staticfiles.json is missing" in output
    assert COLLECT in output


@pytest.mark.slow
def test_gunicorn_serves_pages_and_static_after_collectstatic(site):
    tmp, collected, _ = site
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    process = gunicorn(production_env(tmp, collected), port)
    page = css = None
    try:
        deadline = time.monotonic() + 30
        while process.poll() is None and time.monotonic() < deadline:
            try:
                page = fetch(base + "/")
                break
            except OSError:  # not listening yet
                time.sleep(0.2)
        if page and (match := HASHED_CSS.search(page[1].decode())):
            css = fetch(base + match.group(1))
    finally:
        output = stop(process)
    assert page, f"gunicorn did not answer within 30 s:\n{output}"
    assert page[0] == 200, output
    assert css, page[1][:500]
    assert css == (200, (PROJECT_ROOT / "static/css/site.css").read_bytes())
    assert "Traceback" not in output, output


# --- .env.example lists every variable the settings read ------------------------


def env_names_read_by_settings() -> set[str]:
    tree = ast.parse((PROJECT_ROOT / "escape_site/settings.py").read_text())
    names = set()
    for node in ast.walk(tree):
        key = None
        if isinstance(node, ast.Call) and node.args:
            func = ast.unparse(node.func)
            if func.startswith("env") or func in {
                "os.environ.get",
                "os.environ.setdefault",
                "os.getenv",
            }:
                key = node.args[0]
        elif isinstance(node, ast.Subscript) and ast.unparse(node.value) in {
            "os.environ",
            "environ",
        }:
            key = node.slice
        if isinstance(key, ast.Constant) and isinstance(key.value, str):
            names.add(key.value)
    return names


def test_env_example_lists_every_variable_settings_read():
    read = env_names_read_by_settings()
    # The parser itself must keep finding the variables it knows about.
    assert {"DJANGO_SECRET_KEY", "DJANGO_HSTS_SECONDS", "DATABASE_URL"} <= read
    assignment = re.compile(r"#?\s*([A-Z][A-Z0-9_]*)=")
    lines = (PROJECT_ROOT / ".env.example").read_text().splitlines()
    listed = {}
    for number, line in enumerate(lines):
        if match := assignment.match(line):
            listed[match.group(1)] = number
    assert sorted(read - listed.keys()) == [], "add these to .env.example"
    for name, number in listed.items():
        above = lines[number - 1] if number else ""
        assert above.startswith("# ") and not assignment.match(above), (
            f"{name} in .env.example needs a one-line comment above it"
        )
