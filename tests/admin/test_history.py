"""History in the admin: every change recorded with who and when, listed with
what changed, and reverted under the rules of editing."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from reviews.models import Review
from reviews.roles import CONTRIBUTORS, EDITORS
from tests.admin.conftest import make_user, signed_in
from tests.admin.test_conflicts import form_data, open_change_form
from tests.admin.urls import change_url, history_url
from tests.factories import CreditFactory, FilmFactory, ReviewFactory

pytestmark = pytest.mark.django_db

DRAFT, PUBLISHED = Review.Status.DRAFT, Review.Status.PUBLISHED


def version_url(obj, version_id, object_id=None):
    opts = obj._meta
    return reverse(
        f"admin:{opts.app_label}_{opts.model_name}_simple_history",
        args=[obj.pk if object_id is None else object_id, version_id],
    )


@pytest.fixture
def alice(db):
    return make_user("alice", EDITORS)


@pytest.fixture
def alice_client(alice):
    return signed_in(alice)


def edit(client, obj, **changes):
    data = open_change_form(client, obj)
    data.update(changes)
    response = client.post(change_url(obj), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    obj.refresh_from_db()
    return obj


def test_an_admin_edit_records_who_and_when(alice, alice_client):
    review = ReviewFactory(headline="Quiet")
    before = timezone.now()
    edit(alice_client, review, headline="Loud")

    latest = review.history.first()
    assert (latest.history_type, latest.history_user, latest.headline) == (
        "~",
        alice,
        "Loud",
    )
    assert before <= latest.history_date <= timezone.now()


def test_the_history_page_lists_each_change(alice_client):
    first, second = FilmFactory(title="First Film"), FilmFactory(title="Other Film")
    review = ReviewFactory(headline="Quiet", film=first, status=PUBLISHED)
    edit(alice_client, review, headline="Loud", film=str(second.pk), status=DRAFT)

    response = alice_client.get(history_url(review))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Changes" in page and "alice" in page
    assert "<strong>Headline:</strong> Quiet&nbsp;&rarr;&nbsp;Loud" in page
    # Foreign keys and choices as editors name them, not ids and codes.
    assert f"<strong>Film:</strong> {first}&nbsp;&rarr;&nbsp;{second}" in page
    assert "<strong>Status:</strong> Published&nbsp;&rarr;&nbsp;Draft" in page
    assert change_url(review) in page  # the current version, to edit
    assert version_url(review, review.history.last().history_id) in page


def test_history_page_queries_do_not_grow_with_versions(alice_client):
    def queries_for(versions):
        credit = CreditFactory()
        for number in range(versions - 1):
            credit.billing_order = number
            credit.save()
        assert credit.history.count() == versions
        with CaptureQueriesContext(connection) as captured:
            response = alice_client.get(history_url(credit))
        assert response.status_code == 200
        return len(captured)

    assert queries_for(50) == queries_for(5)


def test_the_history_is_paginated(alice_client):
    film = FilmFactory()
    for year in range(1950, 2010):
        film.year = year
        film.save()
    response = alice_client.get(history_url(film))
    assert len(response.context["page_obj"]) == 50
    # The oldest row of the page is compared with the first of the next page.
    assert response.context["page_obj"][-1].history_delta_changes
    assert alice_client.get(history_url(film) + "?p=2").status_code == 200


def test_revert_restores_the_old_values_and_is_itself_recorded(alice, alice_client):
    review = ReviewFactory(headline="Quiet", byline="A. Critic")
    original = review.history.get()
    edit(alice_client, review, headline="Loud", byline="Someone Else")

    response = alice_client.get(version_url(review, original.history_id))
    assert response.status_code == 200
    assert response.context["adminform"].form["headline"].value() == "Quiet"
    response = alice_client.post(
        version_url(review, original.history_id), form_data(response)
    )
    assert response.status_code == 302

    review.refresh_from_db()
    assert (review.headline, review.byline) == ("Quiet", "A. Critic")
    latest = review.history.first()
    assert latest.history_user == alice
    assert latest.history_change_reason.startswith("Reverted to the version of")
    assert review.history.count() == 3


def test_an_imported_row_is_reverted_like_any_other(alice_client):
    credit = CreditFactory(billing_order=1, import_hash="a" * 64)
    original = credit.history.get()
    edit(alice_client, credit, billing_order="7")
    page = alice_client.get(version_url(credit, original.history_id))
    response = alice_client.post(
        version_url(credit, original.history_id), form_data(page)
    )
    assert response.status_code == 302
    credit.refresh_from_db()
    assert credit.billing_order == 1


def test_a_contributor_cannot_revert_a_published_review(alice_client):
    review = ReviewFactory(headline="Quiet", status=PUBLISHED)
    original = review.history.get()
    edit(alice_client, review, headline="Loud")
    contributor = signed_in(make_user("connie", CONTRIBUTORS))

    page = contributor.get(version_url(review, original.history_id))
    assert page.status_code == 200
    assert page.context["revert_disabled"]
    assert "Only editors may change a review that is published" in (
        page.content.decode()
    )
    data = {"headline": "Quiet", "_save": "Revert"}
    response = contributor.post(version_url(review, original.history_id), data)
    assert response.status_code == 403
    review.refresh_from_db()
    assert review.headline == "Loud"


def test_a_contributor_cannot_revert_a_draft_into_a_published_version(alice_client):
    review = ReviewFactory(headline="Printed", status=PUBLISHED)
    published = review.history.get()
    edit(alice_client, review, headline="Reworked", status=DRAFT)
    contributor = signed_in(make_user("connie", CONTRIBUTORS))

    page = contributor.get(version_url(review, published.history_id))
    assert not page.context["revert_disabled"]  # the draft is theirs to edit
    response = contributor.post(
        version_url(review, published.history_id), form_data(page)
    )
    assert response.status_code == 200
    assert "Only editors may publish reviews." in " ".join(
        response.context["adminform"].form.non_field_errors()
    )
    review.refresh_from_db()
    assert (review.headline, review.status) == ("Reworked", DRAFT)


def test_a_revert_opened_before_another_edit_is_refused(alice_client):
    review = ReviewFactory(headline="Quiet")
    original = review.history.get()
    edit(alice_client, review, headline="Loud")
    page = alice_client.get(version_url(review, original.history_id))
    bob = signed_in(make_user("bob", EDITORS))
    edit(bob, review, byline="Bob")

    response = alice_client.post(
        version_url(review, original.history_id), form_data(page)
    )
    assert response.status_code == 200
    assert "Byline: “A. Critic” → “Bob”" in " ".join(
        response.context["adminform"].form.non_field_errors()
    )
    review.refresh_from_db()
    assert (review.headline, review.byline) == ("Loud", "Bob")


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("version", ["999999", "abc", "99999999999999999999999", "-1"])
def test_a_version_that_does_not_exist_is_404(alice_client, method, version):
    review = ReviewFactory()
    url = version_url(review, version)
    assert getattr(alice_client, method)(url).status_code == 404


def test_a_deleted_version_and_another_rows_version_are_404(alice_client):
    review, other = ReviewFactory(), ReviewFactory()
    version = review.history.get()
    assert alice_client.get(version_url(other, version.history_id)).status_code == 404
    version.delete()
    assert alice_client.get(version_url(review, version.history_id)).status_code == 404
    assert (
        alice_client.post(version_url(review, version.history_id), {}).status_code
        == 404
    )


@pytest.mark.parametrize("object_id", ["abc", "99999999999999999999999"])
def test_a_malformed_object_id_is_not_found(alice_client, object_id):
    review = ReviewFactory()
    url = reverse("admin:reviews_review_history", args=[object_id])
    # The history list answers as the change view does: back to the index.
    assert alice_client.get(url).status_code == 302
    version = review.history.get().history_id
    assert alice_client.get(version_url(review, version, object_id)).status_code == 404


def test_a_deleted_row_shows_its_history_but_is_not_restored(alice_client):
    film = FilmFactory(title="Gone")
    version, url = film.history.get(), history_url(film)
    revert_url = version_url(film, version.history_id)
    film.delete()
    assert alice_client.get(url).status_code == 200
    page = alice_client.get(revert_url)
    assert page.status_code == 200 and page.context["revert_disabled"]
    assert alice_client.post(revert_url, {}).status_code == 403
