"""A small published world for the public site's tests: two films, reviews
of every tone, kind and theme mix, mentions of people, characters and places
inside places, and unpublished reviews that must never show or count."""

import datetime
from decimal import Decimal
from types import SimpleNamespace

from films.models import Credit, FilmLocation, Location, Rating, SourceDocument
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
    SourceDocumentFactory,
    ThemeFactory,
)


def build_world():
    escape = FilmFactory(
        title="The Escape",
        year=2017,
        slug="the-escape",
        synopsis="Tara, a mother in Kent, leaves for Paris.",
    )
    other = FilmFactory(title="Brief Encounter", year=1945, slug="brief-encounter")
    gemma = PersonFactory(name="Gemma Arterton", slug="gemma-arterton")
    dominic = PersonFactory(name="Dominic Savage", slug="dominic-savage")
    celia = PersonFactory(name="Célia Johnson", slug="celia-johnson")
    tara = CharacterFactory(film=escape, name="Tara", slug="tara")
    laura = CharacterFactory(film=other, name="Laura", slug="laura")
    CreditFactory(film=escape, person=gemma, character=tara, billing_order=1)
    CreditFactory(
        film=escape, person=dominic, role=Credit.Role.DIRECTOR, character=None
    )
    CreditFactory(film=other, person=celia, character=laura, billing_order=1)
    france = LocationFactory(name="France", slug="france", kind=Location.Kind.COUNTRY)
    paris = LocationFactory(
        name="Paris",
        slug="paris",
        parent=france,
        latitude=Decimal("48.8566"),
        longitude=Decimal("2.3522"),
    )
    tuileries = LocationFactory(
        name="Tuileries Garden",
        slug="tuileries",
        kind=Location.Kind.PARK,
        parent=paris,
        latitude=Decimal("48.8635"),
        longitude=Decimal("2.3275"),
    )
    kent = LocationFactory(name="Kent", slug="kent", kind=Location.Kind.REGION)
    FilmLocationFactory(
        film=escape,
        location=tuileries,
        usage=FilmLocation.Usage.FILMING,
        source_sentence="Scenes were shot in the Tuileries Garden.",
    )
    FilmLocationFactory(
        film=escape,
        location=paris,
        usage=FilmLocation.Usage.SETTING,
        source_sentence="Tara takes the train to Paris.",
    )
    RatingFactory(
        film=escape,
        source="Metacritic",
        metric=Rating.Metric.WEIGHTED_AVERAGE,
        value=Decimal("58"),
        critic_count=14,
        consensus="Arterton holds it together.",
    )
    marriage = ThemeFactory(name="Marriage", slug="marriage")
    freedom = ThemeFactory(name="Freedom", slug="freedom")
    grief = ThemeFactory(name="Grief", slug="grief")  # no published review
    essay_doc = SourceDocumentFactory(kind=SourceDocument.Kind.ESSAY)
    review_doc = SourceDocumentFactory(kind=SourceDocument.Kind.REVIEW)

    glowing = ReviewFactory(
        film=escape,
        headline="A luminous escape",
        slug="a-luminous-escape",
        body="Gemma Arterton is luminous as Tara, who runs to the Tuileries Garden.",
        excerpt="Luminous.",
        tone=Review.Tone.POSITIVE,
        tone_score=0.8,
        featured=True,
        outlet="The Guardian",
        byline="Peter Bradshaw",
        published_on=datetime.date(2018, 5, 1),
        word_count=900,
        source_document=review_doc,
        themes=[marriage, freedom],
    )
    mixed = ReviewFactory(
        film=escape,
        headline="Café society, half-cooked",
        slug="cafe-society",
        body="A mixed film. Dominic Savage improvises; Paris looks grey.",
        tone=Review.Tone.MIXED,
        tone_score=0.05,
        outlet="Sight and Sound",
        byline="Ann Other",
        published_on=datetime.date(2018, 6, 1),
        word_count=400,
        source_document=essay_doc,
        themes=[marriage],
    )
    harsh = ReviewFactory(
        film=other,
        headline="Trains and regret",
        slug="trains-and-regret",
        body="Célia Johnson as Laura cannot save it.",
        tone=Review.Tone.NEGATIVE,
        tone_score=-0.6,
        outlet="The Guardian",
        byline="Peter Bradshaw",
        published_on=datetime.date(2017, 1, 15),
        word_count=200,
        themes=[freedom],
    )
    MentionFactory(
        review=glowing,
        person=gemma,
        count=2,
        source_sentence="Gemma Arterton is luminous as Tara.",
    )
    MentionFactory(
        review=glowing,
        of_character=True,
        character=tara,
        source_sentence="Tara runs to the Tuileries Garden.",
    )
    MentionFactory(
        review=glowing,
        of_location=True,
        location=tuileries,
        source_sentence="Tara runs to the Tuileries Garden.",
    )
    MentionFactory(
        review=mixed,
        of_location=True,
        location=paris,
        source_sentence="Paris looks grey.",
    )
    MentionFactory(review=mixed, of_film=True, film=other)
    MentionFactory(
        review=harsh,
        of_character=True,
        character=laura,
        source_sentence="Célia Johnson as Laura cannot save it.",
    )
    hidden = [
        ReviewFactory(
            film=escape,
            headline=f"Hidden {status} review",
            slug=f"hidden-{status}",
            status=status,
            tone=Review.Tone.NEGATIVE,
            featured=True,
            outlet="Secret Outlet",
            themes=[grief],
        )
        for status in (
            Review.Status.DRAFT,
            Review.Status.IN_REVIEW,
            Review.Status.ARCHIVED,
        )
    ]
    for draft in hidden:
        MentionFactory(review=draft, person=gemma, source_sentence="Draft words.")
    return SimpleNamespace(**locals())
