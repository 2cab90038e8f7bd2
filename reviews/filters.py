"""The review filters: one definition for the public review list and the API.

Every parameter is validated by its form field, so a bad value (an unknown
slug, a malformed date, an unknown ordering, an over-long search) is a form
error, never a database error: the page shows it, the API answers 400.
"""

import django_filters
from django.db.models import Exists, OuterRef, Q

from films.models import Character, Credit, Film, Location, Person, SourceDocument
from reviews.models import Mention, Review, Theme

MAX_TEXT = 200  # characters of a free-text or name parameter

ORDERINGS = {
    "newest": ("-published_on", "-created_at", "pk"),
    "oldest": ("published_on", "created_at", "pk"),
    "positive": ("-tone_score", "-created_at", "pk"),
    "negative": ("tone_score", "-created_at", "pk"),
    "longest": ("-word_count", "-created_at", "pk"),
    "shortest": ("word_count", "-created_at", "pk"),
}
ORDERING_CHOICES = [
    ("newest", "Newest"),
    ("oldest", "Oldest"),
    ("positive", "Most positive"),
    ("negative", "Most negative"),
    ("longest", "Longest"),
    ("shortest", "Shortest"),
]
DEFAULT_ORDERING = "newest"


def _places_within(location: Location) -> list[int]:
    """The place and every place inside it, breadth first (a few queries, one
    per level of the hierarchy; cycles cannot loop)."""
    found, level = [location.pk], [location.pk]
    while level:
        level = [
            pk
            for pk in Location.objects.filter(parent__in=level).values_list(
                "pk", flat=True
            )
            if pk not in found
        ]
        found.extend(level)
    return found


class ReviewFilter(django_filters.FilterSet):
    """Filters of published reviews, all combinable; every value is a slug or
    a plain word, so a filtered list is a shareable URL."""

    film = django_filters.ModelChoiceFilter(
        queryset=Film.objects.visible(),
        to_field_name="slug",
        help_text="A film's slug: reviews of that film.",
    )
    theme = django_filters.ModelMultipleChoiceFilter(
        field_name="themes__slug",
        queryset=Theme.objects.all(),
        to_field_name="slug",
        distinct=True,
        help_text="A theme's slug; repeat for several (reviews with any of them).",
    )
    tone = django_filters.ChoiceFilter(
        choices=Review.Tone.choices, help_text="The review's overall tone."
    )
    kind = django_filters.ChoiceFilter(
        field_name="source_document__kind",
        choices=SourceDocument.Kind.choices,
        help_text="The kind of document the review was imported from.",
    )
    featured = django_filters.BooleanFilter(help_text="Featured reviews only (true).")
    outlet = django_filters.CharFilter(
        lookup_expr="iexact",
        max_length=MAX_TEXT,
        help_text="The publication, case-insensitive, e.g. The Guardian.",
    )
    byline = django_filters.CharFilter(
        lookup_expr="iexact",
        max_length=MAX_TEXT,
        help_text="The critic's name, case-insensitive.",
    )
    person = django_filters.ModelChoiceFilter(
        queryset=Person.objects.visible(),
        to_field_name="slug",
        method="filter_person",
        help_text=(
            "A person's slug: reviews that mention the person, or review a film "
            "the person is credited on."
        ),
    )
    character = django_filters.ModelChoiceFilter(
        queryset=Character.objects.visible(),
        to_field_name="slug",
        method="filter_character",
        help_text="A character's slug: reviews that mention the character.",
    )
    location = django_filters.ModelChoiceFilter(
        queryset=Location.objects.visible(),
        to_field_name="slug",
        method="filter_location",
        help_text=(
            "A place's slug: reviews that mention the place or any place inside "
            "it (a city matches its districts and venues)."
        ),
    )
    published_after = django_filters.DateFilter(
        field_name="published_on",
        lookup_expr="gte",
        help_text="Published on or after this date (YYYY-MM-DD).",
    )
    published_before = django_filters.DateFilter(
        field_name="published_on",
        lookup_expr="lte",
        help_text="Published on or before this date (YYYY-MM-DD).",
    )
    q = django_filters.CharFilter(
        method="filter_text",
        max_length=MAX_TEXT,
        help_text="Words in the headline, pull quote or text (case-insensitive).",
    )
    ordering = django_filters.ChoiceFilter(
        choices=ORDERING_CHOICES,
        method="filter_ordering",
        empty_label=None,
        help_text="Sort order (default: newest).",
    )

    class Meta:
        model = Review
        fields = []  # every filter is declared above, with its help text

    def filter_person(self, queryset, name, value):
        mentions = Mention.objects.filter(review=OuterRef("pk"), person=value)
        credits = Credit.objects.visible().filter(film=OuterRef("film"), person=value)
        return queryset.filter(Exists(mentions) | Exists(credits))

    def filter_character(self, queryset, name, value):
        mentions = Mention.objects.filter(review=OuterRef("pk"), character=value)
        return queryset.filter(Exists(mentions))

    def filter_location(self, queryset, name, value):
        mentions = Mention.objects.filter(
            review=OuterRef("pk"), location__in=_places_within(value)
        )
        return queryset.filter(Exists(mentions))

    def filter_text(self, queryset, name, value):
        condition = Q()
        for word in value.split()[:10]:
            condition &= (
                Q(headline__icontains=word)
                | Q(excerpt__icontains=word)
                | Q(body__icontains=word)
            )
        return queryset.filter(condition)

    def filter_ordering(self, queryset, name, value):
        return queryset.order_by(*ORDERINGS.get(value, ORDERINGS[DEFAULT_ORDERING]))

    @property
    def qs(self):
        queryset = super().qs
        if not self.form.cleaned_data.get("ordering"):
            queryset = queryset.order_by(*ORDERINGS[DEFAULT_ORDERING])
        return queryset
