"""/reviews/: every filter, combinations, facet counts, chips, pagination and
bad parameters (a form error or an empty result, never a 500)."""

import re

import pytest
from django.urls import reverse

from reviews.filters import ORDERINGS
from reviews.models import Review
from tests.factories import ReviewFactory
from tests.site_data import build_world

pytestmark = pytest.mark.django_db

URL = reverse("reviews:review_list")
LONG = "x" * 10_240


@pytest.fixture
def world(db):
    return build_world()


def slugs(response):
    return [review.slug for review in response.context["object_list"]]


def facet(response, name):
    return {o.value: o.count for o in response.context["facets"][name]}


@pytest.mark.parametrize(
    "params, expected",
    [
        ({}, ["cafe-society", "a-luminous-escape", "trains-and-regret"]),
        ({"film": "the-escape"}, ["cafe-society", "a-luminous-escape"]),
        ({"theme": "marriage"}, ["cafe-society", "a-luminous-escape"]),
        (
            {"theme": ["marriage", "freedom"]},
            ["cafe-society", "a-luminous-escape", "trains-and-regret"],
        ),
        ({"tone": "positive"}, ["a-luminous-escape"]),
        ({"tone": "negative"}, ["trains-and-regret"]),
        ({"kind": "essay"}, ["cafe-society"]),
        ({"kind": "review"}, ["a-luminous-escape"]),
        ({"featured": "true"}, ["a-luminous-escape"]),
        ({"outlet": "the guardian"}, ["a-luminous-escape", "trains-and-regret"]),
        ({"byline": "ANN OTHER"}, ["cafe-society"]),
        # Mentioned in one review, credited on the film of another.
        ({"person": "gemma-arterton"}, ["cafe-society", "a-luminous-escape"]),
        ({"person": "dominic-savage"}, ["cafe-society", "a-luminous-escape"]),
        ({"person": "celia-johnson"}, ["trains-and-regret"]),
        ({"character": "tara"}, ["a-luminous-escape"]),
        ({"character": "laura"}, ["trains-and-regret"]),
        # A place matches the places inside it.
        ({"location": "france"}, ["cafe-society", "a-luminous-escape"]),
        ({"location": "paris"}, ["cafe-society", "a-luminous-escape"]),
        ({"location": "tuileries"}, ["a-luminous-escape"]),
        ({"location": "kent"}, []),
        ({"published_after": "2018-05-15"}, ["cafe-society"]),
        (
            {"published_before": "2018-05-01"},
            ["a-luminous-escape", "trains-and-regret"],
        ),
        (
            {"published_after": "2018-01-01", "published_before": "2018-05-31"},
            ["a-luminous-escape"],
        ),
        ({"q": "LUMINOUS"}, ["a-luminous-escape"]),
        ({"q": "cafe"}, ["cafe-society"]),  # accent-insensitive: Café
        ({"q": "celia laura"}, ["trains-and-regret"]),  # every word, Célia
        ({"q": "luminous grey"}, []),
    ],
)
def test_each_filter(client, world, params, expected):
    response = client.get(URL, params)
    assert response.status_code == 200
    assert slugs(response) == expected
    assert response.context["total"] == len(expected)


@pytest.mark.parametrize(
    "ordering, expected",
    [
        ("newest", ["cafe-society", "a-luminous-escape", "trains-and-regret"]),
        ("oldest", ["trains-and-regret", "a-luminous-escape", "cafe-society"]),
        ("positive", ["a-luminous-escape", "cafe-society", "trains-and-regret"]),
        ("negative", ["trains-and-regret", "cafe-society", "a-luminous-escape"]),
        ("longest", ["a-luminous-escape", "cafe-society", "trains-and-regret"]),
        ("shortest", ["trains-and-regret", "cafe-society", "a-luminous-escape"]),
    ],
)
def test_each_ordering(client, world, ordering, expected):
    assert ordering in ORDERINGS
    response = client.get(URL, {"ordering": ordering})
    assert slugs(response) == expected
    assert f'<option value="{ordering}" selected>' in response.content.decode()


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"film": "the-escape", "tone": "positive"}, ["a-luminous-escape"]),
        (
            {"theme": "freedom", "outlet": "The Guardian"},
            ["a-luminous-escape", "trains-and-regret"],
        ),
        (
            {"theme": "freedom", "film": "brief-encounter", "tone": "negative"},
            ["trains-and-regret"],
        ),
        ({"person": "gemma-arterton", "kind": "essay"}, ["cafe-society"]),
        (
            {"location": "france", "featured": "true", "q": "tara"},
            ["a-luminous-escape"],
        ),
        ({"character": "tara", "tone": "negative"}, []),
        (
            {
                "person": "celia-johnson",
                "ordering": "oldest",
                "published_before": "2017-12-31",
            },
            ["trains-and-regret"],
        ),
    ],
)
def test_filters_combine(client, world, params, expected):
    assert slugs(client.get(URL, params)) == expected


