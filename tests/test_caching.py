"""Caching that is never stale: anonymous pages and API reads come from the
cache until anything a visitor could see changes, and then not once more.

These tests commit (transactional), as production does: the content version
moves at COMMIT on PostgreSQL, and pages are never cached inside a
transaction. Each runs on the local-memory cache and on the machine's Redis.
"""

import datetime
import os
import time

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient
from rest_framework.throttling import SimpleRateThrottle

from escape_site import content_version
from films.models import ContentVersion
from reviews.models import Review
from reviews.roles import EDITORS
from tests.factories import FilmFactory, ReviewFactory

pytestmark = pytest.mark.django_db(transaction=True)

REDIS_URL = "redis://127.0.0.1:6379/12"


def redis_reachable() -> bool:
    import redis

    try:
        return redis.Redis.from_url(REDIS_URL, socket_timeout=1).ping()
    except redis.exceptions.RedisError:
        return False


@pytest.fixture(params=["locmem", "redis"], autouse=True)
def backend(request, settings, monkeypatch):
    if request.param == "redis":
        if not redis_reachable():
            if os.environ.get("CI"):
                pytest.fail(f"Redis is not answering at {REDIS_URL}")
            pytest.skip(f"Redis is not answering at {REDIS_URL}")
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": REDIS_URL,
            }
        }
    settings.PAGE_CACHE_SECONDS = 600
    monkeypatch.setattr(
        SimpleRateThrottle,
        "THROTTLE_RATES",
        {"anon": "100000/second", "user": "100000/second"},
    )
    cache.clear()
    yield request.param
    cache.clear()


@pytest.fixture
def film():
    return FilmFactory(title="Night Harbour", year=2019, slug="night-harbour-2019")


@pytest.fixture
def editor():
    # A transactional test's flush may have emptied the groups the roles
    # migration made: make them again.
    from types import SimpleNamespace

    from django.apps import apps

    from reviews.roles import sync_roles

    sync_roles(apps, SimpleNamespace(connection=connection))
    user = get_user_model().objects.create_user("ed", password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name=EDITORS))
    return user


def get(client, url, **headers):
    return client.get(url, headers=headers)


def test_a_page_is_served_from_the_cache_until_a_review_is_published(client, film):
    ReviewFactory(film=film, headline="Harbour lights at dusk")
    draft = ReviewFactory(
        film=film, headline="Tides of the old pier", status=Review.Status.DRAFT
    )
    first = get(client, "/reviews/")
    assert first["X-Page-Cache"] == "miss"
    assert "Harbour lights at dusk" in first.content.decode()
    second = get(client, "/reviews/")
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content

    draft.status = Review.Status.PUBLISHED
    draft.save()

    after = get(client, "/reviews/")
    assert after["X-Page-Cache"] == "miss"
    assert "Tides of the old pier" in after.content.decode()


def test_a_cached_page_costs_one_query(client, film):
    ReviewFactory(film=film)
    get(client, "/reviews/")
    with CaptureQueriesContext(connection) as queries:
        response = get(client, "/reviews/")
    assert response["X-Page-Cache"] == "hit"
    assert len(queries) == 1, [q["sql"] for q in queries]


def test_an_edit_made_by_raw_sql_shows_at_once(client, film):
    """The version moves by trigger, not by a Django signal: a bulk import's
    SQL, a shell or another process all count."""
    review = ReviewFactory(film=film, headline="Before the storm")
    assert "Before the storm" in get(client, review.get_absolute_url()).content.decode()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE reviews_review SET headline = %s WHERE id = %s",
            ["After the storm", review.pk],
        )
    assert "After the storm" in get(client, review.get_absolute_url()).content.decode()


def test_a_theme_added_to_a_review_shows_at_once(client, film):
    from tests.factories import ThemeFactory

    review = ReviewFactory(film=film)
    theme = ThemeFactory(name="Seafaring", slug="seafaring")
    get(client, review.get_absolute_url())
    review.themes.add(theme)  # only the many-to-many table changes
    assert "Seafaring" in get(client, review.get_absolute_url()).content.decode()


def test_an_import_shows_at_once(client, tmp_path):
    from tests.reviews.invented_documents import SALT_MARSH_ARTICLE, SALT_MARSH_REVIEW

    before = get(client, "/films/").content.decode()
    assert get(client, "/films/")["X-Page-Cache"] == "hit"
    (tmp_path / "article.txt").write_text(SALT_MARSH_ARTICLE, encoding="utf-8")
    (tmp_path / "review.txt").write_text(SALT_MARSH_REVIEW, encoding="utf-8")
    call_command("import_seeds", str(tmp_path), "--load", verbosity=0)
    after = get(client, "/films/")
    assert after["X-Page-Cache"] == "miss"
    assert after.content.decode() != before


def test_a_scheduled_review_appears_when_its_time_comes(client, film):
    soon = timezone.now() + datetime.timedelta(seconds=1.5)
    ReviewFactory(film=film, headline="Ready at dawn", published_at=soon)
    assert "Ready at dawn" not in get(client, "/reviews/").content.decode()
    assert get(client, "/reviews/")["X-Page-Cache"] == "hit"
    time.sleep(max(0.0, (soon - timezone.now()).total_seconds()) + 0.3)
    response = get(client, "/reviews/")
    assert response["X-Page-Cache"] == "miss"
    assert "Ready at dawn" in response.content.decode()


