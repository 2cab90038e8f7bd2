"""Every kind of page works in Chromium under the site's Content-Security-Policy:
the public pages, the admin (login and a change page), the browsable API and
both API documentation pages (Swagger UI and ReDoc), with no CSP violation
reported and the documentation actually rendered."""

import pytest
from django.urls import reverse

from tests.site_data import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

COLLECT_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(
    [event.violatedDirective, event.blockedURI, event.sample].join(" ").trim()
  );
});
"""


@pytest.fixture
def csp_page(page):
    """The page, recording CSP violations (events and console errors)."""
    page.add_init_script(COLLECT_VIOLATIONS)
    page.console_csp_errors = []
    page.on(
        "console",
        lambda message: (
            message.type == "error"
            and "Content Security Policy" in message.text
            and page.console_csp_errors.append(message.text)
        ),
    )
    return page


# ReDoc's sidebar always shows Redocly's logo from their CDN. The policy blocks
# it on purpose (no third-party request from the docs page; the link text
# stays): the one violation expected, and only on that page.
REDOC_LOGO = "img-src https://cdn.redoc.ly/redoc/logo-mini.svg"


def visit(page, url, ready_selector="body", expected=()):
    response = page.goto(url)
    assert response.status == 200, url
    assert "content-security-policy" in response.headers, url
    page.locator(ready_selector).first.wait_for(state="visible")
    violations = page.evaluate("window.__cspViolations")
    assert sorted(set(violations)) == sorted(expected), (url, violations)
    unexpected = [e for e in page.console_csp_errors if "cdn.redoc.ly" not in e]
    assert unexpected == [], (url, page.console_csp_errors)


def test_public_pages_run_under_the_policy(csp_page, live_server):
    world = build_world()
    site = live_server.url
    visit(csp_page, site + "/")
    visit(csp_page, site + "/reviews/", "#results-heading")
    visit(csp_page, site + world.escape.get_absolute_url(), ".tone-bars")
    # The tone bars keep their width without style attributes.
    widths = csp_page.eval_on_selector_all(
        ".tone-bar__fill", "bars => bars.map(bar => bar.getBoundingClientRect().width)"
    )
    assert widths and max(widths) > 0
    visit(csp_page, site + "/locations/", ".tree__item")


def test_admin_runs_under_the_policy(csp_page, live_server, django_user_model):
    world = build_world()
    django_user_model.objects.create_superuser(
        "csp-admin", "csp@example.org", "a-long-admin-password"
    )
    site = live_server.url
    visit(csp_page, site + reverse("admin:login"), "#id_username")
    csp_page.fill("#id_username", "csp-admin")
    csp_page.fill("#id_password", "a-long-admin-password")
    csp_page.click("input[type=submit]")
    csp_page.wait_for_url(site + reverse("admin:index"))
    change_url = reverse("admin:films_film_change", args=[world.escape.pk])
    visit(csp_page, site + change_url, "#film_form")
    visit(csp_page, site + reverse("admin_review_import"), "form")


def test_api_pages_run_under_the_policy(csp_page, live_server):
    build_world()
    site = live_server.url
    visit(csp_page, site + "/api/v1/films/", ".response-info")
    # Swagger UI: its operation list appears only once its scripts have run.
    visit(csp_page, site + reverse("api:docs"), ".opblock")
    # ReDoc: the operations menu is rendered by its script and styled by its
    # run-time <style> elements.
    visit(csp_page, site + reverse("api:redoc"), ".menu-content li", [REDOC_LOGO])
    assert csp_page.locator(".api-content h1").first.inner_text()
    # Styled by its run-time styles: the menu is a fixed-width side panel.
    menu_width = csp_page.eval_on_selector(
        ".menu-content", "menu => menu.getBoundingClientRect().width"
    )
    assert 150 < menu_width < 600
