"""Scheduled publishing through the API: an editor sets ``published_at`` in
the future; visitors see the review from that moment on, and only editors may
choose the moment."""

import datetime as dt

import pytest
from django.utils import timezone

from reviews.models import Review
from tests.factories import FilmFactory, ReviewFactory

pytestmark = pytest.mark.django_db

REVIEWS = "/api/v1/reviews/"


def public_slugs(api) -> list[str]:
    return [r["slug"] for r in api.get(REVIEWS).json()["results"]]


def payload(**fields):
    return {
        "film": FilmFactory().slug,
        "headline": "Scheduled",
        "slug": "scheduled",
        "body": "Words.",
        **fields,
    }


def test_editor_schedules_a_review_that_appears_at_its_time(api, editor_api):
    later = timezone.now() + dt.timedelta(hours=2)
    response = editor_api.post(
        REVIEWS,
        payload(status="published", published_at=later.isoformat()),
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert "scheduled" not in public_slugs(api)
    assert api.get(f"{REVIEWS}scheduled/").status_code == 404

    # The moment arrives (moved into the past rather than waiting for it).
    Review.objects.filter(slug="scheduled").update(
        published_at=timezone.now() - dt.timedelta(seconds=1)
    )
    assert "scheduled" in public_slugs(api)
    assert api.get(f"{REVIEWS}scheduled/").json()["published_at"] is not None


def test_publishing_without_a_time_stamps_the_first_publication(editor_api):
    review = ReviewFactory(status="draft")
    before = timezone.now()
    response = editor_api.patch(
        f"{REVIEWS}{review.slug}/", {"status": "published"}, format="json"
    )
    assert response.status_code == 200, response.json()
    review.refresh_from_db()
    assert review.published_at >= before
    first = review.published_at

    # Unpublishing and publishing again keeps the first publication time.
    for status in ("draft", "published"):
        editor_api.patch(f"{REVIEWS}{review.slug}/", {"status": status}, format="json")
    review.refresh_from_db()
    assert review.published_at == first


def test_contributor_cannot_schedule(contributor_api):
    later = (timezone.now() + dt.timedelta(days=1)).isoformat()
    response = contributor_api.post(
        REVIEWS, payload(status="draft", published_at=later), format="json"
    )
    assert response.status_code == 403
    assert response.json()["detail"].startswith("Only editors may schedule")
    assert not Review.objects.exists()

    draft = ReviewFactory(status="draft")
    response = contributor_api.patch(
        f"{REVIEWS}{draft.slug}/", {"published_at": later}, format="json"
    )
    assert response.status_code == 403
    draft.refresh_from_db()
    assert draft.published_at is None


def test_contributor_edit_that_sends_back_the_stored_time_is_fine(contributor_api):
    draft = ReviewFactory(status="draft", published_at=None)
    response = contributor_api.patch(
        f"{REVIEWS}{draft.slug}/",
        {"headline": "Tighter", "published_at": None},
        format="json",
    )
    assert response.status_code == 200, response.json()
