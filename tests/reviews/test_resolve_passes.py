"""Resolution pass by pass: each pass of `resolve()` on a small `Resolution`,
and the indexes they use (films, people, character spellings, places), with
invented names. End-to-end imports are tested elsewhere."""

import random
import re
from collections import Counter
from pathlib import Path

from reviews.importer.facts import (
    CharacterFact,
    CreditFact,
    DocumentFacts,
    FilmRef,
    LocationFact,
    PairFact,
    RatingFact,
    ReviewFacts,
)
from reviews.importer.resolve import (
    PASSES,
    Catalogue,
    FilmIndex,
    PeopleIndex,
    Resolution,
    assign_films,
    film_slug,
    merge_spellings,
    resolve,
)
from reviews.importer.resolve import passes as p
from reviews.importer.resolve.films import NO_FILM
from reviews.importer.resolve.people import _part_of_name, _same_name
from reviews.importer.spill import FactsSpill

ROOT = Path(__file__).resolve().parents[2]


MOTH_SEASON = FilmRef("Moth Season", 2020)


def facts(name="a.txt", film=MOTH_SEASON, **fields):
    fields.setdefault("kind", "review")
    return DocumentFacts(
        name=name, path=f"/docs/{name}", sha256=name * 8, film=film, **fields
    )


def resolution(*docs, film_hint=None, texts=None):
    texts = texts or {}
    source = FactsSpill.of(list(docs))
    return Resolution(
        source=source,
        read_text=lambda d: texts.get(d.name, ""),
        film_hint=film_hint,
        catalogue=Catalogue(source=source),
    )


def run_until(r: Resolution, last) -> Resolution:
    for run in PASSES:
        run(r)
        if run is last:
            return r
    raise AssertionError(f"{last.__name__} is not a pass")


def credit(person, role="actor", character=None, sentence="s."):
    return CreditFact(person, role, character, sentence)


# --- The passes are named, documented and in order -------------------------------


def test_passes_are_small_documented_functions_in_a_fixed_order():
    names = [run.__name__ for run in PASSES]
    assert names[0] == "choose_films" and names[-1] == "name_reviews"
    assert names.index("index_people") < names.index("gather_statements")
    assert names.index("merge_characters") < names.index("record_credits")
    for run in PASSES:
        assert run.__doc__, run.__name__


# --- choose_films / assign_films ------------------------------------------------


def test_choose_films_keeps_a_documents_own_film_and_dates_a_yearless_one():
    r = resolution(
        facts("a.txt", FilmRef("Moth Season", 2020)),
        facts("b.txt", FilmRef("Moth Season")),
    )
    p.choose_films(r)
    assert set(r.chosen.values()) == {FilmRef("Moth Season", 2020)}
    assert r.catalogue.rejected == []


def test_choose_films_gives_an_undecided_document_the_film_it_names_most():
    texts = {"b.txt": "Unlike Moth Season, it drags. Moth Season did not."}
    r = resolution(
        facts("a.txt", FilmRef("Moth Season", 2020)),
        facts("b.txt", None),
        texts=texts,
    )
    p.choose_films(r)
    assert r.chosen["b.txt" * 8] == FilmRef("Moth Season", 2020)


def test_choose_films_rejects_a_document_with_no_film_saying_what_was_tried():
    r = resolution(facts("a.txt", None))
    p.choose_films(r)
    (error,) = r.catalogue.rejected
    assert error.reason == NO_FILM
    assert "title line" in NO_FILM and "--film" in NO_FILM


def test_the_film_hint_takes_a_document_with_no_film():
    docs = [facts("a.txt", None)]
    _, chosen, rejected = assign_films(docs, FilmRef("Moth Season", 2020), lambda d: "")
    assert chosen == {"a.txt" * 8: FilmRef("Moth Season", 2020)} and not rejected


def test_film_index_joins_a_yearless_mention_to_the_one_dated_film():
    index = FilmIndex()
    index.add(FilmRef("Moth Season", 2020))
    assert index.resolve(FilmRef("moth season")) == FilmRef("Moth Season", 2020)
    index.add(FilmRef("Moth Season", 1964))
    assert index.resolve(FilmRef("Moth Season")) == FilmRef("Moth Season")
    assert film_slug("Moth Season", 2020) == "moth-season-2020"


# --- record_films / date_other_films / keep_other_films ---------------------------


def test_record_films_writes_each_film_once_with_the_first_articles_synopsis():
    r = resolution(
        facts("a.txt", kind="review", other_films=[FilmRef("Paper Kite", 1999)]),
        facts("b.txt", kind="article", synopsis="A watchman counts moths."),
        facts("c.txt", kind="article", synopsis="Another synopsis."),
    )
    run_until(r, p.record_films)
    (film,) = r.catalogue.films.values()
    assert (film.slug, film.synopsis) == (
        "moth-season-2020",
        "A watchman counts moths.",
    )
    assert film.synopsis_source == "b.txt" * 8
    assert r.catalogue.kinds == Counter(article=2, review=1)
    assert r.mentioned_films == {FilmRef("Paper Kite", 1999)}


