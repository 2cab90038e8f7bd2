"""The endpoints: shapes of lists and details, links, who sees drafts, and
writes through them with an editor's token."""

import pytest
from rest_framework.test import APIClient

from films.models import Character, Credit, Film, Location, Person
from reviews.models import Review, ReviewStatus
from tests.factories import FilmFactory, ReviewFactory

pytestmark = pytest.mark.django_db

API = "http://testserver/api/v1"
SITE = "http://testserver"
LISTS = ["films", "people", "characters", "locations", "credits", "reviews"]
LISTS += ["themes", "mentions"]


def results(response):
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_root_links_every_list(api):
    response = api.get("/api/v1/")
    assert response.json() == {name: f"{API}/{name}/" for name in LISTS}


@pytest.mark.parametrize("name", LISTS)
def test_every_list_item_links_to_its_detail_and_page(api, catalogue, name):
    items = results(api.get(f"/api/v1/{name}/"))
    assert items
    for item in items:
        assert item["url"].startswith(f"{API}/{name}/")
        assert item["html_url"].startswith(SITE + "/")
        detail = api.get(item["url"])
        assert detail.status_code == 200
        assert detail.json()["url"] == item["url"]
        assert detail.json()["html_url"] == item["html_url"]


def test_lists_are_leaner_than_details(api, catalogue):
    film = results(api.get("/api/v1/films/", {"year": 2017}))[0]
    assert set(film) == {
        "url",
        "html_url",
        "slug",
        "title",
        "year",
        "credit_count",
        "location_count",
    }
    review = results(api.get("/api/v1/reviews/"))[0]
    assert "body" not in review and "mentions" not in review


def test_film_detail(api, catalogue):
    film = api.get("/api/v1/films/the-escape-2017/").json()
    assert film["html_url"] == SITE + catalogue.film.get_absolute_url()
    actor, director = film["credits"]
    assert actor["person"] == {
        "slug": "gemma-arterton",
        "name": "Gemma Arterton",
        "url": f"{API}/people/gemma-arterton/",
        "html_url": SITE + catalogue.actor.get_absolute_url(),
    }
    assert actor["role"] == "actor"
    assert actor["character"]["slug"] == "tara"
    assert actor["billing_order"] == 1
    assert actor["sentence"] == "Gemma Arterton as Tara."
    assert director["role"] == "director" and director["character"] is None
    [filming] = film["filming_locations"]
    assert filming["location"]["slug"] == "louvre"
    assert filming["note"] == "The gallery scenes."
    assert [p["location"]["slug"] for p in film["story_locations"]] == ["paris"]
    assert {r["source"] for r in film["ratings"]} == {"Metacritic", "Rotten Tomatoes"}
    metacritic = next(r for r in film["ratings"] if r["source"] == "Metacritic")
    assert metacritic["consensus"] == "Mixed or average reviews."
    assert metacritic["value"] == 58
    # The draft is not counted.
    assert film["review_counts"] == {
        "total": 1,
        "positive": 0,
        "mixed": 1,
        "negative": 0,
        "untoned": 0,
    }
    assert film["reviews_url"] == f"{API}/reviews/?film=the-escape-2017"


def test_person_detail_lists_credits_across_films(api, catalogue):
    other = FilmFactory(title="Clash of the Titans", year=2010)
    Credit.objects.create(film=other, person=catalogue.actor, role="producer")
    person = api.get("/api/v1/people/gemma-arterton/").json()
    films = {(c["film"]["slug"], c["role"]) for c in person["credits"]}
    assert films == {("the-escape-2017", "actor"), (other.slug, "producer")}


def test_location_detail_has_parent_chain_children_and_films(api, catalogue):
    louvre = api.get("/api/v1/locations/louvre/").json()
    assert [p["slug"] for p in louvre["parents"]] == ["paris", "france"]
    assert louvre["films"][0]["film"]["slug"] == "the-escape-2017"
    assert louvre["films"][0]["usage"] == "filming"
    paris = api.get("/api/v1/locations/paris/").json()
    assert [c["slug"] for c in paris["children"]] == ["louvre"]
    assert paris["latitude"] == 48.8566


def test_character_detail(api, catalogue):
    tara = api.get("/api/v1/characters/tara/").json()
    assert tara["film"]["slug"] == "the-escape-2017"
    assert tara["html_url"] == SITE + catalogue.tara.get_absolute_url()
    assert [c["person"]["slug"] for c in tara["credits"]] == ["gemma-arterton"]


