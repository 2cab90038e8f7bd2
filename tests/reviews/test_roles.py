"""Who may do what: the groups the data migration made, and every service rule
per role (Editors, Contributors, superusers, a user in no group)."""

import itertools
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from reviews.models import Review, ReviewStatus
from reviews.roles import CONTRIBUTORS, EDITORS, PUBLISH_REVIEW, ROLES, sync_roles
from reviews.services import (
    TRANSITIONS,
    review_change_allowed,
    review_create,
    review_delete,
    review_delete_allowed,
    review_transition,
    review_update,
)
from tests.factories import FilmFactory, ReviewFactory, ThemeFactory

DRAFT, IN_REVIEW, PUBLISHED, ARCHIVED = (
    ReviewStatus.DRAFT,
    ReviewStatus.IN_REVIEW,
    ReviewStatus.PUBLISHED,
    ReviewStatus.ARCHIVED,
)
# The workflow, spelt out here independently of services.TRANSITIONS.
EDITOR_STEPS = {
    (DRAFT, IN_REVIEW),
    (IN_REVIEW, DRAFT),
    (DRAFT, PUBLISHED),
    (IN_REVIEW, PUBLISHED),
    (PUBLISHED, DRAFT),
    (PUBLISHED, IN_REVIEW),
    (PUBLISHED, ARCHIVED),
    (ARCHIVED, PUBLISHED),
    (ARCHIVED, DRAFT),
}
CONTRIBUTOR_STEPS = {(DRAFT, IN_REVIEW), (IN_REVIEW, DRAFT)}
ALL_STEPS = list(itertools.permutations(ReviewStatus.values, 2))


def perm_names(permissions) -> set[str]:
    return {
        f"{perm.content_type.app_label}.{perm.codename}"
        for perm in permissions.select_related("content_type")
    }


def make_user(username: str, *groups: str, **extra):
    user = get_user_model().objects.create_user(username, password="pw", **extra)
    user.groups.set([Group.objects.get(name=name) for name in groups])
    return user


@pytest.fixture
def users(db):
    return SimpleNamespace(
        editor=make_user("editor", EDITORS),
        contributor=make_user("contributor", CONTRIBUTORS),
        nobody=make_user("nobody"),
        superuser=get_user_model().objects.create_superuser("root", password="pw"),
    )


@pytest.fixture
def film(db):
    return FilmFactory()


def review_data(film, **fields):
    return {
        "film": film,
        "headline": "A fresh take",
        "slug": "a-fresh-take",
        "body": "It is good.",
        **fields,
    }


# --- The groups ---------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("name", [EDITORS, CONTRIBUTORS])
def test_migration_created_group_with_exactly_the_roles_permissions(name):
    group = Group.objects.get(name=name)
    assert perm_names(group.permissions) == ROLES[name]


def test_roles_give_editors_everything_contributors_have_and_more():
    assert ROLES[CONTRIBUTORS] < ROLES[EDITORS]
    assert PUBLISH_REVIEW in ROLES[EDITORS]
    contributor_actions = {
        perm.split(".")[1].split("_")[0] for perm in ROLES[CONTRIBUTORS]
    }
    assert contributor_actions == {"add", "change", "view"}  # no delete, no publish


@pytest.mark.django_db
def test_sync_roles_builds_the_groups_from_nothing_and_is_idempotent():
    """As on an empty database: no groups and no permission rows yet."""
    Group.objects.filter(name__in=ROLES).delete()
    Permission.objects.filter(content_type__app_label__in=["films", "reviews"]).delete()
    state = MigrationLoader(connection).project_state(("reviews", "0004_roles"))
    schema_editor = SimpleNamespace(connection=connection)

    sync_roles(state.apps, schema_editor)
    editors = Group.objects.get(name=EDITORS)
    editors.permissions.add(Permission.objects.get(codename="delete_user"))
    sync_roles(state.apps, schema_editor)  # again: puts the groups back as defined

    assert Group.objects.filter(name__in=ROLES).count() == 2
    for name, perms in ROLES.items():
        assert perm_names(Group.objects.get(name=name).permissions) == perms


@pytest.mark.django_db
def test_group_members_get_the_permissions(users):
    assert users.editor.has_perm(PUBLISH_REVIEW)
    assert users.editor.has_perms(["films.delete_film", "reviews.delete_review"])
    assert users.contributor.has_perms(["films.add_film", "reviews.change_review"])
    assert not users.contributor.has_perm(PUBLISH_REVIEW)
    assert not users.contributor.has_perm("films.delete_film")
    assert not users.nobody.has_perm("reviews.add_review")


# --- Contributors ---------------------------------------------------------------


@pytest.mark.parametrize("status", [None, DRAFT, IN_REVIEW])
def test_contributor_creates_a_draft_or_submits_it(users, film, status):
    theme = ThemeFactory()
    data = review_data(film, themes=[theme])
    if status:
        data["status"] = status
    review = review_create(user=users.contributor, data=data)
    review.refresh_from_db()
    assert review.status == (status or DRAFT)
    assert list(review.themes.all()) == [theme]


