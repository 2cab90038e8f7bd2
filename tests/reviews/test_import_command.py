"""The import_seeds and load_fixtures commands, as an editor or CI runs them."""

import errno
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from contextlib import contextmanager, suppress
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from films.models import Film, Location, Person, Rating
from reviews.importer.pipeline import MODEL_ORDER
from reviews.models import Review
from tests.reviews.rows import row_counts

SEEDS = settings.BASE_DIR / "seeds"
COMMITTED_FIXTURE = settings.BASE_DIR / "fixtures" / "seeds.json"
FIXTURE_COUNTS = {
    "films.sourcedocument": 4,
    "films.film": 2,
    "films.person": 7,
    "films.character": 6,
    "films.credit": 11,
    "films.location": 17,
    "films.filmlocation": 22,
    "films.rating": 2,
    "reviews.theme": 15,
    "reviews.review": 3,
    "reviews.mention": 23,
}

UNTITLED = """Clara Voss (Helen) plays a ferry captain who finds a stowaway on the last crossing of the night, and Voss is superb in the part.

I admired its patience, even when the final act stumbles.
"""


def run(command, *args, **options):
    out, err = StringIO(), StringIO()
    call_command(command, *map(str, args), stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def import_seeds(*args, **options):
    return run("import_seeds", *args, **options)


def summary_rows(out: str) -> dict[str, list[int]]:
    """The summary table: model -> [records, created, updated, unchanged(, kept,
    kept deleted)]."""
    rows = {}
    for line in out.splitlines():
        match = re.match(r"^((?:films|reviews)\.\w+)\s+([\d\s]+)$", line)
        if match:
            rows[match[1]] = [int(n) for n in match[2].split()]
    return rows


@pytest.fixture
def output(tmp_path):
    return tmp_path / "fixtures" / "seeds.json"


@pytest.fixture
def seeds_copy(tmp_path):
    folder = tmp_path / "seeds"
    shutil.copytree(SEEDS, folder)
    return folder


@pytest.fixture
def loaded(db, output):
    import_seeds(SEEDS, output=output, load=True)
    return output


# --- summary and --dry-run ----------------------------------------------------


@pytest.mark.django_db
def test_summary_reports_documents_and_counts_per_model(output):
    out, err = import_seeds(SEEDS, output=output)
    assert "Documents read: 4 (1 article, 1 essay, 2 review); rejected: 0" in out
    rows = summary_rows(out)
    assert set(rows) == set(MODEL_ORDER)
    for label, count in FIXTURE_COUNTS.items():
        records, created, updated, unchanged = rows[label]
        assert (records, created, updated, unchanged) == (count, count, 0, 0)
    assert f"Wrote 112 records to {output}" in out
    assert err == ""


@pytest.mark.django_db
def test_dry_run_writes_no_fixture_and_no_rows(output):
    out, _ = import_seeds(SEEDS, output=output, dry_run=True, load=True)
    assert not output.exists()
    assert not output.parent.exists() or list(output.parent.iterdir()) == []
    assert sum(row_counts().values()) == 0
    assert "Documents read: 4" in out
    assert "(dry run)" in out
    assert summary_rows(out)["films.person"] == [7, 7, 0, 0, 0, 0]
    assert "Would write 112 records" in out


@pytest.mark.django_db
def test_dry_run_against_an_existing_fixture_leaves_it_alone(output):
    output.parent.mkdir()
    output.write_bytes(b"[]\n")
    out, _ = import_seeds(SEEDS, output=output, dry_run=True)
    assert output.read_bytes() == b"[]\n"
    assert summary_rows(out)["reviews.review"] == [3, 3, 0, 0]


# --- --check ------------------------------------------------------------------


@pytest.fixture
def committed_copy(tmp_path):
    copy = tmp_path / "seeds.json"
    shutil.copyfile(COMMITTED_FIXTURE, copy)
    return copy


def test_check_passes_on_the_committed_fixture(committed_copy):
    before = committed_copy.read_bytes()
    out, _ = import_seeds(SEEDS, output=committed_copy, check=True)
    assert committed_copy.read_bytes() == before
    assert summary_rows(out)["films.credit"] == [11, 0, 0, 11]


def test_check_passes_with_the_default_paths():
    before = COMMITTED_FIXTURE.read_bytes()
    import_seeds(check=True, verbosity=0)
    assert COMMITTED_FIXTURE.read_bytes() == before


def _objects(path):
    return json.loads(path.read_text(encoding="utf-8"))


def _write(path, objects):
    path.write_text(json.dumps(objects, indent=2, ensure_ascii=False) + "\n")


def test_check_fails_when_a_record_is_missing(committed_copy):
    objects = _objects(committed_copy)
    _write(committed_copy, [o for o in objects if o["model"] != "films.rating"])
    with pytest.raises(CommandError, match="stale"):
        import_seeds(SEEDS, output=committed_copy, check=True)


def test_check_fails_when_there_is_no_fixture(tmp_path):
    with pytest.raises(CommandError, match="stale"):
        import_seeds(SEEDS, output=tmp_path / "none.json", check=True)
    assert not (tmp_path / "none.json").exists()


def test_check_fails_when_a_value_was_hand_edited(committed_copy):
    text = committed_copy.read_text(encoding="utf-8")
    edited = text.replace('"value": "75.00"', '"value": "80.00"')
    assert edited != text
    committed_copy.write_text(edited, encoding="utf-8")
    with pytest.raises(CommandError, match="stale"):
        import_seeds(SEEDS, output=committed_copy, check=True)
    assert committed_copy.read_text(encoding="utf-8") == edited


def test_check_fails_when_the_file_differs_only_in_layout(committed_copy):
    _write(committed_copy, _objects(committed_copy))
    assert committed_copy.read_bytes() != COMMITTED_FIXTURE.read_bytes()
    with pytest.raises(CommandError, match="stale"):
        import_seeds(SEEDS, output=committed_copy, check=True)


def test_check_fails_when_a_seed_changed(seeds_copy, committed_copy):
    article = next(seeds_copy.glob("002_*.txt"))
    article.write_text(
        article.read_text(encoding="utf-8").replace("75 out of 100", "80 out of 100"),
        encoding="utf-8",
    )
    with pytest.raises(CommandError, match="stale"):
        import_seeds(seeds_copy, output=committed_copy, check=True)


# --- --load -------------------------------------------------------------------


@pytest.mark.django_db
def test_load_twice_reports_everything_unchanged(loaded):
    counts = row_counts()
    assert counts == FIXTURE_COUNTS
    out, _ = import_seeds(SEEDS, output=loaded, load=True)
    assert row_counts() == counts
    rows = summary_rows(out)
    for label, count in FIXTURE_COUNTS.items():
        assert rows[label] == [count, 0, 0, count, 0, 0], label
    assert "kept:" not in out


@pytest.mark.django_db
def test_editors_edits_survive_a_reimport(loaded):
    person = Person.objects.get(name="Dominic Cooper")
    person.name = "Dominic Edward Cooper"
    person.save()
    review = Review.objects.get(source_document__filename__startswith="001_")
    review.headline = "Arterton breaks free"
    review.save()
    station = Location.objects.get(name="Gare du Nord")
    paris = Location.objects.get(name="Paris")
    assert station.parent != paris
    station.parent = paris
    station.save()
    counts = row_counts()

    out, _ = import_seeds(SEEDS, output=loaded, load=True)

    assert row_counts() == counts
    assert Person.objects.get(pk=person.pk).name == "Dominic Edward Cooper"
    assert not Person.objects.filter(name="Dominic Cooper").exists()
    assert Review.objects.get(pk=review.pk).headline == "Arterton breaks free"
    assert Location.objects.get(pk=station.pk).parent == paris
    kept = [line for line in out.splitlines() if line.startswith("kept: ")]
    assert len(kept) == 3, out
    assert any("films.person Dominic Edward Cooper" in line for line in kept)
    assert any("reviews.review Arterton breaks free" in line for line in kept)
    assert any("films.location Gare du Nord" in line for line in kept)
    rows = summary_rows(out)
    assert rows["films.person"][-2:] == [1, 0]
    assert rows["reviews.review"][-2:] == [1, 0]
    assert rows["films.location"][-2:] == [1, 0]


@pytest.mark.django_db
def test_unedited_rows_follow_the_source_document(seeds_copy, output):
    import_seeds(seeds_copy, output=output, load=True)
    film = Film.objects.get(slug="the-escape-2017")
    assert Rating.objects.get(film=film, source="Metacritic").value == 75
    article = next(seeds_copy.glob("002_*.txt"))
    article.write_text(
        article.read_text(encoding="utf-8").replace("75 out of 100", "80 out of 100"),
        encoding="utf-8",
    )

    out, _ = import_seeds(seeds_copy, output=output, load=True)

    rating = Rating.objects.get(film=film, source="Metacritic")
    assert rating.value == 80
    assert "80 out of 100" in rating.source_sentence
    assert rating.source_document.text == article.read_text(encoding="utf-8")
    assert Rating.objects.filter(film=film).count() == 2
    assert Film.objects.count() == 2
    assert Person.objects.count() == 7
    assert summary_rows(out)["films.rating"][2] >= 1  # updated
    fixture = _objects(output)
    values = [
        o["fields"]["value"]
        for o in fixture
        if o["model"] == "films.rating" and o["fields"]["source"] == "Metacritic"
    ]
    assert values == ["80.00"]


@pytest.mark.django_db
def test_an_edited_rating_is_kept_when_the_source_changes(seeds_copy, output):
    import_seeds(seeds_copy, output=output, load=True)
    rating = Rating.objects.get(source="Metacritic")
    rating.critic_count = 16  # an editor's correction
    rating.save()
    article = next(seeds_copy.glob("002_*.txt"))
    article.write_text(
        article.read_text(encoding="utf-8").replace("75 out of 100", "80 out of 100"),
        encoding="utf-8",
    )
    out, _ = import_seeds(seeds_copy, output=output, load=True)
    rating.refresh_from_db()
    assert (rating.value, rating.critic_count) == (75, 16)
    assert "kept: films.rating" in out


# --- --film -------------------------------------------------------------------


@pytest.mark.django_db
def test_film_option_attaches_a_titleless_document(tmp_path, output):
    doc = tmp_path / "untitled.txt"
    doc.write_text(UNTITLED, encoding="utf-8")
    with pytest.raises(CommandError, match="no film"):
        import_seeds(doc, output=output, load=True)

    import_seeds(doc, output=output, load=True, film="Night Harbour (2019)")

    film = Film.objects.get(title="Night Harbour", year=2019)
    review = Review.objects.get()
    assert review.film == film
    assert review.source_document.filename == "untitled.txt"
    credit = film.credits.get(person__name="Clara Voss")
    assert credit.character.name == "Helen"


# --- load_fixtures ------------------------------------------------------------


def _load_lines(out: str) -> dict[str, str]:
    lines = {}
    for line in out.splitlines():
        label, sep, rest = line.strip().partition(": ")
        if sep and label in MODEL_ORDER:
            lines[label] = rest
    return lines


@pytest.mark.django_db
def test_load_fixtures_loads_the_committed_fixture_into_an_empty_database():
    assert sum(row_counts().values()) == 0
    out, _ = run("load_fixtures", COMMITTED_FIXTURE)
    assert row_counts() == FIXTURE_COUNTS
    lines = _load_lines(out)
    for label, count in FIXTURE_COUNTS.items():
        assert (
            lines[label]
            == f"{count} created, 0 updated, 0 unchanged, 0 kept, 0 kept deleted"
        )


@pytest.mark.django_db
def test_load_fixtures_again_reports_unchanged_and_keeps_edits():
    run("load_fixtures", COMMITTED_FIXTURE)
    location = Location.objects.get(name="Tuileries Garden")
    location.name = "Jardin des Tuileries"
    location.save()

    out, _ = run("load_fixtures", COMMITTED_FIXTURE)

    assert row_counts() == FIXTURE_COUNTS
    assert Location.objects.get(pk=location.pk).name == "Jardin des Tuileries"
    lines = _load_lines(out)
    for label, count in FIXTURE_COUNTS.items():
        kept = 1 if label == "films.location" else 0
        expected = f"0 created, 0 updated, {count - kept} unchanged, {kept} kept, 0 kept deleted"
        assert lines[label] == expected, label
    assert "kept: films.location Jardin des Tuileries" in out


@pytest.mark.django_db
def test_load_fixtures_after_import_seeds_changes_nothing(loaded):
    counts = row_counts()
    out, _ = run("load_fixtures", loaded)
    assert row_counts() == counts
    assert all(" 0 created, 0 updated" in f" {v}" for v in _load_lines(out).values())


@pytest.mark.django_db
def test_load_fixtures_dry_run_writes_nothing():
    out, _ = run("load_fixtures", COMMITTED_FIXTURE, dry_run=True)
    assert sum(row_counts().values()) == 0
    assert "7 created" in _load_lines(out)["films.person"]


@pytest.mark.django_db
def test_load_fixtures_names_a_bad_file(tmp_path):
    bad = tmp_path / "broken.json"
    bad.write_text("[{")
    with pytest.raises(CommandError, match="broken.json: not a JSON fixture"):
        run("load_fixtures", bad)
    with pytest.raises(CommandError, match="no such fixture"):
        run("load_fixtures", tmp_path / "absent.json")


# --- documents other than the seeds never replace the seeds' fixture ----------


@pytest.fixture
def project(tmp_path, settings):
    """A copy of the project's seeds and fixtures, as ``settings.BASE_DIR``: the
    default fixture the command would write is the copy, never the real file."""
    root = tmp_path / "project"
    shutil.copytree(COMMITTED_FIXTURE.parent, root / "fixtures")
    shutil.copytree(SEEDS, root / "seeds")
    settings.BASE_DIR = root
    return root


def _snapshot(folder):
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.fixture
def note(tmp_path):
    path = tmp_path / "note.txt"
    path.write_text(UNTITLED, encoding="utf-8")
    return path


@pytest.mark.django_db
def test_the_readme_film_example_leaves_the_seeds_fixture_alone(project, note):
    before = _snapshot(project / "fixtures")
    with pytest.raises(CommandError) as excinfo:
        import_seeds(note, film="Night Harbour (2019)")
    message = str(excinfo.value)
    assert "pass --output FILE to write a fixture for these documents" in message
    assert "or --load to write only into the database" in message
    assert "fixtures/seeds.json holds the seeds' records and is left alone" in message
    assert _snapshot(project / "fixtures") == before
    assert sum(row_counts().values()) == 0


@pytest.mark.django_db
def test_other_documents_with_load_go_only_to_the_database(project, note):
    before = _snapshot(project / "fixtures")
    out, _ = import_seeds(note, film="Night Harbour (2019)", load=True)
    assert _snapshot(project / "fixtures") == before
    assert Review.objects.get().film.title == "Night Harbour"
    assert re.search(r"Wrote \d+ records to the database", out)


@pytest.mark.django_db
def test_other_documents_with_an_explicit_output_write_it(project, note, tmp_path):
    before = _snapshot(project / "fixtures")
    target = tmp_path / "night-harbour.json"
    import_seeds(note, film="Night Harbour (2019)", output=target)
    assert _snapshot(project / "fixtures") == before
    filenames = [
        o["fields"]["filename"]
        for o in _objects(target)
        if o["model"] == "films.sourcedocument"
    ]
    assert filenames == ["note.txt"]


def test_checking_other_documents_needs_an_output(project, note):
    before = _snapshot(project / "fixtures")
    with pytest.raises(CommandError, match="pass --output FILE"):
        import_seeds(note, film="Night Harbour (2019)", check=True)
    assert _snapshot(project / "fixtures") == before


def test_the_seeds_folder_however_named_writes_the_seeds_fixture(project):
    (project / "fixtures" / "seeds.json").write_bytes(b"[]\n")
    out, _ = import_seeds(project / "fixtures" / ".." / "seeds")
    written = project / "fixtures" / "seeds.json"
    assert written.read_bytes() == COMMITTED_FIXTURE.read_bytes()
    assert f"Wrote 112 records to {written}" in out


# --- SIGTERM abandons an import as Ctrl-C does --------------------------------
#
# The command runs in a child process over 400 invented reviews plus one "held"
# document: a named pipe the test feeds at most once. Each test waits for the
# importer to reach a known point (a reader waiting on the pipe, a temporary
# fixture on disk) and the importer cannot get past the pipe without the test:
# the signal's timing never depends on the machine's speed.

PROJECT = Path(__file__).resolve().parents[2]
HELD = "Night Harbour (2019) is a slow-burning thriller.\n\n" + UNTITLED
WAIT = 30  # seconds: the bound of every wait below
_NAMES = "ka lo mi ren sa tor vel an du mar".split()
linux_only = pytest.mark.skipif(
    sys.platform != "linux", reason="needs named pipes and /proc"
)


def _invented(i: int) -> str:
    return "".join(_NAMES[i // 10**k % 10] for k in range(3)).capitalize()


def _invented_reviews(folder, n: int = 400) -> None:
    folder.mkdir()
    for i in range(n):
        (folder / f"review_{i:04d}.txt").write_text(
            f"The {_invented(i)} Road ({1960 + i % 60}) is a quiet drama with a "
            f"fine performance from {_invented(i + 7)} {_invented(i + 3)} "
            f"({_invented(i + 1)}).\n\nWriter/director {_invented(i + 5)} "
            f"{_invented(i + 2)} keeps the camera close, and I admired its "
            f"patience. Review number {i}.\n",
            encoding="utf-8",
        )


@pytest.fixture
def held(tmp_path):
    """400 documents, a named pipe standing for one more, the output folder."""
    _invented_reviews(tmp_path / "docs")
    fifo = tmp_path / "held.txt"
    os.mkfifo(fifo)
    return tmp_path / "docs", fifo, tmp_path / "out"


@contextmanager
def _import_process(tmp_path, *args):
    env = {
        **os.environ,
        "DJANGO_DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    with open(tmp_path / "stderr.txt", "wb") as stderr:
        proc = subprocess.Popen(
            [sys.executable, "manage.py", "import_seeds", *map(str, args)],
            cwd=PROJECT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
            start_new_session=True,  # its process group: it and its workers
        )
    try:
        yield proc
    finally:
        if proc.poll() is None or _group(proc.pid):  # a failed test
            with suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def _wait_for(condition, proc, what: str):
    """``condition()``'s first true value, polled every 10 ms for at most WAIT
    seconds; fails at once if the import ends first."""
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        if proc.poll() is not None:
            pytest.fail(f"the import ended (exit {proc.returncode}) before {what}")
        time.sleep(0.01)
    pytest.fail(f"no {what} within {WAIT} s")


def _reader_waiting(fifo) -> int | None:
    """A write end of ``fifo`` once the importer has opened it to read."""
    try:
        return os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
    except OSError as exc:
        if exc.errno == errno.ENXIO:  # no reader yet
            return None
        raise


def _stopped(proc, tmp_path) -> str:
    """Wait (bounded) for the signalled import to stop; its stderr."""
    try:
        proc.wait(timeout=WAIT)
    except subprocess.TimeoutExpired:
        pytest.fail(f"the import did not stop within {WAIT} s of SIGTERM")
    return (tmp_path / "stderr.txt").read_text(encoding="utf-8", errors="replace")


def _assert_nothing_written(proc, stderr, out):
    assert proc.returncode == 143, stderr
    assert "interrupted (SIGTERM), nothing written" in stderr
    assert "Traceback" not in stderr
    assert not (out / "out.json").exists()
    assert not out.exists() or list(out.glob("*.tmp")) == []


def _stat(pid: int) -> list[str]:
    """Fields of /proc/<pid>/stat after the command name (state, ppid, ...)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    except OSError:
        return []


def _group(pgid: int) -> list[int]:
    """Live (not zombie) processes of process group ``pgid``."""
    stats = [(int(p.name), _stat(int(p.name))) for p in Path("/proc").glob("[0-9]*")]
    return [pid for pid, s in stats if s and s[2] == str(pgid) and s[0] != "Z"]


@pytest.mark.slow
@linux_only
def test_sigterm_while_writing_leaves_no_temporary_fixture(tmp_path, held):
    docs, fifo, out = held
    with _import_process(tmp_path, docs, fifo, "--output", out / "out.json") as proc:
        # Extraction reads the held document once, from the test ...
        fd = _wait_for(lambda: _reader_waiting(fifo), proc, "read of held.txt")
        os.write(fd, HELD.encode())
        os.close(fd)
        # ... and the writer, re-reading it, waits on the pipe until SIGTERM.
        _wait_for(lambda: list(out.glob(".out.json.*.tmp")), proc, "temporary fixture")
        proc.send_signal(signal.SIGTERM)
        stderr = _stopped(proc, tmp_path)
    _assert_nothing_written(proc, stderr, out)


@pytest.mark.slow
@linux_only
def test_sigterm_while_reading_stops_the_workers(tmp_path, held):
    docs, fifo, out = held
    with _import_process(tmp_path, fifo, docs, "--output", out / "out.json") as proc:
        # held.txt comes first: extraction waits on it while the test holds
        # the pipe open without writing, until the signal is on its way.
        fd = _wait_for(lambda: _reader_waiting(fifo), proc, "read of held.txt")
        proc.send_signal(signal.SIGTERM)
        # The document ends (empty), so a worker busy with it can finish.
        os.close(fd)
        stderr = _stopped(proc, tmp_path)
        deadline = time.monotonic() + WAIT
        while _group(proc.pid) and time.monotonic() < deadline:
            time.sleep(0.01)
        assert _group(proc.pid) == [], "extraction workers outlived the import"
    _assert_nothing_written(proc, stderr, out)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "tail",
    [
        ',\n{"model": "films.person", "fields": {',
        "\n] trailing",
        ',\n"not a record"\n]',
    ],
    ids=["cut-off", "trailing-text", "not-a-record"],
)
def test_load_fixtures_rolls_back_a_file_that_breaks_half_way(tmp_path, tail):
    """Records are decoded one at a time: a break after good records still
    loads nothing."""
    text = COMMITTED_FIXTURE.read_text(encoding="utf-8").rstrip().removesuffix("]")
    broken = tmp_path / "broken.json"
    broken.write_text(text + tail, encoding="utf-8")
    with pytest.raises(CommandError, match="broken.json|not a record"):
        run("load_fixtures", broken)
    assert sum(row_counts().values()) == 0
