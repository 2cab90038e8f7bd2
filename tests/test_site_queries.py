"""Every page type costs the same number of SQL queries with 10 published
reviews as with 500 (and the counts are reported, for the README)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from films.models import FilmLocation, Location
from reviews.models import Review
from tests.factories import (
    CharacterFactory,
    CreditFactory,
    FilmFactory,
    FilmLocationFactory,
    LocationFactory,
    MentionFactory,
    PersonFactory,
    ReviewFactory,
    ThemeFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

PAGES = {
    "home": "/",
    "film list": "/films/",
    "film": "/films/escape/",
    "review list": "/reviews/",
    "review list, filtered": "/reviews/?theme=marriage&tone=positive&person=gemma"
    "&location=france&q=tara&ordering=longest",
    "review": "/reviews/first/",
    "people": "/people/",
    "person": "/people/gemma/",
    "characters": "/characters/",
    "character": "/characters/tara/",
    "places": "/locations/",
    "place": "/locations/paris/",
    "search": "/search/?q=tara",
    "feed": "/feeds/reviews/",
    "film feed": "/feeds/reviews/film/escape/",
    "theme feed": "/feeds/reviews/theme/marriage/",
    "sitemap": "/sitemap.xml",
}


def add_reviews(n, *, film, themes, gemma, tara, places):
    tones = [Review.Tone.POSITIVE, Review.Tone.MIXED, Review.Tone.NEGATIVE]
    for i in range(n):
        review = ReviewFactory(
            film=film,
            headline=f"Tara review {Review.objects.count()}",
            tone=tones[i % 3],
            tone_score=0.5,
            featured=i % 7 == 0,
            themes=themes,
        )
        MentionFactory(review=review, person=gemma, source_sentence="Gemma shines.")
        MentionFactory(review=review, of_character=True, character=tara)
        MentionFactory(review=review, of_location=True, location=places[i % 3])


def count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def test_query_counts_do_not_grow_from_10_to_500_reviews(client, db):
    film = FilmFactory(title="The Escape", slug="escape")
    gemma = PersonFactory(name="Gemma", slug="gemma")
    tara = CharacterFactory(film=film, name="Tara", slug="tara")
    CreditFactory(film=film, person=gemma, character=tara)
    CreditFactory(film=film, crew=True)
    france = LocationFactory(name="France", slug="france", kind=Location.Kind.COUNTRY)
    paris = LocationFactory(
        name="Paris", slug="paris", parent=france, latitude=1, longitude=2
    )
    louvre = LocationFactory(name="Louvre", parent=paris, latitude=1.1, longitude=2.1)
    FilmLocationFactory(film=film, location=paris, usage=FilmLocation.Usage.SETTING)
    FilmLocationFactory(film=film, location=louvre)
    themes = [ThemeFactory(name="Marriage", slug="marriage"), ThemeFactory()]
    first = ReviewFactory(film=film, slug="first", themes=themes)
    MentionFactory(review=first, person=gemma)
    MentionFactory(review=first, of_character=True, character=tara)
    places = [france, paris, louvre]
    add_reviews(4, film=film, themes=themes, gemma=gemma, tara=tara, places=places)
    for _ in range(5):  # reviews of other films
        ReviewFactory(film=FilmFactory(), themes=themes[1:])
    assert Review.objects.published().count() == 10

    small = {name: count(client, url) for name, url in PAGES.items()}
    add_reviews(490, film=film, themes=themes, gemma=gemma, tara=tara, places=places)
    assert Review.objects.published().count() == 500
    large = {name: count(client, url) for name, url in PAGES.items()}
    assert large == small
    # A later page of the list costs what the first one does.
    assert count(client, "/reviews/?page=25") == small["review list"]
    print("\nqueries per page type:", small)
