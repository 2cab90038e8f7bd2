"""Browser tests: Python Playwright driving the machine's Chromium (no
browser download) against Django's live server, with axe-core from
node_modules for the accessibility audit.

They skip, saying why, when Chromium, Playwright or axe-core is missing,
except in CI (``CI`` set), where a missing piece is a failure: .ci/run
installs all three.
"""

import datetime
import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings

# Playwright's sync API runs an event loop in this thread; the ORM calls the
# tests make around it are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"


def chromium_path() -> str | None:
    path = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
    if os.path.exists(path):
        return path
    return shutil.which("chromium") or shutil.which("chromium-browser")


def missing_piece() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return (
            "Python Playwright is not installed (pip install -r requirements-dev.txt)"
        )
    if chromium_path() is None:
        return "no Chromium found (apt-get install -y chromium, or set CHROMIUM_PATH)"
    if not AXE.exists():
        return f"axe-core is not installed ({AXE} missing: run npm ci)"
    return None


def pytest_collection_modifyitems(config, items):
    reason = missing_piece()
    if reason is None:
        return
    for item in items:
        if "browser" not in item.keywords:
            continue
        if os.environ.get("CI"):
            item.add_marker(pytest.mark.usefixtures("_fail_in_ci"))
        else:
            item.add_marker(pytest.mark.skip(reason=f"browser test skipped: {reason}"))


@pytest.fixture
def _fail_in_ci():
    pytest.fail(f"CI must run the browser tests: {missing_piece()}")


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=chromium_path(), args=CHROMIUM_FLAGS
        )
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def screenshot_dir() -> Path:
    """Where this run's screenshots go: $SCREENSHOT_DIR, or a folder named by
    the run's start time under bench/out/screenshots/."""
    folder = os.environ.get("SCREENSHOT_DIR")
    if folder:
        path = Path(folder)
    else:
        stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
        path = Path(settings.BASE_DIR) / "bench" / "out" / "screenshots" / stamp
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture
def page(browser, live_server):
    """A fresh page at 1280 px that refuses any request off the live server."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.outside_requests = []
    origin = live_server.url

    def guard(route):
        if route.request.url.startswith(origin):
            route.continue_()
        else:
            page.outside_requests.append(route.request.url)
            route.abort()

    page.route("**/*", guard)
    page.set_default_timeout(10_000)
    yield page
    context.close()
    assert page.outside_requests == [], "the site asked for something elsewhere"


def run_axe(page) -> list[dict]:
    """axe-core's WCAG 2.0/2.1 A and AA violations on the page."""
    # Evaluated through DevTools, not added as an inline <script>: the site's
    # Content-Security-Policy (script-src 'self') blocks inline scripts.
    page.evaluate(AXE.read_text())
    return page.evaluate(
        """async () => (await axe.run(document, {
            runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']},
        })).violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))"""
    )
