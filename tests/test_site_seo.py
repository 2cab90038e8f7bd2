"""Every public page says what it is: title, meta description, canonical
link, Open Graph tags and schema.org JSON-LD that parses."""

import json
import re

import pytest

from tests.factories import ReviewFactory
from tests.site_data import build_world

pytestmark = pytest.mark.django_db

# Each page type, with the JSON-LD types it must carry.
PAGES = {
    "/": ["WebSite", "Movie"],
    "/films/": ["CollectionPage"],
    "/films/the-escape/": ["Movie"],
    "/reviews/": ["CollectionPage"],
    "/reviews/a-luminous-escape/": ["Review"],
    "/people/": ["CollectionPage"],
    "/people/gemma-arterton/": ["Person"],
    "/characters/": ["CollectionPage"],
    "/characters/tara/": ["WebPage"],
    "/locations/": ["CollectionPage"],
    "/locations/tuileries/": ["Place"],
    "/search/?q=tara": ["SearchResultsPage"],
}


@pytest.fixture
def world(db):
    return build_world()


def json_ld(content):
    blocks = re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', content, re.S
    )
    return [json.loads(block) for block in blocks]


@pytest.mark.parametrize("url", PAGES)
def test_every_page_has_title_description_canonical_og_and_json_ld(client, world, url):
    content = client.get(url).content.decode()
    assert re.search(r"<title>[^<]{3,} · Escape</title>", content)
    description = re.search(r'<meta name="description" content="([^"]+)">', content)
    assert description and len(description.group(1)) <= 160
    canonical = re.search(r'<link rel="canonical" href="([^"]+)">', content).group(1)
    assert canonical == "http://testserver" + url.split("?")[0]
    for prop in ("og:title", "og:description", "og:url", "og:type", "og:site_name"):
        assert f'<meta property="{prop}" content="' in content, prop
    types = [block["@type"] for block in json_ld(content)]
    assert types == PAGES[url]
    for block in json_ld(content):
        assert block["@context"] == "https://schema.org"


def test_movie_has_actors_director_and_review_aggregate(client, world):
    (movie,) = json_ld(client.get("/films/the-escape/").content.decode())
    assert movie["name"] == "The Escape"
    assert movie["url"] == "http://testserver/films/the-escape/"
    assert [a["name"] for a in movie["actor"]] == ["Gemma Arterton"]
    assert all(a["@type"] == "Person" for a in movie["actor"])
    assert [d["name"] for d in movie["director"]] == ["Dominic Savage"]
    rating = movie["aggregateRating"]
    assert rating["@type"] == "AggregateRating"
    assert rating["reviewCount"] == 2 and rating["ratingCount"] == 2
    assert rating["ratingValue"] == pytest.approx((0.8 + 0.05) / 2, abs=0.01)
    assert (rating["worstRating"], rating["bestRating"]) == (-1, 1)


def test_review_has_rating_author_and_item(client, world):
    (review,) = json_ld(client.get("/reviews/a-luminous-escape/").content.decode())
    assert review["name"] == "A luminous escape"
    assert review["reviewRating"]["@type"] == "Rating"
    assert review["reviewRating"]["ratingValue"] == 0.8
    assert review["author"] == {"@type": "Person", "name": "Peter Bradshaw"}
    assert review["publisher"]["name"] == "The Guardian"
    assert review["itemReviewed"]["@type"] == "Movie"
    assert review["datePublished"] == "2018-05-01"


def test_place_has_coordinates_and_enclosing_places(client, world):
    (place,) = json_ld(client.get("/locations/tuileries/").content.decode())
    assert place["geo"] == {
        "@type": "GeoCoordinates",
        "latitude": 48.8635,
        "longitude": 2.3275,
    }
    assert place["containedInPlace"]["name"] == "Paris"
    assert place["containedInPlace"]["containedInPlace"]["name"] == "France"


def test_person_and_character(client, world):
    (person,) = json_ld(client.get("/people/gemma-arterton/").content.decode())
    assert person == {
        "@context": "https://schema.org",
        "@type": "Person",
        "name": "Gemma Arterton",
        "url": "http://testserver/people/gemma-arterton/",
    }
    (page,) = json_ld(client.get("/characters/tara/").content.decode())
    role = page["about"]["actor"][0]
    assert role["@type"] == "PerformanceRole" and role["characterName"] == "Tara"
    assert role["actor"]["name"] == "Gemma Arterton"


def test_json_ld_cannot_be_closed_by_content(client, world):
    review = ReviewFactory(
        film=world.escape,
        slug="sneaky",
        headline="</script><script>alert(1)</script> & <!--",
        excerpt="</SCRIPT>",
    )
    content = client.get(review.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in content
    (data,) = json_ld(content)
    assert data["name"] == review.headline
    assert data["description"] == "</SCRIPT>"


def test_canonical_keeps_only_a_page_number(client, world):
    ReviewFactory.create_batch(25, film=world.escape)
    content = client.get("/reviews/?tone=positive&page=2&ordering=oldest").content
    assert b'<link rel="canonical" href="http://testserver/reviews/?page=2">' in content
    # A filtered list is not indexed; the plain list is.
    assert b'content="noindex, follow"' in content
    assert b"noindex" not in client.get("/reviews/").content
