"""The API's write rules per role.

First the permission classes on small stand-in views (they hold whether or not
the API's viewsets exist), then every rule through the real endpoints under
/api/v1/, skipped while those do not resolve.
"""

from types import SimpleNamespace

import pytest
from django.apps import apps as django_apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser, Group
from django.test import Client
from django.urls import NoReverseMatch, reverse
from rest_framework import generics
from rest_framework.response import Response
from rest_framework.test import APIClient, APIRequestFactory, force_authenticate

from films.models import Film, Location
from reviews.models import Review, ReviewStatus
from reviews.permissions import CatalogueWritePermission, ReviewWritePermission
from reviews.roles import CONTRIBUTORS, EDITORS
from tests.factories import (
    CharacterFactory,
    CreditFactory,
    FilmFactory,
    LocationFactory,
    PersonFactory,
    ReviewFactory,
)

pytestmark = pytest.mark.django_db

DRAFT, IN_REVIEW, PUBLISHED, ARCHIVED = ReviewStatus.values


def make_user(username: str, *groups: str):
    user = get_user_model().objects.create_user(username, password="pw")
    user.groups.set([Group.objects.get(name=name) for name in groups])
    return user


@pytest.fixture
def users(db):
    return SimpleNamespace(
        editor=make_user("editor", EDITORS),
        contributor=make_user("contributor", CONTRIBUTORS),
        nobody=make_user("nobody"),
        anonymous=None,
    )


# --- The permission classes on stand-in views -----------------------------------


class StandIn(generics.GenericAPIView):
    """Answers 200 once the permission checks pass (object checks included)."""

    lookup_field = "slug"

    def get(self, request, slug=None):
        if slug:
            self.get_object()
        return Response({})

    post = put = patch = delete = options = get


class FilmStandIn(StandIn):
    queryset = Film.objects.all()
    permission_classes = [CatalogueWritePermission]


class ReviewStandIn(StandIn):
    queryset = Review.objects.all()
    permission_classes = [ReviewWritePermission]


def call(view, user, method, data=None, slug=None):
    request = getattr(APIRequestFactory(), method.lower())("/", data, format="json")
    if user is not None:
        force_authenticate(request, user=user)
    kwargs = {"slug": slug} if slug else {}
    return view.as_view()(request, **kwargs)


@pytest.mark.parametrize("method", ["GET", "HEAD", "OPTIONS"])
@pytest.mark.parametrize("role", ["anonymous", "nobody", "contributor"])
def test_reads_need_no_permission(users, role, method):
    film, review = FilmFactory(), ReviewFactory()
    user = getattr(users, role)
    assert call(FilmStandIn, user, method).status_code == 200
    assert call(FilmStandIn, user, method, slug=film.slug).status_code == 200
    assert call(ReviewStandIn, user, method, slug=review.slug).status_code == 200


# (role, method) → whether a catalogue write is allowed.
CATALOGUE_RULES = {
    ("anonymous", "POST"): False,
    ("anonymous", "PATCH"): False,
    ("anonymous", "DELETE"): False,
    ("nobody", "POST"): False,
    ("nobody", "PATCH"): False,
    ("nobody", "DELETE"): False,
    ("contributor", "POST"): True,
    ("contributor", "PUT"): True,
    ("contributor", "PATCH"): True,
    ("contributor", "DELETE"): False,
    ("editor", "POST"): True,
    ("editor", "PUT"): True,
    ("editor", "PATCH"): True,
    ("editor", "DELETE"): True,
}


@pytest.mark.parametrize(("role", "method"), CATALOGUE_RULES)
def test_catalogue_writes_per_role(users, role, method):
    slug = None if method == "POST" else FilmFactory().slug
    response = call(FilmStandIn, getattr(users, role), method, {}, slug=slug)
    assert (response.status_code == 200) is CATALOGUE_RULES[role, method]
    if not CATALOGUE_RULES[role, method]:
        assert response.status_code in (401, 403)


