"""The review filters: one definition for the public review list and the API.

Every parameter is validated by its form field, so a bad value (an unknown
slug, a malformed date, an unknown ordering, an over-long search) is a form
error, never a database error: the page shows it, the API answers 400.
"""

import django_filters
from django.db.models import Exists, F, OuterRef

from films.filters import StrictBooleanFilter, film_choice
from films.models import Character, Credit, Location, Person, SourceDocument
from films.selectors import within
from reviews.models import Mention, Review, Theme
from search.engine import ranked, ranked_review_ids

MAX_TEXT = 200  # characters of a free-text or name parameter

# NULLs (no date, no tone score) sort last on every database: PostgreSQL and
# SQLite disagree on where they go otherwise, and the API's cursors need one
# order. The primary key ends each ordering, so every review has one place.
RELEVANCE = "relevance"
ORDERINGS = {
    "newest": (F("published_on").desc(nulls_last=True), "-created_at", "pk"),
    "oldest": (F("published_on").asc(nulls_last=True), "created_at", "pk"),
    "positive": (F("tone_score").desc(nulls_last=True), "-created_at", "pk"),
    "negative": (F("tone_score").asc(nulls_last=True), "-created_at", "pk"),
    "longest": ("-word_count", "-created_at", "pk"),
    "shortest": ("word_count", "-created_at", "pk"),
    # Best match first: only with ``q`` (its rank among the index's best
    # matches), and the default then.
    RELEVANCE: (F("search_rank").asc(), "pk"),
}
ORDERING_CHOICES = [
    ("newest", "Newest"),
    ("oldest", "Oldest"),
    ("positive", "Most positive"),
    ("negative", "Most negative"),
    ("longest", "Longest"),
    ("shortest", "Shortest"),
    (RELEVANCE, "Best match (with a search)"),
]
DEFAULT_ORDERING = "newest"


def person_match(person):
    """A review about ``person`` (an instance or an outer reference): it
    mentions them, or reviews a film they are visibly credited on. The filter
    and the facet counts both use this one rule."""
    mentions = Mention.objects.filter(review=OuterRef("pk"), person=person)
    credits = Credit.objects.visible().filter(film=OuterRef("film"), person=person)
    return Exists(mentions) | Exists(credits)


def place_match(place):
    """A review mentioning ``place`` or any place inside it, as one condition
    (no query per level of the hierarchy)."""
    mentions = Mention.objects.filter(review=OuterRef("pk"))
    return Exists(mentions.filter(within(place, prefix="location")))


class ReviewFilter(django_filters.FilterSet):
    """Filters of published reviews, all combinable; every value is a slug or
    a plain word, so a filtered list is a shareable URL."""

    film = film_choice(help_text="A film's slug: reviews of that film.")
    theme = django_filters.ModelMultipleChoiceFilter(
        field_name="themes__slug",
        queryset=Theme.objects.visible(),
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
    featured = StrictBooleanFilter(help_text="Featured reviews only (true).")
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
        help_text=(
            "Words in the headline, pull quote, text, byline or outlet (case- "
            "and accent-insensitive; every word must occur, the last may be the "
            "start of a word). Sorted best match first unless `ordering` is "
            "given; at most the best 1,000 matches."
        ),
    )
    ordering = django_filters.ChoiceFilter(
        choices=ORDERING_CHOICES,
        method="filter_ordering",
        empty_label=None,
        help_text="Sort order (default: newest).",
    )

    examples = {
        "film": "the-escape-2017",
        "theme": "freedom-and-escape",
        "tone": Review.Tone.POSITIVE,
        "kind": SourceDocument.Kind.REVIEW,
        "featured": True,
        "outlet": "The Guardian",
        "byline": "Peter Bradshaw",
        "person": "gemma-arterton",
        "character": "the-escape-2017-tara",
        "location": "paris",
        "published_after": "2017-01-01",
        "published_before": "2018-12-31",
        "q": "marriage",
        "ordering": "positive",
    }

    class Meta:
        model = Review
        fields = []  # every filter is declared above, with its help text

    # The type hints name the parameter types for the OpenAPI schema.
    def filter_person(self, queryset, name, value: Person):
        return queryset.filter(person_match(value))

    def filter_character(self, queryset, name, value: Character):
        mentions = Mention.objects.filter(review=OuterRef("pk"), character=value)
        return queryset.filter(Exists(mentions))

    def filter_location(self, queryset, name, value: Location):
        return queryset.filter(place_match(value))

    def filter_text(self, queryset, name, value: str):
        # Ranked full-text search; the facet counts apply the filters again,
        # so the index is asked once per filterset.
        if getattr(self, "_ranked", (None,))[0] != value:
            self._ranked = (value, ranked_review_ids(value))
        return ranked(queryset, self._ranked[1])

    def filter_ordering(self, queryset, name, value: str):
        if value == RELEVANCE and "search_rank" not in queryset.query.annotations:
            value = DEFAULT_ORDERING  # nothing to rank without a search
        return queryset.order_by(*ORDERINGS.get(value, ORDERINGS[DEFAULT_ORDERING]))

    @property
    def qs(self):
        queryset = super().qs
        if not self.form.cleaned_data.get("ordering"):
            searched = "search_rank" in queryset.query.annotations
            default = RELEVANCE if searched else DEFAULT_ORDERING
            queryset = queryset.order_by(*ORDERINGS[default])
        return queryset


class MentionFilter(django_filters.FilterSet):
    """Mentions by review and by kind of target."""

    review = django_filters.ModelChoiceFilter(
        queryset=Review.objects.published(),
        to_field_name="slug",
        help_text="A published review's slug: what it mentions.",
    )
    kind = django_filters.ChoiceFilter(
        choices=Mention.Kind.choices, help_text="The kind of thing mentioned."
    )

    examples = {
        "review": "the-escape-2017-000-ebdae4657614d0dc",
        "kind": Mention.Kind.PERSON,
    }

    class Meta:
        model = Mention
        fields = []
