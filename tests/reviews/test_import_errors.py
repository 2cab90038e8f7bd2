"""Bad input never half-imports: each unusable file is named with its reason.

Alone, a bad file fails the command with a `CommandError`; beside a good
document it is reported on stderr and the good one is imported. A failure
half-way leaves neither a partial fixture nor partial database rows.
"""

import json
import pickle
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, OperationalError
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from films.models import Film, Location, Person, SourceDocument
from reviews.importer.documents import (
    DocumentError,
    ImporterError,
    parse_header_block,
)
from reviews.importer.load import Loader
from reviews.importer.pipeline import import_documents
from reviews.models import Review
from tests.reviews.rows import row_counts

GOOD = """Night Harbour (2019) is the kind of slow-burning thriller I wish we saw more often.

Clara Voss (Helen) plays a ferry captain who finds a stowaway on the last crossing of the night, and Voss is superb in the part. Writer/director Tomas Lind keeps the pace taut and the harbour lights cold.

I admired its patience, even when the final act stumbles.
"""

# name -> (bytes written, words the reason must contain)
BAD = {
    "empty.txt": (b"", "empty"),
    "blank.txt": (b"  \n\t\n   \n", "empty"),
    "binary.txt": (b"Night Harbour\x00\x01\x02\x00 (2019)", "binary"),
    "latin1.txt": ("café crème at Night Harbour".encode("latin-1"), "UTF-8"),
    "nofilm.txt": (b"It rained all day and nobody came.\n", "no film"),
}


def run(*args, **options):
    """Run import_seeds; return (stdout, stderr)."""
    out, err = StringIO(), StringIO()
    call_command("import_seeds", *map(str, args), stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def good(tmp_path):
    path = tmp_path / "docs" / "good.txt"
    path.parent.mkdir()
    path.write_text(GOOD, encoding="utf-8")
    return path


@pytest.fixture
def output(tmp_path):
    return tmp_path / "out" / "seeds.json"


def leftovers(folder) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


# --- a bad file alone ---------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(BAD))
def test_a_bad_file_alone_fails_naming_file_and_reason(tmp_path, output, name):
    data, reason = BAD[name]
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(CommandError) as excinfo:
        run(path, output=output, load=True)
    message = str(excinfo.value)
    assert str(path) in message
    assert reason in message
    assert not output.exists()
    assert sum(row_counts().values()) == 0


@pytest.mark.django_db
def test_an_oversized_file_alone_fails(tmp_path, output, monkeypatch):
    monkeypatch.setattr("reviews.importer.documents.MAX_DOCUMENT_BYTES", 100)
    path = tmp_path / "huge.txt"
    path.write_text(GOOD, encoding="utf-8")
    with pytest.raises(CommandError) as excinfo:
        run(path, output=output)
    assert str(path) in str(excinfo.value)
    assert "100-byte limit" in str(excinfo.value)
    assert not output.exists()


@pytest.mark.django_db
def test_a_missing_path_fails_naming_it(tmp_path, output):
    missing = tmp_path / "nowhere" / "review.txt"
    with pytest.raises(CommandError) as excinfo:
        run(missing, output=output)
    assert str(missing) in str(excinfo.value)
    assert "no such file" in str(excinfo.value)


@pytest.mark.django_db
def test_a_folder_without_documents_fails(tmp_path, output):
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "notes.pdf").write_bytes(b"%PDF-1.4")
    with pytest.raises(CommandError, match="no documents found"):
        run(tmp_path / "empty", output=output)


# --- a bad file beside a good one --------------------------------------------


def assert_good_imported(output):
    objects = json.loads(output.read_text(encoding="utf-8"))
    filenames = [
        o["fields"]["filename"] for o in objects if o["model"] == "films.sourcedocument"
    ]
    assert filenames == ["good.txt"]
    film = Film.objects.get(title="Night Harbour", year=2019)
    assert Review.objects.filter(film=film).count() == 1
    assert Person.objects.filter(name="Clara Voss").exists()
    assert SourceDocument.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(BAD))
def test_a_bad_file_beside_a_good_one_is_reported_and_skipped(good, output, name):
    data, reason = BAD[name]
    bad = good.parent / name
    bad.write_bytes(data)
    _, err = run(good.parent, output=output, load=True)
    rejected = [line for line in err.splitlines() if str(bad) in line]
    assert len(rejected) == 1, err
    assert reason in rejected[0]
    assert_good_imported(output)


@pytest.mark.django_db
def test_an_oversized_file_beside_a_good_one_is_skipped(good, output, monkeypatch):
    monkeypatch.setattr(
        "reviews.importer.documents.MAX_DOCUMENT_BYTES", len(GOOD.encode()) + 10
    )
    big = good.parent / "big.txt"
    big.write_text(GOOD + "More words. " * 200, encoding="utf-8")
    _, err = run(good.parent, output=output, load=True)
    assert str(big) in err
    assert "limit" in err
    assert_good_imported(output)


