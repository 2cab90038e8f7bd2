"""What each change form shows of its related rows, at a fixed query cost."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from films.models import Character
from tests.admin.forms import form_data
from tests.admin.urls import change_url
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
    SourceDocumentFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db


def queries(client, url) -> int:
    client.get(url)  # session and permission caches
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def grow_film(film, n):
    for _ in range(n):
        character = CharacterFactory(film=film)
        CreditFactory(film=film, character=character, source_document=film.doc)
        FilmLocationFactory(film=film, source_document=film.doc)
        RatingFactory(film=film)


def test_film_edits_characters_credits_places_and_ratings(editor_client):
    film = FilmFactory()
    film.doc = SourceDocumentFactory()
    grow_film(film, 2)
    response = editor_client.get(change_url(film))
    prefixes = {f.formset.prefix for f in response.context["inline_admin_formsets"]}
    assert prefixes == {"characters", "credits", "film_locations", "ratings"}

    few = queries(editor_client, change_url(film))
    grow_film(film, 18)
    assert queries(editor_client, change_url(film)) == few


def test_film_adds_a_character_inline(editor_client):
    film = FilmFactory()
    url = change_url(film)
    data = form_data(
        editor_client.get(url),
        **{
            "characters-TOTAL_FORMS": "1",
            "characters-0-name": "Tara",
            "characters-0-slug": "tara-new",
        },
    )
    assert editor_client.post(url, data).status_code == 302
    assert Character.objects.get(slug="tara-new").film == film


def test_review_shows_mentions_themes_and_its_document(editor_client):
    document = SourceDocumentFactory(filename="000_review.txt")
    review = ReviewFactory(
        source_document=document, themes=[ThemeFactory(name="Exile")]
    )
    MentionFactory(review=review, count=3)
    response = editor_client.get(change_url(review))
    content = response.content.decode()
    assert f'<a href="{change_url(document)}">000_review.txt</a>' in content
    assert "Exile" in content
    prefixes = [f.formset.prefix for f in response.context["inline_admin_formsets"]]
    assert prefixes == ["mentions"]

    few = queries(editor_client, change_url(review))
    for kind in ("of_character", "of_location", "of_film"):
        for _ in range(5):
            MentionFactory(review=review, **{kind: True})
    assert queries(editor_client, change_url(review)) == few


def test_person_shows_credits_and_the_reviews_that_mention_them(editor_client):
    person = PersonFactory()
    CreditFactory(person=person)
    mentioned = MentionFactory(person=person, review=ReviewFactory(headline="Praise"))
    response = editor_client.get(change_url(person))
    content = response.content.decode()
    assert f'<a href="{change_url(mentioned.review)}">Praise</a>' in content
    prefixes = [f.formset.prefix for f in response.context["inline_admin_formsets"]]
    assert prefixes == ["credits"]

    few = queries(editor_client, change_url(person))
    for _ in range(10):
        CreditFactory(person=person)
        MentionFactory(person=person)
    assert queries(editor_client, change_url(person)) == few


def test_location_links_its_places_and_films(editor_client):
    city = LocationFactory(name="Paris")
    museum = LocationFactory(name="Louvre", parent=city)
    use = FilmLocationFactory(location=city)
    content = editor_client.get(change_url(city)).content.decode()
    assert f'<a href="{change_url(museum)}">Louvre</a>' in content
    assert f'<a href="{change_url(use.film)}">{use.film}</a>' in content

    few = queries(editor_client, change_url(city))
    for _ in range(10):
        LocationFactory(parent=city)
        FilmLocationFactory(location=city)
    assert queries(editor_client, change_url(city)) == few


def test_long_lists_link_to_all_rows(editor_client, monkeypatch):
    monkeypatch.setattr("films.admin.LINK_LIMIT", 2)
    city = LocationFactory()
    for _ in range(3):
        LocationFactory(parent=city)
    content = editor_client.get(change_url(city)).content.decode()
    assert f"?parent__id__exact={city.pk}" in content
    assert "All 3" in content
