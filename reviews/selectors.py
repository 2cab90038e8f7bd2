"""Reads of published reviews, for the pages, the API and the feeds: one
``published()`` rule, one prefetch tree, one filter definition."""

from collections.abc import Collection
from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import (
    Avg,
    Count,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
)
from django.db.models.functions import Now

from escape_site.content_version import cached_for_content
from films import selectors as catalogue
from films.models import (
    LOCATION_VISIBILITY_DEPTH,
    Character,
    Credit,
    Film,
    Location,
    Person,
    SourceDocument,
)
from films.selectors import within
from reviews.filters import (
    DEFAULT_ORDERING,
    ORDERINGS,
    ReviewFilter,
)
from reviews.models import Mention, Review, Theme


def review_list(
    *, filters: dict | None = None, also_statuses: Collection[str] = ()
) -> QuerySet[Review]:
    """Published reviews with what a list shows (film, themes), filtered by
    `ReviewFilter` when ``filters`` (a query dict) is given. Invalid filters
    give no reviews; callers that report errors use `review_filter`.

    ``also_statuses`` adds unpublished reviews of those statuses, for editors
    and contributors only (the API's reads of the reviews they may edit)."""
    reviews = Review.objects.published()
    if also_statuses:
        reviews = reviews | Review.objects.filter(status__in=also_statuses)
    queryset = reviews.select_related("film", "source_document").prefetch_related(
        "themes"
    )
    if filters is None:
        return queryset.order_by(*ORDERINGS[DEFAULT_ORDERING])
    filterset = review_filter(filters, queryset=queryset)
    return filterset.qs if filterset.is_valid() else queryset.none()


def review_filter(data, *, queryset=None) -> ReviewFilter:
    return ReviewFilter(
        data, queryset=queryset if queryset is not None else review_list()
    )


def review_detail(*, also_statuses: Collection[str] = ()) -> QuerySet[Review]:
    """Published reviews (and those of ``also_statuses``, see review_list)
    with their themes, source and mentions (each with its target; a
    character's URL needs its film)."""
    return review_list(also_statuses=also_statuses).prefetch_related(
        Prefetch(
            "mentions",
            queryset=Mention.objects.select_related(
                "person", "character__film", "location", "film"
            ),
        )
    )


def theme_list() -> QuerySet[Theme]:
    """Themes visitors may see (`Theme.objects.visible`)."""
    return Theme.objects.visible().order_by("name")


def mention_list() -> QuerySet[Mention]:
    """Mentions visitors may see: those of published reviews (their targets
    are visible by the catalogue's rules)."""
    return (
        Mention.objects.filter(published_q("review__"))
        .select_related("review", "person", "character__film", "location", "film")
        .order_by("review", "kind", "-count", "pk")
    )


# --- Facets of the review list ----------------------------------------------


@dataclass(kw_only=True)
class FacetOption:
    """One choice of a filter: its query value, label, how many reviews it
    would give with the other active filters, and whether it is chosen."""

    value: str
    label: str
    count: int
    selected: bool = False


# Filters shown with counts, in the panel's order.
FACETS = [
    "tone",
    "theme",
    "film",
    "kind",
    "featured",
    "person",
    "character",
    "location",
    "outlet",
    "byline",
]


def _filtered_without(filterset: ReviewFilter, name: str) -> QuerySet[Review]:
    """Published reviews through every valid active filter but ``name`` (the
    filters' own code, on the values the form already cleaned: no query is
    repeated to validate them)."""
    queryset = Review.objects.published()
    for field, value in getattr(filterset.form, "cleaned_data", {}).items():
        if field not in (name, "ordering"):
            queryset = filterset.filters[field].filter(queryset, value)
    return queryset.order_by()


def _grouped(base: QuerySet[Review], field: str) -> dict:
    """{value of ``field``: number of ``base`` reviews}, one grouped query."""
    rows = base.values(field).annotate(n=Count("pk", distinct=True)).order_by()
    return {row[field]: row["n"] for row in rows}


