"""Ranked full-text search (search.engine) on the database under test: ranking,
snippets, accent folding, names, hostile queries, visibility, and indexes
that stay in step with every way of writing a row. Run on SQLite and on
PostgreSQL (DATABASE_URL=postgres://...)."""

import pytest
from django.db import connection
from django.urls import reverse

from films import selectors as catalogue
from reviews import selectors
from reviews.models import Review
from search.engine import ranked_review_ids
from tests.factories import (
    CharacterFactory,
    FilmFactory,
    LocationFactory,
    PersonFactory,
    ReviewFactory,
)

pytestmark = pytest.mark.django_db

HOSTILE = [
    '"',
    '"unclosed',
    "a AND b",
    "OR",
    "NOT luminous",
    "NEAR(",
    "NEAR(a b, 2)",
    "*",
    "lumi*",
    "-luminous",
    "headline:luminous",
    "body : x",
    "^start",
    "a & b | !c",
    "'quoted'",
    "back\\slash",
    "(((",
    "x" * 200,
    "½ ǃ ß ﬁ",
    "日本語 映画",
    "🙂",
    "word " * 40,
    "%_%",
]


def found(query: str) -> list[str]:
    return [review.slug for review in selectors.review_search(query)]


def test_headline_match_outranks_body_only_match():
    body_only = ReviewFactory(
        slug="body", headline="Plain", body="An " + "ordinary " * 5 + "luminous film."
    )
    headline = ReviewFactory(slug="headline", headline="Luminous", body="Quiet.")
    assert found("luminous") == [headline.slug, body_only.slug]
    assert ranked_review_ids("luminous") == [headline.pk, body_only.pk]


def test_every_word_must_occur_and_the_last_may_be_a_prefix():
    ReviewFactory(slug="both", body="A luminous escape.")
    ReviewFactory(slug="one", body="A luminous film.")
    assert found("luminous escape") == ["both"]
    assert found("luminous esc") == ["both"]
    assert found("esc luminous") == []  # only the last word is a prefix


def test_snippet_marks_matches_and_escapes_the_text():
    ReviewFactory(
        slug="x", body="<script>alert(1)</script> Tara runs & <b>Tara</b> stays."
    )
    [review] = selectors.review_search("tara")
    snippet = str(review.snippet)
    assert "<script>" not in snippet and "<b>" not in snippet
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in snippet
    assert snippet.count("<mark>Tara</mark>") == 2
    assert "&amp;" in snippet


def test_snippet_is_the_passage_with_the_words():
    body = "Filler words here. " * 40 + "The Louvre at dawn." + " More filler." * 40
    ReviewFactory(slug="long", body=body)
    snippet = str(selectors.review_search("louvre")[0].snippet)
    assert "<mark>Louvre</mark>" in snippet
    assert snippet.startswith("…") and snippet.endswith("…")


@pytest.mark.parametrize(
    ("text", "query"),
    [("Musée d'Orsay", "Musee"), ("Musee d'Orsay", "musée"), ("CAFÉ", "cafe")],
)
def test_accents_and_case_are_ignored_both_ways(text, query):
    ReviewFactory(slug="r", headline=text)
    LocationFactory(name=text, slug="place")
    assert found(query) == ["r"]
    assert [p.slug for p in catalogue.catalogue_search(query)["locations"]] == ["place"]


def test_names_of_films_people_characters_and_places():
    film = FilmFactory(title="The Escape", slug="the-escape")
    person = PersonFactory(name="Gemma Arterton", aliases=["Gemma Artertón"])
    character = CharacterFactory(film=film, name="Tara", aliases=["Tara Sutton"])
    place = LocationFactory(name="Tuileries Garden", aliases=["Jardin des Tuileries"])
    # Only visible rows: made by an editor (no import hash) here.
    assert catalogue.catalogue_search("escape")["films"] == [film]
    assert catalogue.catalogue_search("arterton")["people"] == [person]
    assert catalogue.catalogue_search("sutton")["characters"] == [character]
    assert catalogue.catalogue_search("jardin")["locations"] == [place]
    assert catalogue.catalogue_search("nothing here") == {
        "films": [],
        "people": [],
        "characters": [],
        "locations": [],
    }


def test_hidden_catalogue_rows_are_not_found():
    PersonFactory(name="Imported Person", import_hash="x" * 64)
    assert catalogue.catalogue_search("imported")["people"] == []


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_queries_never_fail(client, query):
    ReviewFactory(slug="r", headline="A luminous escape")
    assert client.get(reverse("search"), {"q": query}).status_code == 200
    assert client.get("/reviews/", {"q": query}).status_code in {200, 400}
    assert client.get("/api/v1/reviews/", {"q": query}).status_code in {200, 400}
    selectors.review_search(query)
    catalogue.catalogue_search(query)


def test_operators_are_words_not_syntax():
    ReviewFactory(slug="r", headline="Near and far", body="Not or and.")
    assert found("NEAR") == ["r"]
    assert found("not or") == ["r"]
    assert found('"near"*') == ["r"]


@pytest.mark.parametrize(
    "status", [Review.Status.DRAFT, Review.Status.IN_REVIEW, Review.Status.ARCHIVED]
)
def test_unpublished_reviews_are_never_found(client, status):
    ReviewFactory(slug="hidden", headline="Secret luminous", status=status)
    assert found("luminous") == []
    assert "Secret" not in client.get("/search/?q=luminous").content.decode()
    assert client.get("/api/v1/reviews/", {"q": "luminous"}).json()["results"] == []


# --- The index stays in step --------------------------------------------------


def test_orm_save_update_and_delete_keep_the_index_in_step():
    review = ReviewFactory(slug="r", body="Original words.")
    assert found("original") == ["r"]
    review.body = "Replacement text."
    review.save()
    assert found("original") == [] and found("replacement") == ["r"]
    Review.objects.filter(pk=review.pk).update(headline="Bulk edited")
    assert found("bulk") == ["r"] and found("replacement") == ["r"]
    review.delete()
    assert found("replacement") == []


def test_bulk_create_and_raw_sql_are_indexed():
    film = FilmFactory()
    Review.objects.bulk_create(
        [
            Review(
                film=film,
                slug=f"b{i}",
                headline=f"Bulk {i}",
                body="Zephyr.",
                status=Review.Status.PUBLISHED,
            )
            for i in range(3)
        ]
    )
    assert sorted(found("zephyr")) == ["b0", "b1", "b2"]
    with connection.cursor() as cursor:
        cursor.execute("UPDATE reviews_review SET body = 'Mistral.' WHERE slug = 'b1'")
    assert sorted(found("zephyr")) == ["b0", "b2"] and found("mistral") == ["b1"]


def test_publishing_a_draft_makes_it_findable():
    review = ReviewFactory(slug="d", body="Gossamer.", status=Review.Status.DRAFT)
    assert found("gossamer") == []
    review.status = Review.Status.PUBLISHED
    review.save()
    assert found("gossamer") == ["d"]


def test_renamed_catalogue_names_are_found_at_once():
    person = PersonFactory(name="Old Name")
    person.name = "New Name"
    person.aliases = ["Alias Spelling"]
    person.save()
    assert catalogue.catalogue_search("old")["people"] == []
    assert catalogue.catalogue_search("spelling")["people"] == [person]
    person.delete()
    assert catalogue.catalogue_search("spelling")["people"] == []