@pytest.mark.django_db
def test_a_duplicate_document_is_skipped_naming_the_original(good, output):
    copy = good.parent / "good2.txt"  # sorts after good.txt
    copy.write_bytes(good.read_bytes())
    _, err = run(good.parent, output=output, load=True)
    assert f"{copy}: duplicate of good.txt" in err
    assert_good_imported(output)


@pytest.mark.django_db
def test_a_missing_path_beside_a_good_one_is_reported_and_skipped(good, output):
    missing = good.parent / "typo.txt"
    _, err = run(good, missing, output=output, load=True)
    assert str(missing) in err
    assert "no such file" in err
    # Given as a file, the good document is named by its file name alone.
    assert_good_imported(output)


@pytest.mark.django_db
def test_strict_fails_when_any_document_is_rejected(good, output):
    (good.parent / "empty.txt").write_bytes(b"")
    with pytest.raises(CommandError, match="rejected"):
        run(good.parent, output=output, strict=True)


@pytest.mark.django_db
def test_strict_failure_writes_no_fixture_and_no_rows(good, output):
    output.parent.mkdir()
    output.write_bytes(b"[]\n")
    (good.parent / "empty.txt").write_bytes(b"")
    with pytest.raises(CommandError, match="rejected"):
        run(good.parent, output=output, strict=True, load=True)
    assert output.read_bytes() == b"[]\n"
    assert sum(row_counts().values()) == 0


@pytest.mark.django_db
def test_strict_passes_when_nothing_is_rejected(good, output):
    run(good.parent, output=output, strict=True)
    assert output.exists()


# --- nothing half-written -------------------------------------------------------


@pytest.mark.django_db
def test_a_failing_run_leaves_the_existing_fixture_byte_identical(tmp_path, output):
    output.parent.mkdir()
    output.write_bytes(b'[\n{"model": "films.person"}\n]\n')
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    with pytest.raises(CommandError):
        run(bad, output=output, load=True)
    assert output.read_bytes() == b'[\n{"model": "films.person"}\n]\n'
    assert leftovers(output.parent) == []


def _fail_on(model, error):
    """Make writing any ``model`` rows raise ``error`` (as the database would)."""
    original = Loader._execute

    def execute(model_written, *args, **kwargs):
        if model_written is model:
            raise error
        return original(model_written, *args, **kwargs)

    return staticmethod(execute)


@pytest.mark.django_db
def test_a_database_refusal_half_way_rolls_everything_back(good, output, monkeypatch):
    run(good, output=output, load=True)
    before_rows, before_bytes = row_counts(), output.read_bytes()
    second = good.parent / "second.txt"
    second.write_text(
        GOOD.replace("Night Harbour", "Low Tide").replace("harbour", "quay")
        + "\nIt was shot in Gravesend, Kent.\n",
        encoding="utf-8",
    )
    # Sources, themes, films, people and characters are written before the
    # first location: the refusal comes after a few records.
    monkeypatch.setattr(Loader, "_execute", _fail_on(Location, IntegrityError("boom")))
    with pytest.raises(CommandError) as excinfo:
        run(good.parent, output=output, load=True)
    assert "films.location" in str(excinfo.value)
    assert "refused by the database" in str(excinfo.value)
    assert row_counts() == before_rows
    assert not Film.objects.filter(title="Low Tide").exists()
    assert output.read_bytes() == before_bytes
    assert leftovers(output.parent) == []


@pytest.mark.django_db
def test_a_database_error_outside_a_save_is_a_clear_error_and_rolls_back(
    good, output, monkeypatch
):
    """E.g. the connection dropping between batches: no traceback, no rows."""
    real = Loader._apply
    calls = []

    def flaky(self, spec, records):
        calls.append(spec.label)
        if len(calls) > 5:
            raise OperationalError("server closed the connection unexpectedly")
        real(self, spec, records)

    monkeypatch.setattr(Loader, "_apply", flaky)
    output.parent.mkdir()
    output.write_bytes(b"[]\n")
    with pytest.raises(CommandError) as excinfo:
        run(good, output=output, load=True)
    assert "server closed the connection" in str(excinfo.value)
    assert len(calls) == 6
    assert sum(row_counts().values()) == 0
    assert output.read_bytes() == b"[]\n"
    assert leftovers(output.parent) == []


def test_import_documents_raises_importer_errors_only(tmp_path):
    bad = tmp_path / "blank.txt"
    bad.write_text("   \n")
    with pytest.raises(ImporterError, match="nothing could be imported"):
        import_documents([bad], output=tmp_path / "out.json")
    assert not (tmp_path / "out.json").exists()


# --- any text at all: success or ImporterError, nothing else ------------------

WORDS = [
    "The",
    "Escape",
    "Night",
    "Harbour",
    "Gemma",
    "Arterton",
    "Paris",
    "London",
    "Metacritic",
    "Rotten",
    "Tomatoes",
    "Director",
    "Writer/director",
    "starring",
    "as",
    "filmed",
    "in",
    "at",
    "out of",
    "based on",
    "critics",
    "%",
    "(",
    ")",
    "[1]",
    "and",
    "Musée",
    "of the",
]
TOKENS = st.one_of(
    st.sampled_from(WORDS),
    st.integers(min_value=0, max_value=3000).map(str),
    st.from_regex(r"[A-Z][a-z]{1,8}", fullmatch=True),
)
SENTENCES = st.lists(TOKENS, min_size=1, max_size=14).map(
    lambda tokens: " ".join(tokens) + "."
)
COMPOSED = st.lists(SENTENCES, min_size=1, max_size=8).map(" ".join)
ANY_TEXT = st.text(max_size=400)
PROPERTY = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