@pytest.mark.parametrize("status", [PUBLISHED, ARCHIVED])
def test_contributor_cannot_create_published_or_archived(users, film, status):
    with pytest.raises(
        PermissionDenied, match="Only editors may create a review that is"
    ):
        review_create(user=users.contributor, data=review_data(film, status=status))
    assert not Review.objects.exists()


@pytest.mark.parametrize("status", [DRAFT, IN_REVIEW])
def test_contributor_edits_an_unpublished_review(users, status):
    review = ReviewFactory(status=status)
    review_update(user=users.contributor, review=review, data={"headline": "Better"})
    review.refresh_from_db()
    assert (review.headline, review.status) == ("Better", status)


def test_contributor_submits_for_review_and_takes_it_back(users):
    review = ReviewFactory(status=DRAFT)
    review_transition(user=users.contributor, review=review, status=IN_REVIEW)
    assert Review.objects.get().status == IN_REVIEW
    review_update(user=users.contributor, review=review, data={"status": DRAFT})
    assert Review.objects.get().status == DRAFT


@pytest.mark.parametrize("status_from", [DRAFT, IN_REVIEW])
def test_contributor_cannot_publish(users, status_from):
    review = ReviewFactory(status=status_from)
    with pytest.raises(PermissionDenied, match="Only editors may publish reviews."):
        review_transition(user=users.contributor, review=review, status=PUBLISHED)
    with pytest.raises(PermissionDenied, match="Only editors may publish"):
        review_update(user=users.contributor, review=review, data={"status": PUBLISHED})
    assert Review.objects.get().status == status_from


@pytest.mark.parametrize(
    ("status_from", "message"),
    [
        (DRAFT, "Only editors may make a review archived."),
        (IN_REVIEW, "Only editors may make a review archived."),
        (PUBLISHED, "Only editors may change a review that is published."),
    ],
)
def test_contributor_cannot_archive(users, status_from, message):
    review = ReviewFactory(status=status_from)
    with pytest.raises(PermissionDenied) as excinfo:
        review_transition(user=users.contributor, review=review, status=ARCHIVED)
    assert str(excinfo.value) == message
    assert Review.objects.get().status == status_from


@pytest.mark.parametrize("status_to", [DRAFT, IN_REVIEW])
def test_contributor_cannot_unpublish(users, status_to):
    review = ReviewFactory(status=PUBLISHED)
    with pytest.raises(
        PermissionDenied, match="Only editors may change a review that is published"
    ):
        review_transition(user=users.contributor, review=review, status=status_to)
    assert Review.objects.get().status == PUBLISHED


@pytest.mark.parametrize("status", [PUBLISHED, ARCHIVED])
def test_contributor_cannot_edit_published_or_archived(users, status):
    review = ReviewFactory(status=status, headline="As printed")
    with pytest.raises(
        PermissionDenied, match=f"Only editors may change a review that is {status}"
    ):
        review_update(user=users.contributor, review=review, data={"headline": "X"})
    assert Review.objects.get().headline == "As printed"


def test_contributor_judged_on_the_stored_status_not_the_instance(users):
    """An admin form writes the new values on the instance before saving."""
    review = ReviewFactory(status=PUBLISHED)
    review.status = DRAFT
    with pytest.raises(PermissionDenied):
        review_update(user=users.contributor, review=review, data={"status": DRAFT})
    assert Review.objects.get().status == PUBLISHED


@pytest.mark.parametrize("status", ReviewStatus.values)
def test_contributor_deletes_nothing(users, status):
    """Contributors have no delete permission at all (a decision: reviews have
    no owner, so "their own draft" cannot be told apart)."""
    review = ReviewFactory(status=status)
    with pytest.raises(PermissionDenied, match="permission to delete"):
        review_delete(user=users.contributor, review=review)
    assert not review_delete_allowed(user=users.contributor, review=review)
    assert Review.objects.filter(pk=review.pk).exists()


def test_delete_permission_without_publish_covers_only_unpublished(users):
    """A custom group with delete_review but not publish_review."""
    user = make_user("deleter", CONTRIBUTORS)
    user.user_permissions.add(Permission.objects.get(codename="delete_review"))
    draft, published = ReviewFactory(status=DRAFT), ReviewFactory(status=PUBLISHED)
    review_delete(user=user, review=draft)
    with pytest.raises(
        PermissionDenied, match="Only editors may delete a review that is published"
    ):
        review_delete(user=user, review=published)
    assert list(Review.objects.all()) == [published]


# --- Editors and superusers ---------------------------------------------------------


@pytest.mark.parametrize("role", ["editor", "superuser"])
def test_editor_does_everything(users, film, role):
    user = getattr(users, role)
    review = review_create(user=user, data=review_data(film, status=PUBLISHED))
    review_update(user=user, review=review, data={"headline": "Corrected"})
    review_transition(user=user, review=review, status=ARCHIVED)
    review_transition(user=user, review=review, status=PUBLISHED)
    review_update(user=user, review=review, data={"status": DRAFT})
    assert Review.objects.get().status == DRAFT
    review_delete(user=user, review=ReviewFactory(status=PUBLISHED))
    review_delete(user=user, review=review)
    assert not Review.objects.exists()


