"""The issue's acceptance list, checked by importing the repository's seeds/.

Every test runs the real importer on the four seed documents and loads the
result into the test database, then asks the database what a visitor or an
editor would see.
"""

import json
from collections import Counter

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import transaction

from films.models import (
    Character,
    Credit,
    Film,
    FilmLocation,
    Location,
    Person,
    Rating,
    SourceDocument,
)
from reviews.importer.pipeline import import_documents
from reviews.models import Mention, Review
from tests.reviews.rows import row_counts

SEEDS = settings.BASE_DIR / "seeds"
COMMITTED_FIXTURE = settings.BASE_DIR / "fixtures" / "seeds.json"
DOC_PREFIXES = ("000_", "001_", "002_", "003_")


@pytest.fixture(scope="class")
def seeded(django_db_setup, django_db_blocker, tmp_path_factory):
    """The seeds imported and loaded once per class, rolled back afterwards.

    Each test still runs in its own savepoint (``django_db``), so nothing a
    test does leaks into the next one.
    """
    output = tmp_path_factory.mktemp("seeded") / "seeds.json"
    with django_db_blocker.unblock(), transaction.atomic():
        yield import_documents([SEEDS], output=output, load=True)
        transaction.set_rollback(True)


@pytest.fixture
def film(db, seeded):
    return Film.objects.get(title="The Escape", year=2017)


def filming(film) -> set[int]:
    return set(
        FilmLocation.objects.filter(film=film, usage="filming").values_list(
            "location_id", flat=True
        )
    )


def doc(prefix: str) -> SourceDocument:
    return SourceDocument.objects.get(filename__startswith=prefix)


def squash(text: str) -> str:
    return " ".join(text.split())


def roles(film, name: str) -> set[str]:
    return set(
        Credit.objects.filter(film=film, person__name=name).values_list(
            "role", flat=True
        )
    )


def find_location(query: str) -> Location:
    """The one location whose name or an alias is ``query`` (any case)."""
    wanted = query.casefold()
    found = [
        loc
        for loc in Location.objects.all()
        if wanted in {loc.name.casefold(), *(a.casefold() for a in loc.aliases)}
    ]
    assert len(found) == 1, f"{query!r}: {found}"
    return found[0]


