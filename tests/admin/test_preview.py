"""The staff-only preview of a review visitors cannot see, and the admin's
"view on site" link that leads to it."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from reviews.models import Review
from tests.factories import ReviewFactory

pytestmark = pytest.mark.django_db


def preview_url(review):
    return reverse("reviews:review_preview", kwargs={"slug": review.slug})


def view_on_site(client, review) -> str:
    """The "View on site" address of ``review``'s admin page, checked in its HTML."""
    response = client.get(reverse("admin:reviews_review_change", args=[review.pk]))
    url = response.context["absolute_url"]
    assert f'href="{url}" class="viewsitelink"' in response.content.decode()
    return url


@pytest.mark.parametrize(
    "fields",
    [
        {"status": Review.Status.DRAFT},
        {"status": Review.Status.IN_REVIEW},
        {"status": Review.Status.ARCHIVED},
        {
            "status": Review.Status.PUBLISHED,
            "published_at": timezone.now() + datetime.timedelta(days=1),
        },
    ],
    ids=["draft", "in_review", "archived", "scheduled"],
)
def test_staff_previews_a_review_visitors_cannot_see(
    client, editor_client, contributor_client, fields
):
    review = ReviewFactory(headline="Not yet", **fields)
    assert client.get(review.get_absolute_url()).status_code == 404

    for staff in (editor_client, contributor_client):
        response = staff.get(preview_url(review))
        assert response.status_code == 200
        content = response.content.decode()
        assert "Preview: not published." in content
        assert "Not yet" in content
        assert '<meta name="robots" content="noindex">' in content
        assert "no-store" in response["Cache-Control"]
        assert "private" in response["Cache-Control"]

    assert view_on_site(editor_client, review) == preview_url(review)


def test_anonymous_is_sent_to_the_admin_login(client):
    review = ReviewFactory(status=Review.Status.DRAFT)
    response = client.get(preview_url(review))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    assert "Preview" not in response.content.decode()


def test_signed_in_visitor_and_staff_without_permission_are_refused(
    visitor_client, nobody_client
):
    review = ReviewFactory(status=Review.Status.DRAFT)
    assert visitor_client.get(preview_url(review)).status_code == 403
    assert nobody_client.get(preview_url(review)).status_code == 403


def test_unknown_review_is_404(editor_client, db):
    response = editor_client.get(
        reverse("reviews:review_preview", kwargs={"slug": "nothing"})
    )
    assert response.status_code == 404


def test_published_review_links_to_its_public_page(editor_client):
    review = ReviewFactory(status=Review.Status.PUBLISHED)
    assert view_on_site(editor_client, review) == review.get_absolute_url()
    # Its preview is the public page itself.
    response = editor_client.get(preview_url(review))
    assert response.status_code == 302
    assert response["Location"] == review.get_absolute_url()


def test_public_page_has_no_preview_banner(client):
    review = ReviewFactory(status=Review.Status.PUBLISHED)
    content = client.get(review.get_absolute_url()).content.decode()
    assert "Preview" not in content
    assert '<meta name="robots" content="noindex">' not in content
