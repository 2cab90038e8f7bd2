"""Find and delete the demo rows, and only them.

Demo rows are those whose slug (a source document's file name) starts with
`DEMO_PREFIX`, plus the credits, characters, film locations, ratings and
mentions of demo films and reviews. Deleting is refused while a non-demo row
points at a demo row (an editor's review of a demo film...): a cascade would
otherwise delete or change that editor's row.

Rows are deleted table by table with single DELETE statements: the ORM's
cascade would load every row into memory (history signals forbid its fast
path), which takes minutes at 100,000 reviews.
"""

from django.db import transaction
from django.db.models import Q

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
from reviews.demo_data import DEMO_PREFIX
from reviews.models import Mention, Review, Theme

SLUGGED = (Review, Film, Person, Location, Theme)
DEMO = {"slug__startswith": DEMO_PREFIX}


def _demo(path: str) -> Q:
    return Q(**{f"{path}__slug__startswith": DEMO_PREFIX})


def demo_row_counts() -> dict[str, int]:
    """How many demo rows of each slugged model exist (zeros left out)."""
    counts = {
        m._meta.verbose_name_plural: m.objects.filter(**DEMO).count() for m in SLUGGED
    }
    counts["source documents"] = SourceDocument.objects.filter(
        filename__startswith=DEMO_PREFIX
    ).count()
    return {label: n for label, n in counts.items() if n}


def foreign_references() -> dict[str, int]:
    """Non-demo rows that point at demo rows (zeros left out)."""
    not_demo_review = ~_demo("review")
    counts = {
        "reviews of demo films": Review.objects.exclude(**DEMO)
        .filter(_demo("film"))
        .count(),
        "reviews tagged with demo themes": Review.objects.exclude(**DEMO)
        .filter(_demo("themes"))
        .count(),
        "mentions of demo rows in other reviews": Mention.objects.filter(
            not_demo_review,
            _demo("person") | _demo("character") | _demo("location") | _demo("film"),
        ).count(),
        "credits of demo people on other films": Credit.objects.exclude(_demo("film"))
        .filter(_demo("person") | _demo("character"))
        .count(),
        "demo places on other films": FilmLocation.objects.exclude(_demo("film"))
        .filter(_demo("location"))
        .count(),
        "places inside demo places": Location.objects.exclude(**DEMO)
        .filter(_demo("parent"))
        .count(),
    }
    return {label: n for label, n in counts.items() if n}


def _history_delete(model, **lookup) -> None:
    model.history.model.objects.filter(**lookup)._raw_delete(model.history.db)


def delete_demo_rows() -> None:
    """Delete every demo row and its history; call after `foreign_references`
    came back empty."""
    with transaction.atomic():
        film_ids = list(Film.objects.filter(**DEMO).values_list("pk", flat=True))
        reviews = Review.objects.filter(**DEMO)
        Mention.objects.filter(review__in=reviews)._raw_delete(Mention.objects.db)
        through = Review.themes.through.objects
        through.filter(review__in=reviews)._raw_delete(through.db)
        reviews._raw_delete(reviews.db)
        for model in (Credit, FilmLocation, Rating):
            model.objects.filter(film_id__in=film_ids)._raw_delete(model.objects.db)
            _history_delete(model, film_id__in=film_ids)
        characters = Character.objects.filter(film_id__in=film_ids)
        characters._raw_delete(characters.db)
        _history_delete(Character, film_id__in=film_ids)
        for model in SLUGGED:
            model.objects.filter(**DEMO)._raw_delete(model.objects.db)
            if hasattr(model, "history"):
                _history_delete(model, **DEMO)
        documents = SourceDocument.objects.filter(filename__startswith=DEMO_PREFIX)
        documents._raw_delete(documents.db)
