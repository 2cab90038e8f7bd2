"""API representations of the catalogue.

Every object carries ``url`` (its API address) and ``html_url`` (its public
page); related objects are nested as small links (slug, name or title, url,
html_url), never bare ids. Lists use the lean ``*ListSerializer``; details
nest what the issue asks for. Writes use ``*WriteSerializer`` (related rows by
slug) and answer with the detail representation.

Serializers only shape data: what a visitor may see is decided by the
selectors the viewsets read through.
"""

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from films.models import (
    Character,
    Credit,
    Film,
    FilmLocation,
    Location,
    Person,
    Rating,
)

API = "api"  # the URL namespace of /api/v1/


def api_url(basename: str, lookup_field: str = "slug"):
    return serializers.HyperlinkedIdentityField(
        view_name=f"{API}:{basename}-detail", lookup_field=lookup_field
    )


@extend_schema_field(OpenApiTypes.URI)
class HtmlUrlField(serializers.Field):
    """The object's public page (``get_absolute_url``), as an absolute URL."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, instance):
        url = instance.get_absolute_url()
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url


# --- Links: what a related object looks like inside another -------------------


class FilmLinkSerializer(serializers.ModelSerializer):
    url = api_url("film")
    html_url = HtmlUrlField()

    class Meta:
        model = Film
        fields = ["slug", "title", "year", "url", "html_url"]


class PersonLinkSerializer(serializers.ModelSerializer):
    url = api_url("person")
    html_url = HtmlUrlField()

    class Meta:
        model = Person
        fields = ["slug", "name", "url", "html_url"]


class CharacterLinkSerializer(serializers.ModelSerializer):
    url = api_url("character")
    html_url = HtmlUrlField()

    class Meta:
        model = Character
        fields = ["slug", "name", "url", "html_url"]


class LocationLinkSerializer(serializers.ModelSerializer):
    url = api_url("location")
    html_url = HtmlUrlField()

    class Meta:
        model = Location
        fields = ["slug", "name", "kind", "url", "html_url"]


# --- Nested facts ---------------------------------------------------------------


class FactMixin(serializers.Serializer):
    sentence = serializers.CharField(
        source="source_sentence",
        read_only=True,
        help_text="The sentence of the source document stating this fact.",
    )


class FilmCreditSerializer(FactMixin, serializers.ModelSerializer):
    """A credit inside its film: who, in what role, as whom."""

    url = api_url("credit", "pk")
    person = PersonLinkSerializer(read_only=True)
    character = CharacterLinkSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Credit
        fields = [
            "id",
            "url",
            "person",
            "role",
            "character",
            "billing_order",
            "sentence",
        ]


class PersonCreditSerializer(FactMixin, serializers.ModelSerializer):
    """A credit inside its person: on which film, in what role, as whom."""

    url = api_url("credit", "pk")
    film = FilmLinkSerializer(read_only=True)
    character = CharacterLinkSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Credit
        fields = ["id", "url", "film", "role", "character", "billing_order", "sentence"]


class CharacterCreditSerializer(FactMixin, serializers.ModelSerializer):
    url = api_url("credit", "pk")
    person = PersonLinkSerializer(read_only=True)

    class Meta:
        model = Credit
        fields = ["id", "url", "person", "role", "billing_order", "sentence"]


class FilmPlaceSerializer(FactMixin, serializers.ModelSerializer):
    """A place of a film (where it was shot, or where its story happens)."""

    location = LocationLinkSerializer(read_only=True)

    class Meta:
        model = FilmLocation
        fields = ["location", "usage", "note", "sentence"]


class PlaceFilmSerializer(FactMixin, serializers.ModelSerializer):
    """A film of a place, and how the film uses it."""

    film = FilmLinkSerializer(read_only=True)

    class Meta:
        model = FilmLocation
        fields = ["film", "usage", "note", "sentence"]


class RatingSerializer(FactMixin, serializers.ModelSerializer):
    class Meta:
        model = Rating
        fields = [
            "source",
            "metric",
            "value",
            "scale",
            "critic_count",
            "consensus",
            "sentence",
        ]


class ReviewCountsSerializer(serializers.Serializer):
    """Published reviews of a film, by tone."""

    total = serializers.IntegerField(source="review_count")
    positive = serializers.IntegerField(source="positive_review_count")
    mixed = serializers.IntegerField(source="mixed_review_count")
    negative = serializers.IntegerField(source="negative_review_count")
    untoned = serializers.IntegerField(
        source="untoned_review_count", help_text="Reviews without a tone."
    )


# --- Films --------------------------------------------------------------------


class FilmListSerializer(serializers.ModelSerializer):
    url = api_url("film")
    html_url = HtmlUrlField()
    credit_count = serializers.IntegerField(read_only=True)
    location_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Film
        fields = [
            "url",
            "html_url",
            "slug",
            "title",
            "year",
            "credit_count",
            "location_count",
        ]


class FilmDetailSerializer(serializers.ModelSerializer):
    url = api_url("film")
    html_url = HtmlUrlField()
    credits = serializers.SerializerMethodField()
    filming_locations = serializers.SerializerMethodField()
    story_locations = serializers.SerializerMethodField()
    characters = CharacterLinkSerializer(many=True, read_only=True)
    ratings = RatingSerializer(many=True, read_only=True)
    review_counts = ReviewCountsSerializer(source="*", read_only=True)
    reviews_url = serializers.SerializerMethodField()

    class Meta:
        model = Film
        fields = [
            "url",
            "html_url",
            "slug",
            "title",
            "year",
            "synopsis",
            "credits",
            "characters",
            "filming_locations",
            "story_locations",
            "ratings",
            "review_counts",
            "reviews_url",
        ]

    @extend_schema_field(FilmCreditSerializer(many=True))
    def get_credits(self, film):
        """Cast in billing order, then crew (prefetched by the selector)."""
        credits = sorted(film.cast, key=lambda c: (c.billing_order, c.pk))
        credits += sorted(film.crew_credits, key=lambda c: (c.billing_order, c.pk))
        return FilmCreditSerializer(credits, many=True, context=self.context).data

    def _places(self, film, usage):
        places = [fl for fl in film.film_locations.all() if fl.usage == usage]
        return FilmPlaceSerializer(places, many=True, context=self.context).data

    @extend_schema_field(FilmPlaceSerializer(many=True))
    def get_filming_locations(self, film):
        return self._places(film, FilmLocation.Usage.FILMING)

    @extend_schema_field(FilmPlaceSerializer(many=True))
    def get_story_locations(self, film):
        return self._places(film, FilmLocation.Usage.SETTING)

    @extend_schema_field(OpenApiTypes.URI)
    def get_reviews_url(self, film) -> str:
        return reviews_url(self.context, "film", film.slug)


def reviews_url(context, parameter: str, slug: str) -> str:
    """The API's review list filtered to one object."""
    url = f"{reverse(f'{API}:review-list')}?{parameter}={slug}"
    request = context.get("request")
    return request.build_absolute_uri(url) if request else url


