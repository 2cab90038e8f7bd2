"""Reads of the catalogue: what visitors (pages, API, feeds) may see, with the
relations each reader walks fetched in a fixed number of queries.

Every function starts from a ``visible()`` rule of `films.models`, so an
entry hidden from visitors is hidden everywhere at once.
"""

from django.apps import apps
from django.db.models import (
    Count,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce

from films.models import (
    LOCATION_VISIBILITY_DEPTH,
    Character,
    Credit,
    Film,
    FilmLocation,
    Location,
    Person,
    Rating,
    _visible_count,
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
            queryset=credits.cast().select_related("person", "character__film"),
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
            queryset=Credit.objects.visible().select_related("film", "character__film"),
        )
    )


def credit_list() -> QuerySet[Credit]:
    """Visible credits with their film, person and character."""
    return (
        Credit.objects.visible()
        .select_related("film", "person", "character__film")
        .order_by("film__title", "film__year", "billing_order", "role", "pk")
    )


def with_review_counts(films: QuerySet[Film]) -> QuerySet[Film]:
    """``films`` with ``review_count`` (published reviews) and, per tone,
    ``<tone>_review_count`` (``_review_count`` alone for untoned reviews):
    one subquery each, in the films' own query."""
    review = apps.get_model("reviews", "Review")
    counts = {"review_count": {}, "untoned_review_count": {"tone": ""}}
    for tone in review.Tone.values:
        counts[f"{tone}_review_count"] = {"tone": tone}
    return films.annotate(
        **{
            name: _visible_count(review.objects.published().filter(**condition))
            for name, condition in counts.items()
        }
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
    """Visible places with their parents (four levels), visible children and
    the films they are a filming place or setting of."""
    return (
        Location.objects.visible()
        # Breadcrumbs walk the parents: as deep as a visible place's
        # enclosing places are visible, in the same query.
        .select_related("__".join(["parent"] * LOCATION_VISIBILITY_DEPTH))
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


# --- Public pages: indexes, places, search ----------------------------------


def person_index() -> QuerySet[Person]:
    """Visible people with ``credit_count`` (visible credits) for the index."""
    credits = (
        Credit.objects.visible()
        .filter(person=OuterRef("pk"))
        .order_by()
        .values("person")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return person_list().annotate(credit_count=Coalesce(Subquery(credits), 0))


def film_places(film: Film, *, usage: str | None = None) -> QuerySet[FilmLocation]:
    """A film's visible filming places and story settings, with their place."""
    places = FilmLocation.objects.visible().filter(film=film)
    if usage:
        places = places.filter(usage=usage)
    return places.select_related("location", "location__parent").order_by(
        "usage", "location__name"
    )


def within(location: Location | int | OuterRef, *, prefix: str = "") -> Q:
    """Rows whose place (``prefix`` reaches it) is ``location`` or lies inside
    it, down to ``LOCATION_VISIBILITY_DEPTH`` levels: one condition, no query
    per level (a venue in a district in a city in a region in a country)."""
    if not prefix and isinstance(location, Location):
        location = location.pk
    condition = Q(**{prefix or "pk": location})
    path = prefix or ""
    for _ in range(LOCATION_VISIBILITY_DEPTH):
        path = f"{path}__parent" if path else "parent"
        condition |= Q(**{path: location})
    return condition


def places_on_map(location: Location | None = None) -> QuerySet[Location]:
    """Visible places with coordinates: all of them, or ``location`` and the
    places inside it."""
    places = Location.objects.visible().filter(latitude__isnull=False)
    if location is not None:
        places = places.filter(within(location))
    return places.order_by("name")


def location_tree(places=None) -> list[tuple[Location, int]]:
    """Every visible place (or ``places``, already fetched from
    `location_list`) as (place, depth), each under its parent; a place whose
    parent is hidden starts a tree of its own."""
    places = list(location_list() if places is None else places)
    children: dict = {}
    for place in places:
        children.setdefault(place.parent_id, []).append(place)
    ids = {place.pk for place in places}
    roots = [p for p in places if p.parent_id is None or p.parent_id not in ids]
    tree, seen = [], set()

    def walk(place, depth):
        if place.pk in seen:  # a cycle an editor made: show each place once
            return
        seen.add(place.pk)
        tree.append((place, depth))
        for child in children.get(place.pk, []):
            walk(child, depth + 1)

    for root in roots:
        walk(root, 0)
    return tree


SEARCH_LIMIT = 20


def catalogue_search(query: str, *, limit: int = SEARCH_LIMIT) -> dict[str, list]:
    """Visible films, people, characters and places whose name (or an
    alternative spelling) holds every word of ``query``, best first, ``limit``
    of each (ranked full-text search, accents and case ignored)."""
    from search.engine import search_names

    return search_names(
        query,
        {
            "films": film_list(),
            "people": person_list(),
            "characters": character_list(),
            "locations": location_list(),
        },
        limit=limit,
    )
