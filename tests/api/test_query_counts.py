"""Every list endpoint costs a fixed number of SQL queries, whatever the
number of rows: the same count with 10 and with 500 reviews (and as many
films, people, characters, credits, places and mentions), full pages of 100."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from films.models import Character, Credit, Film, FilmLocation, Location, Person
from reviews.models import Mention, Review, Theme

pytestmark = pytest.mark.django_db

LISTS = {
    "/api/v1/films/": 2,
    "/api/v1/people/": 2,
    "/api/v1/characters/": 2,
    "/api/v1/locations/": 2,
    "/api/v1/credits/": 2,
    "/api/v1/reviews/": 2,
    "/api/v1/themes/": 2,
    "/api/v1/mentions/": 2,
}
FILTERED = {
    "/api/v1/reviews/": {
        "film": "film-0",
        "theme": ["theme-0", "theme-1"],
        "person": "person-0",
        "location": "place-0",
        "q": "review",
        "search": "headline",
        "ordering": "positive",
    },
    "/api/v1/people/": {"film": "film-0", "role": "actor", "search": "person"},
    "/api/v1/films/": {"year": 2017, "search": "film", "ordering": "-title"},
}


def build(n: int) -> None:
    """n of everything, bulk-inserted, every relation filled."""
    films = Film.objects.bulk_create(
        Film(title=f"Film {i}", year=2017, slug=f"film-{i}") for i in range(n)
    )
    people = Person.objects.bulk_create(
        Person(name=f"Person {i}", slug=f"person-{i}") for i in range(n)
    )
    characters = Character.objects.bulk_create(
        Character(film=films[i], name=f"Character {i}", slug=f"character-{i}")
        for i in range(n)
    )
    Credit.objects.bulk_create(
        Credit(film=films[i], person=people[i], role="actor", character=characters[i])
        for i in range(n)
    )
    root = Location.objects.create(name="Place 0", slug="place-0", kind="country")
    places = [root] + Location.objects.bulk_create(
        Location(name=f"Place {i}", slug=f"place-{i}", kind="city", parent=root)
        for i in range(1, n)
    )
    FilmLocation.objects.bulk_create(
        FilmLocation(film=films[i], location=places[i], usage="filming")
        for i in range(n)
    )
    themes = Theme.objects.bulk_create(
        Theme(name=f"Theme {i}", slug=f"theme-{i}") for i in range(5)
    )
    reviews = Review.objects.bulk_create(
        Review(
            film=films[i % len(films)],
            headline=f"Review headline {i}",
            slug=f"review-{i}",
            body="A review.",
            status="draft" if i % 10 == 9 else "published",
            published_on=datetime.date(2017, 1, 1) + datetime.timedelta(days=i % 40),
            tone_score=(i % 20) / 20,
        )
        for i in range(n)
    )
    Review.themes.through.objects.bulk_create(
        Review.themes.through(review=review, theme=themes[i % 5])
        for i, review in enumerate(reviews)
    )
    Mention.objects.bulk_create(
        Mention(review=reviews[i], kind="person", person=people[i]) for i in range(n)
    ) + Mention.objects.bulk_create(
        Mention(review=reviews[i], kind="location", location=places[i])
        for i in range(n)
    )


def count(client, path, params) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, {"page_size": 100, **params})
    assert response.status_code == 200, response.content
    assert response.json()["results"]
    return len(queries)


@pytest.mark.slow
@pytest.mark.parametrize("who", ["anonymous", "editor"])
def test_list_queries_do_not_grow(api, editor_api, who):
    client = api if who == "anonymous" else editor_api
    cases = [(path, {}) for path in LISTS] + list(FILTERED.items())
    build(10)
    client.get("/api/v1/films/")  # authentication and permissions, cached
    small = {case[0] + str(case[1]): count(client, *case) for case in cases}
    build_more = 490
    Review.objects.all().delete()
    Mention.objects.all().delete()
    for model in (FilmLocation, Credit, Character, Location, Film, Person, Theme):
        model.objects.all().delete()
    build(10 + build_more)
    large = {case[0] + str(case[1]): count(client, *case) for case in cases}
    assert large == small
    if who == "anonymous":
        for path, budget in LISTS.items():
            assert small[path + "{}"] <= budget, (path, small[path + "{}"])
