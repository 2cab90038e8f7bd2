"""`manage.py generate_demo_data`: invented, deterministic, valid, and only ever
deleting its own rows."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from films.models import (
    Character,
    Credit,
    Film,
    FilmLocation,
    Location,
    Person,
    Rating,
    SourceDocument,
)
from reviews.importer.assess import NEGATIVE_THRESHOLD, POSITIVE_THRESHOLD
from reviews.importer.text import word_count
from reviews.models import Mention, Review, Theme
from tests.factories import FilmFactory, ReviewFactory

pytestmark = pytest.mark.django_db

REVIEWS = 60


def generate(*args, reviews=REVIEWS):
    out = StringIO()
    call_command(
        "generate_demo_data", "--reviews", str(reviews), *args, stdout=out, verbosity=0
    )
    return out.getvalue()


def snapshot() -> dict[str, list]:
    """The generated rows, by natural values (primary keys differ between runs)."""
    return {
        "films": list(Film.objects.values_list("slug", "title", "year", "synopsis")),
        "people": list(Person.objects.values_list("slug", "name")),
        "places": list(
            Location.objects.values_list(
                "slug", "kind", "parent__slug", "latitude", "longitude"
            )
        ),
        "credits": sorted(
            Credit.objects.values_list(
                "film__slug", "person__slug", "role", "character__slug", "billing_order"
            ),
            key=str,
        ),
        "reviews": list(
            Review.objects.order_by("slug").values_list(
                "slug",
                "film__slug",
                "headline",
                "body",
                "status",
                "published_on",
                "published_at",
                "tone",
                "tone_score",
                "featured",
                "outlet",
                "byline",
                "created_at",
            )
        ),
        "mentions": sorted(
            Mention.objects.values_list(
                "review__slug",
                "kind",
                "person__slug",
                "character__slug",
                "location__slug",
                "film__slug",
                "count",
            ),
            key=str,
        ),
        "themes": sorted(
            Review.themes.through.objects.values_list("review__slug", "theme__slug")
        ),
    }


def test_same_seed_gives_the_same_rows_and_another_seed_others():
    generate("--seed", "7")
    first = snapshot()
    generate("--seed", "7", "--replace")
    assert snapshot() == first
    generate("--seed", "8", "--replace")
    assert snapshot()["reviews"] != first["reviews"]


def test_makes_site_like_proportions_and_reports_them():
    output = generate()
    assert "60 reviews" in output and "Generated (seed 2017)" in output
    assert Review.objects.count() == REVIEWS
    assert Film.objects.count() == 20  # at least 20 films however few reviews
    assert Theme.objects.count() >= 30
    for film in Film.objects.all():
        assert film.characters.count() >= 4
        assert film.credits.filter(role=Credit.Role.DIRECTOR).exists()
        assert film.film_locations.exists()
    assert all(
        slug.startswith("demo-")
        for slug in Person.objects.values_list("slug", flat=True)
    )
    statuses = set(Review.objects.values_list("status", flat=True))
    assert Review.Status.PUBLISHED in statuses and len(statuses) >= 3
    assert Review.objects.published().count() > REVIEWS // 2
    for review in Review.objects.prefetch_related("themes", "mentions"):
        assert 2 <= len(review.mentions.all()) <= 6
        assert 1 <= len(review.themes.all()) <= 3


def test_larger_runs_schedule_feature_and_import_some_reviews():
    generate(reviews=1500)
    assert Review.objects.scheduled().exists()
    assert Review.objects.filter(featured=True).exists()
    imported = Review.objects.filter(published_on__isnull=True, status="published")
    assert imported.exists()
    assert all(r.source_document.text.startswith(r.headline) for r in imported[:20])


def test_every_row_passes_its_models_validation():
    generate()
    for model in (
        Film,
        Person,
        Character,
        Credit,
        Location,
        FilmLocation,
        Rating,
        SourceDocument,
        Theme,
        Review,
        Mention,
    ):
        for row in model.objects.all():
            row.full_clean()


def test_texts_agree_with_their_metadata():
    generate()
    for review in Review.objects.prefetch_related(
        "mentions__person",
        "mentions__character",
        "mentions__location",
        "mentions__film",
    ):
        assert 300 <= review.word_count <= 1000
        assert review.word_count == word_count(review.body)
        expected_tone = (
            "positive"
            if review.tone_score >= POSITIVE_THRESHOLD
            else "negative"
            if review.tone_score <= NEGATIVE_THRESHOLD
            else "mixed"
        )
        assert review.tone == expected_tone
        film_mentions = [m for m in review.mentions.all() if m.kind == "film"]
        assert [m.film_id for m in film_mentions] == [review.film_id]
        for mention in review.mentions.all():
            name = (
                mention.target.title if mention.kind == "film" else mention.target.name
            )
            assert review.body.count(name) >= mention.count


def test_places_form_a_tree_of_countries_cities_and_districts():
    generate()
    for place in Location.objects.select_related("parent"):
        expected_parent = {
            "country": None,
            "city": "country",
            "district": "city",
        }.get(place.kind, "district")
        assert (place.parent.kind if place.parent else None) == expected_parent


def test_reviews_show_on_the_public_site(client):
    generate()
    published = Review.objects.published().exclude(published_on=None).first()
    listing = client.get(reverse("reviews:review_list"))
    assert listing.status_code == 200
    assert 'href="/reviews/demo-review-' in listing.content.decode()
    assert client.get(published.get_absolute_url()).status_code == 200
    assert client.get(published.film.get_absolute_url()).status_code == 200
    draft = Review.objects.filter(status="draft").first()
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_refuses_a_database_with_demo_data_unless_replace():
    generate()
    before = snapshot()
    with pytest.raises(CommandError, match="already holds demo data.*--replace"):
        generate("--seed", "3")
    assert snapshot() == before


def test_replace_keeps_every_row_that_is_not_demo_data():
    film = FilmFactory(title="An Editor's Film", year=1999)
    review = ReviewFactory(film=film)
    generate()
    generate("--replace", "--seed", "5", reviews=30)
    assert Review.objects.filter(pk=review.pk).exists()
    assert Film.objects.filter(pk=film.pk).exists()
    assert Review.objects.count() == 31
    assert not Review.objects.filter(slug__startswith="demo-review-31-").exists()


def test_replace_refuses_when_other_rows_point_at_demo_rows():
    generate()
    demo_film = Film.objects.filter(slug__startswith="demo-").first()
    ReviewFactory(film=demo_film, slug="an-editors-review")
    with pytest.raises(CommandError, match="1 reviews of demo films"):
        generate("--replace")
    assert Review.objects.filter(slug="an-editors-review").exists()
    assert Review.objects.count() == REVIEWS + 1


@pytest.mark.parametrize(
    "args",
    [
        ["--reviews", "0"],
        ["--reviews", "-5"],
        ["--reviews", "many"],
        ["--reviews", "10", "--seed", "x"],
        [],
    ],
)
def test_bad_arguments_are_a_command_error(args):
    with pytest.raises(CommandError):
        call_command("generate_demo_data", *args, stdout=StringIO())
    assert not Review.objects.exists()