class FilmWriteSerializer(serializers.ModelSerializer):
    class Meta:
        model = Film
        validators = []
        fields = ["slug", "title", "year", "synopsis"]


# --- People -------------------------------------------------------------------


class PersonListSerializer(serializers.ModelSerializer):
    url = api_url("person")
    html_url = HtmlUrlField()

    class Meta:
        model = Person
        fields = ["url", "html_url", "slug", "name"]


class PersonDetailSerializer(serializers.ModelSerializer):
    url = api_url("person")
    html_url = HtmlUrlField()
    aliases = serializers.ListField(child=serializers.CharField(), read_only=True)
    credits = PersonCreditSerializer(many=True, read_only=True)

    class Meta:
        model = Person
        fields = ["url", "html_url", "slug", "name", "aliases", "credits"]


def aliases_field():
    return serializers.ListField(
        child=serializers.CharField(max_length=255),
        required=False,
        max_length=50,
        help_text="Other spellings of the name.",
    )


class PersonWriteSerializer(serializers.ModelSerializer):
    aliases = aliases_field()

    class Meta:
        model = Person
        validators = []
        fields = ["slug", "name", "aliases"]


# --- Characters ---------------------------------------------------------------


class CharacterListSerializer(serializers.ModelSerializer):
    url = api_url("character")
    html_url = HtmlUrlField()
    film = FilmLinkSerializer(read_only=True)

    class Meta:
        model = Character
        fields = ["url", "html_url", "slug", "name", "film"]


