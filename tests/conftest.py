"""Shared fixtures: a small but complete catalogue around The Escape (2017)."""

import os
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from hypothesis import settings as hypothesis_settings

from films.models import Credit, FilmLocation, Location, Rating, SourceDocument
from reviews.models import DeletedImport, Review
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

# CI must not fail at random: there, property tests replay the same examples.
# Locally they keep exploring new ones.
hypothesis_settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI"):
    hypothesis_settings.load_profile("ci")


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache (throttle counters, cached pages
    of transactional tests, whose database is flushed afterwards)."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture
def assert_rejected(db):
    """Check that ``instance`` breaks a constraint both in Python and in the database.

    ``full_clean()`` must name the constraint's message, and saving anyway must
    raise IntegrityError; the savepoint keeps the test transaction usable.
    """

    def check(instance, message, *, clean=None):
        with pytest.raises(ValidationError) as excinfo:
            (clean or instance.full_clean)()
        assert message in excinfo.value.messages
        with pytest.raises(IntegrityError), transaction.atomic():
            instance.save()

    return check


@pytest.fixture
def catalogue(db):
    """One row or more of every model, every relation and every mention kind."""
    article = SourceDocumentFactory(
        filename="002_article.txt", kind=SourceDocument.Kind.ARTICLE
    )
    review_doc = SourceDocumentFactory(filename="000_review.txt")
    film = FilmFactory(
        title="The Escape",
        year=2017,
        slug="the-escape-2017",
        synopsis="A woman leaves her family for Paris.",
        synopsis_source=article,
    )
    other_film = FilmFactory(title="Brief Encounter", year=1945)
    actor = PersonFactory(name="Gemma Arterton", slug="gemma-arterton")
    director = PersonFactory(
        name="Dominic Savage", slug="dominic-savage", aliases=["D. Savage"]
    )
    tara = CharacterFactory(film=film, name="Tara", slug="tara", aliases=["Tarra"])
    actor_credit = CreditFactory(
        film=film,
        person=actor,
        character=tara,
        billing_order=1,
        source_document=article,
        source_sentence="Gemma Arterton as Tara.",
        import_hash="a" * 64,
    )
    director_credit = CreditFactory(
        film=film, person=director, role=Credit.Role.DIRECTOR, character=None
    )
    france = LocationFactory(name="France", slug="france", kind=Location.Kind.COUNTRY)
    paris = LocationFactory(
        name="Paris",
        slug="paris",
        parent=france,
        latitude=Decimal("48.856600"),
        longitude=Decimal("2.352200"),
        aliases=["Paree"],
    )
    louvre = LocationFactory(
        name="Louvre", slug="louvre", kind=Location.Kind.MUSEUM, parent=paris
    )
    filming = FilmLocationFactory(
        film=film,
        location=louvre,
        usage=FilmLocation.Usage.FILMING,
        note="The gallery scenes.",
        source_document=article,
    )
    setting = FilmLocationFactory(
        film=film, location=paris, usage=FilmLocation.Usage.SETTING
    )
    metacritic = RatingFactory(
        film=film,
        source="Metacritic",
        metric=Rating.Metric.WEIGHTED_AVERAGE,
        value=Decimal("58"),
        critic_count=14,
        consensus="Mixed or average reviews.",
    )
    tomatoes = RatingFactory(
        film=film,
        source="Rotten Tomatoes",
        metric=Rating.Metric.AVERAGE,
        value=Decimal("6.2"),
        scale=Decimal("10"),
    )
    marriage = ThemeFactory(name="Marriage", slug="marriage")
    freedom = ThemeFactory(name="Freedom", slug="freedom")
    review = ReviewFactory(
        film=film,
        source_document=review_doc,
        headline="A quiet unravelling",
        slug="a-quiet-unravelling",
        body="Gemma Arterton is superb as Tara, who flees to Paris.",
        excerpt="Superb.",
        tone=Review.Tone.MIXED,
        tone_score=0.25,
        featured=True,
        themes=[marriage, freedom],
    )
    draft = ReviewFactory(
        film=film,
        headline="Unfinished thoughts",
        slug="unfinished-thoughts",
        status=Review.Status.DRAFT,
    )
    mentions = [
        MentionFactory(review=review, person=actor, count=3),
        MentionFactory(review=review, of_character=True, character=tara, count=2),
        MentionFactory(review=review, of_location=True, location=paris),
        MentionFactory(review=review, of_film=True, film=other_film),
    ]
    deleted = DeletedImport.objects.create(
        model_label="films.person",
        key_digest="0" * 32,
        record_key='["someone-deleted"]',
        description="Someone Deleted",
    )
    return SimpleNamespace(
        article=article,
        review_doc=review_doc,
        film=film,
        other_film=other_film,
        actor=actor,
        director=director,
        tara=tara,
        actor_credit=actor_credit,
        director_credit=director_credit,
        france=france,
        paris=paris,
        louvre=louvre,
        filming=filming,
        setting=setting,
        metacritic=metacritic,
        tomatoes=tomatoes,
        marriage=marriage,
        freedom=freedom,
        review=review,
        draft=draft,
        mentions=mentions,
        deleted=deleted,
    )


def pytest_configure(config):
    # WhiteNoise warns that STATIC_ROOT is missing until collectstatic has run;
    # tests serve static files through the finders and never need it.
    config.addinivalue_line(
        "filterwarnings", r"ignore:No directory at.*staticfiles:UserWarning"
    )


@pytest.fixture(scope="session")
def production_site(tmp_path_factory):
    """One migrated, collected production-settings site (debug off) for the
    serving tests: (its folder, the environment that serves it). Built once
    per run: collectstatic compresses every asset with brotli and gzip."""
    from tests.serving_env import build_site

    folder = tmp_path_factory.mktemp("production-site")
    return folder, build_site(folder)