def test_other_films_are_dated_by_any_mention_and_dropped_when_a_character():
    r = resolution(
        facts(
            "a.txt",
            other_films=[FilmRef("Paper Kite"), FilmRef("Ottoline")],
            characters=[CharacterFact("Ottoline", "", "Ottoline flees.")],
        ),
        facts("b.txt", other_films=[FilmRef("Paper Kite", 1999)]),
    )
    run_until(r, p.keep_other_films)
    titles = {(f.title, f.year) for f in r.catalogue.films.values()}
    assert titles == {("Moth Season", 2020), ("Paper Kite", 1999)}


# --- index_people / gather_statements ----------------------------------------------


def test_index_people_knows_a_name_tail_as_part_of_the_longer_name():
    r = resolution(
        facts(credits=[credit("Ines Alvar Ruiz"), credit("Alvar Ruiz", "director")])
    )
    run_until(r, p.index_people)
    assert r.people.known_full_name("Alvar Ruiz") == "Ines Alvar Ruiz"


def test_gather_statements_resolves_surnames_and_settles_pairs():
    r = resolution(
        facts(
            credits=[
                credit("Odile Marchetti", "director"),
                credit("Marchetti", "writer"),
            ],
            pairs=[PairFact("Tomas Ibarra", "Mira", "Tomas Ibarra (Mira).")],
            locations=[LocationFact("Quebec", "setting", "city", None, (), "x.")],
            ratings=[
                RatingFact("Metacritic", "score", None, 100, None, "", "x."),
            ],
        )
    )
    run_until(r, p.gather_statements)
    film = "moth-season-2020"
    assert (film, "Odile Marchetti", "writer", None) in r.raw_credits
    # Neither side is a known person and the right one is a single word:
    # actor and character cannot be told apart, and the pair is reported.
    assert any("could not tell actor" in w for w in r.catalogue.warnings)
    assert len(r.place_statements) == 1 and len(r.ratings) == 1


def test_gather_statements_warns_about_an_ambiguous_surname():
    r = resolution(
        facts(
            credits=[
                credit("Ana Voss", "actor"),
                credit("Ben Voss", "actor"),
                credit("Voss", "writer"),
            ]
        )
    )
    run_until(r, p.gather_statements)
    assert any("could not tell who 'Voss'" in w for w in r.catalogue.warnings)


# --- merge_characters / record_people / record_credits ------------------------------


def test_characters_merge_spellings_and_credits_point_at_the_canonical_one():
    r = resolution(
        facts(
            credits=[credit("Tomas Ibarra", character="Camille Varenne")],
            characters=[
                CharacterFact("Camile", "a ferrywoman", "Camile rows."),
                CharacterFact("Varenne", "", "Varenne sings."),
            ],
        )
    )
    run_until(r, p.record_credits)
    (character,) = r.catalogue.characters.values()
    assert character.name == "Camille Varenne"
    assert character.aliases == ["Camile", "Varenne"]
    assert character.description == "a ferrywoman"
    (record,) = r.catalogue.credits
    assert (record.person, record.character) == ("tomas-ibarra", character.slug)
    assert record.billing_order == 1
    assert [x.name for x in r.catalogue.people.values()] == ["Tomas Ibarra"]


def test_a_character_less_credit_of_a_credited_actor_is_dropped():
    r = resolution(
        facts(
            credits=[credit("Tomas Ibarra"), credit("Tomas Ibarra", character="Mira")]
        )
    )
    run_until(r, p.record_credits)
    assert [c.character for c in r.catalogue.credits] == ["moth-season-2020-mira"]


# --- record_locations / record_ratings / name_reviews --------------------------------


def test_locations_leave_out_a_characters_name():
    r = resolution(
        facts(
            credits=[credit("Tomas Ibarra", character="Mira Lodge")],
            locations=[
                LocationFact("Mira", "setting", "other", None, (), "In Mira."),
                LocationFact("Trois-Rivieres", "filming", "city", None, (), "Shot."),
            ],
        )
    )
    run_until(r, p.record_locations)
    assert [loc.name for loc in r.catalogue.locations.values()] == ["Trois-Rivieres"]
    (use,) = r.catalogue.film_locations
    assert use.usage == "filming"


def test_name_reviews_uses_the_film_and_the_file_name():
    review = ReviewFacts("h", "e", 10, "mixed", 0.0, [])
    r = resolution(facts("night_notes.txt", review=review))
    run_until(r, p.name_reviews)
    assert list(r.catalogue.review_slug_of.values()) == ["moth-season-2020-night-notes"]


def test_resolve_runs_every_pass():
    catalogue = resolve([facts(credits=[credit("Tomas Ibarra")])], read_text=str)
    assert list(catalogue.films) == ["moth-season-2020"]
    assert [c.person for c in catalogue.credits] == ["tomas-ibarra"]


