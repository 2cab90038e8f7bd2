"""The catalogue's API viewsets: thin edges over `films.selectors` (what
visitors may see, prefetched) and `films.filters` (one FilterSet per model).

Reads are open to everyone and show the visible catalogue only. Writes need
the model permission of the method (the default permission class); the row is
validated whole (`full_clean`, constraints included) and saved in a
transaction, with a stale ``If-Match`` refused with 412 before anything
changes.
"""

from django.db import transaction
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.response import Response

from escape_site.api import APIViewSetMixin, once_per_request, save_model
from films import selectors
from films.filters import (
    CharacterFilter,
    CreditFilter,
    FilmFilter,
    LocationFilter,
    PersonFilter,
)
from films.serializers import (
    CharacterDetailSerializer,
    CharacterListSerializer,
    CharacterWriteSerializer,
    CreditSerializer,
    CreditWriteSerializer,
    FilmDetailSerializer,
    FilmListSerializer,
    FilmWriteSerializer,
    LocationDetailSerializer,
    LocationListSerializer,
    LocationWriteSerializer,
    PersonDetailSerializer,
    PersonListSerializer,
    PersonWriteSerializer,
)

ID_PATTERN = r"[0-9]{1,18}"  # ids beyond a 64-bit integer never reach the database


def write_schema(write, detail):
    """The schema of a writable viewset: bodies in ``write``'s shape, answers
    in ``detail``'s."""
    return extend_schema_view(
        create=extend_schema(request=write, responses={201: detail}),
        update=extend_schema(request=write, responses=detail),
        partial_update=extend_schema(request=write, responses=detail),
    )


class CatalogueViewSet(APIViewSetMixin, viewsets.ModelViewSet):
    """List, detail, create, update and delete of one catalogue model."""

    # Permissions: the default of settings.REST_FRAMEWORK,
    # reviews.permissions.CatalogueWritePermission (named there, not imported
    # here: films does not depend on reviews).
    lookup_field = "slug"

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        model = self.get_queryset().model
        instance = save_model(model(), serializer.validated_data)
        return self.written(instance, status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        with transaction.atomic():
            instance = self.get_object_for_write()
            self.check_if_match(instance)
            serializer = self.get_serializer(
                instance, data=request.data, partial=kwargs.get("partial", False)
            )
            serializer.is_valid(raise_exception=True)
            save_model(instance, serializer.validated_data)
        return self.written(instance)

    def destroy(self, request, *args, **kwargs):
        with transaction.atomic():
            instance = self.get_object_for_write()
            self.check_if_match(instance)
            instance.delete()
        return Response(status=status.HTTP_204_NO_CONTENT)


@write_schema(FilmWriteSerializer, FilmDetailSerializer)
class FilmViewSet(CatalogueViewSet):
    """Films. A detail carries the credits, places (with the sentence stating
    each), ratings and the number of published reviews by tone."""

    filterset_class = FilmFilter
    search_fields = ["title", "synopsis"]
    search_example = "escape"
    lookup_example = "the-escape-2017"
    ordering_fields = ["title", "year"]
    list_serializer_class = FilmListSerializer
    detail_serializer_class = FilmDetailSerializer
    write_serializer_class = FilmWriteSerializer

    @once_per_request
    def get_queryset(self):
        if self.action == "list":
            return selectors.film_list()
        return selectors.with_review_counts(selectors.film_detail())


@write_schema(PersonWriteSerializer, PersonDetailSerializer)
class PersonViewSet(CatalogueViewSet):
    """Cast and crew. A detail carries the person's credits across films."""

    filterset_class = PersonFilter
    search_fields = ["name"]
    search_example = "arterton"
    lookup_example = "gemma-arterton"
    ordering_fields = ["name"]
    list_serializer_class = PersonListSerializer
    detail_serializer_class = PersonDetailSerializer
    write_serializer_class = PersonWriteSerializer

    @once_per_request
    def get_queryset(self):
        if self.action == "list":
            return selectors.person_list()
        return selectors.person_detail()


@write_schema(CharacterWriteSerializer, CharacterDetailSerializer)
class CharacterViewSet(CatalogueViewSet):
    """Characters, each of one film, with who plays them."""

    filterset_class = CharacterFilter
    search_fields = ["name", "description"]
    search_example = "tara"
    lookup_example = "the-escape-2017-tara"
    ordering_fields = ["name"]
    list_serializer_class = CharacterListSerializer
    detail_serializer_class = CharacterDetailSerializer
    write_serializer_class = CharacterWriteSerializer

    @once_per_request
    def get_queryset(self):
        if self.action == "list":
            return selectors.character_list()
        return selectors.character_detail()


@write_schema(LocationWriteSerializer, LocationDetailSerializer)
class LocationViewSet(CatalogueViewSet):
    """Places, in a hierarchy. A detail carries the enclosing places (nearest
    first), the places inside and the films shot or set there."""

    filterset_class = LocationFilter
    search_fields = ["name"]
    search_example = "paris"
    lookup_example = "paris"
    ordering_fields = ["name", "kind"]
    list_serializer_class = LocationListSerializer
    detail_serializer_class = LocationDetailSerializer
    write_serializer_class = LocationWriteSerializer

    @once_per_request
    def get_queryset(self):
        if self.action == "list":
            return selectors.location_list()
        return selectors.location_detail()


@write_schema(CreditWriteSerializer, CreditSerializer)
class CreditViewSet(CatalogueViewSet):
    """Credits (a person's role on a film), by id: the API's way to add cast
    and crew to a film."""

    lookup_field = "pk"
    lookup_value_regex = ID_PATTERN
    filterset_class = CreditFilter
    search_fields = ["person__name", "character__name"]
    search_example = "gemma"
    lookup_example = 1
    ordering_fields = ["billing_order", "role"]
    list_serializer_class = CreditSerializer
    detail_serializer_class = CreditSerializer
    write_serializer_class = CreditWriteSerializer

    @once_per_request
    def get_queryset(self):
        return selectors.credit_list()
