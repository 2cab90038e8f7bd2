"""The import_seeds and load_fixtures commands, as an editor or CI runs them."""

import json
import re
import shutil
from io import StringIO

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
    """The summary table: model -> [records, created, updated, unchanged(, kept)]."""
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
    assert summary_rows(out)["films.person"] == [7, 7, 0, 0, 0]
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
        assert rows[label] == [count, 0, 0, count, 0], label
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
    assert rows["films.person"][-1] == 1
    assert rows["reviews.review"][-1] == 1
    assert rows["films.location"][-1] == 1


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
        assert lines[label] == f"{count} created, 0 updated, 0 unchanged, 0 kept"


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
        expected = f"0 created, 0 updated, {count - kept} unchanged, {kept} kept"
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
