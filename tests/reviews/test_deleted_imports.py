"""An imported row an editor deletes stays deleted: neither `load_fixtures`
(which `make run` calls) nor `import_seeds --load` brings it back, and the
summary says so. Deleting the tombstone restores the row on the next load."""

import shutil
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from films.models import Credit, Film, Location, Person
from reviews.models import DeletedImport, Mention, Review

pytestmark = pytest.mark.django_db

FIXTURE = settings.BASE_DIR / "fixtures" / "seeds.json"
SEEDS = settings.BASE_DIR / "seeds"


def load_fixtures():
    out = StringIO()
    call_command("load_fixtures", str(FIXTURE), stdout=out)
    return out.getvalue()


def import_and_load(tmp_path):
    out, err = StringIO(), StringIO()
    call_command(
        "import_seeds",
        str(SEEDS),
        output=str(tmp_path / "out.json"),
        load=True,
        stdout=out,
        stderr=err,
    )
    return out.getvalue()


@pytest.fixture
def loaded():
    load_fixtures()
    return Review.objects.order_by("slug").first()


def test_a_review_deleted_in_the_admin_does_not_come_back(admin_client, loaded):
    url = reverse("admin:reviews_review_delete", args=[loaded.pk])
    response = admin_client.post(url, {"post": "yes"})
    assert response.status_code == 302
    assert not Review.objects.filter(pk=loaded.pk).exists()

    out = load_fixtures()

    assert not Review.objects.filter(slug=loaded.slug).exists()
    assert Review.objects.count() == 2
    assert (
        "reviews.review: 0 created, 0 updated, 2 unchanged, 0 kept, 1 kept deleted"
        in out
    )
    # Its mentions needed it: they stay deleted too, and are counted so.
    assert "reviews.mention: 0 created" in out
    assert "kept deleted: reviews.review" in out


def test_nor_does_import_seeds_load_bring_it_back(tmp_path, loaded):
    loaded.delete()
    out = import_and_load(tmp_path)
    assert not Review.objects.filter(slug=loaded.slug).exists()
    assert "kept deleted: reviews.review" in out


def test_bulk_delete_action_leaves_tombstones(admin_client, loaded):
    people = list(Person.objects.order_by("slug")[:2])
    response = admin_client.post(
        reverse("admin:films_person_changelist"),
        {
            "action": "delete_selected",
            "_selected_action": [p.pk for p in people],
            "post": "yes",
        },
    )
    assert response.status_code == 302
    load_fixtures()
    assert not Person.objects.filter(slug__in=[p.slug for p in people]).exists()
    assert DeletedImport.objects.filter(model_label="films.person").count() == 2


def test_a_deleted_film_keeps_its_credits_away_without_a_tombstone_each(loaded):
    film = Film.objects.get(slug="the-escape-2017")
    Review.objects.filter(film=film).delete()  # reviews protect their film
    film.delete()
    assert set(DeletedImport.objects.values_list("model_label", flat=True)) == {
        "reviews.review",
        "films.film",
    }
    load_fixtures()
    assert not Film.objects.filter(slug="the-escape-2017").exists()
    assert not Credit.objects.exists()


def test_deleting_the_tombstone_restores_the_row(loaded):
    slug = loaded.slug
    mentions = Mention.objects.filter(review=loaded).count()
    loaded.delete()
    load_fixtures()
    assert not Review.objects.filter(slug=slug).exists()

    DeletedImport.objects.filter(model_label="reviews.review").delete()
    load_fixtures()

    review = Review.objects.get(slug=slug)
    assert Mention.objects.filter(review=review).count() == mentions


def test_rows_made_by_editors_leave_no_tombstone(db):
    place = Location.objects.create(name="A place of my own", slug="my-place")
    place.delete()
    assert not DeletedImport.objects.exists()


def test_a_deleted_place_inside_another_only_cuts_the_link(loaded):
    parent = Location.objects.filter(children__isnull=False).first()
    children = list(parent.children.values_list("slug", flat=True))
    parent.delete()
    load_fixtures()
    assert not Location.objects.filter(slug=parent.slug).exists()
    for slug in children:
        assert Location.objects.get(slug=slug).parent is None


def test_a_deleted_review_stays_deleted_when_its_file_is_renamed(tmp_path):
    docs = tmp_path / "docs"
    shutil.copytree(SEEDS, docs)
    call_command(
        "import_seeds", str(docs), load=True, output=str(tmp_path / "o.json"),
        stdout=StringIO(),
    )  # fmt: skip
    review = Review.objects.get(source_document__filename__startswith="001_")
    review.delete()
    (docs / review.source_document.filename).rename(docs / "renamed-review.txt")

    out = StringIO()
    call_command(
        "import_seeds", str(docs), load=True, output=str(tmp_path / "o.json"),
        stdout=out,
    )  # fmt: skip

    assert Review.objects.count() == 2
    assert not Review.objects.filter(slug__endswith="renamed-review").exists()
    assert "kept deleted: reviews.review" in out.getvalue()
