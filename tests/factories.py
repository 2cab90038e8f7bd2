"""factory_boy factories for every model; sequences keep slugs and keys unique."""

import datetime
import hashlib
from decimal import Decimal

import factory
from django.utils.text import slugify
from factory.django import DjangoModelFactory

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
from reviews.models import Mention, Review, Theme


def sequential_slug(source):
    """A slug from the attribute ``source`` plus the sequence number."""
    return factory.LazyAttributeSequence(
        lambda obj, n: f"{slugify(getattr(obj, source))}-{n}"
    )


class SourceDocumentFactory(DjangoModelFactory):
    class Meta:
        model = SourceDocument

    filename = factory.Sequence(lambda n: f"{n:03d}_document.txt")
    text = factory.Sequence(lambda n: f"Document {n}. The Escape is a 2017 film.")
    sha256 = factory.LazyAttribute(
        lambda obj: hashlib.sha256(obj.text.encode()).hexdigest()
    )
    kind = SourceDocument.Kind.REVIEW


class FilmFactory(DjangoModelFactory):
    class Meta:
        model = Film

    title = factory.Sequence(lambda n: f"Film {n}")
    year = 2017
    slug = sequential_slug("title")
    synopsis = factory.LazyAttribute(lambda obj: f"The story of {obj.title}.")


class PersonFactory(DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"Person {n}")
    slug = sequential_slug("name")


class CharacterFactory(DjangoModelFactory):
    class Meta:
        model = Character

    film = factory.SubFactory(FilmFactory)
    name = factory.Sequence(lambda n: f"Character {n}")
    slug = sequential_slug("name")


class CreditFactory(DjangoModelFactory):
    """An actor playing a character of the same film; ``crew=True`` for crew."""

    class Meta:
        model = Credit

    class Params:
        crew = factory.Trait(role=Credit.Role.DIRECTOR, character=None)

    film = factory.SubFactory(FilmFactory)
    person = factory.SubFactory(PersonFactory)
    role = Credit.Role.ACTOR
    character = factory.SubFactory(
        CharacterFactory, film=factory.SelfAttribute("..film")
    )
    billing_order = factory.Sequence(lambda n: n)


class LocationFactory(DjangoModelFactory):
    class Meta:
        model = Location

    name = factory.Sequence(lambda n: f"Place {n}")
    slug = sequential_slug("name")
    kind = Location.Kind.CITY


class FilmLocationFactory(DjangoModelFactory):
    class Meta:
        model = FilmLocation

    film = factory.SubFactory(FilmFactory)
    location = factory.SubFactory(LocationFactory)
    usage = FilmLocation.Usage.FILMING


class RatingFactory(DjangoModelFactory):
    class Meta:
        model = Rating

    film = factory.SubFactory(FilmFactory)
    source = factory.Sequence(lambda n: f"Aggregator {n}")
    metric = Rating.Metric.WEIGHTED_AVERAGE
    value = Decimal("72")
    scale = Decimal("100")


class ThemeFactory(DjangoModelFactory):
    class Meta:
        model = Theme

    name = factory.Sequence(lambda n: f"Theme {n}")
    slug = sequential_slug("name")


class ReviewFactory(DjangoModelFactory):
    """A published review; pass ``status=Review.Status.DRAFT`` for a draft."""

    class Meta:
        model = Review
        skip_postgeneration_save = True

    film = factory.SubFactory(FilmFactory)
    headline = factory.Sequence(lambda n: f"Review headline {n}")
    slug = sequential_slug("headline")
    body = factory.LazyAttribute(lambda obj: f"A review of {obj.film.title}.")
    byline = "A. Critic"
    outlet = "The Paper"
    published_on = datetime.date(2017, 6, 1)
    status = Review.Status.PUBLISHED
    word_count = 5

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create and extracted:
            self.themes.set(extracted)


class MentionFactory(DjangoModelFactory):
    """A mention of a person; traits ``of_character``, ``of_location``, ``of_film``."""

    class Meta:
        model = Mention

    class Params:
        of_character = factory.Trait(
            kind=Mention.Kind.CHARACTER,
            person=None,
            character=factory.SubFactory(
                CharacterFactory, film=factory.SelfAttribute("..review.film")
            ),
        )
        of_location = factory.Trait(
            kind=Mention.Kind.LOCATION,
            person=None,
            location=factory.SubFactory(LocationFactory),
        )
        of_film = factory.Trait(
            kind=Mention.Kind.FILM,
            person=None,
            film=factory.SubFactory(FilmFactory),
        )

    review = factory.SubFactory(ReviewFactory)
    kind = Mention.Kind.PERSON
    person = factory.SubFactory(PersonFactory)
    count = 1