def _person_counts(base: QuerySet[Review]) -> dict:
    """{person pk: number of ``base`` reviews about them} by `person_match`'s
    rule (mentioned, or credited on the reviewed film), in three grouped
    queries whatever the number of people: the reviews of each film summed
    over the films a person is visibly credited on (a film counts once), plus
    the reviews mentioning them where they are not credited on its film."""
    per_film = _grouped(base, "film")
    counts: dict = {}
    credited = Credit.objects.visible().values_list("person", "film").distinct()
    for person, film in credited.order_by():
        if per_film.get(film):
            counts[person] = counts.get(person, 0) + per_film[film]
    credited_on_film = Credit.objects.visible().filter(
        film=OuterRef("review__film"), person=OuterRef("person")
    )
    mentioned_only = (
        Mention.objects.filter(review__in=base.values("pk"), person__isnull=False)
        .filter(~Exists(credited_on_film))
        .values("person")
        .annotate(n=Count("review", distinct=True))
        .order_by()
    )
    for row in mentioned_only:
        counts[row["person"]] = counts.get(row["person"], 0) + row["n"]
    return counts


def _place_counts(base: QuerySet[Review]) -> dict:
    """{place pk: number of ``base`` reviews mentioning it or a place inside
    it}, by `place_match`'s rule (`within`: a mention counts for its place and
    up to ``LOCATION_VISIBILITY_DEPTH`` places above it; a review naming a
    city and its district counts once): one grouped query over the (place or
    enclosing place, review) pairs, whatever the number of places. The
    reviews' place mentions are read once (a CTE), then joined up the
    hierarchy one level per UNION ALL branch."""
    located = Mention.objects.filter(
        review__in=base.values("pk"), location__isnull=False
    ).values_list("review", "location")
    try:
        sql, params = located.order_by().query.sql_with_params()
    except EmptyResultSet:  # no reviews to count (a filter matching none)
        return {}
    connection = connections[located.db]
    name = connection.ops.quote_name
    place = name(Location._meta.db_table)
    pk, parent = (
        name(Location._meta.pk.column),
        name(Location._meta.get_field("parent").column),
    )
    branches = ["SELECT m.loc AS place, m.rid FROM m"]
    for depth in range(1, LOCATION_VISIBILITY_DEPTH + 1):
        joins = " ".join(
            f"JOIN {place} l{level} ON l{level}.{pk} = "
            + ("m.loc" if level == 1 else f"l{level - 1}.{parent}")
            for level in range(1, depth + 1)
        )
        branches.append(
            f"SELECT l{depth}.{parent}, m.rid FROM m {joins} "
            f"WHERE l{depth}.{parent} IS NOT NULL"
        )
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH m (rid, loc) AS ({sql}) "
            "SELECT pairs.place, COUNT(DISTINCT pairs.rid) FROM ("
            + " UNION ALL ".join(branches)
            + ") pairs GROUP BY pairs.place",
            params,
        )
        return dict(cursor.fetchall())


def _choices(choices, counts, selected) -> list[FacetOption]:
    return [
        FacetOption(
            value=str(value),
            label=str(label),
            count=counts.get(value, 0),
            selected=str(value) in selected,
        )
        for value, label in choices
    ]


def _rows(rows, counts, selected, label=str) -> list[FacetOption]:
    return [
        FacetOption(
            value=row.slug,
            label=label(row),
            count=counts.get(row.pk, 0),
            selected=row.slug in selected,
        )
        for row in rows
    ]


# How many options a long facet shows: the rest are reached by the search or
# the person's, place's... own page.
FACET_LIMIT = 10
# Facets with a few fixed choices show them all, in their own order.
SHORT_FACETS = {"tone", "kind", "featured"}


class FacetOptions(list):
    """A facet's options as shown, with ``more``: how many options with
    reviews were left out."""

    def __init__(self, options=(), *, more: int = 0):
        super().__init__(options)
        self.more = more


def _top(options: list[FacetOption], limit: int = FACET_LIMIT) -> FacetOptions:
    """The ``limit`` options with most reviews (ties by label), and every
    chosen option whatever its count, most reviews first. Options without
    reviews only fill the places the others leave (a small catalogue's
    options all show, the empty ones disabled)."""
    ranked = sorted(options, key=lambda o: (-o.count, o.label.lower(), o.value))
    shown = [o for i, o in enumerate(ranked) if i < limit or o.selected]
    left_out = sum(1 for o in ranked[limit:] if o.count and not o.selected)
    return FacetOptions(shown, more=left_out)


def _selected(filterset: ReviewFilter, name: str) -> set[str]:
    value = getattr(filterset.form, "cleaned_data", {}).get(name)
    if value in (None, "", []):
        return set()
    if name == "featured":
        return {"true"} if value else set()
    if isinstance(value, str):
        return {value}
    # A model instance, or the evaluated queryset of a multiple choice.
    values = [value] if hasattr(value, "slug") else value
    return {item.slug for item in values}