@pytest.mark.django_db
class TestSeedImport:
    """Facts of the seeds, imported and loaded once for the whole class."""

    # --- the film and its people -------------------------------------------------

    def test_the_film_exists_once(self, seeded):
        assert Film.objects.filter(title="The Escape").count() == 1
        assert Film.objects.get(title="The Escape").year == 2017

    @pytest.mark.parametrize(
        ("name", "character"),
        [
            ("Gemma Arterton", "Tara"),
            ("Dominic Cooper", "Mark"),
            ("Jalil Lespert", "Philippe"),
            ("Marthe Keller", "Anne"),
        ],
    )
    def test_cast_plays_their_characters(self, film, name, character):
        credit = Credit.objects.get(film=film, person__name=name, role="actor")
        assert credit.character is not None
        assert credit.character.name == character
        assert credit.character.film == film

    def test_gemma_arterton_is_also_executive_producer(self, film):
        assert roles(film, "Gemma Arterton") == {"actor", "executive_producer"}

    def test_dominic_savage_wrote_and_directed(self, film):
        assert roles(film, "Dominic Savage") == {"writer", "director"}

    def test_dominic_cooper_only_acts(self, film):
        assert roles(film, "Dominic Cooper") == {"actor"}

    @pytest.mark.parametrize("name", ["Alexandra Hardwood", "Anthony John"])
    def test_sound_design_and_score_credit_both_people_with_both_roles(
        self, film, name
    ):
        assert Person.objects.filter(name=name).count() == 1
        assert roles(film, name) == {"sound_designer", "composer"}

    def test_philippe_keeps_the_article_spelling_as_an_alias(self, film):
        philippe = Character.objects.get(film=film, name="Philippe")
        assert "Phillipe" in philippe.aliases
        assert not Character.objects.filter(film=film, name="Phillipe").exists()

    @pytest.mark.parametrize("name", ["Teddy", "Florrie", "Tara", "Mark", "Anne"])
    def test_characters_exist_for_the_film(self, film, name):
        assert Character.objects.filter(film=film, name=name).count() == 1

    @pytest.mark.parametrize(
        "name",
        ["South Bank", "Lady", "Unicorn", "Paris", "Tara", "Mark", "London", "Kent"],
    )
    def test_no_false_person(self, seeded, name):
        assert not Person.objects.filter(name__iexact=name).exists()

    def test_no_single_word_person(self, seeded):
        single = [p.name for p in Person.objects.all() if len(p.name.split()) < 2]
        assert single == []

    def test_the_people_are_exactly_the_credited_ones(self, seeded):
        assert set(Person.objects.values_list("name", flat=True)) == {
            "Gemma Arterton",
            "Dominic Cooper",
            "Dominic Savage",
            "Jalil Lespert",
            "Marthe Keller",
            "Alexandra Hardwood",
            "Anthony John",
        }

    # --- filming locations -------------------------------------------------------

    @pytest.mark.parametrize(
        ("place", "parent"),
        [
            ("Gravesend", "Kent"),
            ("Northfleet Nursery", None),
            ("Ebbsfleet International Station", None),
            ("River Thames", "London"),
            ("Waterloo Bridge", "London"),
            ("Queen's Walk", "London"),
            ("Southbank Book Market", "London"),
            ("Musée de Cluny", "Paris"),
            ("Musée national du Moyen Âge", "Paris"),
            ("Tuileries Garden", "Paris"),
            ("10th arrondissement", "Paris"),
            ("Gare du Nord", "Paris"),
            ("Boulevard de Bonne-Nouvelle", "Paris"),
        ],
    )
    def test_filming_location(self, film, place, parent):
        location = find_location(place)
        assert location.pk in filming(film)
        if parent:
            assert parent in [a.name for a in location.ancestors()]

    def test_direct_parents_of_filming_locations(self, film):
        assert find_location("Gravesend").parent.name == "Kent"
        assert find_location("10th arrondissement").parent.name == "Paris"
        for place in ("River Thames", "Waterloo Bridge", "Queen's Walk"):
            assert find_location(place).parent.name == "London"
        assert find_location("Southbank Book Market").parent.name == "London"

    def test_ebbsfleet_is_found_by_its_railway_station_name(self, film):
        location = find_location("Ebbsfleet International railway station")
        assert location.name == "Ebbsfleet International Station"
        assert location.pk in filming(film)

    def test_musee_de_cluny_has_its_french_name_as_alias(self, film):
        cluny = Location.objects.get(name="Musée de Cluny")
        assert "Musée national du Moyen Âge" in cluny.aliases

    # --- ratings -----------------------------------------------------------------

    def test_metacritic_rating(self, film):
        rating = Rating.objects.get(film=film, source="Metacritic")
        assert rating.value == 75
        assert rating.scale == 100
        assert rating.critic_count == 15

    def test_rotten_tomatoes_consensus(self, film):
        rating = Rating.objects.get(film=film, source="Rotten Tomatoes")
        assert rating.consensus.startswith("The Escape probes gender mores")
        assert rating.consensus.rstrip().endswith("dramatic mettle.")

    # --- documents and reviews ---------------------------------------------------

    def test_four_documents_with_their_kinds(self, seeded):
        assert SourceDocument.objects.count() == 4
        assert doc("002_").kind == SourceDocument.Kind.ARTICLE
        for prefix in ("000_", "001_", "003_"):
            assert doc(prefix).kind != SourceDocument.Kind.ARTICLE

    def test_three_reviews_from_000_001_003_none_from_the_article(self, film):
        assert Review.objects.count() == 3
        for prefix in ("000_", "001_", "003_"):
            review = Review.objects.get(source_document=doc(prefix))
            assert review.film == film
            assert review.headline
            assert review.status == Review.Status.PUBLISHED
        assert not Review.objects.filter(source_document=doc("002_")).exists()

    def test_document_text_is_kept_verbatim(self, seeded):
        for path in sorted(SEEDS.glob("*.txt")):
            stored = SourceDocument.objects.get(filename=path.name)
            assert stored.text == path.read_text(encoding="utf-8")

    # --- provenance --------------------------------------------------------------

    @pytest.mark.parametrize(
        "model",
        [
            Credit,
            FilmLocation,
            Rating,
            Mention,
        ],
        ids=["credit", "filmlocation", "rating", "mention"],
    )
    def test_every_fact_cites_a_sentence_of_its_document(self, seeded, model):
        rows = list(model.objects.select_related("source_document"))
        assert rows
        for row in rows:
            assert row.source_document is not None, row
            assert row.source_sentence.strip(), row
            assert squash(row.source_sentence) in squash(row.source_document.text), (
                f"{row}: {row.source_sentence!r} not in {row.source_document}"
            )

    def test_every_fact_has_provenance(self, seeded):
        for model in (Credit, FilmLocation, Rating, Mention):
            assert not model.objects.filter(source_document__isnull=True).exists()
            assert not model.objects.filter(source_sentence="").exists()

    def test_mentions_cite_their_reviews_document(self, seeded):
        for mention in Mention.objects.select_related("review"):
            assert mention.source_document_id == mention.review.source_document_id

    # --- mentions ----------------------------------------------------------------

    def test_review_of_001_mentions_clash_of_the_titans(self, seeded):
        review = Review.objects.get(source_document=doc("001_"))
        mention = Mention.objects.get(review=review, kind="film")
        assert mention.film.title == "Clash of the Titans"
        assert "Clash of the Titans" in mention.source_sentence

    def test_review_of_000_counts_surname_mentions_of_dominic_cooper(self, seeded):
        review = Review.objects.get(source_document=doc("000_"))
        mention = Mention.objects.get(review=review, person__name="Dominic Cooper")
        # "Dominic Cooper (Mark)" once, then "matched by Cooper", "as Cooper gets".
        assert mention.count >= 2

    def test_reviews_do_not_mention_their_own_film(self, film):
        assert not Mention.objects.filter(film=film).exists()


