"""API writes are recorded in the history under the API user."""

import pytest
from django.urls import reverse

from tests.factories import FilmFactory, ReviewFactory

pytestmark = pytest.mark.django_db


def test_a_review_written_through_the_api_records_its_user(editor, editor_api):
    review = ReviewFactory(headline="Quiet")
    url = reverse("api:review-detail", args=[review.slug])
    response = editor_api.patch(url, {"headline": "Loud"})
    assert response.status_code == 200

    latest = review.history.first()
    assert (latest.history_user, latest.headline) == (editor, "Loud")


def test_a_film_written_through_the_api_records_its_user(editor, editor_api):
    film = FilmFactory(title="The Escape")
    url = reverse("api:film-detail", args=[film.slug])
    response = editor_api.patch(url, {"title": "The Escape (2017)"})
    assert response.status_code == 200

    latest = film.history.first()
    assert (latest.history_user, latest.title) == (editor, "The Escape (2017)")
