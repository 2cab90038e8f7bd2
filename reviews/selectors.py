"""Reads of published reviews, for the pages, the API and the feeds: one
``published()`` rule, one prefetch tree, one filter definition."""

from collections.abc import Collection
from dataclasses import dataclass

from django.db.models import (
    Avg,
    Case,
    Count,
    Func,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)

from films import selectors as catalogue
from films.models import Character, Film, Location, Person, SourceDocument
from films.selectors import within
from reviews.filters import (
    DEFAULT_ORDERING,
    ORDERINGS,
    ReviewFilter,
    person_match,
    place_match,
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
        Mention.objects.filter(review__in=Review.objects.published())
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
    rows = (
        Review.objects.filter(pk__in=base.values("pk"))
        .values(field)
        .annotate(n=Count("pk", distinct=True))
        .order_by()
    )
    return {row[field]: row["n"] for row in rows}


class _CountDistinct(Func):
    """COUNT(DISTINCT ...) as a plain expression: a correlated subquery's
    single value, without GROUP BY."""

    function = "COUNT"
    template = "%(function)s(DISTINCT %(expressions)s)"
    output_field = IntegerField()


def _count_of(base: QuerySet[Review], condition) -> Subquery:
    """The number of ``base`` reviews meeting ``condition`` (which refers to
    the outer row through OuterRef(OuterRef(...))), as a subquery."""
    rows = base.filter(condition).annotate(n=_CountDistinct("pk")).values("n")
    return Subquery(rows, output_field=IntegerField())


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
    counts). One query per facet (two where the options are catalogue rows),
    whatever the number of reviews; the options of catalogue filters are the
    visible films, people, characters and places, so none is hidden for
    having no review."""
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
    # Counted per person and per place in SQL, by the filter's own rules.
    people = Person.objects.visible().annotate(
        n=_count_of(base["person"], person_match(OuterRef(OuterRef("pk"))))
    )
    people = list(people.order_by("name"))
    facets["person"] = _rows(people, {p.pk: p.n for p in people}, chosen["person"])
    places = Location.objects.visible().annotate(
        n=_count_of(base["location"], place_match(OuterRef(OuterRef("pk"))))
    )
    places = list(places.select_related("parent").order_by("name"))
    facets["location"] = _rows(
        places,
        {p.pk: p.n for p in places},
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
    return {name: facets[name] for name in FACETS}


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
    counts = _grouped(Review.objects.published().filter(film=film), "tone")
    return _choices(Review.Tone.choices, counts, set())


def review_score(*, film) -> dict:
    """``count`` of published reviews of ``film``, how many have a tone score
    (``rated``) and their ``average`` (-1 to 1), in one query."""
    return (
        Review.objects.published()
        .filter(film=film)
        .aggregate(
            count=Count("pk"), rated=Count("tone_score"), average=Avg("tone_score")
        )
    )


def reviews_of(*, film, limit: int = 5) -> QuerySet[Review]:
    return review_list().filter(film=film)[:limit]


def related_reviews(review: Review, *, limit: int = 4) -> QuerySet[Review]:
    """Other published reviews of the same film or sharing a theme: the same
    film first, then by the number of themes shared, newest first."""
    themes = [theme.pk for theme in review.themes.all()]
    return (
        review_list()
        .exclude(pk=review.pk)
        .filter(Q(film=review.film_id) | Q(themes__in=themes))
        .annotate(
            same_film=Case(
                When(film=review.film_id, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            ),
            shared=Count("themes", filter=Q(themes__in=themes), distinct=True),
        )
        .order_by("-same_film", "-shared", "-published_on", "-created_at", "pk")[:limit]
    )


def featured_film():
    """The catalogue's featured film: the visible film with the most published
    reviews (ties by title), with its film page's prefetch tree; None on an
    empty site."""
    published = Review.objects.published()
    return (
        catalogue.film_detail()
        .annotate(review_count=Count("reviews", filter=Q(reviews__in=published)))
        .order_by("-review_count", "title", "year")
        .first()
    )


def themes_with_counts() -> QuerySet[Theme]:
    """Themes of at least one published review, with ``review_count``."""
    published = Review.objects.published()
    return (
        Theme.objects.annotate(
            review_count=Count("reviews", filter=Q(reviews__in=published))
        )
        .filter(review_count__gt=0)
        .order_by("-review_count", "name")
    )


def review_search(query: str, *, limit: int = catalogue.SEARCH_LIMIT):
    """Published reviews whose headline, pull quote, text, byline or outlet
    holds every word of ``query`` (case- and accent-insensitive)."""
    words = query.split()[:10]
    if not words:
        return []
    fields = ["headline", "excerpt", "body", "byline", "outlet"]
    return list(catalogue.matching(review_list(), fields, words)[:limit])
