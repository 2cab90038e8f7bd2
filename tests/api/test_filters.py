"""Filters, search and ordering of the lists: every parameter, combinations,
and invalid values as 400 with the parameter named."""

import datetime

import pytest

from films.models import Credit, Location
from reviews.models import Review
from tests.factories import (
    CharacterFactory,
    CreditFactory,
    FilmFactory,
    LocationFactory,
    MentionFactory,
    PersonFactory,
    ReviewFactory,
    SourceDocumentFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db


def slugs(api, path, **params):
    response = api.get(path, params)
    assert response.status_code == 200, response.json()
    return [item["slug"] for item in response.json()["results"]]


@pytest.fixture
def reviews(catalogue):
    """Three more published reviews, different in every filtered field."""
    other = catalogue.other_film
    essay = ReviewFactory(
        film=other,
        slug="long-essay",
        headline="A long essay on leaving",
        body="Marriage and freedom, at length.",
        source_document=SourceDocumentFactory(kind="essay"),
        tone=Review.Tone.POSITIVE,
        tone_score=0.9,
        outlet="The Guardian",
        byline="Peter Bradshaw",
        published_on=datetime.date(2018, 3, 1),
        word_count=4000,
        themes=[catalogue.freedom],
    )
    bleak = ReviewFactory(
        film=catalogue.film,
        slug="bleak",
        headline="Bleak",
        tone=Review.Tone.NEGATIVE,
        tone_score=-0.7,
        published_on=datetime.date(2016, 1, 1),
        word_count=100,
    )
    undated = ReviewFactory(
        film=catalogue.film, slug="undated", published_on=None, word_count=50
    )
    MentionFactory(review=bleak, of_location=True, location=catalogue.louvre)
    return {"essay": essay, "bleak": bleak, "undated": undated}


REVIEWS = "/api/v1/reviews/"


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"film": "the-escape-2017"}, {"a-quiet-unravelling", "bleak", "undated"}),
        ({"theme": "freedom"}, {"a-quiet-unravelling", "long-essay"}),
        ({"theme": ["marriage", "freedom"]}, {"a-quiet-unravelling", "long-essay"}),
        ({"tone": "negative"}, {"bleak"}),
        ({"kind": "essay"}, {"long-essay"}),
        ({"featured": "true"}, {"a-quiet-unravelling"}),
        ({"outlet": "the guardian"}, {"long-essay"}),
        ({"byline": "PETER BRADSHAW"}, {"long-essay"}),
        ({"person": "gemma-arterton"}, {"a-quiet-unravelling", "bleak", "undated"}),
        ({"character": "tara"}, {"a-quiet-unravelling"}),
        ({"location": "france"}, {"a-quiet-unravelling", "bleak"}),
        ({"location": "louvre"}, {"bleak"}),
        ({"published_after": "2017-06-01"}, {"a-quiet-unravelling", "long-essay"}),
        ({"published_before": "2016-12-31"}, {"bleak"}),
        ({"q": "freedom marriage"}, {"long-essay"}),
        ({"search": "guardian"}, {"long-essay"}),
        ({"search": "brief encounter"}, {"long-essay"}),
        # Combinations narrow.
        ({"film": "the-escape-2017", "tone": "negative"}, {"bleak"}),
        ({"theme": "freedom", "kind": "essay", "q": "leaving"}, {"long-essay"}),
        ({"film": "the-escape-2017", "theme": "freedom", "tone": "negative"}, set()),
    ],
)
def test_review_filters(api, reviews, params, expected):
    assert set(slugs(api, REVIEWS, **params)) == expected


def test_review_orderings(api, reviews):
    assert slugs(api, REVIEWS) == [
        "long-essay",
        "a-quiet-unravelling",
        "bleak",
        "undated",
    ]
    assert slugs(api, REVIEWS, ordering="oldest")[:3] == [
        "bleak",
        "a-quiet-unravelling",
        "long-essay",
    ]
    # Reviews without a score (or date) come last both ways.
    assert slugs(api, REVIEWS, ordering="positive")[:3] == [
        "long-essay",
        "a-quiet-unravelling",
        "bleak",
    ]
    assert slugs(api, REVIEWS, ordering="negative")[:3] == [
        "bleak",
        "a-quiet-unravelling",
        "long-essay",
    ]
    assert slugs(api, REVIEWS, ordering="negative")[-1] == "undated"
    assert slugs(api, REVIEWS, ordering="longest")[0] == "long-essay"
    assert slugs(api, REVIEWS, ordering="shortest")[0] == "a-quiet-unravelling"


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"film": "no-such-film"}, "film"),
        ({"theme": ["marriage", "no-such-theme"]}, "theme"),
        ({"tone": "ecstatic"}, "tone"),
        ({"kind": "novel"}, "kind"),
        ({"featured": "perhaps"}, "featured"),
        ({"person": "nobody"}, "person"),
        ({"character": "nobody"}, "character"),
        ({"location": "atlantis"}, "location"),
        ({"published_after": "2017-13-45"}, "published_after"),
        ({"published_before": "yesterday"}, "published_before"),
        ({"ordering": "random"}, "ordering"),
        ({"q": "x" * 201}, "q"),
        ({"outlet": "x" * 201}, "outlet"),
        ({"search": "x" * 201}, "search"),
        ({"cursor": "garbage"}, "cursor"),
        ({"page_size": "0"}, "page_size"),
        ({"page_size": "ten"}, "page_size"),
    ],
)
def test_invalid_review_filters_are_400_naming_the_parameter(
    api, catalogue, params, field
):
    response = api.get(REVIEWS, params)
    assert response.status_code == 400
    body = response.json()
    assert body["status"] == 400
    assert body["code"] == "invalid_filter"
    assert field in body["fields"] and body["fields"][field]
    assert field in body["detail"]


