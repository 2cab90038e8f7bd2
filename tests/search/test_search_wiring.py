"""Search behind the site's pages and the API: /search/, the review list's
``q`` (best match first) and the API's ``q`` (relevance with cursor pages),
and edits through the admin, the API and the importer found at once."""

from pathlib import Path

import pytest
from rest_framework.test import APIClient

from reviews import selectors
from reviews.importer.pipeline import import_documents
from reviews.models import Review
from tests.admin.forms import form_data
from tests.api.conftest import token_client, user_in
from tests.factories import ReviewFactory

pytestmark = pytest.mark.django_db

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


@pytest.fixture
def ranked_reviews():
    """Five reviews matching "luminous", best first by where it occurs."""
    return [
        ReviewFactory(slug="r0", headline="Luminous luminous", body="x y"),
        ReviewFactory(slug="r1", headline="Luminous x", body="x y"),
        ReviewFactory(slug="r2", headline="Plain x", excerpt="Luminous.", body="x"),
        ReviewFactory(slug="r3", headline="Plain", body="A luminous film " + "y " * 5),
        ReviewFactory(slug="r4", headline="Plain", body="Luminous " + "z " * 60),
    ]


def test_search_page_ranks_and_highlights(client, ranked_reviews):
    response = client.get("/search/", {"q": "luminous"})
    reviews = dict(response.context["groups"])["Reviews"]
    assert [r.slug for r in reviews][:3] == ["r0", "r1", "r2"]
    assert "<mark>luminous</mark>" in response.content.decode()


def test_review_list_orders_by_relevance_with_q(client, ranked_reviews):
    response = client.get("/reviews/", {"q": "luminous"})
    slugs = [r.slug for r in response.context["object_list"]]
    assert slugs[:3] == ["r0", "r1", "r2"] and len(slugs) == 5
    assert 'class="snippet"' in response.content.decode()
    newest = client.get("/reviews/", {"q": "luminous", "ordering": "oldest"})
    assert len(newest.context["object_list"]) == 5
    # "relevance" without a search is the default order, not an error.
    assert client.get("/reviews/", {"ordering": "relevance"}).status_code == 200


def test_api_q_is_ranked_and_its_cursor_pages_follow(ranked_reviews):
    api = APIClient()
    first = api.get("/api/v1/reviews/", {"q": "luminous", "page_size": 2}).json()
    slugs = [r["slug"] for r in first["results"]]
    assert slugs == ["r0", "r1"]
    seen = list(slugs)
    page = first
    while page["next"]:
        page = api.get(page["next"]).json()
        seen += [r["slug"] for r in page["results"]]
    assert seen[:3] == ["r0", "r1", "r2"] and sorted(seen) == sorted(
        r.slug for r in ranked_reviews
    )
    back = api.get(page["previous"]).json()
    assert [r["slug"] for r in back["results"]] == seen[2:4]
    explicit = api.get("/api/v1/reviews/", {"q": "luminous", "ordering": "newest"})
    assert explicit.status_code == 200 and len(explicit.json()["results"]) == 5


def test_api_edit_is_found_at_once(db):
    review = ReviewFactory(slug="r", body="Before.")
    editor = token_client(user_in("Editors", "searcher"))
    response = editor.patch(f"/api/v1/reviews/{review.slug}/", {"body": "Afterglow."})
    assert response.status_code == 200, response.json()
    assert [r.slug for r in selectors.review_search("afterglow")] == ["r"]
    assert selectors.review_search("before") == []


def test_admin_edit_is_found_at_once(admin_client):
    review = ReviewFactory(slug="r", headline="Before", body="Old.")
    url = f"/admin/reviews/review/{review.pk}/change/"
    data = form_data(admin_client.get(url), headline="Moonrise", body="New.")
    assert admin_client.post(url, data).status_code == 302
    assert [r.slug for r in selectors.review_search("moonrise")] == ["r"]
    assert selectors.review_search("before") == []


def test_imported_reviews_are_found(tmp_path):
    seed = sorted(SEEDS.glob("*.txt"))[0]
    import_documents([seed], output=tmp_path / "fixture.json", load=True)
    review = Review.objects.published().first()
    assert review is not None
    word = next(w for w in review.headline.split() if len(w) > 3 and w.isalpha())
    assert review in selectors.review_search(word)