# (role, method, stored status, requested status) → refusal message or None.
REVIEW_RULES = [
    ("anonymous", "POST", None, DRAFT, "Authentication credentials"),
    ("nobody", "POST", None, DRAFT, "You do not have permission"),
    ("contributor", "POST", None, DRAFT, None),
    ("contributor", "POST", None, IN_REVIEW, None),
    (
        "contributor",
        "POST",
        None,
        PUBLISHED,
        "Only editors may create a review that is published",
    ),
    (
        "contributor",
        "POST",
        None,
        ARCHIVED,
        "Only editors may create a review that is archived",
    ),
    ("contributor", "PATCH", DRAFT, DRAFT, None),
    ("contributor", "PATCH", DRAFT, IN_REVIEW, None),
    ("contributor", "PUT", IN_REVIEW, DRAFT, None),
    ("contributor", "PATCH", DRAFT, PUBLISHED, "Only editors may publish reviews."),
    (
        "contributor",
        "PATCH",
        PUBLISHED,
        PUBLISHED,
        "Only editors may change a review that is pub",
    ),
    (
        "contributor",
        "PATCH",
        PUBLISHED,
        DRAFT,
        "Only editors may change a review that is published",
    ),
    (
        "contributor",
        "PATCH",
        PUBLISHED,
        ARCHIVED,
        "Only editors may change a review that is pub",
    ),
    (
        "contributor",
        "PATCH",
        ARCHIVED,
        ARCHIVED,
        "Only editors may change a review that is arch",
    ),
    ("contributor", "DELETE", DRAFT, None, "You do not have permission"),
    ("contributor", "DELETE", PUBLISHED, None, "You do not have permission"),
    ("nobody", "PATCH", DRAFT, DRAFT, "You do not have permission"),
    ("nobody", "DELETE", DRAFT, None, "You do not have permission"),
    ("editor", "POST", None, PUBLISHED, None),
    ("editor", "PATCH", IN_REVIEW, PUBLISHED, None),
    ("editor", "PATCH", PUBLISHED, ARCHIVED, None),
    ("editor", "PATCH", PUBLISHED, DRAFT, None),
    ("editor", "DELETE", PUBLISHED, None, None),
]


@pytest.mark.parametrize(
    ("role", "method", "stored", "requested", "refusal"), REVIEW_RULES
)
def test_review_writes_per_role(users, role, method, stored, requested, refusal):
    slug = ReviewFactory(status=stored).slug if stored else None
    data = {"status": requested} if requested else {}
    response = call(ReviewStandIn, getattr(users, role), method, data, slug=slug)
    if refusal is None:
        assert response.status_code == 200, response.data
    else:
        assert response.status_code in (401, 403)
        assert str(response.data["detail"]).startswith(refusal)


def test_patch_without_status_keeps_the_stored_one(users):
    """A contributor editing a draft's text is judged on the draft status."""
    slug = ReviewFactory(status=DRAFT).slug
    response = call(ReviewStandIn, users.contributor, "PATCH", {"body": "x"}, slug=slug)
    assert response.status_code == 200
    slug = ReviewFactory(status=PUBLISHED).slug
    response = call(ReviewStandIn, users.contributor, "PATCH", {"body": "x"}, slug=slug)
    assert response.status_code == 403


def test_non_object_body_is_left_to_the_serializer(users):
    response = call(ReviewStandIn, users.contributor, "POST", ["not", "an", "object"])
    assert response.status_code == 200


def test_anonymous_user_object(users):
    """A request whose user is AnonymousUser (no authentication at all)."""
    response = call(ReviewStandIn, AnonymousUser(), "POST", {"status": DRAFT})
    assert response.status_code in (401, 403)


# --- The real endpoints ---------------------------------------------------------


def api_exists() -> bool:
    try:
        reverse("api:review-list")
        reverse("api:film-list")
    except NoReverseMatch:
        return False
    return True


needs_api = pytest.mark.skipif(
    not api_exists(), reason="the /api/v1/ endpoints do not exist yet"
)