def test_several_invalid_filters_are_all_named(api, catalogue):
    response = api.get(
        REVIEWS, {"film": "x", "published_after": "x", "ordering": "x", "tone": "x"}
    )
    assert set(response.json()["fields"]) == {
        "film",
        "published_after",
        "ordering",
        "tone",
    }


def test_hidden_catalogue_entries_are_unknown_to_filters(api, catalogue):
    """A film known only from a draft review is no valid filter value."""
    hidden = FilmFactory(slug="hidden", import_hash="h" * 64)
    ReviewFactory(film=hidden, status=Review.Status.DRAFT)
    assert api.get(REVIEWS, {"film": "hidden"}).status_code == 400


# --- The catalogue's filters ---------------------------------------------------


def test_film_filters(api, catalogue):
    assert slugs(api, "/api/v1/films/", year=1945) == [catalogue.other_film.slug]
    assert slugs(api, "/api/v1/films/", search="escape") == ["the-escape-2017"]
    assert slugs(api, "/api/v1/films/", ordering="-year")[0] == "the-escape-2017"
    assert slugs(api, "/api/v1/films/", ordering="year")[0] == catalogue.other_film.slug
    for params in [{"year": "1500"}, {"year": "2017.5"}, {"year": "abc"}]:
        response = api.get("/api/v1/films/", params)
        assert response.status_code == 400
        assert "year" in response.json()["fields"]


def test_people_filters_follow_one_visible_credit(api, catalogue):
    other = catalogue.other_film
    CreditFactory(
        film=other, person=catalogue.director, role="director", character=None
    )
    CreditFactory(
        film=other, person=PersonFactory(name="Celia Johnson", slug="celia-johnson")
    )
    people = "/api/v1/people/"
    assert slugs(api, people, role="director") == ["dominic-savage"]
    assert slugs(api, people, film="the-escape-2017") == [
        "dominic-savage",
        "gemma-arterton",
    ]
    assert slugs(api, people, film=other.slug, role="actor") == ["celia-johnson"]
    assert slugs(api, people, film="the-escape-2017", role="actor") == [
        "gemma-arterton"
    ]
    assert slugs(api, people, search="savage") == ["dominic-savage"]
    assert slugs(api, people, ordering="-name")[0] == "gemma-arterton"
    response = api.get(people, {"role": "stuntman", "film": "nope"})
    assert set(response.json()["fields"]) == {"role", "film"}


def test_people_role_filter_ignores_hidden_credits(api, catalogue):
    draft_doc = SourceDocumentFactory()
    ReviewFactory(source_document=draft_doc, status=Review.Status.DRAFT)
    Credit.objects.create(
        film=catalogue.film,
        person=catalogue.actor,
        role="composer",
        source_document=draft_doc,
    )
    assert slugs(api, "/api/v1/people/", role="composer") == []


def test_character_location_credit_and_mention_filters(api, catalogue):
    CharacterFactory(film=catalogue.other_film, name="Laura", slug="laura")
    assert slugs(api, "/api/v1/characters/", film="the-escape-2017") == ["tara"]
    assert slugs(api, "/api/v1/characters/", search="laura") == ["laura"]
    LocationFactory(
        name="Lyon", slug="lyon", kind=Location.Kind.CITY, parent=catalogue.france
    )
    locations = "/api/v1/locations/"
    assert slugs(api, locations, kind="museum") == ["louvre"]
    assert slugs(api, locations, parent="france") == ["lyon", "paris"]
    assert slugs(api, locations, parent="france", ordering="-name") == [
        "paris",
        "lyon",
    ]
    assert api.get(locations, {"kind": "planet"}).status_code == 400

    def roles(**params):
        response = api.get("/api/v1/credits/", params)
        return [c["role"] for c in response.json()["results"]]

    assert roles(film="the-escape-2017", ordering="-role") == ["director", "actor"]
    assert roles(person="dominic-savage") == ["director"]
    assert roles(role="actor") == ["actor"]
    assert roles(search="gemma") == ["actor"]

    def kinds(**params):
        response = api.get("/api/v1/mentions/", params)
        return sorted(m["kind"] for m in response.json()["results"])

    assert kinds(review="a-quiet-unravelling") == [
        "character",
        "film",
        "location",
        "person",
    ]
    assert kinds(kind="person") == ["person"]
    response = api.get("/api/v1/mentions/", {"review": "unfinished-thoughts"})
    assert response.status_code == 400


def test_themes_search_and_order(api, catalogue):
    ThemeFactory(slug="grief", name="Grief", description="Loss and mourning.")
    assert slugs(api, "/api/v1/themes/", search="mourning") == ["grief"]
    assert slugs(api, "/api/v1/themes/", ordering="-name") == [
        "marriage",
        "grief",
        "freedom",
    ]


@pytest.mark.parametrize("value", ["slug", "title,year", "-", "?"])
def test_unknown_catalogue_ordering_is_400(api, catalogue, value):
    response = api.get("/api/v1/films/", {"ordering": value})
    assert response.status_code == 400
    assert "title" in response.json()["fields"]["ordering"][0]


def test_search_reads_at_most_ten_words(api, catalogue):
    many = " ".join(["escape"] * 10 + ["unmatched"] * 10)
    assert slugs(api, "/api/v1/films/", search=many) == ["the-escape-2017"]