def review_facets(filterset: ReviewFilter) -> dict[str, list[FacetOption]]:
    """For each filter of `FACETS`, its options with the number of published
    reviews each would give together with the other active filters (facet
    counts). A few grouped queries per facet, whatever the number of reviews,
    people or places. Tone, kind and featured list every choice; the other
    facets (`FacetOptions`) only the `FACET_LIMIT` options with most reviews
    (options of visible films, people, characters and places without reviews
    fill any room left) and every chosen option, with how many more there
    are, so the cached data and the page stay small."""
    facets = {}
    base = {name: _filtered_without(filterset, name) for name in FACETS}
    chosen = {name: _selected(filterset, name) for name in FACETS}

    facets["tone"] = _choices(
        Review.Tone.choices, _grouped(base["tone"], "tone"), chosen["tone"]
    )
    facets["kind"] = _choices(
        SourceDocument.Kind.choices,
        _grouped(base["kind"], "source_document__kind"),
        chosen["kind"],
    )
    featured = _grouped(base["featured"], "featured")
    facets["featured"] = _choices(
        [("true", "Featured only")], {"true": featured.get(True, 0)}, chosen["featured"]
    )
    facets["film"] = _rows(
        Film.objects.visible().order_by("title", "year"),
        _grouped(base["film"], "film"),
        chosen["film"],
    )
    facets["theme"] = _rows(
        theme_list(), _grouped(base["theme"], "themes"), chosen["theme"]
    )
    facets["character"] = _rows(
        Character.objects.visible().select_related("film").order_by("name", "film"),
        _grouped(base["character"], "mentions__character"),
        chosen["character"],
        label=lambda c: f"{c.name} ({c.film.title})",
    )
    people = Person.objects.visible().order_by("name")
    facets["person"] = _rows(people, _person_counts(base["person"]), chosen["person"])
    places = Location.objects.visible().select_related("parent").order_by("name")
    facets["location"] = _rows(
        places,
        _place_counts(base["location"]),
        chosen["location"],
        label=lambda p: f"{p.name}, {p.parent.name}" if p.parent_id else p.name,
    )
    for name in ("outlet", "byline"):
        values = (
            Review.objects.published()
            .exclude(**{name: ""})
            .values_list(name, flat=True)
            .distinct()
            .order_by(name)
        )
        counts = _grouped(base[name], name)
        selected = {v.lower() for v in chosen[name]}
        facets[name] = [
            FacetOption(
                value=v, label=v, count=counts.get(v, 0), selected=v.lower() in selected
            )
            for v in values
        ]
    return {
        name: (
            FacetOptions(facets[name]) if name in SHORT_FACETS else _top(facets[name])
        )
        for name in FACETS
    }


# --- Cached counts of the review list ----------------------------------------

# Parameters that change the order or the page, not which reviews match.
_NOT_FILTERS = {"page", "ordering", "cursor"}


def filters_key(filterset: ReviewFilter) -> str:
    """The filters a list was asked for, as a cache key (order-insensitive)."""
    data = filterset.data
    items = sorted(
        (name, value)
        for name in data
        if name not in _NOT_FILTERS
        for value in data.getlist(name)
    )
    return repr(items)


def review_count(filterset: ReviewFilter, queryset: QuerySet[Review]) -> int:
    """How many reviews ``queryset`` (the list ``filterset`` gives) holds:
    counted once per content version, not on every request."""
    return cached_for_content(
        f"review-count:{filters_key(filterset)}", queryset.order_by().count
    )


def review_total(filters: dict) -> int:
    """How many published reviews ``filters`` (query values, e.g. a person's
    slug) give, as the review list would count them: once per content
    version (a person's or place's page links to that list)."""
    key = "&".join(f"{name}={value}" for name, value in sorted(filters.items()))
    return cached_for_content(
        f"review-total:{key}", lambda: review_list(filters=filters).order_by().count()
    )


def cached_review_facets(filterset: ReviewFilter) -> dict[str, list[FacetOption]]:
    """`review_facets`, computed once per filters and content version."""
    return cached_for_content(
        f"review-facets:{filters_key(filterset)}",
        lambda: review_facets(filterset),
    )


# --- What the catalogue pages show of reviews --------------------------------

MENTION_LIMIT = 20


def mentions_of(
    *, person=None, character=None, location=None, limit: int = MENTION_LIMIT
) -> list[Mention]:
    """Published reviews' mentions of a person, a character, or a place (and
    the places inside it), newest review first, ``limit`` of them: each with
    the sentence that names the target."""
    mentions = mention_list().select_related("review__film")
    if person is not None:
        mentions = mentions.filter(person=person)
    elif character is not None:
        mentions = mentions.filter(character=character)
    elif location is not None:
        mentions = mentions.filter(within(location, prefix="location"))
    else:
        return []
    return list(
        mentions.order_by("-review__published_on", "-review__created_at", "pk")[:limit]
    )