def test_signed_in_staff_are_never_served_a_cached_page(client, film, editor):
    ReviewFactory(film=film)
    get(client, "/reviews/")
    assert get(client, "/reviews/")["X-Page-Cache"] == "hit"
    staff = type(client)()
    staff.force_login(editor)
    for _ in range(2):
        response = get(staff, "/reviews/")
        assert response.status_code == 200
        assert "X-Page-Cache" not in response
        assert "private" in response["Cache-Control"]


def test_pages_answer_conditional_requests(client, film):
    review = ReviewFactory(film=film)
    url = review.get_absolute_url()
    first = get(client, url)
    assert first["ETag"] and first["Last-Modified"]
    assert "must-revalidate" in first["Cache-Control"]
    for headers in (
        {"If-None-Match": first["ETag"]},
        {"If-Modified-Since": first["Last-Modified"]},
    ):
        assert get(client, url, **headers).status_code == 304

    review.headline = "A new headline"
    review.save()
    changed = get(client, url, **{"If-None-Match": first["ETag"]})
    assert changed.status_code == 200
    assert changed["ETag"] != first["ETag"]
    assert "A new headline" in changed.content.decode()


def test_last_modified_moves_with_the_content(client, film):
    review = ReviewFactory(film=film)
    first = get(client, "/reviews/")
    time.sleep(1.1)  # HTTP dates count whole seconds
    review.headline = "Changed a second later"
    review.save()
    second = get(client, "/reviews/")
    assert second["Last-Modified"] != first["Last-Modified"]
    assert (
        get(client, "/reviews/", **{"If-Modified-Since": first["Last-Modified"]})
    ).status_code == 200


def test_not_found_and_errors_are_not_cached(client, film):
    assert get(client, "/reviews/no-such-review/").status_code == 404
    response = get(client, "/reviews/no-such-review/")
    assert response.status_code == 404
    assert "X-Page-Cache" not in response


def test_the_cache_can_be_turned_off(client, film, settings):
    settings.PAGE_CACHE_SECONDS = 0
    ReviewFactory(film=film)
    get(client, "/reviews/")
    assert "X-Page-Cache" not in get(client, "/reviews/")


def test_an_api_write_shows_in_the_next_anonymous_api_read(film, editor):
    review = ReviewFactory(film=film, headline="Old headline")
    anonymous = APIClient()
    url = f"/api/v1/reviews/{review.slug}/"
    assert anonymous.get(url).json()["headline"] == "Old headline"
    with CaptureQueriesContext(connection) as queries:
        assert anonymous.get(url).json()["headline"] == "Old headline"
    assert len(queries) == 1  # the content version; the answer was kept

    writer = APIClient()
    writer.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=editor)}")
    response = writer.patch(url, {"headline": "New headline"}, format="json")
    assert response.status_code == 200, response.content

    assert anonymous.get(url).json()["headline"] == "New headline"
    listed = anonymous.get("/api/v1/reviews/").json()["results"]
    assert [row["headline"] for row in listed] == ["New headline"]


def test_api_reads_are_throttled_even_from_the_cache(film, monkeypatch):
    ReviewFactory(film=film)
    monkeypatch.setattr(
        SimpleRateThrottle, "THROTTLE_RATES", {"anon": "3/minute", "user": "3/minute"}
    )
    anonymous = APIClient()
    codes = [anonymous.get("/api/v1/reviews/").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]


def test_an_editor_reads_drafts_never_the_anonymous_cache(film, editor):
    ReviewFactory(film=film, headline="Public one")
    ReviewFactory(film=film, headline="Draft one", status=Review.Status.DRAFT)
    anonymous = APIClient()
    anonymous.get("/api/v1/reviews/")
    writer = APIClient()
    writer.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=editor)}")
    headlines = {
        row["headline"] for row in writer.get("/api/v1/reviews/").json()["results"]
    }
    assert "Draft one" in headlines


def test_the_version_survives_its_row_being_deleted(client, film):
    """A flushed database starts a new epoch, so no old entry matches."""
    review = ReviewFactory(film=film, headline="First edition")
    before = content_version.read_state().token
    ContentVersion.objects.all().delete()
    review.headline = "Second edition"
    review.save()
    assert ContentVersion.objects.get().counter == 1  # a new row, a new epoch
    assert content_version.read_state().token != before


def test_every_content_table_has_its_trigger():
    """A new catalogue or review table must be added to CONTENT_TABLES (and get
    its trigger in a migration), or edits to it would be served stale."""
    from django.apps import apps

    from films.content_triggers import CONTENT_TABLES, trigger_name

    exempt = {
        "films_contentversion",
        "reviews_deletedimport",
        "reviews_importrun",
    }
    tables = set()
    for app in ("films", "reviews"):
        for model in apps.get_app_config(app).get_models(include_auto_created=True):
            table = model._meta.db_table
            if not table.startswith(("films_historical", "reviews_historical")):
                tables.add(table)
    assert tables - exempt == set(CONTENT_TABLES)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT tgname FROM pg_trigger")
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        names = {row[0] for row in cursor.fetchall()}
    for table in CONTENT_TABLES:
        assert any(name.startswith(trigger_name(table)) for name in names), table