# --- the fixture -------------------------------------------------------------


def test_regenerated_fixture_is_byte_identical_to_the_committed_one(tmp_path):
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    import_documents([SEEDS], output=first)
    import_documents([SEEDS], output=second)
    assert first.read_bytes() == COMMITTED_FIXTURE.read_bytes()
    assert second.read_bytes() == first.read_bytes()


def test_rewriting_over_an_existing_fixture_changes_nothing(tmp_path):
    out = tmp_path / "seeds.json"
    import_documents([SEEDS], output=out)
    before = out.read_bytes()
    report = import_documents([SEEDS], output=out)
    assert out.read_bytes() == before
    assert not report.fixture_changed
    assert sum(report.created.values()) == sum(report.updated.values()) == 0


def _natural_key_fields():
    """(model label, FK field name) for every foreign key and many-to-many."""
    for model in apps.get_models():
        if model._meta.app_label not in ("films", "reviews"):
            continue
        label = model._meta.label_lower
        for f in model._meta.get_fields():
            if (f.many_to_one or f.many_to_many or f.one_to_one) and f.concrete:
                yield label, f.name, f.many_to_many


def test_committed_fixture_uses_natural_keys_only():
    objects = json.loads(COMMITTED_FIXTURE.read_text(encoding="utf-8"))
    relations = {}
    for label, name, many in _natural_key_fields():
        relations.setdefault(label, []).append((name, many))
    assert objects
    for obj in objects:
        assert set(obj) == {"model", "fields"}, obj.get("model")
        for name, many in relations.get(obj["model"], []):
            value = obj["fields"].get(name)
            if value is None:
                continue
            keys = value if many else [value]
            for key in keys:
                assert isinstance(key, list), (obj["model"], name, value)
                assert key and all(isinstance(part, str) for part in key)


def test_committed_fixture_is_stable_text():
    raw = COMMITTED_FIXTURE.read_bytes()
    assert raw.endswith(b"\n]\n")
    assert b'"pk"' not in raw
    counts = Counter(o["model"] for o in json.loads(raw))
    assert counts["films.sourcedocument"] == 4
    assert counts["reviews.review"] == 3


@pytest.mark.django_db
def test_loaddata_loads_the_committed_fixture_into_an_empty_database():
    assert sum(row_counts().values()) == 0
    call_command("loaddata", str(COMMITTED_FIXTURE), verbosity=0)
    counts = row_counts()
    expected = Counter(
        o["model"] for o in json.loads(COMMITTED_FIXTURE.read_text(encoding="utf-8"))
    )
    assert counts == dict(expected)
    assert Review.objects.get(source_document=doc("001_")).themes.exists()


@pytest.mark.django_db
def test_loaddata_twice_leaves_row_counts_unchanged():
    call_command("loaddata", str(COMMITTED_FIXTURE), verbosity=0)
    once = row_counts()
    call_command("loaddata", str(COMMITTED_FIXTURE), verbosity=0)
    assert row_counts() == once
