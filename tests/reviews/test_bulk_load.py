"""Loading is bulk: statements per document do not grow with the import, a
re-load of unchanged documents writes nothing, and the planner gets fresh
statistics afterwards."""

import json

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reviews.importer.fixture import fields_hash
from reviews.importer.load import load_records
from reviews.importer.pipeline import import_documents
from reviews.models import Review, Theme
from tests.reviews.rows import row_counts
from tests.reviews.synthetic import generate

pytestmark = pytest.mark.django_db


def load(folder, tmp_path):
    with CaptureQueriesContext(connection) as queries:
        report = import_documents([folder], output=tmp_path / "out.json", load=True)
    return report, [q["sql"] for q in queries.captured_queries]


def docs(tmp_path, n, name="docs"):
    folder = tmp_path / name
    folder.mkdir()
    generate(folder, n)
    return folder


def test_statements_do_not_grow_with_the_number_of_documents(tmp_path):
    _, small = load(docs(tmp_path, 20, "small"), tmp_path)
    Review.objects.all().delete()
    for model_rows in (row_counts(),):
        assert model_rows["reviews.review"] == 0
    _, large = load(docs(tmp_path, 100, "large"), tmp_path)
    # One statement per record would make five times as many; batches make
    # the count nearly flat.
    assert len(large) < 1.5 * len(small), (len(small), len(large))
    assert len(large) / 100 < 1.5


def test_reloading_unchanged_documents_writes_nothing(tmp_path):
    folder = docs(tmp_path, 40)
    first, _ = load(folder, tmp_path)
    counts = row_counts()
    again, statements = load(folder, tmp_path)
    writes = [
        sql
        for sql in statements
        if sql.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]
    assert writes == []
    assert row_counts() == counts
    assert sum(again.load.created.values()) == 0
    assert sum(again.load.updated.values()) == 0
    assert sum(again.load.unchanged.values()) == sum(first.load.created.values())


def test_a_load_refreshes_the_planner_statistics(tmp_path):
    load(docs(tmp_path, 20), tmp_path)
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT count(*) FROM sqlite_stat1 WHERE tbl = %s", ["reviews_review"]
            )
        else:
            cursor.execute(
                "SELECT count(*) FROM pg_stats WHERE tablename = %s", ["reviews_review"]
            )
        (rows,) = cursor.fetchone()
    assert rows > 0


def test_a_record_without_themes_leaves_an_editors_themes_alone(tmp_path):
    """Relations a record does not state belong to the editors: updating the
    row's other fields keeps the themes an editor chose."""
    source = settings.BASE_DIR / "fixtures" / "seeds.json"
    records = json.loads(source.read_text(encoding="utf-8"))
    fields = next(r for r in records if r["model"] == "reviews.review")["fields"]
    del fields["themes"]
    fields["import_hash"] = fields_hash(fields)
    load_records(records)
    review = Review.objects.get(slug=fields["slug"])
    chosen = list(Theme.objects.order_by("slug")[:2])
    review.themes.set(chosen)

    fields["excerpt"] = "A new pull quote from the importer."
    fields["import_hash"] = fields_hash(fields)
    report = load_records(records)

    review.refresh_from_db()
    assert report.updated["reviews.review"] == 1
    assert review.excerpt == "A new pull quote from the importer."
    assert set(review.themes.all()) == set(chosen)