class CharacterDetailSerializer(serializers.ModelSerializer):
    url = api_url("character")
    html_url = HtmlUrlField()
    film = FilmLinkSerializer(read_only=True)
    aliases = serializers.ListField(child=serializers.CharField(), read_only=True)
    credits = CharacterCreditSerializer(many=True, read_only=True)

    class Meta:
        model = Character
        fields = [
            "url",
            "html_url",
            "slug",
            "name",
            "film",
            "aliases",
            "description",
            "credits",
        ]


class CharacterWriteSerializer(serializers.ModelSerializer):
    film = serializers.SlugRelatedField(slug_field="slug", queryset=Film.objects.all())
    aliases = aliases_field()

    class Meta:
        model = Character
        validators = []
        fields = ["slug", "name", "film", "aliases", "description"]


# --- Locations ----------------------------------------------------------------


class LocationListSerializer(serializers.ModelSerializer):
    url = api_url("location")
    html_url = HtmlUrlField()
    parent = LocationLinkSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Location
        fields = ["url", "html_url", "slug", "name", "kind", "parent"]


class LocationDetailSerializer(serializers.ModelSerializer):
    url = api_url("location")
    html_url = HtmlUrlField()
    aliases = serializers.ListField(child=serializers.CharField(), read_only=True)
    parents = serializers.SerializerMethodField(
        help_text="The enclosing places, nearest first (city, region, country)."
    )
    children = LocationLinkSerializer(many=True, read_only=True)
    films = PlaceFilmSerializer(source="film_locations", many=True, read_only=True)

    class Meta:
        model = Location
        fields = [
            "url",
            "html_url",
            "slug",
            "name",
            "kind",
            "aliases",
            "latitude",
            "longitude",
            "parents",
            "children",
            "films",
        ]

    @extend_schema_field(LocationLinkSerializer(many=True))
    def get_parents(self, location):
        return LocationLinkSerializer(
            location.visible_ancestors(), many=True, context=self.context
        ).data


class LocationWriteSerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Location.objects.all(),
        allow_null=True,
        required=False,
    )
    aliases = aliases_field()

    class Meta:
        model = Location
        validators = []
        fields = [
            "slug",
            "name",
            "kind",
            "parent",
            "aliases",
            "latitude",
            "longitude",
        ]


# --- Credits ------------------------------------------------------------------


class CreditSerializer(FactMixin, serializers.ModelSerializer):
    url = api_url("credit", "pk")
    html_url = HtmlUrlField()
    film = FilmLinkSerializer(read_only=True)
    person = PersonLinkSerializer(read_only=True)
    character = CharacterLinkSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Credit
        fields = [
            "id",
            "url",
            "html_url",
            "film",
            "person",
            "role",
            "character",
            "billing_order",
            "sentence",
        ]


class CreditWriteSerializer(serializers.ModelSerializer):
    film = serializers.SlugRelatedField(slug_field="slug", queryset=Film.objects.all())
    person = serializers.SlugRelatedField(
        slug_field="slug", queryset=Person.objects.all()
    )
    character = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Character.objects.all(),
        allow_null=True,
        required=False,
    )

    class Meta:
        model = Credit
        validators = []
        fields = ["film", "person", "role", "character", "billing_order"]
