"""Many rows of each model fast (bulk_create), each with every relation its
changelist shows, for the query-count tests."""

import datetime
import hashlib
from decimal import Decimal

from django.utils import timezone

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
from reviews.models import DeletedImport, Mention, Review, Theme


def _films(n, tag):
    return Film.objects.bulk_create(
        Film(title=f"Film {tag} {i}", year=2000, slug=f"film-{tag}-{i}")
        for i in range(n)
    )


def _people(n, tag):
    return Person.objects.bulk_create(
        Person(name=f"Person {tag} {i}", slug=f"person-{tag}-{i}") for i in range(n)
    )


def _places(n, tag, parent=None):
    return Location.objects.bulk_create(
        Location(
            name=f"Place {tag} {i}",
            slug=f"place-{tag}-{i}",
            parent=parent,
            latitude=Decimal("51.5"),
            longitude=Decimal("-0.1"),
        )
        for i in range(n)
    )


def _documents(n, tag):
    texts = [f"Document {tag} {i}." for i in range(n)]
    return SourceDocument.objects.bulk_create(
        SourceDocument(
            filename=f"{tag}-{i}.txt",
            text=text,
            sha256=hashlib.sha256(text.encode()).hexdigest(),
            kind=SourceDocument.Kind.REVIEW,
        )
        for i, text in enumerate(texts)
    )


def _reviews(films, tag, documents=None, **fields):
    documents = documents or [None] * len(films)
    return Review.objects.bulk_create(
        Review(
            film=film,
            source_document=document,
            headline=f"Review {tag} {i}",
            slug=f"review-{tag}-{i}",
            body="Text.",
            status=Review.Status.PUBLISHED,
            published_at=timezone.now() - datetime.timedelta(days=1),
            **fields,
        )
        for i, (film, document) in enumerate(zip(films, documents, strict=True))
    )


def make_rows(model, n: int, tag: str) -> None:
    """``n`` more rows of ``model`` (``tag`` keeps names unique per call)."""
    if model is Film:
        films = _films(n, tag)
        Credit.objects.bulk_create(
            Credit(film=f, person=p, role=Credit.Role.DIRECTOR)
            for f, p in zip(films, _people(n, tag), strict=True)
        )
        FilmLocation.objects.bulk_create(
            FilmLocation(film=f, location=place, usage=FilmLocation.Usage.FILMING)
            for f, place in zip(films, _places(n, tag), strict=True)
        )
        _reviews(films, tag)
    elif model is Person:
        film = _films(1, tag)[0]
        Credit.objects.bulk_create(
            Credit(film=film, person=p, role=Credit.Role.WRITER)
            for p in _people(n, tag)
        )
    elif model is Character:
        film = _films(1, tag)[0]
        Character.objects.bulk_create(
            Character(film=film, name=f"Character {tag} {i}", slug=f"c-{tag}-{i}")
            for i in range(n)
        )
    elif model is Credit:
        film = _films(1, tag)[0]
        characters = Character.objects.bulk_create(
            Character(film=film, name=f"Character {tag} {i}", slug=f"c-{tag}-{i}")
            for i in range(n)
        )
        document = _documents(1, tag)[0]
        Credit.objects.bulk_create(
            Credit(
                film=film,
                person=p,
                character=c,
                role=Credit.Role.ACTOR,
                source_document=document,
                checked_at=timezone.now(),
            )
            for p, c in zip(_people(n, tag), characters, strict=True)
        )
    elif model is Location:
        _places(n, tag, parent=_places(1, f"{tag}-parent")[0])
    elif model is FilmLocation:
        film = _films(1, tag)[0]
        FilmLocation.objects.bulk_create(
            FilmLocation(film=film, location=place, usage=FilmLocation.Usage.SETTING)
            for place in _places(n, tag)
        )
    elif model is Rating:
        film = _films(1, tag)[0]
        Rating.objects.bulk_create(
            Rating(
                film=film,
                source=f"Aggregator {tag} {i}",
                metric=Rating.Metric.AVERAGE,
                value=Decimal("7"),
                scale=Decimal("10"),
            )
            for i in range(n)
        )
    elif model is SourceDocument:
        documents = _documents(n, tag)
        _reviews(_films(n, tag), tag, documents)
    elif model is Theme:
        themes = Theme.objects.bulk_create(
            Theme(name=f"Theme {tag} {i}", slug=f"theme-{tag}-{i}") for i in range(n)
        )
        review = _reviews(_films(1, tag), tag)[0]
        review.themes.add(*themes)
    elif model is Review:
        _reviews(_films(n, tag), tag, featured=True)
    elif model is Mention:
        film = _films(1, tag)[0]
        review = _reviews([film], tag)[0]
        characters = Character.objects.bulk_create(
            Character(film=film, name=f"Character {tag} {i}", slug=f"c-{tag}-{i}")
            for i in range(n)
        )
        targets = zip(
            _people(n, tag),
            characters,
            _places(n, tag),
            _films(n, f"{tag}-mentioned"),
            strict=True,
        )
        kinds = list(Mention.Kind)  # every kind, in turn
        Mention.objects.bulk_create(
            Mention(
                review=review,
                kind=kinds[i % 4],
                **{kinds[i % 4].value: target[i % 4]},
            )
            for i, target in enumerate(targets)
        )
    elif model is DeletedImport:
        DeletedImport.objects.bulk_create(
            DeletedImport(
                model_label="films.person",
                key_digest=f"{tag}-{i}",
                record_key=f'["gone-{tag}-{i}"]',
            )
            for i in range(n)
        )
    else:
        raise ValueError(f"No rows for {model.__name__}")
