"""The public pages besides the review list: home, films, people,
characters, places, a review, search, feeds, sitemap and robots.txt."""

import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from reviews.models import Review
from tests.factories import FilmFactory, ReviewFactory
from tests.site_data import build_world

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture
def world(db):
    return build_world()


def html(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, url
    return response.content.decode()


# --- Home ----------------------------------------------------------------------


def test_home_features_the_film_with_most_published_reviews(client, world):
    # Three unpublished reviews of another film do not make it featured.
    for status in (Review.Status.DRAFT, Review.Status.IN_REVIEW):
        ReviewFactory.create_batch(3, film=world.other, status=status)
    response = client.get("/")
    assert response.context["featured_film"] == world.escape
    content = response.content.decode()
    assert "Featured film" in content
    assert world.escape.synopsis in content
    assert 'Directed by <a href="/people/dominic-savage/">Dominic Savage</a>' in content
    assert 'as <a href="/characters/tara/">Tara</a>' in content
    assert "Metacritic: 58/100" in content and "from 14 critics" in content
    assert "Arterton holds it together." in content
    assert "2 reviews here" in content


def test_home_shows_featured_and_latest_reviews_and_ways_to_browse(client, world):
    response = client.get("/")
    content = response.content.decode()
    assert list(response.context["featured_reviews"]) == [world.glowing]
    assert list(response.context["reviews"]) == [
        world.mixed,
        world.glowing,
        world.harsh,
    ]
    assert "Hidden" not in content
    assert 'href="/reviews/?theme=marriage">Marriage <span class="count">(2)' in content
    assert "Grief" not in content  # a theme of unpublished reviews only
    assert 'href="/people/"' in content and 'href="/locations/"' in content
    assert 'href="/locations/france/">France</a>' in content


def test_home_featured_film_changes_with_published_reviews(client, world):
    ReviewFactory.create_batch(3, film=world.other)
    assert client.get("/").context["featured_film"] == world.other


# --- Films ---------------------------------------------------------------------


def test_film_page_has_tone_breakdown_and_its_reviews(client, world):
    response = client.get(world.escape.get_absolute_url())
    content = response.content.decode()
    tones = {
        tone.value: (tone.count, share) for tone, share in response.context["tones"]
    }
    assert tones == {"positive": (1, 50), "mixed": (1, 50), "negative": (0, 0)}
    assert 'href="/reviews/?film=the-escape">All 2 reviews of The Escape</a>' in content
    assert 'href="/reviews/?film=the-escape&amp;tone=positive"' in content
    assert "A luminous escape" in content and "Hidden" not in content
    assert 'href="/feeds/reviews/film/the-escape/"' in content


def test_film_page_without_reviews(client, world):
    film = FilmFactory(title="Unreviewed")
    assert "No published reviews yet." in html(client, film.get_absolute_url())


# --- People --------------------------------------------------------------------


def test_people_index_lists_visible_people_with_credit_counts(client, world):
    response = client.get(reverse("films:person_list"))
    content = response.content.decode()
    assert [p.name for p in response.context["object_list"]] == [
        "Célia Johnson",
        "Dominic Savage",
        "Gemma Arterton",
    ]
    assert (
        'href="/people/gemma-arterton/">Gemma Arterton</a> <span class="meta">1 credit<'
        in content
    )


def test_person_page_roles_per_film_and_mentioning_sentences(client, world):
    response = client.get(world.gemma.get_absolute_url())
    content = response.content.decode()
    assert response.context["films"] == [
        (world.escape, list(world.gemma.credits.all()))
    ]
    assert 'Actor as <a href="/characters/tara/">Tara</a>' in content
    assert "Gemma Arterton is luminous as Tara." in content
    assert 'href="/reviews/a-luminous-escape/">A luminous escape</a>' in content
    assert "Draft words." not in content
    assert 'href="/reviews/?person=gemma-arterton">All 2 reviews' in content


def test_old_person_and_place_addresses_redirect_permanently(client, world):
    response = client.get("/films/people/gemma-arterton/")
    assert response.status_code == 301
    assert response["Location"] == "/people/gemma-arterton/"
    response = client.get("/films/locations/paris/?x=1")
    assert response.status_code == 301
    assert response["Location"] == "/locations/paris/?x=1"


# --- Characters ----------------------------------------------------------------


def test_character_pages(client, world):
    content = html(client, reverse("films:character_list"))
    assert 'href="/characters/tara/">Tara</a>' in content
    content = html(client, reverse("films:character_detail", args=["tara"]))
    assert "<h1>Tara</h1>" in content
    assert 'href="/people/gemma-arterton/">Gemma Arterton</a>' in content  # plays
    assert "Tara runs to the Tuileries Garden." in content  # a review sentence
    assert 'href="/locations/paris/">Paris</a>' in content  # a story place
    assert "Tara takes the train to Paris." in content
    assert "Tuileries Garden</a>" not in content.split("Places of the story")[1]
    assert 'href="/reviews/?character=tara">All 1 review' in content


def test_unknown_or_hidden_character_is_not_found(client, world):
    assert client.get("/characters/nobody/").status_code == 404


# --- Places --------------------------------------------------------------------


def test_places_index_is_a_tree_with_a_map(client, world):
    response = client.get(reverse("films:location_list"))
    content = response.content.decode()
    tree = [(place.slug, depth) for place, depth in response.context["tree"]]
    assert tree == [("france", 0), ("paris", 1), ("tuileries", 2), ("kent", 0)]
    assert "<svg" in content and content.count("<circle") == 2


def test_place_page_breadcrumbs_children_uses_and_reviews(client, world):
    response = client.get(world.paris.get_absolute_url())
    content = response.content.decode()
    assert response.context["breadcrumbs"] == [world.france]
    assert '<li><a href="/locations/france/">France</a></li>' in content
    assert 'href="/locations/tuileries/">Tuileries Garden</a>' in content  # child
    assert response.context["settings"][0].film == world.escape
    assert response.context["filming"] == []
    assert "Tara takes the train to Paris." in content  # evidence sentence
    # Reviews that mention Paris or a place inside it.
    assert "Paris looks grey." in content
    assert "Tara runs to the Tuileries Garden." in content
    assert 'href="/reviews/?location=paris">All 2 reviews' in content


def test_place_page_map_is_inline_svg_with_no_outside_request(client, world):
    content = html(client, world.paris.get_absolute_url())
    svg = content[content.index("<svg") : content.index("</svg>") + 6]
    ET.fromstring(svg.replace('xmlns="http://www.w3.org/2000/svg"', ""))
    assert svg.count("<circle") == 2  # Paris and the Tuileries
    assert 'class="map__place map__place--current"' in svg
    assert 'role="group"' in svg and "<title" in svg
    for attribute in ("src=", "http://", "https://"):
        assert attribute not in svg
    deepest = html(client, world.tuileries.get_absolute_url())
    assert [
        p.slug
        for p in client.get(world.tuileries.get_absolute_url()).context["breadcrumbs"]
    ] == ["france", "paris"]
    assert "Scenes were shot in the Tuileries Garden." in deepest


def test_place_without_coordinates_has_no_map(client, world):
    content = html(client, world.kent.get_absolute_url())
    assert "<svg" not in content
    assert "No published review mentions Kent yet." in content


# --- A review ------------------------------------------------------------------


def test_review_page_links_mentions_and_shows_provenance(client, world):
    response = client.get(world.glowing.get_absolute_url())
    content = response.content.decode()
    assert (
        '<a href="/people/gemma-arterton/">Gemma Arterton</a> is luminous as' in content
    )
    assert 'as <a href="/characters/tara/">Tara</a>, who runs' in content
    assert 'to the <a href="/locations/tuileries/">Tuileries Garden</a>' in content
    assert '<blockquote class="pull pull--large"><p>Luminous.</p>' in content
    assert (
        'class="tone tone-positive" href="/reviews/?tone=positive">Positive' in content
    )
    assert 'href="/reviews/?theme=marriage">Marriage</a>' in content
    assert "The Guardian" in content and "Peter Bradshaw" in content
    assert world.review_doc.filename in content and "Critic review" in content


def test_review_page_related_reviews(client, world):
    response = client.get(world.glowing.get_absolute_url())
    related = list(response.context["related"])
    # Same film first, then by shared themes.
    assert related == [world.mixed, world.harsh]
    assert response.context["related"][1].shared == 1
    assert [g for g, _ in response.context["mention_groups"]] == [
        "People",
        "Characters",
        "Places",
    ]


def test_review_body_is_escaped(client, world):
    review = ReviewFactory(
        film=world.escape, body="<script>alert(1)</script> Tara & co.", slug="xss"
    )
    content = html(client, review.get_absolute_url())
    assert "<script>alert(1)</script>" not in content
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Tara &amp; co." in content


@pytest.mark.parametrize(
    "status", [Review.Status.DRAFT, Review.Status.IN_REVIEW, Review.Status.ARCHIVED]
)
def test_unpublished_review_is_nowhere(client, world, status):
    review = Review.objects.get(status=status)
    assert client.get(review.get_absolute_url()).status_code == 404
    for url in (
        "/",
        "/reviews/",
        "/people/gemma-arterton/",
        "/feeds/reviews/",
        "/sitemap.xml",
    ):
        assert review.headline not in html(client, url), url
    assert review.headline not in html(client, "/search/?q=hidden")


# --- Search --------------------------------------------------------------------


def test_search_groups_results_case_and_accent_insensitively(client, world):
    response = client.get(reverse("search"), {"q": "CELIA"})
    groups = dict(response.context["groups"])
    assert groups["People"] == [world.celia]
    assert groups["Reviews"] == [world.harsh]
    response = client.get(reverse("search"), {"q": "paris"})
    groups = dict(response.context["groups"])
    assert groups["Places"] == [world.paris]
    assert groups["Reviews"] == [world.mixed]
    assert groups["Films"] == [] and groups["Characters"] == []
    assert client.get(reverse("search"), {"q": "tara"}).context["groups"][2][1] == [
        world.tara
    ]
    content = html(client, "/search/?q=caf%C3%A9")
    assert "Café society, half-cooked" in content
    assert 'href="/reviews/?q=caf%C3%A9">Filter all matching reviews' in content


def test_search_box_is_in_every_header(client, world):
    for url in ("/", "/films/", "/reviews/", "/people/", "/locations/paris/"):
        content = html(client, url)
        assert (
            '<form class="site-search" role="search" aria-label="Site" action="/search/"'
            in content
        )
        assert '<label for="site-search-q"' in content


@pytest.mark.parametrize("query", ["", "   ", "zzzz", "%", "_", "x" * 200])
def test_search_with_nothing_to_find(client, world, query):
    response = client.get(reverse("search"), {"q": query})
    assert response.status_code == 200
    assert response.context.get("total", 0) == 0


def test_search_refuses_an_overlong_query_as_a_form_error(client, world):
    response = client.get(reverse("search"), {"q": "x" * 10_240})
    assert response.status_code == 200
    content = response.content.decode()
    assert "Search for at most 200 characters" in content
    assert "x" * 201 not in content


# --- Feeds, sitemap, robots ------------------------------------------------------


def parse_feed(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return ET.fromstring(response.content)


def test_atom_feed_of_all_reviews(client, world):
    feed = parse_feed(client, "/feeds/reviews/")
    assert feed.tag == f"{ATOM}feed"
    titles = [entry.findtext(f"{ATOM}title") for entry in feed.iter(f"{ATOM}entry")]
    assert titles == [
        "Café society, half-cooked",
        "A luminous escape",
        "Trains and regret",
    ]
    entry = next(feed.iter(f"{ATOM}entry"))
    assert entry.find(f"{ATOM}link").get("href").endswith("/reviews/cafe-society/")
    assert entry.findtext(f"{ATOM}author/{ATOM}name") == "Ann Other"
    assert entry.findtext(f"{ATOM}published").startswith("2018-06-01")


def test_atom_feeds_per_film_and_per_theme(client, world):
    feed = parse_feed(client, "/feeds/reviews/film/brief-encounter/")
    assert [e.findtext(f"{ATOM}title") for e in feed.iter(f"{ATOM}entry")] == [
        "Trains and regret"
    ]
    feed = parse_feed(client, "/feeds/reviews/theme/marriage/")
    assert len(list(feed.iter(f"{ATOM}entry"))) == 2
    assert "marriage" in feed.findtext(f"{ATOM}title")
    assert client.get("/feeds/reviews/film/nope/").status_code == 404
    assert client.get("/feeds/reviews/theme/nope/").status_code == 404
    # A theme of unpublished reviews only has an empty feed.
    assert (
        list(parse_feed(client, "/feeds/reviews/theme/grief/").iter(f"{ATOM}entry"))
        == []
    )


def test_sitemap_is_valid_xml_listing_public_pages(client, world):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    locs = {
        loc.text.replace("http://testserver", "") for loc in root.iter(f"{SITEMAP}loc")
    }
    for path in (
        "/",
        "/reviews/",
        "/people/",
        "/locations/",
        "/films/the-escape/",
        "/reviews/a-luminous-escape/",
        "/people/gemma-arterton/",
        "/characters/tara/",
        "/locations/tuileries/",
    ):
        assert path in locs, path
    assert not any("hidden" in loc for loc in locs)


def test_robots_txt(client, db):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "User-agent: *" in text
    assert "Disallow: /admin/" in text
    assert "Sitemap: http://testserver/sitemap.xml" in text


def test_error_pages_are_styled(client, db):
    content = html(client, "/no/such/page/", status=404)
    assert "site.css" in content and 'role="search"' in content
    from django.template.loader import render_to_string

    assert "site.css" in render_to_string("500.html")
