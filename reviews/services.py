"""Writing reviews: the one place the editorial rules are enforced.

The admin, the API and commands call these functions; none of them re-states a
rule. Permissions come from the groups in `reviews.roles`; on top of them:

- A user without ``reviews.publish_review`` (a Contributor) works only on
  unpublished reviews (draft or in review): creates them, edits them, moves
  them between draft and in review, never publishes, unpublishes, archives,
  restores, edits or deletes a published or archived one.
- Status changes follow `TRANSITIONS`, for everyone, superusers included.

Each service raises `PermissionDenied` (with a message saying why) when the
user may not do it, and `ValidationError` when the data is invalid. The
``*_refusal`` predicates return that message (or None) without writing, so the
API and the admin can refuse before calling a service.
"""

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.db import transaction

from reviews.models import Review, ReviewStatus
from reviews.roles import PUBLISH_REVIEW

ADD_REVIEW = "reviews.add_review"
CHANGE_REVIEW = "reviews.change_review"
DELETE_REVIEW = "reviews.delete_review"

# What a user without the publish permission may see a review through.
UNPUBLISHED = frozenset({ReviewStatus.DRAFT, ReviewStatus.IN_REVIEW})


@dataclass(frozen=True)
class Transition:
    """A status change: what it is called and the permission it needs."""

    name: str
    permission: str


# The workflow, draft → in review → published → archived and back. A pair not
# listed is not a step: a review that never ran is deleted, not archived, and
# an archived one comes back published or as a draft.
TRANSITIONS: dict[tuple[str, str], Transition] = {
    (ReviewStatus.DRAFT, ReviewStatus.IN_REVIEW): Transition(
        "submit for review", CHANGE_REVIEW
    ),
    (ReviewStatus.IN_REVIEW, ReviewStatus.DRAFT): Transition(
        "return to draft", CHANGE_REVIEW
    ),
    (ReviewStatus.DRAFT, ReviewStatus.PUBLISHED): Transition("publish", PUBLISH_REVIEW),
    (ReviewStatus.IN_REVIEW, ReviewStatus.PUBLISHED): Transition(
        "publish", PUBLISH_REVIEW
    ),
    (ReviewStatus.PUBLISHED, ReviewStatus.DRAFT): Transition(
        "unpublish", PUBLISH_REVIEW
    ),
    (ReviewStatus.PUBLISHED, ReviewStatus.IN_REVIEW): Transition(
        "unpublish", PUBLISH_REVIEW
    ),
    (ReviewStatus.PUBLISHED, ReviewStatus.ARCHIVED): Transition(
        "archive", PUBLISH_REVIEW
    ),
    (ReviewStatus.ARCHIVED, ReviewStatus.PUBLISHED): Transition(
        "restore", PUBLISH_REVIEW
    ),
    (ReviewStatus.ARCHIVED, ReviewStatus.DRAFT): Transition(
        "restore as a draft", PUBLISH_REVIEW
    ),
}


def _label(status: str) -> str:
    return str(ReviewStatus(status).label).lower()


# --- Predicates: why a user may not do something, or None -------------------


def review_create_refusal(*, user, status: Any) -> str | None:
    """Why ``user`` may not create a review with ``status``, or None.

    An unknown status is not a permission matter: validation reports it.
    """
    if not user.has_perm(ADD_REVIEW):
        return "You do not have permission to add reviews."
    if (
        status in ReviewStatus.values
        and status not in UNPUBLISHED
        and not user.has_perm(PUBLISH_REVIEW)
    ):
        return f"Only editors may create a review that is {_label(status)}; save it as a draft or submit it for review."
    return None


def review_change_refusal(*, user, status_from: str, status_to: Any) -> str | None:
    """Why ``user`` may not edit a review whose status is ``status_from`` and
    leave it with ``status_to`` (the same status for an edit that keeps it),
    or None. An unknown or unlisted status change by an editor is not a
    permission matter: the services refuse it as invalid."""
    if not user.has_perm(CHANGE_REVIEW):
        return "You do not have permission to change reviews."
    if user.has_perm(PUBLISH_REVIEW):
        return None
    if status_from not in UNPUBLISHED:
        return f"Only editors may change a review that is {_label(status_from)}."
    if status_to == status_from or status_to not in ReviewStatus.values:
        return None
    transition = TRANSITIONS.get((status_from, status_to))
    if transition is not None and user.has_perm(transition.permission):
        return None
    if transition is None:
        return f"Only editors may make a review {_label(status_to)}."
    return f"Only editors may {transition.name} reviews."


def review_delete_refusal(*, user, status: str) -> str | None:
    """Why ``user`` may not delete a review whose status is ``status``, or None."""
    if not user.has_perm(DELETE_REVIEW):
        return "You do not have permission to delete reviews."
    if status not in UNPUBLISHED and not user.has_perm(PUBLISH_REVIEW):
        return f"Only editors may delete a review that is {_label(status)}."
    return None


