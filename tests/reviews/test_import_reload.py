"""Re-importing changed documents: the same rows are updated, never duplicated,
and what the importer does not own (timestamps, editors' edits) is kept."""

import shutil

import pytest
from django.conf import settings

from reviews.importer.pipeline import import_documents
from reviews.models import Mention, Review
from tests.reviews.rows import row_counts

pytestmark = pytest.mark.django_db

SEEDS = settings.BASE_DIR / "seeds"


@pytest.fixture
def docs(tmp_path):
    folder = tmp_path / "docs"
    shutil.copytree(SEEDS, folder)
    return folder


def load(folder, tmp_path):
    return import_documents([folder], output=tmp_path / "out.json", load=True)


def test_renamed_document_updates_its_review_instead_of_failing(docs, tmp_path):
    load(docs, tmp_path)
    review = Review.objects.get(source_document__filename="001_f103c06718d8ef4f.txt")
    counts = row_counts()
    (docs / "001_f103c06718d8ef4f.txt").rename(docs / "guardian-review.txt")

    report = load(docs, tmp_path)

    review.refresh_from_db()
    assert review.slug == "the-escape-2017-guardian-review"
    assert Review.objects.count() == 3
    assert row_counts() == counts
    assert report.load.updated["reviews.review"] == 1
    assert set(
        Mention.objects.filter(review=review).values_list("review", flat=True)
    ) == {review.pk}


def test_renamed_document_keeps_an_edited_review_and_its_mentions(docs, tmp_path):
    load(docs, tmp_path)
    review = Review.objects.get(source_document__filename="000_ebdae4657614d0dc.txt")
    review.headline = "An editor's headline"
    review.save()
    mentions = Mention.objects.filter(review=review).count()
    (docs / "000_ebdae4657614d0dc.txt").rename(docs / "renamed.txt")

    report = load(docs, tmp_path)

    review.refresh_from_db()
    assert review.headline == "An editor's headline"
    assert report.load.kept["reviews.review"] == 1
    assert Review.objects.count() == 3
    assert Mention.objects.filter(review=review).count() == mentions


def test_updating_an_imported_review_keeps_its_creation_time(docs, tmp_path):
    load(docs, tmp_path)
    review = Review.objects.get(source_document__filename="001_f103c06718d8ef4f.txt")
    created, updated = review.created_at, review.updated_at
    path = docs / "001_f103c06718d8ef4f.txt"
    path.write_text(path.read_text() + "\nA late, warm coda closes the review.\n")

    load(docs, tmp_path)

    review.refresh_from_db()
    assert "late, warm coda" in review.body
    assert review.created_at == created
    assert review.updated_at > updated
    assert Review.objects.count() == 3
