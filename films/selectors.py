"""Reads of the catalogue: what visitors (pages, API, feeds) may see, with the
relations each reader walks fetched in a fixed number of queries.

Every function starts from a ``visible()`` rule of `films.models`, so an
entry hidden from visitors is hidden everywhere at once.
"""

from django.db.models import Prefetch, QuerySet

from films.models import (
    Character,
    Credit,
    Film,
    FilmLocation,
    Location,
    Person,
    Rating,
)


def film_list() -> QuerySet[Film]:
    """Visible films with the counts of their visible credits and places."""
    return Film.objects.visible().with_visible_counts().order_by(*Film._meta.ordering)


def film_detail() -> QuerySet[Film]:
    """Visible films with their visible cast (``cast``), crew (``crew_credits``),
    places, ratings and characters prefetched."""
    credits = Credit.objects.visible()
    return Film.objects.visible().prefetch_related(
        # Cast and crew by the model's own definitions of them.
        Prefetch(
            "credits",
            queryset=credits.cast().select_related("person", "character"),
            to_attr="cast",
        ),
        Prefetch(
            "credits",
            queryset=credits.crew().select_related("person"),
            to_attr="crew_credits",
        ),
        # A visible place's parent is visible too (Location.objects.visible).
        Prefetch(
            "film_locations",
            queryset=FilmLocation.objects.visible().select_related(
                "location", "location__parent"
            ),
        ),
        Prefetch("ratings", queryset=Rating.objects.visible()),
        Prefetch("characters", queryset=Character.objects.visible()),
    )


def person_list() -> QuerySet[Person]:
    return Person.objects.visible().order_by(*Person._meta.ordering)


def person_detail() -> QuerySet[Person]:
    """Visible people with their visible credits (film and character)."""
    return Person.objects.visible().prefetch_related(
        Prefetch(
            "credits",
            queryset=Credit.objects.visible().select_related("film", "character"),
        )
    )


def character_list() -> QuerySet[Character]:
    return Character.objects.visible().select_related("film").order_by("film", "name")


def character_detail() -> QuerySet[Character]:
    """Visible characters with their film and the visible credits playing them."""
    return character_list().prefetch_related(
        Prefetch(
            "credits",
            queryset=Credit.objects.visible().select_related("person"),
        )
    )


def location_list() -> QuerySet[Location]:
    return Location.objects.visible().select_related("parent").order_by("name")


def location_detail() -> QuerySet[Location]:
    """Visible places with their parents (two levels), visible children and
    the films they are a filming place or setting of."""
    return (
        Location.objects.visible()
        .select_related("parent", "parent__parent")
        .prefetch_related(
            Prefetch("children", queryset=Location.objects.visible()),
            Prefetch(
                "film_locations",
                queryset=FilmLocation.objects.visible().select_related("film"),
            ),
        )
    )


def crew_by_person(credits) -> list[tuple]:
    """(person, [role labels]) with each person once, the director's roles first
    (roles rank in the order ``Credit.Role`` lists them)."""
    rank = {role: i for i, role in enumerate(Credit.Role.values)}
    roles: dict = {}
    for credit in sorted(credits, key=lambda c: (rank[c.role], c.person.name)):
        roles.setdefault(credit.person, []).append(credit.get_role_display())
    return list(roles.items())