def review_change_allowed(*, user, review: Review, status: str | None = None) -> bool:
    """Whether ``user`` may edit ``review`` and leave it with ``status``
    (by default its current status): the admin's has_change_permission."""
    status_to = review.status if status is None else status
    return (
        review_change_refusal(user=user, status_from=review.status, status_to=status_to)
        is None
    )


def review_delete_allowed(*, user, review: Review) -> bool:
    return review_delete_refusal(user=user, status=review.status) is None


# --- Services ---------------------------------------------------------------


def _deny(refusal: str | None) -> None:
    if refusal is not None:
        raise PermissionDenied(refusal)


def _check_transition(status_from: str, status_to: str) -> None:
    if (
        status_to != status_from
        and status_to in ReviewStatus.values
        and (status_from, status_to) not in TRANSITIONS
    ):
        raise ValidationError(
            {
                "status": f"A review cannot go from {_label(status_from)} to "
                f"{_label(status_to)}."
            }
        )


def _stored_status(review: Review) -> str:
    """The status in the database, row locked until the transaction ends.

    The rules judge the stored status, not the instance's: an admin form has
    already written the new values onto the instance it passes in, and another
    editor may have published the review since it was read.
    """
    return (
        Review.objects.select_for_update()
        .values_list("status", flat=True)
        .get(pk=review.pk)
    )


def _schedule_refusal(*, user, review: Review, data: dict[str, Any]) -> str | None:
    """Why ``user`` may not set the review's publication time, or None: when
    a review goes live is an editor's decision, like publishing it."""
    if "published_at" not in data or user.has_perm(PUBLISH_REVIEW):
        return None
    # Compared with the stored value: an admin form has already written the
    # new one onto the instance.
    stored = (
        Review.objects.filter(pk=review.pk)
        .values_list("published_at", flat=True)
        .first()
        if review.pk
        else None
    )
    if data["published_at"] == stored:
        return None  # a form or PUT sending back what is stored
    return "Only editors may schedule reviews (set when they are published)."


def _assign(review: Review, data: dict[str, Any]) -> list | None:
    """Set the field values of ``data`` on ``review``; return its ``themes``."""
    data = dict(data)
    themes = data.pop("themes", None)
    errors = {}
    for name, value in data.items():
        try:
            field = Review._meta.get_field(name)
        except FieldDoesNotExist:
            errors[name] = "Reviews have no such field."
            continue
        if (
            not field.concrete
            or field.many_to_many
            or field.primary_key
            or not field.editable
        ):
            errors[name] = "This field cannot be set."
            continue
        setattr(review, name, value)
    if errors:
        raise ValidationError(errors)
    return themes


def review_create(*, user, data: dict[str, Any]) -> Review:
    """Create a review from field values (foreign keys as instances, ``themes``
    a list of `Theme`). Without ``publish_review`` only a draft or a review in
    review; the status defaults to draft."""
    _deny(
        review_create_refusal(user=user, status=data.get("status", ReviewStatus.DRAFT))
    )
    review = Review()
    _deny(_schedule_refusal(user=user, review=review, data=data))
    themes = _assign(review, data)
    review.full_clean()
    with transaction.atomic():
        review.save()
        if themes is not None:
            review.themes.set(themes)
    return review


def review_update(*, user, review: Review, data: dict[str, Any]) -> Review:
    """Change a review's fields (``themes`` replaces its themes). A status
    change must be a step of `TRANSITIONS`; without ``publish_review`` the
    review must be, and stay, a draft or in review."""
    with transaction.atomic():
        status_from = _stored_status(review)
        status_to = data.get("status", status_from)
        _deny(
            review_change_refusal(
                user=user, status_from=status_from, status_to=status_to
            )
        )
        _check_transition(status_from, status_to)
        _deny(_schedule_refusal(user=user, review=review, data=data))
        themes = _assign(review, data)
        review.full_clean()
        review.save()
        if themes is not None:
            review.themes.set(themes)
    return review


def review_delete(*, user, review: Review) -> None:
    """Delete a review: needs ``delete_review``, and ``publish_review`` too
    unless the review is unpublished."""
    with transaction.atomic():
        _deny(review_delete_refusal(user=user, status=_stored_status(review)))
        review.delete()


def review_transition(*, user, review: Review, status: str) -> Review:
    """Move a review to ``status`` along `TRANSITIONS` (submit, publish,
    unpublish, archive, restore), changing nothing else. Moving it to the
    status it has is refused, so a bulk action can count what changed."""
    with transaction.atomic():
        status_from = _stored_status(review)
        _deny(
            review_change_refusal(user=user, status_from=status_from, status_to=status)
        )
        if status == status_from:
            raise ValidationError(
                {"status": f"The review is already {_label(status)}."}
            )
        _check_transition(status_from, status)
        review.status = status
        review.full_clean()
        review.save(update_fields=["status", "updated_at"])
    return review