# --- PeopleIndex -------------------------------------------------------------------


def test_people_index_resolves_a_surname_within_the_film_first():
    index = PeopleIndex()
    index.add("f1", "Ana Voss")
    index.add("f2", "Ben Voss")
    assert index.resolve("f1", "Voss") == "Ana Voss"
    assert index.resolve("f3", "Voss") is None  # two films, two people
    assert index.resolve("f3", "Cleo Marsh") == "Cleo Marsh"  # new full name
    assert index.known("f3", "Cleo Marsh") is None
    assert index.is_person_word("ana") and index.is_surname("VOSS")


# --- merge_spellings -----------------------------------------------------------------


def _merge_spellings_by_pairs(counts: Counter, preferred: Counter) -> dict[str, str]:
    """The definition: every spelling against every canonical name so far."""
    names = sorted(
        counts,
        key=lambda n: (
            -(preferred[n] > 0),
            -len(n.split()),
            -preferred[n],
            -counts[n],
            n,
        ),
    )
    canonical, chosen = {}, []
    for name in names:
        same = [c for c in chosen if _same_name(name, c)]
        if not same:
            same = [c for c in chosen if _part_of_name(name, c)]
        if len(same) == 1:
            canonical[name] = same[0]
        else:
            canonical[name] = name
            chosen.append(name)
    return canonical


def test_merge_spellings_joins_slips_first_names_and_short_forms():
    counts = Counter(
        {
            "Camille Varenne": 2,
            "Camille": 3,
            "Camile": 1,
            "Varenne": 1,
            "Sheriff Otto Hale": 1,
            "Sheriff Hale": 2,
            "Ida": 1,
            "Ada": 1,
        }
    )
    preferred = Counter({"Camille Varenne": 1, "Sheriff Otto Hale": 1})
    mapping = merge_spellings(counts, preferred)
    assert mapping["Camile"] == mapping["Camille"] == "Camille Varenne"
    assert mapping["Varenne"] == "Camille Varenne"
    assert mapping["Sheriff Hale"] == "Sheriff Otto Hale"
    assert mapping["Ida"] == "Ida" and mapping["Ada"] == "Ada"  # too short to slip


def test_merge_spellings_with_an_index_equals_the_pairwise_definition():
    rng = random.Random(11)
    syllables = "ka lo mi ren sa tor vel an du mar el is or bren".split()
    titles = ["Sheriff", "Doctor", "Inspector", ""]

    def word():
        return "".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))).title()

    def slip(name):
        i = rng.randrange(1, len(name))
        return name[:i] + rng.choice("aeiourn") + name[i + 1 :]

    for _ in range(40):
        base = [
            " ".join(filter(None, [rng.choice(titles), word(), word()]))
            for _ in range(rng.randint(3, 25))
        ]
        spellings = list(base)
        for name in base:
            parts = name.split()
            spellings += [parts[-1], parts[-2], slip(parts[-2]), slip(name)]
        counts = Counter({s: rng.randint(1, 4) for s in spellings})
        preferred = Counter({s: 1 for s in base if rng.random() < 0.5})
        assert merge_spellings(counts, preferred) == _merge_spellings_by_pairs(
            counts, preferred
        )


def test_merge_spellings_on_twenty_thousand_names_keeps_each_distinct_name():
    """Many distinct names (a long cast list) stay distinct, and each one's
    slip still joins it (speed: bench/bench_resolve.py)."""
    letters = "bcdfghklmnprstvz"
    vowels = "aeiou"

    def invented(i: int) -> str:
        out = []
        for _ in range(4):
            i, c = divmod(i, len(letters))
            i, v = divmod(i, len(vowels))
            out.append(letters[c] + vowels[v])
        return "".join(out).title()

    names = [f"{invented(i)} {invented(i * 7 + 3)}" for i in range(20_000)]
    counts = Counter({n: 2 for n in names})
    counts["Dudududu Xanadu"] = 1
    mapping = merge_spellings(counts, Counter())
    assert sum(1 for k, v in mapping.items() if k == v) == len(counts)


# --- The package names no seed ------------------------------------------------------


def test_the_resolve_package_names_nothing_from_the_seed_documents():
    """The seed-name guard in test_extraction_edge_cases reads the importer's
    top-level modules; this one reads the resolve package."""
    from tests.reviews.test_extraction_edge_cases import SEED_NAMES, SEED_PHRASES

    files = sorted((ROOT / "reviews" / "importer" / "resolve").glob("*.py"))
    assert files
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert not SEED_NAMES.search(text), (path.name, SEED_NAMES.search(text))
        for phrase in SEED_PHRASES:
            pattern = rf"\b{re.escape(phrase)}"
            assert not re.search(pattern, text, re.IGNORECASE), (path.name, phrase)