def test_unpublished_reviews_never_show_or_count(client, world):
    response = client.get(URL)
    content = response.content.decode()
    assert "Hidden" not in content
    assert response.context["total"] == 3
    facets = response.context["facets"]
    assert facet(response, "tone") == {"positive": 1, "mixed": 1, "negative": 1}
    assert facet(response, "theme")["grief"] == 0
    assert facet(response, "featured") == {"true": 1}
    assert "Secret Outlet" not in facet(response, "outlet")
    assert {o.value for o in facets["outlet"]} == {"The Guardian", "Sight and Sound"}


def test_facet_counts_apply_the_other_filters(client, world):
    response = client.get(URL, {"film": "the-escape", "tone": "positive"})
    # Tone counts ignore the tone filter but keep the film filter...
    assert facet(response, "tone") == {"positive": 1, "mixed": 1, "negative": 0}
    # ...and film counts keep the tone filter.
    assert facet(response, "film") == {"brief-encounter": 0, "the-escape": 1}
    assert facet(response, "theme") == {"freedom": 1, "grief": 0, "marriage": 1}
    assert facet(response, "kind") == {"review": 1, "essay": 0, "article": 0}
    assert facet(response, "person")["gemma-arterton"] == 1
    assert facet(response, "person")["celia-johnson"] == 0
    assert facet(response, "location")["france"] == 1
    assert facet(response, "character") == {"laura": 0, "tara": 1}
    assert facet(response, "outlet") == {"Sight and Sound": 0, "The Guardian": 1}


def test_facet_counts_without_filters(client, world):
    response = client.get(URL)
    assert facet(response, "theme") == {"freedom": 2, "grief": 0, "marriage": 2}
    assert facet(response, "person") == {
        "celia-johnson": 1,
        "dominic-savage": 2,
        "gemma-arterton": 2,
    }
    assert facet(response, "location") == {
        "france": 2,
        "kent": 0,
        "paris": 2,
        "tuileries": 1,
    }
    assert facet(response, "kind") == {"review": 1, "essay": 1, "article": 0}
    assert facet(response, "byline") == {"Ann Other": 1, "Peter Bradshaw": 2}


def test_theme_counts_are_or_counts(client, world):
    response = client.get(URL, {"theme": "marriage"})
    # Choosing a second theme widens the list: counts are not narrowed by
    # the theme filter itself.
    assert facet(response, "theme") == {"freedom": 2, "grief": 0, "marriage": 2}
    assert facet(response, "tone") == {"positive": 1, "mixed": 1, "negative": 0}


def test_facet_options_show_counts_and_disable_empty_ones(client, world):
    content = client.get(URL, {"film": "the-escape"}).content.decode()
    assert re.search(
        r'id="f-tone-positive"[^>]*><label[^>]*>Positive <span class="count">\(1\)',
        content,
    )
    assert re.search(r'value="negative" id="f-tone-negative" disabled>', content)
    assert re.search(r'value="grief" id="f-theme-grief" disabled>', content)
    assert (
        '<option value="brief-encounter" disabled>Brief Encounter (1945) (1)'
        not in content
    )
    assert (
        '<option value="the-escape" selected>The Escape (2017) (2)</option>' in content
    )
    assert (
        '<option value="brief-encounter">Brief Encounter (1945) (1)</option>' in content
    )
    assert '<option value="kent" disabled>Kent (0)</option>' in content


def test_a_chosen_option_is_never_disabled(client, world):
    content = client.get(
        URL, {"character": "tara", "tone": "negative"}
    ).content.decode()
    assert 'value="negative" id="f-tone-negative" checked>' in content
    assert '<option value="tara" selected>' in content


def test_chips_remove_one_filter_each_and_clear_all(client, world):
    response = client.get(
        URL, {"theme": ["marriage", "freedom"], "tone": "positive", "page": "1"}
    )
    chips = {chip["label"]: chip["url"] for chip in response.context["chips"]}
    assert chips == {
        "Tone: Positive": "?theme=marriage&theme=freedom",
        "Theme: Marriage": "?theme=freedom&tone=positive",
        "Theme: Freedom": "?theme=marriage&tone=positive",
    }
    content = response.content.decode()
    assert 'aria-label="Remove filter Tone: Positive"' in content
    assert f'<a class="chip chip--clear" href="{URL}">Clear all filters</a>' in content
    for url in chips.values():
        assert client.get(URL + url).status_code == 200


def test_chip_labels_name_catalogue_rows(client, world):
    response = client.get(
        URL, {"person": "gemma-arterton", "location": "tuileries", "q": "tara"}
    )
    labels = [chip["label"] for chip in response.context["chips"]]
    assert labels == [
        "Text: “tara”",
        "Person: Gemma Arterton",
        "Place: Tuileries Garden, Paris",
    ]


