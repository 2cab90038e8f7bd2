"""What `reviews.services` and `films.services` forbid a Contributor stays
forbidden through every admin address: a revert, an action, an inline form,
a direct service call (the API's path)."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from films.services import facts_set_checked
from reviews.models import Mention, Review
from reviews.services import review_update, reviews_set_featured
from tests.admin.forms import form_data
from tests.admin.test_history import edit, version_url
from tests.factories import MentionFactory, ReviewFactory

pytestmark = pytest.mark.django_db

DRAFT = Review.Status.DRAFT


def test_a_contributor_cannot_revert_a_draft_into_a_featured_version(
    editor_client, contributor_client
):
    review = ReviewFactory(status=DRAFT, featured=False, headline="Plain")
    edit(editor_client, review, featured="on", headline="Featured")
    featured = review.history.latest("history_id")
    edit(editor_client, review, featured="", headline="Plain again")

    url = version_url(review, featured.history_id)
    response = contributor_client.post(url, form_data(contributor_client.get(url)))
    assert response.status_code == 200
    assert "Only editors may feature reviews." in " ".join(
        response.context["adminform"].form.non_field_errors()
    )
    review.refresh_from_db()
    assert (review.headline, review.featured) == ("Plain again", False)


def test_a_contributor_cannot_feature_or_schedule_through_the_services(contributor):
    review = ReviewFactory(status=DRAFT, featured=False)
    with pytest.raises(PermissionDenied, match="feature"):
        review_update(user=contributor, review=review, data={"featured": True})
    with pytest.raises(PermissionDenied, match="feature"):
        reviews_set_featured(
            user=contributor, queryset=Review.objects.all(), featured=True
        )
    review.refresh_from_db()
    assert not review.featured
    # Sending back what is stored is no change.
    review_update(user=contributor, review=review, data={"featured": False})


def test_a_contributor_cannot_check_mentions(contributor, contributor_client):
    mention = MentionFactory(review=ReviewFactory(status=DRAFT))
    with pytest.raises(PermissionDenied):
        facts_set_checked(Mention.objects.all(), checked=True, user=contributor)
    # Not through the changelist action either (Django does not offer it).
    contributor_client.post(
        reverse("admin:reviews_mention_changelist"),
        {"action": "mark_checked", "_selected_action": [mention.pk]},
    )
    # Nor through the review's read-only mention inline.
    url = reverse("admin:reviews_review_change", args=[mention.review.pk])
    data = form_data(contributor_client.get(url))
    data["mentions-0-checked"] = "on"
    data["mentions-0-id"] = str(mention.pk)
    contributor_client.post(url, data)
    mention.refresh_from_db()
    assert mention.checked_at is None


def test_deleting_a_selection_is_all_or_nothing(editor_client, monkeypatch):
    from reviews import admin_workflow

    first, second = ReviewFactory(status=DRAFT), ReviewFactory(status=DRAFT)
    real_delete = admin_workflow.review_delete

    def delete_then_refuse(*, user, review):
        if review.pk == max(first.pk, second.pk):
            raise PermissionDenied("refused")
        real_delete(user=user, review=review)

    monkeypatch.setattr(admin_workflow, "review_delete", delete_then_refuse)
    response = editor_client.post(
        reverse("admin:reviews_review_changelist"),
        {
            "action": "delete_selected",
            "_selected_action": [first.pk, second.pk],
            "post": "yes",
        },
    )
    assert response.status_code == 403
    assert Review.objects.filter(pk__in=[first.pk, second.pk]).count() == 2
