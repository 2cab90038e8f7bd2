"""The OpenAPI schema: generated without a warning, valid, documenting every
filter with its type, allowed values and an example; its two viewers served
from this site (drf-spectacular-sidecar), never a CDN."""

import re

import pytest
import yaml
from django.core.management import call_command

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def schema(django_db_blocker):
    from django.test import Client

    with django_db_blocker.unblock():
        response = Client().get("/api/v1/schema/", {"format": "json"})
    assert response.status_code == 200
    return response.json()


def test_schema_generates_without_warnings(tmp_path):
    """`manage.py spectacular --validate --fail-on-warn`, as CI would run it."""
    out = tmp_path / "schema.yaml"
    call_command("spectacular", validate=True, fail_on_warn=True, file=str(out))
    document = yaml.safe_load(out.read_text())
    assert document["openapi"].startswith("3.")


def parameters(schema, path, method="get"):
    return {p["name"]: p for p in schema["paths"][path][method]["parameters"]}


REVIEW_FILTERS = {
    "film": "string",
    "theme": "array",
    "tone": "string",
    "kind": "string",
    "featured": "boolean",
    "outlet": "string",
    "byline": "string",
    "person": "string",
    "character": "string",
    "location": "string",
    "published_after": "string",
    "published_before": "string",
    "q": "string",
    "ordering": "string",
    "search": "string",
    "cursor": "string",
    "page_size": "integer",
}


def test_review_list_documents_every_filter(schema):
    params = parameters(schema, "/api/v1/reviews/")
    for name, kind in REVIEW_FILTERS.items():
        assert params[name]["schema"]["type"] == kind, name
        assert params[name].get("description"), name
        if name != "cursor":
            assert "example" in params[name], name
    assert params["tone"]["schema"]["enum"] == ["mixed", "negative", "positive"]
    assert set(params["ordering"]["schema"]["enum"]) == {
        "newest",
        "oldest",
        "positive",
        "negative",
        "longest",
        "shortest",
        "relevance",  # best match first, with q
    }
    assert params["published_after"]["schema"]["format"] == "date"
    assert params["theme"]["explode"] is True
    assert params["q"]["schema"]["maxLength"] == 200


@pytest.mark.parametrize(
    ("path", "names"),
    [
        ("/api/v1/films/", {"year", "search", "ordering", "page", "page_size"}),
        ("/api/v1/people/", {"role", "film", "search", "ordering"}),
        ("/api/v1/characters/", {"film", "search", "ordering"}),
        ("/api/v1/locations/", {"kind", "parent", "search", "ordering"}),
        ("/api/v1/credits/", {"film", "person", "role", "search", "ordering"}),
        ("/api/v1/mentions/", {"review", "kind", "ordering"}),
        ("/api/v1/themes/", {"search", "ordering"}),
    ],
)
def test_catalogue_lists_document_their_filters(schema, path, names):
    params = parameters(schema, path)
    assert names <= set(params)
    for name in names:
        assert "example" in params[name], (path, name)
    assert "title" in parameters(schema, "/api/v1/films/")["ordering"]["schema"]["enum"]


def test_errors_and_conditional_requests_are_documented(schema):
    get = schema["paths"]["/api/v1/films/{slug}/"]["get"]
    assert {"200", "304", "404", "default"} <= set(get["responses"])
    error = get["responses"]["404"]["content"]["application/json"]["schema"]
    assert error == {"$ref": "#/components/schemas/Error"}
    put = schema["paths"]["/api/v1/films/{slug}/"]["put"]
    assert "412" in put["responses"]
    assert "If-Match" in parameters(schema, "/api/v1/films/{slug}/", "put")
    assert "If-None-Match" in parameters(schema, "/api/v1/films/")
    assert set(schema["components"]["schemas"]["Error"]["properties"]) == {
        "status",
        "code",
        "detail",
        "fields",
    }


@pytest.mark.parametrize("path", ["/api/v1/docs/", "/api/v1/redoc/"])
def test_viewers_are_served_without_a_cdn(client, db, path):
    response = client.get(path)
    assert response.status_code == 200
    page = response.content.decode()
    assert "/static/drf_spectacular_sidecar/" in page
    assert not re.search(r"https?://(?!testserver)", page.split("<body")[1])
