"""Big imports extract on worker processes: a bad document or a dead worker
ends the import quickly with a clear reason, never a hang.

Each test runs under a deadline (SIGALRM) so that a regression fails the test
instead of stalling the suite.
"""

import os
import signal
from contextlib import contextmanager
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

import reviews.importer.pipeline as pipeline
from reviews.importer.documents import ImporterError
from reviews.importer.pipeline import PARALLEL_THRESHOLD, import_documents
from tests.reviews.rows import row_counts
from tests.reviews.synthetic import generate

pytestmark = pytest.mark.skipif(
    (os.cpu_count() or 1) < 2, reason="the worker pool needs two cores or more"
)


@contextmanager
def deadline(seconds: int):
    def expire(signum, frame):
        raise TimeoutError(f"the import did not finish within {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@pytest.fixture
def batch(tmp_path):
    """199 good documents and one that is not UTF-8: the pool is used."""
    folder = tmp_path / "docs"
    folder.mkdir()
    generate(folder, PARALLEL_THRESHOLD - 1)
    (folder / "latin1.txt").write_bytes(
        "Un film tourn\xe9 \xe0 Paris.\n".encode("latin-1")
    )
    assert len(list(folder.iterdir())) == PARALLEL_THRESHOLD
    return folder


def run(*args, **options):
    out, err = StringIO(), StringIO()
    call_command("import_seeds", *args, stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "options",
    [{"load": True}, {"load": True, "dry_run": True}, {}, {"dry_run": True}],
    ids=["load", "dry-run", "fixture", "fixture-dry-run"],
)
def test_a_rejected_document_in_a_pooled_batch_is_reported(batch, tmp_path, options):
    with deadline(60):
        out, err = run(str(batch), output=str(tmp_path / "out.json"), **options)
    assert "latin1.txt: not valid UTF-8" in err
    assert "rejected: 1" in out


@pytest.mark.django_db
def test_strict_fails_fast_with_the_reason(batch, tmp_path):
    with deadline(60), pytest.raises(CommandError, match="latin1.txt: not valid UTF-8"):
        run(str(batch), output=str(tmp_path / "out.json"), strict=True, load=True)
    assert sum(row_counts().values()) == 0


@pytest.mark.django_db
def test_check_mode_with_a_rejected_document_finishes(batch, tmp_path):
    output = tmp_path / "out.json"
    run(str(batch), output=str(output))
    with deadline(60):
        out, err = run(str(batch), output=str(output), check=True)
    assert "latin1.txt" in err


def test_a_worker_that_dies_fails_the_import_at_once(batch, tmp_path, monkeypatch):
    real = pipeline.extract_document

    def die_on_one(document):
        if document.name == "doc_000100.txt":
            os._exit(1)  # as the kernel's OOM killer would end it
        return real(document)

    monkeypatch.setattr(pipeline, "extract_document", die_on_one)
    output = tmp_path / "out.json"
    with deadline(60), pytest.raises(ImporterError, match="worker stopped"):
        import_documents([batch], output=output)
    assert not output.exists()
    assert list(tmp_path.glob(".out.json.*")) == []


def test_an_unexpected_error_on_one_document_rejects_only_that_one(
    batch, tmp_path, monkeypatch
):
    real = pipeline.extract_document

    def fail_on_one(document):
        if document.name == "doc_000007.txt":
            raise ValueError("a bug on one odd document")
        return real(document)

    monkeypatch.setattr(pipeline, "extract_document", fail_on_one)
    with deadline(60):
        report = import_documents([batch], output=tmp_path / "out.json")
    reasons = sorted(str(error) for error in report.rejected)
    assert len(reasons) == 2
    assert "doc_000007.txt: internal error while extracting" in reasons[0]
    assert "a bug on one odd document" in reasons[0]
    assert sum(report.documents.values()) == PARALLEL_THRESHOLD - 2
