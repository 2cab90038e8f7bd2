"""The publishing workflow in the review admin: the rules of
`reviews.services`, as editors and contributors meet them."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from reviews.models import Review
from tests.admin.forms import form_data
from tests.factories import FilmFactory, ReviewFactory

pytestmark = pytest.mark.django_db

DRAFT = Review.Status.DRAFT
IN_REVIEW = Review.Status.IN_REVIEW
PUBLISHED = Review.Status.PUBLISHED
ARCHIVED = Review.Status.ARCHIVED

CHANGELIST = "admin:reviews_review_changelist"


def change_url(review):
    return reverse("admin:reviews_review_change", args=[review.pk])


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def status_options(response) -> list[str]:
    field = response.context["adminform"].form.fields["status"]
    return [value for value, _ in field.widget.choices]


# --- The change form -------------------------------------------------------------


def test_contributor_is_offered_only_draft_and_in_review(contributor_client):
    review = ReviewFactory(status=DRAFT)
    response = contributor_client.get(change_url(review))
    assert status_options(response) == [DRAFT, IN_REVIEW]
    form = response.context["adminform"].form
    assert "published_at" not in form.fields
    assert "featured" not in form.fields


def test_editor_is_offered_the_steps_from_the_current_status(editor_client):
    review = ReviewFactory(status=PUBLISHED)
    response = editor_client.get(change_url(review))
    assert status_options(response) == [DRAFT, IN_REVIEW, PUBLISHED, ARCHIVED]
    draft = ReviewFactory(status=DRAFT)
    # A draft is not archived: it never ran (services.TRANSITIONS).
    assert status_options(editor_client.get(change_url(draft))) == [
        DRAFT,
        IN_REVIEW,
        PUBLISHED,
    ]


def test_contributor_cannot_publish_through_the_form(contributor_client):
    review = ReviewFactory(status=DRAFT)
    url = change_url(review)
    response = contributor_client.post(
        url, form_data(contributor_client.get(url), status=PUBLISHED)
    )
    assert response.status_code == 200
    assert "Only editors may publish reviews." in response.content.decode()
    review.refresh_from_db()
    assert review.status == DRAFT


def test_contributor_creates_a_draft_and_submits_it(contributor_client):
    film = FilmFactory()
    add = reverse("admin:reviews_review_add")
    data = form_data(
        contributor_client.get(add),
        film=str(film.pk),
        headline="First thoughts",
        slug="first-thoughts",
        body="Some words.",
    )
    assert data["status"] == DRAFT
    response = contributor_client.post(add, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    review = Review.objects.get(slug="first-thoughts")
    assert review.status == DRAFT

    url = change_url(review)
    response = contributor_client.post(
        url, form_data(contributor_client.get(url), status=IN_REVIEW)
    )
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.status == IN_REVIEW


def test_contributor_cannot_create_a_published_review(contributor_client):
    film = FilmFactory()
    add = reverse("admin:reviews_review_add")
    data = form_data(
        contributor_client.get(add),
        film=str(film.pk),
        headline="Sneaky",
        slug="sneaky",
        body="Words.",
        status=PUBLISHED,
    )
    response = contributor_client.post(add, data)
    assert response.status_code == 200
    assert "Only editors may create a review that is published" in (
        response.content.decode()
    )
    assert not Review.objects.filter(slug="sneaky").exists()


@pytest.mark.parametrize("status", [PUBLISHED, ARCHIVED])
def test_contributor_cannot_edit_or_delete_a_published_review(
    contributor_client, status
):
    review = ReviewFactory(status=status, headline="Untouchable")
    url = change_url(review)
    response = contributor_client.get(url)
    assert response.status_code == 200  # read only
    assert not response.context["has_change_permission"]
    assert "headline" not in response.context["adminform"].form.fields

    response = contributor_client.post(url, {"headline": "Touched", "status": DRAFT})
    assert response.status_code == 403
    delete = reverse("admin:reviews_review_delete", args=[review.pk])
    assert contributor_client.post(delete, {"post": "yes"}).status_code == 403
    review.refresh_from_db()
    assert (review.headline, review.status) == ("Untouchable", status)


def test_editor_publishes_edits_and_deletes_through_the_form(editor_client):
    review = ReviewFactory(status=IN_REVIEW)
    url = change_url(review)
    response = editor_client.post(
        url, form_data(editor_client.get(url), status=PUBLISHED, headline="Live now")
    )
    assert response.status_code == 302
    review.refresh_from_db()
    assert (review.status, review.headline) == (PUBLISHED, "Live now")
    assert review.published_at is not None  # set when first published

    response = editor_client.post(
        url, form_data(editor_client.get(url), status=ARCHIVED)
    )
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.status == ARCHIVED

    delete = reverse("admin:reviews_review_delete", args=[review.pk])
    assert editor_client.post(delete, {"post": "yes"}).status_code == 302
    assert not Review.objects.filter(pk=review.pk).exists()


def test_editor_cannot_skip_a_step_of_the_workflow(editor_client):
    review = ReviewFactory(status=DRAFT)
    url = change_url(review)
    response = editor_client.post(
        url, form_data(editor_client.get(url), status=ARCHIVED)
    )
    assert response.status_code == 200
    assert "A review cannot go from draft to archived." in response.content.decode()
    review.refresh_from_db()
    assert review.status == DRAFT


# --- Bulk actions ---------------------------------------------------------------


def run_action(client, action, reviews):
    return client.post(
        reverse(CHANGELIST),
        {"action": action, "_selected_action": [str(r.pk) for r in reviews]},
        follow=True,
    )


@pytest.mark.parametrize(
    ("action", "status_from", "status_to", "message"),
    [
        ("submit_reviews", DRAFT, IN_REVIEW, "Submitted for review 2 reviews."),
        ("publish_reviews", IN_REVIEW, PUBLISHED, "Published 2 reviews."),
        ("unpublish_reviews", PUBLISHED, DRAFT, "Moved back to draft 2 reviews."),
        ("archive_reviews", PUBLISHED, ARCHIVED, "Archived 2 reviews."),
    ],
)
def test_editor_status_actions(editor_client, action, status_from, status_to, message):
    reviews = [ReviewFactory(status=status_from) for _ in range(2)]
    already = ReviewFactory(status=status_to)
    response = run_action(editor_client, action, [*reviews, already])
    shown = messages_of(response)
    assert message in shown
    assert any(m.startswith("1 review was not") for m in shown), shown
    for review in reviews:
        review.refresh_from_db()
        assert review.status == status_to


def test_editor_features_and_unfeatures(editor_client):
    plain, featured = ReviewFactory(featured=False), ReviewFactory(featured=True)
    response = run_action(editor_client, "feature_reviews", [plain, featured])
    assert messages_of(response) == [
        "Featured 1 review.",
        "1 review was not featured: already featured.",
    ]
    plain.refresh_from_db()
    assert plain.featured

    response = run_action(editor_client, "unfeature_reviews", [plain, featured])
    assert messages_of(response) == ["Unfeatured 2 reviews."]
    assert not Review.objects.filter(featured=True).exists()


def test_contributor_submit_action_refuses_published_rows(contributor_client):
    draft = ReviewFactory(status=DRAFT)
    published = [ReviewFactory(status=PUBLISHED) for _ in range(2)]
    response = run_action(contributor_client, "submit_reviews", [draft, *published])
    assert messages_of(response) == [
        "Submitted for review 1 review.",
        "2 reviews were not submitted for review: "
        "Only editors may change a review that is published.",
    ]
    assert Review.objects.filter(status=PUBLISHED).count() == 2


@pytest.mark.parametrize(
    "action",
    ["publish_reviews", "archive_reviews", "feature_reviews", "unfeature_reviews"],
)
def test_contributor_is_not_offered_editors_actions(contributor_client, action):
    review = ReviewFactory(status=IN_REVIEW, featured=False)
    response = contributor_client.get(reverse(CHANGELIST))
    offered = [
        value for value, _ in response.context["action_form"].fields["action"].choices
    ]
    assert action not in offered
    response = run_action(contributor_client, action, [review])
    assert "No action selected." in messages_of(response)
    review.refresh_from_db()
    assert (review.status, review.featured) == (IN_REVIEW, False)


def test_contributor_unpublish_action_is_refused_on_published_rows(
    contributor_client,
):
    review = ReviewFactory(status=PUBLISHED)
    response = run_action(contributor_client, "unpublish_reviews", [review])
    assert messages_of(response) == [
        "1 review was not moved back to draft: "
        "Only editors may change a review that is published."
    ]
    review.refresh_from_db()
    assert review.status == PUBLISHED


# --- Scheduling -------------------------------------------------------------------


def test_scheduled_review_shows_as_scheduled_and_stays_private(client, editor_client):
    later = timezone.now() + datetime.timedelta(days=2)
    scheduled = ReviewFactory(
        status=PUBLISHED, published_at=later, headline="Coming soon"
    )
    live = ReviewFactory(status=PUBLISHED, headline="Out now")

    response = editor_client.get(reverse(CHANGELIST))
    assert "Scheduled for " in response.content.decode()
    response = editor_client.get(reverse(CHANGELIST), {"scheduled": "yes"})
    assert list(response.context["cl"].result_list) == [scheduled]
    response = editor_client.get(reverse(CHANGELIST), {"scheduled": "no"})
    assert list(response.context["cl"].result_list) == [live]

    assert client.get(scheduled.get_absolute_url()).status_code == 404
    assert client.get(live.get_absolute_url()).status_code == 200

    # Its time comes: public, with no job to run.
    Review.objects.filter(pk=scheduled.pk).update(
        published_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert client.get(scheduled.get_absolute_url()).status_code == 200


def test_editor_schedules_a_review(editor_client):
    review = ReviewFactory(status=IN_REVIEW)
    url = change_url(review)
    later = timezone.localtime() + datetime.timedelta(days=3)
    response = editor_client.post(
        url,
        form_data(
            editor_client.get(url),
            status=PUBLISHED,
            published_at_0=later.strftime("%Y-%m-%d"),
            published_at_1=later.strftime("%H:%M:%S"),
        ),
    )
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.is_scheduled
    assert not Review.objects.published().filter(pk=review.pk).exists()