def test_review_detail(api, catalogue):
    review = api.get("/api/v1/reviews/a-quiet-unravelling/").json()
    assert review["tone"] == "mixed" and review["tone_score"] == 0.25
    assert review["status"] == "published"
    assert review["source_document"] == {
        "filename": "000_review.txt",
        "kind": "review",
        "sha256": catalogue.review_doc.sha256,
        "imported_at": review["source_document"]["imported_at"],
    }
    assert "text" not in review["source_document"]
    assert [t["slug"] for t in review["themes"]] == ["freedom", "marriage"]
    mentions = {m["kind"]: m for m in review["mentions"]}
    assert set(mentions) == {"person", "character", "location", "film"}
    person = mentions["person"]
    assert person["count"] == 3
    assert person["target"]["url"] == f"{API}/people/gemma-arterton/"
    assert person["target"]["name"] == "Gemma Arterton"
    assert mentions["film"]["target"]["name"] == "Brief Encounter"
    mention = api.get(person["url"]).json()
    assert mention["review"]["slug"] == "a-quiet-unravelling"
    assert mention["target"] == person["target"]


def test_theme_links_to_its_reviews(api, catalogue):
    theme = api.get("/api/v1/themes/marriage/").json()
    assert theme["reviews_url"] == f"{API}/reviews/?theme=marriage"
    assert [r["slug"] for r in results(api.get(theme["reviews_url"]))] == [
        "a-quiet-unravelling"
    ]


# --- Drafts ----------------------------------------------------------------------


@pytest.mark.parametrize("status", ["draft", "in_review", "archived"])
def test_unpublished_reviews_do_not_exist_for_anonymous_clients(api, db, status):
    film = FilmFactory(slug="the-escape-2017")
    review = ReviewFactory(film=film, status=status, tone="positive")
    ReviewFactory(film=film, status="published", tone="negative")
    assert api.get(f"/api/v1/reviews/{review.slug}/").status_code == 404
    slugs = [r["slug"] for r in results(api.get("/api/v1/reviews/"))]
    assert review.slug not in slugs and len(slugs) == 1
    counts = api.get("/api/v1/films/the-escape-2017/").json()["review_counts"]
    assert counts["total"] == 1 and counts["positive"] == 0
    assert results(api.get("/api/v1/mentions/")) == []


def test_editors_read_every_review_contributors_the_ones_they_may_edit(
    api, editor_api, contributor_api, db
):
    reviews = {status: ReviewFactory(status=status) for status in ReviewStatus.values}

    def listed(client):
        return {r["status"] for r in results(client.get("/api/v1/reviews/"))}

    assert listed(api) == {"published"}
    assert listed(contributor_api) == {"published", "draft", "in_review"}
    assert listed(editor_api) == set(ReviewStatus.values)
    archived = f"/api/v1/reviews/{reviews['archived'].slug}/"
    assert contributor_api.get(archived).status_code == 404
    assert editor_api.get(archived).status_code == 200


# --- Writes ----------------------------------------------------------------------

CREATES = [
    ("films", {"slug": "fish-tank", "title": "Fish Tank", "year": 2009}, Film),
    ("people", {"slug": "andrea-arnold", "name": "Andrea Arnold"}, Person),
    (
        "characters",
        {"slug": "florrie", "name": "Florrie", "film": "the-escape-2017"},
        Character,
    ),
    (
        "locations",
        {"slug": "calais", "name": "Calais", "kind": "city", "parent": "france"},
        Location,
    ),
]


@pytest.mark.parametrize(("name", "body", "model"), CREATES)
def test_editor_creates_updates_and_deletes_catalogue_entries(
    editor_api, catalogue, name, body, model
):
    created = editor_api.post(f"/api/v1/{name}/", body)
    assert created.status_code == 201, created.json()
    url = created.json()["url"]
    assert created["Location"] == url and created["ETag"]
    label = "title" if "title" in body else "name"
    changed = editor_api.patch(url, {label: "Renamed"})
    assert changed.status_code == 200, changed.json()
    assert changed.json()[label] == "Renamed"
    assert model.objects.get(slug=body["slug"]).__dict__[label] == "Renamed"
    assert editor_api.delete(url).status_code == 204
    assert not model.objects.filter(slug=body["slug"]).exists()
    assert editor_api.get(url).status_code == 404


