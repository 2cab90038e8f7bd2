"""REST framework permission classes for the API's write rules.

Reads are open to everyone (which rows a visitor sees is the viewsets'
queryset, not a permission). Writes need the model permission of the method,
and for reviews the workflow rules of `reviews.services`, asked through its
``*_refusal`` predicates so the rules are written once; the refusal becomes
the 403's message.
"""

from collections.abc import Mapping

from rest_framework.permissions import (
    SAFE_METHODS,
    DjangoModelPermissionsOrAnonReadOnly,
)

from reviews.models import ReviewStatus
from reviews.services import (
    review_change_refusal,
    review_create_refusal,
    review_delete_refusal,
)

ACTIONS = {"POST": "add", "PUT": "change", "PATCH": "change", "DELETE": "delete"}


class CatalogueWritePermission(DjangoModelPermissionsOrAnonReadOnly):
    """Anyone reads; POST needs ``add``, PUT/PATCH ``change``, DELETE
    ``delete`` on the view's model (the groups of `reviews.roles`)."""

    perms_map = {
        **DjangoModelPermissionsOrAnonReadOnly.perms_map,
        "GET": [],
        "OPTIONS": [],
        "HEAD": [],
    }

    def has_permission(self, request, view):
        if request.method in SAFE_METHODS:
            return True
        if super().has_permission(request, view):
            return True
        if request.method in ACTIONS:
            opts = self._queryset(view).model._meta
            self.message = (
                f"You do not have permission to {ACTIONS[request.method]} "
                f"{opts.verbose_name_plural}."
            )
        return False


def _requested_status(request, default):
    data = request.data
    return data.get("status", default) if isinstance(data, Mapping) else default


class ReviewWritePermission(CatalogueWritePermission):
    """`CatalogueWritePermission`, plus the review workflow: a user without
    ``publish_review`` may create, edit and delete only drafts and reviews in
    review, and not publish, unpublish or archive. Detail writes must go
    through ``get_object()`` so `has_object_permission` runs."""

    def has_permission(self, request, view):
        if not super().has_permission(request, view):
            return False
        if request.method == "POST":
            return self._allow(
                review_create_refusal(
                    user=request.user,
                    status=_requested_status(request, ReviewStatus.DRAFT),
                )
            )
        return True

    def has_object_permission(self, request, view, obj):
        if request.method in SAFE_METHODS:
            return True
        if request.method == "DELETE":
            refusal = review_delete_refusal(user=request.user, status=obj.status)
        else:
            refusal = review_change_refusal(
                user=request.user,
                status_from=obj.status,
                status_to=_requested_status(request, obj.status),
            )
        return self._allow(refusal)

    def _allow(self, refusal: str | None) -> bool:
        # DRF makes a permission instance per request, so the message is this
        # request's.
        if refusal is not None:
            self.message = refusal
        return refusal is None