def _import_or_importer_error(tmp_path, text: str, film: str | None) -> None:
    path = tmp_path / "doc.txt"
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    output = tmp_path / "out.json"
    try:
        report = import_documents([path], output=output, film=film)
    except ImporterError:
        event("rejected")
        return
    event("imported")
    assert sum(report.documents.values()) == 1
    assert json.loads(output.read_text(encoding="utf-8"))


@PROPERTY
@given(text=ANY_TEXT)
def test_any_text_imports_or_fails_cleanly(tmp_path, text):
    _import_or_importer_error(tmp_path, text, None)


@PROPERTY
@given(text=COMPOSED)
def test_composed_prose_imports_or_fails_cleanly(tmp_path, text):
    _import_or_importer_error(tmp_path, text, None)


@PROPERTY
@given(text=st.one_of(ANY_TEXT, COMPOSED))
def test_any_text_with_a_film_given_imports_or_fails_cleanly(tmp_path, text):
    _import_or_importer_error(tmp_path, text, "Some Film (2001)")


# --- header blocks --------------------------------------------------------------

HEADERS = "Title: A quiet masterpiece\nFilm: The Escape (2017)\n"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "text",
    [HEADERS, HEADERS + "\n", HEADERS.rstrip("\n")],
    ids=["bare", "blank", "eof"],
)
def test_a_header_only_document_is_rejected(tmp_path, output, text):
    path = tmp_path / "header-only.txt"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CommandError) as excinfo:
        run(path, output=output, load=True)
    assert f"{path}: no text after the header block" in str(excinfo.value)
    assert not output.exists()
    assert sum(row_counts().values()) == 0


@pytest.mark.django_db
def test_a_header_only_document_beside_a_good_one_is_reported(good, output):
    bad = good.parent / "header-only.txt"
    bad.write_text(HEADERS, encoding="utf-8")
    _, err = run(good.parent, output=output, load=True)
    assert f"{bad}: no text after the header block" in err
    assert_good_imported(output)


@pytest.mark.django_db
@pytest.mark.parametrize("blank", ["", "\n"], ids=["no-blank-line", "blank-line"])
def test_headers_followed_by_prose_are_applied(tmp_path, output, blank):
    path = tmp_path / "headed.txt"
    text = (
        "Title: A quiet masterpiece\nFilm: Night Harbour (2019)\n"
        "Author: Ada Byline\nOutlet: The Harbour Gazette\n" + blank + GOOD
    )
    path.write_text(text, encoding="utf-8")
    run(path, output=output, load=True)
    review = Review.objects.get()
    assert review.headline == "A quiet masterpiece"
    assert (review.byline, review.outlet) == ("Ada Byline", "The Harbour Gazette")
    assert review.film == Film.objects.get(title="Night Harbour", year=2019)
    assert list(Film.objects.values_list("title", flat=True)) == ["Night Harbour"]
    assert review.source_document.text == GOOD
    for value in (review.headline, review.body, review.source_document.text):
        assert "Title:" not in value
        assert "Film:" not in value


@pytest.mark.django_db
def test_prose_opening_with_an_unknown_key_stays_prose(tmp_path, output):
    path = tmp_path / "director.txt"
    text = "Director: Tomas Lind\n" + GOOD
    path.write_text(text, encoding="utf-8")
    run(path, output=output, load=True)
    review = Review.objects.get()
    assert review.source_document.text == text
    assert review.body.startswith("Director: Tomas Lind")


@pytest.mark.parametrize(
    "text",
    [
        "Note: seen at the festival.\nTitle: Night Harbour\n\nBody.",
        "Director: Jane Doe\n\nBody.",
        "No header here.\n",
    ],
)
def test_parse_header_block_leaves_prose_alone(text):
    assert parse_header_block(text) == ({}, text)


def test_parse_header_block_keeps_the_body_byte_for_byte():
    assert parse_header_block("Title: T\nYear: 2019\n\n\nBody\n") == (
        {"title": "T", "year": "2019"},
        "\nBody\n",
    )
    assert parse_header_block("\nKind: review\nBody\n") == (
        {"kind": "review"},
        "Body\n",
    )


# --- errors cross process boundaries ------------------------------------------------


@pytest.mark.parametrize(
    "error",
    [
        DocumentError("docs/review.txt", "file is empty"),
        ImporterError("nothing could be imported: no documents"),
    ],
    ids=lambda e: type(e).__name__,
)
def test_importer_errors_survive_a_pickle_round_trip(error):
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is type(error)
    assert str(copy) == str(error)
    assert copy.args == error.args
    assert vars(copy) == vars(error)  # path and reason for a DocumentError
