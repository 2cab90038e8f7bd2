"""A visitor in Chromium: filters reviews by person and by tone, follows a
mention from a review to a character, pages through results, clears the
filters; axe-core finds no WCAG 2.1 A/AA violation on any page type; every
page type is photographed at 1280 and 375 px."""

import re

import pytest

from reviews.models import Review
from tests.browser.conftest import run_axe
from tests.factories import ReviewFactory
from tests.site_data import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGE_TYPES = {
    "home": "/",
    "film-list": "/films/",
    "film": "/films/the-escape/",
    "review-list": "/reviews/?theme=freedom",
    "review": "/reviews/a-luminous-escape/",
    "people": "/people/",
    "person": "/people/gemma-arterton/",
    "characters": "/characters/",
    "character": "/characters/tara/",
    "places": "/locations/",
    "place": "/locations/paris/",
    "search": "/search/?q=tara",
    "not-found": "/no/such/page/",
}


@pytest.fixture
def world(transactional_db):
    world = build_world()
    for n in range(25):
        ReviewFactory(
            film=world.other,
            headline=f"Another look {n:02d}",
            tone=Review.Tone.MIXED,
            themes=[world.freedom],
        )
    return world


def results_heading(page):
    return page.locator("#results-heading").inner_text()


def test_filter_by_person_and_by_tone(page, live_server, world):
    page.goto(f"{live_server.url}/reviews/")
    assert results_heading(page).startswith("28 reviews")
    with page.expect_navigation():
        page.select_option("#f-person", "gemma-arterton")  # submits on change
    assert "person=gemma-arterton" in page.url
    assert results_heading(page).startswith("2 reviews")
    # Focus returns to the control that changed.
    assert page.evaluate("document.activeElement.id") == "f-person"
    with page.expect_navigation():
        page.get_by_label(re.compile(r"^Positive")).check()
    assert "tone=positive" in page.url and "person=gemma-arterton" in page.url
    assert results_heading(page).startswith("1 review")
    assert page.locator(".card__title").all_inner_texts() == ["A luminous escape"]
    # Each active filter is a chip; removing one keeps the other.
    page.get_by_role("link", name="Remove filter Person: Gemma Arterton").click()
    assert "person" not in page.url and "tone=positive" in page.url


def test_filters_work_without_javascript(browser, live_server, world):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/reviews/")
    page.get_by_label(re.compile(r"^Negative")).check()
    page.get_by_role("button", name="Show reviews").click()
    assert "tone=negative" in page.url
    assert page.locator("#results-heading").inner_text().startswith("1 review")
    context.close()


def test_follow_a_mention_from_a_review_to_a_character(page, live_server, world):
    page.goto(f"{live_server.url}/reviews/a-luminous-escape/")
    page.locator("aside").get_by_role("link", name="Tara", exact=True).click()
    page.wait_for_url(f"{live_server.url}/characters/tara/")
    assert page.locator("h1").inner_text() == "Tara"
    assert page.get_by_text("Tara runs to the Tuileries Garden.").count() == 1
    # The link in the review's own text leads there too.
    page.go_back()
    page.locator(".body").get_by_role("link", name="Tara").click()
    page.wait_for_url(f"{live_server.url}/characters/tara/")


def test_paginate_keeping_filters_then_clear_them(page, live_server, world):
    page.goto(f"{live_server.url}/reviews/?theme=freedom&tone=mixed")
    assert results_heading(page).startswith("25 reviews")
    page.get_by_role("link", name="Next page").click()
    page.wait_for_url(re.compile(r"page=2"))
    assert "theme=freedom" in page.url and "tone=mixed" in page.url
    assert page.locator(".card").count() == 5
    assert page.locator('.pagination [aria-current="page"]').inner_text().endswith("2")
    page.get_by_role("link", name="Page 1").click()
    assert page.locator(".card").count() == 20
    page.locator(".chips").get_by_role("link", name="Clear all filters").click()
    page.wait_for_url(f"{live_server.url}/reviews/")
    assert results_heading(page).startswith("28 reviews")
    assert page.locator(".chips").count() == 0


def test_keyboard_user_sees_the_skip_link_and_focus(page, live_server, world):
    page.goto(f"{live_server.url}/")
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link").first
    assert skip.evaluate("el => el === document.activeElement")
    box = skip.bounding_box()
    assert box and box["y"] >= 0  # moved into view on focus
    outline = skip.evaluate("el => getComputedStyle(el).outlineStyle")
    assert outline == "solid"


@pytest.mark.parametrize("name", PAGE_TYPES)
def test_page_type_has_no_axe_violations_and_is_photographed(
    page, live_server, world, screenshot_dir, name
):
    url = f"{live_server.url}{PAGE_TYPES[name]}"
    page.goto(url)
    violations = run_axe(page)
    assert violations == [], violations
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(url)
        # Nothing is wider than the screen at 375 px.
        scroll = page.evaluate("document.documentElement.scrollWidth")
        assert scroll <= width, (name, width, scroll)
        page.screenshot(
            path=str(screenshot_dir / f"{name}-{width}.png"), full_page=True
        )
    if name == "review-list":
        assert run_axe(page) == []  # the narrow layout too
