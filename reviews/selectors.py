"""Reads of published reviews, for the pages, the API and the feeds: one
``published()`` rule, one prefetch tree, one filter definition."""

from django.db.models import Prefetch, QuerySet

from reviews.filters import ReviewFilter
from reviews.models import Mention, Review, Theme


def review_list(*, filters: dict | None = None) -> QuerySet[Review]:
    """Published reviews with what a list shows (film, themes), filtered by
    `ReviewFilter` when ``filters`` (a query dict) is given. Invalid filters
    give no reviews; callers that report errors use `review_filter`."""
    queryset = (
        Review.objects.published()
        .select_related("film", "source_document")
        .prefetch_related("themes")
    )
    if filters is None:
        return queryset.order_by("-published_on", "-created_at", "pk")
    filterset = review_filter(filters, queryset=queryset)
    return filterset.qs if filterset.is_valid() else queryset.none()


def review_filter(data, *, queryset=None) -> ReviewFilter:
    return ReviewFilter(
        data, queryset=queryset if queryset is not None else review_list()
    )


def review_detail() -> QuerySet[Review]:
    """Published reviews with their themes, source and mentions (each with
    its target; a character's URL needs its film)."""
    return review_list().prefetch_related(
        Prefetch(
            "mentions",
            queryset=Mention.objects.select_related(
                "person", "character__film", "location", "film"
            ),
        )
    )


def theme_list() -> QuerySet[Theme]:
    return Theme.objects.order_by("name")


def mention_list() -> QuerySet[Mention]:
    """Mentions visitors may see: those of published reviews (their targets
    are visible by the catalogue's rules)."""
    return (
        Mention.objects.filter(review__in=Review.objects.published())
        .select_related("review", "person", "character__film", "location", "film")
        .order_by("review", "kind", "-count", "pk")
    )