def test_editor_adds_a_credit(editor_api, catalogue):
    body = {
        "film": "the-escape-2017",
        "person": "dominic-savage",
        "role": "writer",
        "billing_order": 3,
    }
    created = editor_api.post("/api/v1/credits/", body)
    assert created.status_code == 201, created.json()
    credit = created.json()
    assert credit["person"]["slug"] == "dominic-savage" and credit["role"] == "writer"
    film = editor_api.get("/api/v1/films/the-escape-2017/").json()
    assert ("dominic-savage", "writer") in {
        (c["person"]["slug"], c["role"]) for c in film["credits"]
    }
    # The database's rules are validation errors, not 500s.
    again = editor_api.post("/api/v1/credits/", body)
    assert again.status_code == 400
    crew_as_character = {**body, "role": "composer", "character": "tara"}
    refused = editor_api.post("/api/v1/credits/", crew_as_character)
    assert refused.status_code == 400
    assert "Only an actor credit can name a character." in str(refused.json())


def test_editor_writes_reviews_through_the_services(editor_api, catalogue):
    body = {
        "slug": "second-look",
        "headline": "A second look",
        "film": "the-escape-2017",
        "body": "Better on a second viewing.",
        "themes": ["marriage"],
        "status": "draft",
    }
    created = editor_api.post("/api/v1/reviews/", body)
    assert created.status_code == 201, created.json()
    assert created.json()["themes"][0]["slug"] == "marriage"
    url = created.json()["url"]
    published = editor_api.patch(url, {"status": "published", "tone": "positive"})
    assert published.status_code == 200, published.json()
    assert Review.objects.get(slug="second-look").status == "published"
    assert APIClient().get(url).status_code == 200
    # A status change the workflow does not have is a 400 from the services.
    refused = editor_api.patch(url, {"status": "in_review", "body": "x"})
    assert refused.status_code == 200  # unpublish is an editor's step
    bad = editor_api.put(url, {**body, "status": "archived"})
    assert bad.status_code == 400
    assert bad.json()["fields"]["status"]
    assert editor_api.delete(url).status_code == 204
    assert not Review.objects.filter(slug="second-look").exists()


def test_contributor_cannot_publish(contributor_api, catalogue):
    body = {
        "slug": "eager",
        "headline": "Eager",
        "film": "the-escape-2017",
        "body": "Text.",
        "status": "published",
    }
    response = contributor_api.post("/api/v1/reviews/", body)
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    assert not Review.objects.filter(slug="eager").exists()


def test_deleting_a_reviewed_film_is_a_conflict(editor_api, catalogue):
    response = editor_api.delete("/api/v1/films/the-escape-2017/")
    assert response.status_code == 409
    assert response.json()["code"] == "conflict"
    assert "reviews" in response.json()["detail"]
    assert Film.objects.filter(slug="the-escape-2017").exists()


def test_invalid_writes_name_their_fields(editor_api, catalogue):
    response = editor_api.post(
        "/api/v1/locations/",
        {"slug": "bad slug", "name": "", "latitude": 91, "longitude": 1},
    )
    assert response.status_code == 400
    assert {"slug", "name", "kind"} <= set(response.json()["fields"]) or {
        "slug",
        "name",
    } <= set(response.json()["fields"])
    response = editor_api.post(
        "/api/v1/locations/",
        {"slug": "north", "name": "North", "kind": "city", "latitude": 91},
    )
    assert response.status_code == 400
    assert response.json()["fields"]
    response = editor_api.post(
        "/api/v1/people/", {"slug": "x", "name": "X", "aliases": ["ok", 3, ""]}
    )
    assert response.status_code == 400
    assert "aliases.2" in response.json()["fields"]


def test_session_writes_need_the_csrf_token(editor, catalogue):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(editor)
    body = {"slug": "red-road", "title": "Red Road", "year": 2006}
    refused = client.post("/api/v1/films/", body)
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["detail"]
    client.get("/admin/login/")  # sets the csrftoken cookie
    token = client.cookies["csrftoken"].value
    accepted = client.post("/api/v1/films/", body, HTTP_X_CSRFTOKEN=token)
    assert accepted.status_code == 201


def test_read_only_endpoints_refuse_writes_with_405(editor_api, catalogue):
    for path in ["/api/v1/themes/", "/api/v1/mentions/"]:
        response = editor_api.post(path, {})
        assert response.status_code == 405
        assert response.json()["code"] == "method_not_allowed"


def test_bad_token_is_401(catalogue):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-token")
    response = client.get("/api/v1/films/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_browsable_api_renders_for_humans(client, editor, catalogue):
    for path in ["/api/v1/reviews/", "/api/v1/films/the-escape-2017/"]:
        response = client.get(path, HTTP_ACCEPT="text/html")
        assert response.status_code == 200
        assert b"<html" in response.content
    client.force_login(editor)
    response = client.get("/api/v1/films/the-escape-2017/", HTTP_ACCEPT="text/html")
    assert response.status_code == 200
