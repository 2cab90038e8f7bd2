"""The API viewsets of reviews, themes and mentions: thin edges over
`reviews.selectors` and `reviews.filters`; review writes go through
`reviews.services`, which enforce the workflow.

Who reads which reviews: everyone reads published reviews. A user who may
edit reviews also reads the unpublished ones they may edit: a Contributor
(``change_review``) drafts and reviews in review, an Editor
(``publish_review``) every status. Anyone else never learns an unpublished
review exists (404, absent from lists and counts).
"""

from django.db import transaction
from rest_framework import permissions, status, viewsets
from rest_framework.response import Response

from escape_site.api import (
    APIViewSetMixin,
    BoundedSearchFilter,
    CursorPagination,
    FilterSetBackend,
    StrictOrderingFilter,
    once_per_request,
)
from films.api import ID_PATTERN, write_schema
from reviews import selectors
from reviews.filters import MentionFilter, ReviewFilter
from reviews.models import ReviewStatus
from reviews.permissions import ReviewWritePermission
from reviews.roles import PUBLISH_REVIEW
from reviews.serializers import (
    MentionSerializer,
    ReviewDetailSerializer,
    ReviewListSerializer,
    ReviewWriteSerializer,
    ThemeSerializer,
)
from reviews.services import (
    CHANGE_REVIEW,
    UNPUBLISHED,
    review_create,
    review_delete,
    review_update,
)


def unpublished_readable_by(user) -> frozenset[str]:
    """The unpublished statuses whose reviews ``user`` reads (see the module
    docstring): those the services let them edit."""
    if user.has_perm(PUBLISH_REVIEW):
        return frozenset(ReviewStatus.values) - {ReviewStatus.PUBLISHED}
    if user.has_perm(CHANGE_REVIEW):
        return UNPUBLISHED
    return frozenset()


@write_schema(ReviewWriteSerializer, ReviewDetailSerializer)
class ReviewViewSet(APIViewSetMixin, viewsets.ModelViewSet):
    """Reviews, filtered by the public review list's own filters, in cursor
    pages that follow the chosen ``ordering``. A detail carries the mentions
    (with their sentence), themes, source document and tone score."""

    lookup_field = "slug"
    permission_classes = [ReviewWritePermission]
    filterset_class = ReviewFilter
    filter_backends = [FilterSetBackend, BoundedSearchFilter]
    search_fields = ["headline", "byline", "outlet", "film__title"]
    search_example = "guardian"
    lookup_example = "the-escape-2017-000-ebdae4657614d0dc"
    pagination_class = CursorPagination
    list_serializer_class = ReviewListSerializer
    detail_serializer_class = ReviewDetailSerializer
    write_serializer_class = ReviewWriteSerializer

    @once_per_request
    def get_queryset(self):
        statuses = unpublished_readable_by(self.request.user)
        if self.action == "list":
            return selectors.review_list(also_statuses=statuses)
        return selectors.review_detail(also_statuses=statuses)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        review = review_create(user=request.user, data=serializer.validated_data)
        return self.written(review, status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        with transaction.atomic():
            review = self.get_object_for_write()
            self.check_if_match(review)
            serializer = self.get_serializer(
                review, data=request.data, partial=kwargs.get("partial", False)
            )
            serializer.is_valid(raise_exception=True)
            review = review_update(
                user=request.user, review=review, data=serializer.validated_data
            )
        return self.written(review)

    def destroy(self, request, *args, **kwargs):
        with transaction.atomic():
            review = self.get_object_for_write()
            self.check_if_match(review)
            review_delete(user=request.user, review=review)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ReadOnlyViewSet(APIViewSetMixin, viewsets.ReadOnlyModelViewSet):
    # Nothing here writes: every other method is a 405 for everyone.
    permission_classes = [permissions.AllowAny]


class ThemeViewSet(ReadOnlyViewSet):
    """The controlled vocabulary reviews are tagged with (managed in the admin)."""

    lookup_field = "slug"
    search_fields = ["name", "description"]
    search_example = "marriage"
    lookup_example = "marriage-and-relationships"
    ordering_fields = ["name"]
    detail_serializer_class = ThemeSerializer

    @once_per_request
    def get_queryset(self):
        return selectors.theme_list()


class MentionViewSet(ReadOnlyViewSet):
    """What published reviews mention (people, characters, places, films),
    how often, and the sentence naming it; by id."""

    lookup_value_regex = ID_PATTERN
    filterset_class = MentionFilter
    filter_backends = [FilterSetBackend, StrictOrderingFilter]
    ordering_fields = ["count", "kind"]
    lookup_example = 1
    detail_serializer_class = MentionSerializer

    @once_per_request
    def get_queryset(self):
        return selectors.mention_list()