def test_empty_result_says_so_and_offers_to_clear(client, world):
    response = client.get(URL, {"character": "tara", "tone": "negative"})
    content = response.content.decode()
    assert response.context["total"] == 0
    assert "0 reviews" in content
    assert "No published reviews match these filters." in content
    assert "clear all filters</a>" in content


def test_pages_are_numbered_keep_filters_and_show_the_total(client, world):
    theme = world.freedom
    for _ in range(45):
        ReviewFactory(film=world.other, tone=Review.Tone.MIXED, themes=[theme])
    response = client.get(URL, {"theme": "freedom", "tone": "mixed"})
    content = response.content.decode()
    assert response.context["total"] == 45
    assert "45 reviews" in content
    assert "page 1 of 3" in content
    assert 'href="?theme=freedom&amp;tone=mixed&amp;page=2"' in content
    assert 'href="?theme=freedom&amp;tone=mixed&amp;page=3"' in content
    assert (
        'aria-current="page"><span class="visually-hidden">Page </span>1</a>' in content
    )
    third = client.get(URL, {"theme": "freedom", "tone": "mixed", "page": 3})
    assert len(third.context["object_list"]) == 5
    assert 'rel="prev"' in third.content.decode()
    # Submitting the form again starts on page 1: it carries no page field.
    assert 'name="page"' not in third.content.decode()


def test_sort_form_keeps_the_filters(client, world):
    content = client.get(
        URL, {"tone": "positive", "ordering": "oldest"}
    ).content.decode()
    assert '<input type="hidden" name="tone" value="positive">' in content
    assert '<input type="hidden" name="ordering" value="oldest">' in content


def test_page_uses_a_get_form_with_labelled_controls(client, world):
    content = client.get(URL).content.decode()
    assert '<form id="review-filters" class="filters__form" method="get"' in content
    for control in re.findall(r'<(?:input|select)[^>]*id="(f-[^"]+)"', content):
        assert f'for="{control}"' in content, control
    assert "js/filters.js" in content
    assert "<script>" not in content  # no inline script


# --- Bad parameters ------------------------------------------------------------


@pytest.mark.parametrize(
    "params, field",
    [
        ({"film": "no-such-film"}, "film"),
        ({"person": "nobody"}, "person"),
        ({"character": "nobody"}, "character"),
        ({"location": "atlantis"}, "location"),
        ({"theme": "no-such-theme"}, "theme"),
        ({"tone": "furious"}, "tone"),
        ({"kind": "poem"}, "kind"),
        ({"published_after": "2017-13-45"}, "published_after"),
        ({"published_before": "yesterday"}, "published_before"),
        ({"ordering": "drop table"}, "ordering"),
        ({"ordering": "-pk; DROP TABLE reviews_review"}, "ordering"),
        ({"q": LONG}, "q"),
        ({"outlet": LONG}, "outlet"),
        ({"byline": LONG}, "byline"),
        ({"film": LONG}, "film"),
        ({"person": LONG}, "person"),
    ],
)
def test_bad_value_is_a_form_error_with_no_results(client, world, params, field):
    response = client.get(URL, params)
    assert response.status_code == 200
    assert list(response.context["object_list"]) == []
    assert field in response.context["error_names"]
    content = response.content.decode()
    assert "Some filters could not be used" in content
    assert f'id="error-{field}"' in content
    assert LONG not in content  # shown shortened
    # The page still offers every facet and a way out.
    assert response.context["facets"]["tone"]


def test_a_bad_value_beside_good_ones_names_only_the_bad_one(client, world):
    response = client.get(URL, {"tone": "positive", "published_after": "2017-02-30"})
    assert response.context["error_names"] == ["published_after"]
    chips = [chip["label"] for chip in response.context["chips"]]
    assert chips == ["Tone: Positive", "Published after: 2017-02-30"]


@pytest.mark.parametrize("page", ["99999", "-1", "0", "abc", "99999999999999999999"])
def test_a_page_out_of_range_answers_404_with_the_page_and_a_way_back(
    client, world, page
):
    response = client.get(URL, {"tone": "positive", "page": page})
    assert response.status_code == 404
    content = response.content.decode()
    assert "There is no page" in content
    assert 'href="?tone=positive">Go to the first page</a>' in content
    assert response.context["facets"]["tone"]


def test_unknown_parameters_are_ignored(client, world):
    response = client.get(URL, {"colour": "blue", "utm_source": LONG})
    assert response.status_code == 200
    assert response.context["total"] == 3
    assert response.context["chips"] == []


def test_control_characters_are_refused(client, world):
    for params in ({"q": "a\x00b"}, {"film": "\x00"}, {"theme": "a\x1bb"}):
        assert client.get(URL, params).status_code == 400