def tone_breakdown(*, film) -> list[FacetOption]:
    """How many published reviews of ``film`` are of each tone (untoned
    reviews are not counted), one grouped query."""
    counts = cached_for_content(
        f"tone-breakdown:{film.pk}",
        lambda: _grouped(Review.objects.published().filter(film=film), "tone"),
    )
    return _choices(Review.Tone.choices, counts, set())


def review_score(*, film) -> dict:
    """``count`` of published reviews of ``film``, how many have a tone score
    (``rated``) and their ``average`` (-1 to 1), in one query."""
    return cached_for_content(
        f"review-score:{film.pk}",
        lambda: (
            Review.objects.published()
            .filter(film=film)
            .aggregate(
                count=Count("pk"), rated=Count("tone_score"), average=Avg("tone_score")
            )
        ),
    )


def reviews_of(*, film, limit: int = 5) -> QuerySet[Review]:
    return review_list().filter(film=film)[:limit]


RELATED_CANDIDATES = 200


def related_reviews(review: Review, *, limit: int = 4) -> list[Review]:
    """Other published reviews of the same film or sharing a theme: the same
    film first, then by the number of themes shared, newest first.

    Chosen among the ``RELATED_CANDIDATES`` newest such reviews: a common
    theme is shared by a large part of a big catalogue, and ranking all of
    them would read tens of thousands of rows for four links."""
    themes = [theme.pk for theme in review.themes.all()]
    candidates = list(
        review_list()
        .exclude(pk=review.pk)
        .filter(Q(film=review.film_id) | Q(themes__in=themes))
        .values_list("pk", "film_id")
        .distinct()[:RELATED_CANDIDATES]
    )
    if not candidates:
        return []
    shared = dict(
        Review.themes.through.objects.filter(
            review_id__in=[pk for pk, _ in candidates], theme_id__in=themes
        )
        .values("review_id")
        .annotate(n=Count("theme_id"))
        .values_list("review_id", "n")
    )
    # Candidates come newest first, and sorted() keeps that order on ties.
    ranked = sorted(
        candidates,
        key=lambda row: (row[1] != review.film_id, -shared.get(row[0], 0)),
    )
    chosen = [pk for pk, _ in ranked[:limit]]
    rows = {row.pk: row for row in review_list().filter(pk__in=chosen)}
    related = [rows[pk] for pk in chosen if pk in rows]
    for row in related:
        row.same_film = row.film_id == review.film_id
        row.shared = shared.get(row.pk, 0)  # themes in common, for the page
    return related


def featured_film():
    """The catalogue's featured film: the visible film with the most published
    reviews (ties by title), with its film page's prefetch tree; None on an
    empty site."""

    def most_reviewed() -> int | None:
        return (
            Film.objects.visible()
            .annotate(review_count=Count("reviews", filter=published_q("reviews__")))
            .order_by("-review_count", "title", "year")
            .values_list("pk", flat=True)
            .first()
        )

    pk = cached_for_content("featured-film", most_reviewed)
    return None if pk is None else catalogue.film_detail().filter(pk=pk).first()


def themes_with_counts() -> list[Theme]:
    """Themes of at least one published review, with ``review_count`` (one
    grouped query, once per content version)."""

    def counted() -> list[Theme]:
        themes = Theme.objects.annotate(
            review_count=Count("reviews", filter=published_q("reviews__"))
        )
        return list(themes.filter(review_count__gt=0).order_by("-review_count", "name"))

    return cached_for_content("themes-with-counts", counted)


def published_q(path: str) -> Q:
    """`Review.objects.published()` as a condition on the review ``path``
    reaches ("reviews__"): read on the joined row, not through an IN over
    every published review."""
    return Q(**{f"{path}status": Review.Status.PUBLISHED}) & (
        Q(**{f"{path}published_at__isnull": True})
        | Q(**{f"{path}published_at__lte": Now()})
    )


def review_search(query: str, *, limit: int = catalogue.SEARCH_LIMIT):
    """Published reviews whose headline, pull quote, text, byline or outlet
    holds every word of ``query``, best first, each with a highlighted
    ``snippet`` (ranked full-text search, accents and case ignored)."""
    from search.engine import search_reviews

    return search_reviews(query, review_list(), limit=limit)
