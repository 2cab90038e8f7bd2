"""Public pages: what a visitor sees, what stays hidden, and bounded queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from films.models import Credit
from reviews.models import Review
from tests.factories import (
    CharacterFactory,
    CreditFactory,
    FilmFactory,
    FilmLocationFactory,
    LocationFactory,
    MentionFactory,
    PersonFactory,
    RatingFactory,
    ReviewFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def assert_queries_do_not_grow(client, url, add_rows, django_assert_max_num_queries):
    """Render ``url``, add rows, and render again with no more queries than before."""
    baseline = count_queries(client, url)
    add_rows()
    with django_assert_max_num_queries(baseline):
        response = client.get(url)
    assert response.status_code == 200
    return response


def test_home_lists_films_and_published_reviews(client, catalogue):
    response = client.get("/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "The Escape" in content
    assert "A quiet unravelling" in content
    assert "Unfinished thoughts" not in content
    assert catalogue.film.get_absolute_url() in content


def test_films_are_listed_by_title_with_counts(client, db):
    zulu = FilmFactory(title="Zulu", year=1964)
    escape = FilmFactory(title="The Escape", year=2017)
    brief = FilmFactory(title="Brief Encounter", year=1945)
    CreditFactory.create_batch(2, film=escape)
    FilmLocationFactory(film=escape)

    response = client.get(reverse("films:film_list"))
    assert response.status_code == 200
    assert list(response.context["object_list"]) == [brief, escape, zulu]
    assert "2 credits · 1 locations" in response.content.decode()
    assert list(client.get("/").context["films"]) == [brief, escape, zulu]


def test_home_of_an_empty_site(client, db):
    response = client.get("/")
    assert response.status_code == 200
    assert "No films yet" in response.content.decode()


def test_film_detail_shows_cast_crew_locations_and_ratings(client, catalogue):
    response = client.get(catalogue.film.get_absolute_url())
    assert response.status_code == 200
    content = response.content.decode()
    assert "<h1>The Escape" in content
    assert catalogue.film.synopsis in content
    assert "Gemma Arterton" in content
    assert 'Gemma Arterton</a> as <a href="/characters/tara/">Tara</a>' in content
    assert 'id="character-tara"><a href="/characters/tara/">Tara</a>' in content
    cast = [(c.person.name, c.character.name) for c in response.context["cast"]]
    assert ("Gemma Arterton", "Tara") in cast
    crew = {person.name: roles for person, roles in response.context["crew"]}
    assert "Director" in crew["Dominic Savage"]
    assert "Louvre" in content and "Paris" in content
    assert "Metacritic: 58/100 from 14 critics" in content
    assert "Rotten Tomatoes: 6.2/10" in content
    assert catalogue.actor.get_absolute_url() in content


def test_rating_without_a_value_shows_only_its_consensus(client, db):
    rating = RatingFactory(
        source="Rotten Tomatoes",
        metric="approval",
        value=None,
        consensus="Arterton holds it together.",
    )
    content = client.get(rating.film.get_absolute_url()).content.decode()
    assert "Rotten Tomatoes (Share of positive reviews)" in content
    assert "Arterton holds it together." in content
    assert "/100" not in content


def test_person_detail_lists_credits(client, catalogue):
    response = client.get(catalogue.director.get_absolute_url())
    assert response.status_code == 200
    content = response.content.decode()
    assert "<h1>Dominic Savage</h1>" in content
    assert "Also credited as D. Savage" in content
    assert "The Escape (2017)" in content and "Director" in content


def test_location_detail_shows_hierarchy_and_films(client, catalogue):
    response = client.get(catalogue.paris.get_absolute_url())
    assert response.status_code == 200
    content = response.content.decode()
    assert "<h1>Paris</h1>" in content
    assert catalogue.france.get_absolute_url() in content
    assert catalogue.louvre.get_absolute_url() in content  # a place within
    assert "The Escape (2017)" in content and "Story setting" in content


def test_review_list_shows_only_published_reviews(client, catalogue):
    response = client.get(reverse("reviews:review_list"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "A quiet unravelling" in content
    assert catalogue.review.get_absolute_url() in content
    assert "Unfinished thoughts" not in content
    assert list(response.context["object_list"]) == [catalogue.review]


def test_review_list_filters_by_film(client, catalogue):
    other = ReviewFactory(film=catalogue.other_film, headline="Trains and longing")
    url = reverse("reviews:review_list")
    response = client.get(url, {"film": catalogue.other_film.slug})
    assert list(response.context["object_list"]) == [other]
    response = client.get(url, {"film": catalogue.film.slug})
    assert list(response.context["object_list"]) == [catalogue.review]


def test_review_detail_shows_body_themes_and_mentions(client, catalogue):
    response = client.get(catalogue.review.get_absolute_url())
    assert response.status_code == 200
    content = response.content.decode()
    assert "<h1>A quiet unravelling</h1>" in content
    assert 'flees to <a href="/locations/paris/">Paris</a>' in content
    assert "Marriage" in content and "Freedom" in content
    assert reverse("films:character_detail", args=[catalogue.tara.slug]) in content
    assert catalogue.other_film.get_absolute_url() in content
    assert "×3" in content


@pytest.mark.parametrize(
    "status",
    [Review.Status.DRAFT, Review.Status.IN_REVIEW, Review.Status.ARCHIVED],
)
def test_unpublished_review_is_not_found(client, db, status):
    review = ReviewFactory(status=status)
    response = client.get(review.get_absolute_url())
    assert response.status_code == 404
    assert review.headline not in client.get("/").content.decode()
    assert review.headline not in client.get("/reviews/").content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/films/no-such-film/",
        "/people/no-such-person/",
        "/characters/no-such-character/",
        "/locations/no-such-place/",
        "/reviews/no-such-review/",
        "/no/such/page/",
    ],
)
def test_unknown_address_renders_the_custom_404(client, db, settings, url):
    assert settings.DEBUG is False
    response = client.get(url)
    assert response.status_code == 404
    content = response.content.decode()
    assert "Page not found" in content
    assert "Back to the home page" in content


def test_home_queries_do_not_grow(client, db, django_assert_max_num_queries):
    film = FilmFactory(title="The Escape", year=2017)
    CreditFactory.create_batch(2, film=film)
    ReviewFactory.create_batch(2, film=film)

    def add_rows():
        for film in FilmFactory.create_batch(5):
            CreditFactory.create_batch(2, film=film)
            FilmLocationFactory(film=film)
            ReviewFactory.create_batch(2, film=film)

    response = assert_queries_do_not_grow(
        client, "/", add_rows, django_assert_max_num_queries
    )
    assert len(response.context["films"]) == 6


def test_film_list_queries_do_not_grow(client, db, django_assert_max_num_queries):
    CreditFactory.create_batch(2)

    def add_rows():
        for film in FilmFactory.create_batch(8):
            CreditFactory.create_batch(2, film=film)
            FilmLocationFactory(film=film)

    response = assert_queries_do_not_grow(
        client, reverse("films:film_list"), add_rows, django_assert_max_num_queries
    )
    assert len(response.context["object_list"]) == 10


def test_film_detail_queries_do_not_grow(client, db, django_assert_max_num_queries):
    film = FilmFactory()
    CreditFactory.create_batch(2, film=film)
    FilmLocationFactory(film=film)

    def add_rows():
        CreditFactory.create_batch(8, film=film)
        CreditFactory.create_batch(3, film=film, crew=True, role=Credit.Role.WRITER)
        CharacterFactory.create_batch(2, film=film)
        for _ in range(4):
            FilmLocationFactory(film=film, location__parent=LocationFactory())
        RatingFactory.create_batch(3, film=film)

    response = assert_queries_do_not_grow(
        client, film.get_absolute_url(), add_rows, django_assert_max_num_queries
    )
    assert response.content.decode().count("<li>") >= 13 + 4 + 3


def test_person_and_location_detail_queries_do_not_grow(
    client, db, django_assert_max_num_queries
):
    credit = CreditFactory()
    filming = FilmLocationFactory()

    def add_rows():
        for _ in range(5):
            CreditFactory(person=credit.person)
            FilmLocationFactory(location=filming.location)
            FilmLocationFactory(location__parent=filming.location)

    for url in [credit.person.get_absolute_url(), filming.location.get_absolute_url()]:
        baseline = count_queries(client, url)
        add_rows()
        with django_assert_max_num_queries(baseline):
            assert client.get(url).status_code == 200


def test_review_list_queries_do_not_grow(client, db, django_assert_max_num_queries):
    themes = ThemeFactory.create_batch(2)
    ReviewFactory.create_batch(2, themes=themes)

    def add_rows():
        ReviewFactory.create_batch(8, themes=themes)

    response = assert_queries_do_not_grow(
        client, reverse("reviews:review_list"), add_rows, django_assert_max_num_queries
    )
    assert len(response.context["object_list"]) == 10


def test_review_detail_queries_do_not_grow(client, db, django_assert_max_num_queries):
    review = ReviewFactory(themes=ThemeFactory.create_batch(2))
    MentionFactory(review=review)
    MentionFactory(review=review, of_character=True)

    def add_rows():
        review.themes.add(*ThemeFactory.create_batch(3))
        for _ in range(3):
            MentionFactory(review=review)
            MentionFactory(review=review, of_character=True)
            MentionFactory(review=review, of_location=True)
            MentionFactory(review=review, of_film=True)

    response = assert_queries_do_not_grow(
        client, review.get_absolute_url(), add_rows, django_assert_max_num_queries
    )
    assert len(response.context["review"].mentions.all()) == 14


def test_film_detail_lists_each_crew_member_once_with_every_role(client, db):
    film = FilmFactory(title="Night Harbour", year=2019)
    person = PersonFactory(name="Ines Varga")
    for role in (Credit.Role.WRITER, Credit.Role.DIRECTOR, Credit.Role.EDITOR):
        CreditFactory(film=film, person=person, role=role, character=None)
    response = client.get(film.get_absolute_url())
    crew = response.context["crew"]
    assert [(p.name, roles) for p, roles in crew] == [
        ("Ines Varga", ["Director", "Writer", "Editor"])
    ]
    assert "Ines Varga</a> — Director, Writer, Editor" in response.content.decode()


def test_review_list_pages_keep_the_filter(client, db):
    theme = ThemeFactory(name="Grief and loss", slug="grief-and-loss")
    for _ in range(21):
        ReviewFactory(status=Review.Status.PUBLISHED).themes.add(theme)
    ReviewFactory(status=Review.Status.PUBLISHED)  # another theme: filtered out

    first = client.get("/reviews/", {"theme": "grief-and-loss"})
    assert first.context["page_obj"].paginator.count == 21
    assert 'href="?theme=grief-and-loss&amp;page=2"' in first.content.decode()
    second = client.get("/reviews/", {"theme": "grief-and-loss", "page": 2})
    assert len(second.context["object_list"]) == 1
