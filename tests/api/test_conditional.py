"""Conditional requests: ETag and Last-Modified on lists and details, 304 on
a matching If-None-Match / If-Modified-Since, 412 (and no change) on a write
whose If-Match is stale; and the version function the admin will share."""

import pytest
from django.utils.http import http_date

from films.models import Film
from films.versioning import etag_for
from reviews.models import Review
from tests.factories import CreditFactory, ThemeFactory

pytestmark = pytest.mark.django_db

FILM = "/api/v1/films/the-escape-2017/"


@pytest.mark.parametrize(
    "path", ["/api/v1/films/", FILM, "/api/v1/reviews/", "/api/v1/mentions/"]
)
def test_answers_carry_validators_and_revalidate(api, catalogue, path):
    response = api.get(path)
    etag, modified = response["ETag"], response["Last-Modified"]
    assert etag.startswith('"') and modified.endswith("GMT")
    assert "Authorization" in response["Vary"]
    again = api.get(path, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag and again["Last-Modified"] == modified
    assert api.get(path, HTTP_IF_NONE_MATCH=f'"other", {etag}').status_code == 304
    assert api.get(path, HTTP_IF_NONE_MATCH='"other"').status_code == 200
    assert api.get(path, HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    # If-None-Match wins over If-Modified-Since.
    both = api.get(path, HTTP_IF_NONE_MATCH='"other"', HTTP_IF_MODIFIED_SINCE=modified)
    assert both.status_code == 200
    assert api.get(path, HTTP_IF_MODIFIED_SINCE=http_date(0)).status_code == 200


def test_a_change_anywhere_in_the_answer_changes_the_etag(api, catalogue):
    film = api.get(FILM)
    films = api.get("/api/v1/films/")
    # A new credit changes the film's detail (and its count in the list), not
    # the film's row.
    CreditFactory(film=catalogue.film, crew=True)
    changed = api.get(FILM, HTTP_IF_NONE_MATCH=film["ETag"])
    assert changed.status_code == 200
    assert changed["ETag"] != film["ETag"]
    assert (
        api.get("/api/v1/films/", HTTP_IF_NONE_MATCH=films["ETag"]).status_code == 200
    )
    # Last-Modified moves with it, even within the same second: the old date
    # no longer gives 304.
    assert changed["Last-Modified"] != film["Last-Modified"]
    old = film["Last-Modified"]
    assert api.get(FILM, HTTP_IF_MODIFIED_SINCE=old).status_code == 200


def test_etags_differ_per_reader(api, editor_api, catalogue):
    """An editor's list holds the draft: never the anonymous answer's ETag."""
    anonymous = api.get("/api/v1/reviews/")["ETag"]
    assert editor_api.get("/api/v1/reviews/")["ETag"] != anonymous


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_stale_if_match_is_412_and_changes_nothing(editor_api, catalogue, method):
    stale = editor_api.get(FILM)["ETag"]
    Film.objects.filter(pk=catalogue.film.pk).update(synopsis="Changed meanwhile.")
    body = {"slug": "the-escape-2017", "title": "Overwritten", "year": 2017}
    response = getattr(editor_api, method)(FILM, body, HTTP_IF_MATCH=stale)
    assert response.status_code == 412
    assert response.json()["code"] == "precondition_failed"
    film = Film.objects.get(pk=catalogue.film.pk)
    assert (film.title, film.synopsis) == ("The Escape", "Changed meanwhile.")


def test_current_if_match_writes_and_answers_the_new_etag(editor_api, catalogue):
    current = editor_api.get(FILM)["ETag"]
    response = editor_api.patch(FILM, {"synopsis": "New."}, HTTP_IF_MATCH=current)
    assert response.status_code == 200
    assert response["ETag"] != current
    assert editor_api.get(FILM)["ETag"] == response["ETag"]
    # The old ETag is now stale; the star matches whatever is current.
    assert (
        editor_api.patch(FILM, {"synopsis": "x"}, HTTP_IF_MATCH=current).status_code
        == 412
    )
    assert (
        editor_api.patch(FILM, {"synopsis": "y"}, HTTP_IF_MATCH="*").status_code == 200
    )


def test_weak_etags_never_match_a_write(editor_api, catalogue):
    current = editor_api.get(FILM)["ETag"]
    response = editor_api.patch(FILM, {"synopsis": "x"}, HTTP_IF_MATCH=f"W/{current}")
    assert response.status_code == 412


def test_review_writes_check_if_match_too(editor_api, catalogue):
    url = "/api/v1/reviews/a-quiet-unravelling/"
    stale = editor_api.get(url)["ETag"]
    catalogue.review.themes.add(ThemeFactory())  # only the many-to-many changes
    response = editor_api.delete(url, HTTP_IF_MATCH=stale)
    assert response.status_code == 412
    assert Review.objects.filter(pk=catalogue.review.pk).exists()
    fresh = editor_api.get(url)["ETag"]
    assert editor_api.delete(url, HTTP_IF_MATCH=fresh).status_code == 204


def test_etag_for_is_the_version_of_a_row(catalogue):
    film, review = catalogue.film, catalogue.review
    before = etag_for(film)
    assert etag_for(Film.objects.get(pk=film.pk)) == before
    film.synopsis = "Changed."
    assert etag_for(film) != before
    # A review's version includes its themes.
    before = etag_for(review)
    review.themes.remove(catalogue.marriage)
    assert etag_for(Review.objects.get(pk=review.pk)) != before
    assert etag_for(catalogue.other_film) != etag_for(film)
