"""Writing reviews: the one place the editorial rules are enforced.

The admin, the API and commands call these functions; none of them re-states a
rule. Permissions come from the groups in `reviews.roles`; on top of them:

- A user without ``reviews.publish_review`` (a Contributor) works only on
  unpublished reviews (draft or in review): creates them, edits them, moves
  them between draft and in review, never publishes, unpublishes, archives,
  restores, edits or deletes a published or archived one, and never sets
  `PUBLISHER_FIELDS` (when a review goes live, whether it is featured).
- Status changes follow `TRANSITIONS`, for everyone, superusers included.
- A revert to an old version (the admin's history) is an edit, judged the
  same way (`review_revert_refusal`).

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


def transition_refusal(status_from: str, status_to: Any) -> str | None:
    """Why no one may take a review from ``status_from`` to ``status_to`` (not
    a step of `TRANSITIONS`), or None. An unknown status is left to
    validation."""
    if (
        status_to != status_from
        and status_to in ReviewStatus.values
        and (status_from, status_to) not in TRANSITIONS
    ):
        return f"A review cannot go from {_label(status_from)} to {_label(status_to)}."
    return None


def check_transition(status_from: str, status_to: Any) -> None:
    """Raise `ValidationError` (on ``status``) unless ``status_to`` is
    ``status_from`` or a step of `TRANSITIONS` from it."""
    refusal = transition_refusal(status_from, status_to)
    if refusal is not None:
        raise ValidationError({"status": refusal})


def review_status_choices(*, user, status: str | None) -> list[str]:
    """The statuses ``user`` may give a new review (``status`` None) or one
    that is ``status`` now: where it is, and each step from there they may
    take. What a form offers; the services check again on save."""
    if status is None:
        return [
            s
            for s in ReviewStatus.values
            if review_create_refusal(user=user, status=s) is None
        ]
    return [
        s
        for s in ReviewStatus.values
        if s == status
        or (
            transition_refusal(status, s) is None
            and review_change_refusal(user=user, status_from=status, status_to=s)
            is None
        )
    ]


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


# Fields only users who may publish change: when a review goes live, and its
# front-page placement.
PUBLISHER_FIELDS = ("published_at", "featured")


def publisher_fields_refusal(*, user, review: Review) -> str | None:
    """Why ``user`` may not save ``review`` as it stands, or None: without
    ``publish_review`` its `PUBLISHER_FIELDS` must hold the stored values.
    Judged on the instance, not on the data sent, so every path that sets
    them (a form, the API, a history revert of an old version) is caught."""
    if user.has_perm(PUBLISH_REVIEW):
        return None
    defaults = {
        name: Review._meta.get_field(name).get_default() for name in PUBLISHER_FIELDS
    }
    stored = (
        Review.objects.filter(pk=review.pk).values(*PUBLISHER_FIELDS).first()
        if review.pk
        else None
    ) or defaults
    if review.published_at != stored["published_at"]:
        return "Only editors may schedule reviews (set when they are published)."
    if review.featured != stored["featured"]:
        return "Only editors may feature reviews."
    return None


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
    themes = _assign(review, data)
    _deny(publisher_fields_refusal(user=user, review=review))
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
        check_transition(status_from, status_to)
        themes = _assign(review, data)
        _deny(publisher_fields_refusal(user=user, review=review))
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
        check_transition(status_from, status)
        review.status = status
        review.full_clean()
        review.save(update_fields=["status", "updated_at"])
    return review


def reviews_set_featured(*, user, queryset, featured: bool) -> int:
    """Feature (or unfeature) the reviews of ``queryset`` not already so; the
    number changed. Front-page placement is an editor's decision, like
    publishing. Saved row by row so each change is in the history, all or
    none."""
    if not user.has_perm(PUBLISH_REVIEW):
        raise PermissionDenied("Only editors may feature reviews.")
    changed = 0
    with transaction.atomic():
        rows = queryset.filter(featured=not featured).order_by("pk")
        for review in rows.select_for_update(of=("self",)):
            review.featured = featured
            review._history_user = user
            review.save(update_fields=["featured", "updated_at"])
            changed += 1
    return changed


def review_revert_refusal(
    *, user, review: Review, reverted: Review | None
) -> str | None:
    """Why ``user`` may not make ``review`` hold the values of ``reverted``
    (an old version; None: any version), or None. A revert is an edit: the
    stored status (locked until the transaction ends) and the status the
    revert would leave are judged as `review_update` judges them."""
    status_from = _stored_status(review)
    status_to = status_from if reverted is None else reverted.status
    return (
        review_change_refusal(user=user, status_from=status_from, status_to=status_to)
        or transition_refusal(status_from, status_to)
        or (reverted and publisher_fields_refusal(user=user, review=reverted))
        or None
    )