def token_client(user) -> APIClient:
    from rest_framework.authtoken.models import Token

    client = APIClient()
    if user is not None:
        token, _ = Token.objects.get_or_create(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


@pytest.fixture
def clients(users):
    return SimpleNamespace(
        **{role: token_client(user) for role, user in vars(users).items()}
    )


def review_payload(**fields):
    return {
        "film": FilmFactory().slug,
        "headline": "Posted",
        "slug": "posted",
        "body": "Words.",
        **fields,
    }


def refused(response, code: int, message: str) -> bool:
    return response.status_code == code and response.json()["detail"].startswith(
        message
    )


REVIEWS = "/api/v1/reviews/"


@needs_api
def test_anonymous_writes_are_refused(clients):
    review = ReviewFactory(status=PUBLISHED)
    film, person = FilmFactory(), PersonFactory()
    for method, path in [
        ("post", REVIEWS),
        ("put", f"{REVIEWS}{review.slug}/"),
        ("patch", f"{REVIEWS}{review.slug}/"),
        ("delete", f"{REVIEWS}{review.slug}/"),
        ("post", "/api/v1/films/"),
        ("patch", f"/api/v1/films/{film.slug}/"),
        ("delete", f"/api/v1/films/{film.slug}/"),
        ("post", "/api/v1/people/"),
        ("delete", f"/api/v1/people/{person.slug}/"),
    ]:
        response = getattr(clients.anonymous, method)(path, {"status": DRAFT})
        assert response.status_code == 401, (method, path)
    assert Review.objects.get().status == PUBLISHED
    assert Film.objects.filter(pk=film.pk).exists()


@needs_api
@pytest.mark.parametrize("status", [DRAFT, IN_REVIEW])
def test_contributor_posts_a_draft_or_submits_it(clients, status):
    response = clients.contributor.post(REVIEWS, review_payload(status=status))
    assert response.status_code == 201, response.json()
    assert Review.objects.get().status == status


@needs_api
@pytest.mark.parametrize("status", [PUBLISHED, ARCHIVED])
def test_contributor_cannot_post_a_published_review(clients, status):
    response = clients.contributor.post(REVIEWS, review_payload(status=status))
    assert refused(response, 403, "Only editors may create a review that is")
    assert not Review.objects.exists()


@needs_api
def test_contributor_edits_and_submits_a_draft(clients):
    review = ReviewFactory(status=DRAFT)
    url = f"{REVIEWS}{review.slug}/"
    response = clients.contributor.patch(url, {"headline": "Sharper"})
    assert response.status_code == 200, response.json()
    response = clients.contributor.patch(url, {"status": IN_REVIEW})
    assert response.status_code == 200, response.json()
    review.refresh_from_db()
    assert (review.headline, review.status) == ("Sharper", IN_REVIEW)


@needs_api
@pytest.mark.parametrize("status_from", [DRAFT, IN_REVIEW])
def test_contributor_cannot_publish(clients, status_from):
    review = ReviewFactory(status=status_from)
    response = clients.contributor.patch(
        f"{REVIEWS}{review.slug}/", {"status": PUBLISHED}
    )
    assert refused(response, 403, "Only editors may publish reviews.")
    assert Review.objects.get().status == status_from


@needs_api
@pytest.mark.parametrize(
    "data", [{"headline": "Rewritten"}, {"status": DRAFT}, {"status": ARCHIVED}]
)
def test_contributor_cannot_patch_a_published_review(clients, data):
    """Editing, unpublishing and archiving a published review."""
    review = ReviewFactory(status=PUBLISHED, headline="As printed")
    response = clients.contributor.patch(f"{REVIEWS}{review.slug}/", data)
    assert refused(response, 403, "Only editors may change a review that is published")
    assert Review.objects.values_list("headline", "status").get() == (
        "As printed",
        PUBLISHED,
    )


@needs_api
@pytest.mark.parametrize("status", [DRAFT, PUBLISHED])
def test_contributor_cannot_delete(clients, status):
    review = ReviewFactory(status=status)
    response = clients.contributor.delete(f"{REVIEWS}{review.slug}/")
    assert refused(response, 403, "You do not have permission to delete reviews.")
    assert Review.objects.filter(pk=review.pk).exists()


@needs_api
def test_editor_publishes_archives_and_deletes(clients):
    review = ReviewFactory(status=IN_REVIEW)
    url = f"{REVIEWS}{review.slug}/"
    for status in (PUBLISHED, ARCHIVED, PUBLISHED):
        response = clients.editor.patch(url, {"status": status})
        assert response.status_code == 200, response.json()
        assert Review.objects.get().status == status
    response = clients.editor.patch(url, {"headline": "Corrected"})
    assert response.status_code == 200, response.json()
    response = clients.editor.post(REVIEWS, review_payload(status=PUBLISHED))
    assert response.status_code == 201, response.json()
    assert clients.editor.delete(url).status_code == 204
    assert list(Review.objects.values_list("slug", flat=True)) == ["posted"]


@needs_api
def test_editor_step_outside_the_workflow_is_a_400(clients):
    review = ReviewFactory(status=DRAFT)
    response = clients.editor.patch(f"{REVIEWS}{review.slug}/", {"status": ARCHIVED})
    assert response.status_code == 400
    assert response.json()["fields"] == {
        "status": ["A review cannot go from draft to archived."]
    }


@needs_api
def test_user_in_no_group_writes_nothing(clients):
    review = ReviewFactory(status=PUBLISHED)
    url = f"{REVIEWS}{review.slug}/"
    assert clients.nobody.post(REVIEWS, review_payload()).status_code == 403
    assert clients.nobody.patch(url, {"headline": "X"}).status_code == 403
    assert clients.nobody.delete(url).status_code == 403
    assert clients.nobody.post("/api/v1/films/", {}).status_code == 403
    assert Review.objects.get().headline == review.headline


def catalogue_rows():
    """One row per catalogue endpoint: (path of the list, detail path, a body
    for POST)."""
    film = FilmFactory()
    person = PersonFactory()
    character = CharacterFactory(film=film)
    location = LocationFactory()
    credit = CreditFactory(film=film, person=person, character=character)
    return {
        "films": (f"films/{film.slug}/", {"slug": "new", "title": "New", "year": 2001}),
        "people": (f"people/{person.slug}/", {"slug": "new", "name": "New"}),
        "characters": (
            f"characters/{character.slug}/",
            {"slug": "new", "name": "New", "film": film.slug},
        ),
        "locations": (
            f"locations/{location.slug}/",
            {"slug": "new", "name": "New", "kind": Location.Kind.CITY},
        ),
        "credits": (
            f"credits/{credit.pk}/",
            {
                "film": film.slug,
                "person": person.slug,
                "role": "director",
                "character": None,
            },
        ),
    }


CATALOGUE_ENDPOINTS = ["films", "people", "characters", "locations", "credits"]
# What each role's write answers: POST, PATCH, DELETE.
CATALOGUE_ANSWERS = {
    "editor": (201, 200, 204),
    "contributor": (201, 200, 403),
    "nobody": (403, 403, 403),
    "anonymous": (401, 401, 401),
}


@needs_api
@pytest.mark.parametrize("endpoint", CATALOGUE_ENDPOINTS)
@pytest.mark.parametrize("role", CATALOGUE_ANSWERS)
def test_catalogue_writes_per_role_through_the_api(clients, role, endpoint):
    detail, body = catalogue_rows()[endpoint]
    client = getattr(clients, role)
    answers = (
        client.post(f"/api/v1/{endpoint}/", body).status_code,
        client.patch(f"/api/v1/{detail}", {}).status_code,
        client.delete(f"/api/v1/{detail}").status_code,
    )
    assert answers == CATALOGUE_ANSWERS[role]


# --- Tokens in the admin ----------------------------------------------------------


@pytest.mark.skipif(
    not django_apps.is_installed("rest_framework.authtoken"),
    reason="rest_framework.authtoken is not installed",
)
def test_tokens_are_issued_in_the_admin_by_a_superuser_not_by_editors(users):
    """DRF's TokenAdmin lists every key and mints tokens for any user, so
    whoever may use it can act as a superuser: only superusers get it (the
    roles grant no authtoken permission)."""
    from rest_framework.authtoken.models import Token

    add_url = reverse("admin:authtoken_tokenproxy_add")
    users.editor.is_staff = True
    users.editor.save()
    editor = Client()
    editor.force_login(users.editor)
    assert editor.get(reverse("admin:index")).status_code == 200
    assert editor.get(add_url).status_code == 403
    assert editor.post(add_url, {"user": users.editor.pk}).status_code == 403

    admin = Client()
    admin.force_login(get_user_model().objects.create_superuser("root", password="pw"))
    response = admin.post(add_url, {"user": users.editor.pk})
    assert response.status_code == 302
    token = Token.objects.get(user=users.editor)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    review = ReviewFactory(status=IN_REVIEW)
    response = client.patch(f"{REVIEWS}{review.slug}/", {"status": PUBLISHED})
    assert response.status_code == 200