@pytest.mark.parametrize("status", ReviewStatus.values)
def test_editor_creates_any_status(users, film, status):
    review = review_create(user=users.editor, data=review_data(film, status=status))
    assert review.status == status


# --- A user in no group -------------------------------------------------------------


def test_user_in_no_group_is_refused_everything(users, film):
    review = ReviewFactory(status=DRAFT)
    with pytest.raises(PermissionDenied, match="permission to add"):
        review_create(user=users.nobody, data=review_data(film))
    with pytest.raises(PermissionDenied, match="permission to change"):
        review_update(user=users.nobody, review=review, data={"headline": "X"})
    with pytest.raises(PermissionDenied, match="permission to change"):
        review_transition(user=users.nobody, review=review, status=IN_REVIEW)
    with pytest.raises(PermissionDenied, match="permission to delete"):
        review_delete(user=users.nobody, review=review)
    assert list(Review.objects.values_list("headline", "status")) == [
        (review.headline, DRAFT)
    ]


def test_inactive_editor_is_refused(users):
    users.editor.is_active = False
    with pytest.raises(PermissionDenied):
        review_transition(
            user=users.editor, review=ReviewFactory(status=DRAFT), status=PUBLISHED
        )


# --- The transitions table ------------------------------------------------------------


def test_transitions_table_is_the_workflow():
    assert set(TRANSITIONS) == EDITOR_STEPS
    assert {
        step
        for step, transition in TRANSITIONS.items()
        if transition.permission != PUBLISH_REVIEW
    } == CONTRIBUTOR_STEPS


@pytest.mark.parametrize("role", ["editor", "contributor", "superuser", "nobody"])
@pytest.mark.parametrize(("status_from", "status_to"), ALL_STEPS)
def test_transition_per_role(users, role, status_from, status_to):
    user = getattr(users, role)
    review = ReviewFactory(status=status_from)
    allowed = CONTRIBUTOR_STEPS if role == "contributor" else EDITOR_STEPS
    if role == "nobody":
        expected_error = PermissionDenied
    elif (status_from, status_to) in allowed:
        expected_error = None
    elif role == "contributor":
        expected_error = PermissionDenied
    else:
        expected_error = ValidationError  # no such step, whoever asks

    if expected_error is None:
        review_transition(user=user, review=review, status=status_to)
    else:
        with pytest.raises(expected_error):
            review_transition(user=user, review=review, status=status_to)
    expected = status_to if expected_error is None else status_from
    assert Review.objects.get().status == expected
    assert review_change_allowed(
        user=user, review=ReviewFactory.build(status=status_from), status=status_to
    ) == (expected_error is not PermissionDenied)


def test_update_changes_status_only_along_the_table(users):
    review = ReviewFactory(status=DRAFT)
    with pytest.raises(ValidationError) as excinfo:
        review_update(user=users.editor, review=review, data={"status": ARCHIVED})
    assert excinfo.value.message_dict == {
        "status": ["A review cannot go from draft to archived."]
    }
    assert Review.objects.get().status == DRAFT


def test_transition_to_the_current_status_is_invalid(users):
    review = ReviewFactory(status=PUBLISHED)
    with pytest.raises(ValidationError, match="already published"):
        review_transition(user=users.editor, review=review, status=PUBLISHED)


def test_transition_changes_only_the_status(users):
    review = ReviewFactory(status=IN_REVIEW, headline="Stored")
    review.headline = "Unsaved edit"
    review_transition(user=users.editor, review=review, status=PUBLISHED)
    assert Review.objects.values_list("headline", "status").get() == (
        "Stored",
        PUBLISHED,
    )


# --- Invalid data ----------------------------------------------------------------------


def test_invalid_data_raises_validation_error(users, film):
    with pytest.raises(ValidationError) as excinfo:
        review_create(user=users.editor, data=review_data(film, headline=""))
    assert "headline" in excinfo.value.message_dict
    with pytest.raises(ValidationError) as excinfo:
        review_create(user=users.editor, data=review_data(film, rating=5, id=3))
    assert set(excinfo.value.message_dict) == {"rating", "id"}
    assert not Review.objects.exists()


@pytest.mark.parametrize("role", ["editor", "contributor"])
def test_unknown_status_is_invalid_data_not_a_refusal(users, film, role):
    user = getattr(users, role)
    with pytest.raises(ValidationError) as excinfo:
        review_create(user=user, data=review_data(film, status="secret"))
    assert "status" in excinfo.value.message_dict
    review = ReviewFactory(status=DRAFT)
    with pytest.raises(ValidationError):
        review_update(user=user, review=review, data={"status": "secret"})
    with pytest.raises(ValidationError):
        review_transition(user=user, review=review, status="secret")
    assert Review.objects.get().status == DRAFT
