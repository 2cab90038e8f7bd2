"""Pagination: cursor pages of reviews that follow the chosen ordering and
stay stable while reviews are added; numbered pages with a size limit for the
other lists."""

import datetime

import pytest

from escape_site.api import MAX_PAGE_SIZE
from tests.factories import FilmFactory, PersonFactory, ReviewFactory

pytestmark = pytest.mark.django_db


def walk(api, url, **params):
    """Every slug of a cursor-paginated list, following ``next`` links."""
    seen, response = [], api.get(url, params)
    while True:
        assert response.status_code == 200, response.json()
        body = response.json()
        assert set(body) == {"next", "previous", "results"}
        seen += [item["slug"] for item in body["results"]]
        if not body["next"]:
            return seen
        response = api.get(body["next"])


@pytest.fixture
def reviews(db):
    film = FilmFactory()
    rows = []
    for n in range(25):
        rows.append(
            ReviewFactory(
                film=film,
                slug=f"r{n:02d}",
                # Ties and NULLs on purpose: the primary key settles them.
                published_on=None if n % 5 == 0 else datetime.date(2017, 1, 1 + n % 3),
                tone_score=None if n % 4 == 0 else (n % 7) / 10,
                word_count=n % 3,
            )
        )
    return rows


@pytest.mark.parametrize(
    "ordering",
    [None, "newest", "oldest", "positive", "negative", "longest", "shortest"],
)
def test_cursor_pages_cover_the_ordered_list_once(api, reviews, ordering):
    params = {"ordering": ordering} if ordering else {}
    whole = [
        r["slug"]
        for r in api.get("/api/v1/reviews/", {**params, "page_size": 100}).json()[
            "results"
        ]
    ]
    assert len(whole) == 25
    assert walk(api, "/api/v1/reviews/", page_size=4, **params) == whole


def test_nulls_sort_last_both_ways(api, reviews):
    for ordering in ["positive", "negative"]:
        results = api.get("/api/v1/reviews/", {"ordering": ordering, "page_size": 100})
        scores = [r["tone_score"] for r in results.json()["results"]]
        assert scores[-7:] == [None] * 7 and None not in scores[:-7]


def test_cursor_pages_stay_stable_while_reviews_are_added(api, reviews):
    first = api.get("/api/v1/reviews/", {"page_size": 5}).json()
    # A review newer than everything: page numbers would shift, cursors do not.
    ReviewFactory(
        film=reviews[0].film, slug="newest", published_on=datetime.date(2020, 1, 1)
    )
    second = api.get(first["next"]).json()
    everything = walk(api, "/api/v1/reviews/", page_size=100)
    page_one = [r["slug"] for r in first["results"]]
    page_two = [r["slug"] for r in second["results"]]
    assert everything[1:11] == page_one + page_two


def test_previous_links_walk_back(api, reviews):
    first = api.get("/api/v1/reviews/", {"page_size": 4, "ordering": "positive"}).json()
    assert first["previous"] is None
    second = api.get(first["next"]).json()
    third = api.get(second["next"]).json()
    back = api.get(third["previous"]).json()
    assert back["results"] == second["results"]
    assert api.get(back["previous"]).json()["results"] == first["results"]


def test_cursor_belongs_to_its_ordering(api, reviews):
    page = api.get("/api/v1/reviews/", {"page_size": 2, "ordering": "oldest"}).json()
    cursor = page["next"].split("cursor=")[1].split("&")[0]
    response = api.get("/api/v1/reviews/", {"cursor": cursor, "ordering": "longest"})
    assert response.status_code == 400
    assert "cursor" in response.json()["fields"]


@pytest.mark.parametrize(
    "cursor",
    [
        "e30",  # {}
        "W10",  # []
        "eyJvIjpbXSwidiI6W10sInIiOmZhbHNlfQ",  # another ordering
        "not base64 !",
        "x" * 2000,
    ],
)
def test_malformed_cursor_is_400(api, reviews, cursor):
    response = api.get("/api/v1/reviews/", {"cursor": cursor})
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_filter"


def test_page_size_has_a_hard_maximum(api, db):
    PersonFactory.create_batch(MAX_PAGE_SIZE + 5)
    body = api.get("/api/v1/people/", {"page_size": 1000}).json()
    assert body["count"] == MAX_PAGE_SIZE + 5
    assert len(body["results"]) == MAX_PAGE_SIZE
    assert len(api.get("/api/v1/people/").json()["results"]) == 20
    assert len(api.get("/api/v1/people/", {"page_size": 3}).json()["results"]) == 3


def test_review_page_size_has_the_same_maximum(api, reviews):
    assert (
        len(api.get("/api/v1/reviews/", {"page_size": 10**6}).json()["results"]) == 25
    )


@pytest.mark.parametrize(
    ("page", "status"),
    [
        ("2", 200),
        ("3", 404),
        ("0", 400),
        ("-1", 400),
        ("abc", 400),
        ("1.5", 400),
        ("99999999999999999999", 400),
        ("99999", 404),
    ],
)
def test_page_numbers(api, db, page, status):
    PersonFactory.create_batch(25)
    response = api.get("/api/v1/people/", {"page": page})
    assert response.status_code == status
    if status == 200:
        body = response.json()
        assert body["previous"].endswith("/api/v1/people/")
        assert len(body["results"]) == 5 and body["next"] is None
