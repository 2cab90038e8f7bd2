"""Bulk actions of the review changelist.

Status actions call `review_transition` row by row, so each row is judged by
the services' rules on its stored status; rows it refuses are counted and
reported with the reason, one message per reason. Featuring (front-page
placement) needs the publish permission, as publishing does
(`reviews_set_featured`).
"""

from collections import Counter

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.text import capfirst

from reviews.models import ReviewStatus
from reviews.services import TRANSITIONS, review_transition, reviews_set_featured


def _reviews(count: int) -> str:
    return f"{count} review" if count == 1 else f"{count} reviews"


def _reason(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)


def report(modeladmin, request, *, changed: int, done: str, refused: Counter) -> None:
    """One message for the rows changed, one per reason rows were refused."""
    if changed:
        modeladmin.message_user(
            request, f"{capfirst(done)} {_reviews(changed)}.", messages.SUCCESS
        )
    for reason, count in refused.items():
        was = "was" if count == 1 else "were"
        modeladmin.message_user(
            request, f"{_reviews(count)} {was} not {done}: {reason}", messages.WARNING
        )


def transition_action(status: str, *, name: str, description: str, done: str):
    """An action moving each selected review to ``status``; offered to users
    who may take some step into it (`may_move_to`)."""

    @admin.action(description=description, permissions=[f"move_to_{status}"])
    def action(modeladmin, request, queryset):
        changed, refused = 0, Counter()
        for review in queryset:
            try:
                review_transition(user=request.user, review=review, status=status)
            except (PermissionDenied, ValidationError) as error:
                refused[_reason(error)] += 1
            else:
                changed += 1
        report(modeladmin, request, changed=changed, done=done, refused=refused)

    action.__name__ = name
    return action


def may_move_to(status: str):
    """A ``has_move_to_<status>_permission`` method: whether the user holds
    the permission of some step of `TRANSITIONS` into ``status``."""
    perms = {t.permission for (_, to), t in TRANSITIONS.items() if to == status}

    def has_permission(self, request):
        return any(request.user.has_perm(perm) for perm in perms)

    return has_permission


submit_reviews = transition_action(
    ReviewStatus.IN_REVIEW,
    name="submit_reviews",
    description="Submit for review",
    done="submitted for review",
)
publish_reviews = transition_action(
    ReviewStatus.PUBLISHED,
    name="publish_reviews",
    description="Publish",
    done="published",
)
unpublish_reviews = transition_action(
    ReviewStatus.DRAFT,
    name="unpublish_reviews",
    description="Move back to draft (unpublish)",
    done="moved back to draft",
)
archive_reviews = transition_action(
    ReviewStatus.ARCHIVED,
    name="archive_reviews",
    description="Archive",
    done="archived",
)
TRANSITION_ACTIONS = [
    submit_reviews,
    publish_reviews,
    unpublish_reviews,
    archive_reviews,
]


def featured_action(featured: bool, *, name: str, description: str, done: str):
    """An action featuring (or unfeaturing) the selected reviews; offered to
    users who may publish."""

    @admin.action(description=description, permissions=["publish"])
    def action(modeladmin, request, queryset):
        selected = queryset.count()
        try:
            changed = reviews_set_featured(
                user=request.user, queryset=queryset, featured=featured
            )
        except PermissionDenied as error:
            changed, refused = 0, Counter({_reason(error): selected})
        else:
            refused = Counter()
            if selected > changed:
                already = f"{'already' if featured else 'not'} featured."
                refused[already] = selected - changed
        report(modeladmin, request, changed=changed, done=done, refused=refused)

    action.__name__ = name
    return action


feature_reviews = featured_action(
    True, name="feature_reviews", description="Feature", done="featured"
)
unfeature_reviews = featured_action(
    False, name="unfeature_reviews", description="Unfeature", done="unfeatured"
)


class ReviewActionsMixin:
    """The bulk actions, each offered only to users who could do it."""

    actions = [*TRANSITION_ACTIONS, feature_reviews, unfeature_reviews]

    has_move_to_in_review_permission = may_move_to(ReviewStatus.IN_REVIEW)
    has_move_to_published_permission = may_move_to(ReviewStatus.PUBLISHED)
    has_move_to_draft_permission = may_move_to(ReviewStatus.DRAFT)
    has_move_to_archived_permission = may_move_to(ReviewStatus.ARCHIVED)
