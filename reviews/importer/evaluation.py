"""How well the importer reads documents it was not written for.

A labelled corpus is a folder of documents, each ``NAME.txt`` beside a
``NAME.json`` label: the film (title, year), the people credited on it with
their roles and characters, and the places that are its filming locations or
story settings (see tests/corpus/README.md). `evaluate_corpus` imports each
document alone, exactly as ``import_seeds`` would, and compares what it found
with the label: precision, recall and F1 per measure, per document and summed
over each part of the corpus (``tuning`` / ``held_out``).

Names are compared case- and accent-insensitively with spacing collapsed, so a
label need not copy the importer's spelling of "Saint-Étienne" or "O'Neill";
everything else must match exactly.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from reviews.importer.documents import ImporterError
from reviews.importer.fixture import iter_records
from reviews.importer.pipeline import build_catalogue

MEASURES = ("film", "people", "pairs", "characters", "locations", "places_used")
LABELS = {
    "film": "films found",
    "people": "people",
    "pairs": "(person, role) pairs",
    "characters": "characters",
    "locations": "locations",
    "places_used": "(location, use) pairs",
}


def normalise(name: str) -> str:
    """A name as compared: accents, case, punctuation spacing and a
    library-style inverted article ("Title, The") do not count."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"[\u2019`]", "'", text).casefold()
    text = re.sub(r"\s+", " ", text).strip(" .")
    inverted = re.fullmatch(r"(.+), (the|a|an)", text)
    if inverted:
        text = f"{inverted.group(2)} {inverted.group(1)}"
    return text


@dataclass(frozen=True)
class Facts:
    """What one document says about its film, as comparable sets."""

    film: frozenset = frozenset()  # {(title, year)}: empty when no film
    people: frozenset = frozenset()
    pairs: frozenset = frozenset()
    characters: frozenset = frozenset()
    locations: frozenset = frozenset()
    places_used: frozenset = frozenset()


@dataclass
class Score:
    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0

    def add(self, predicted: frozenset, expected: frozenset) -> None:
        self.true_positives += len(predicted & expected)
        self.false_positives += len(predicted - expected)
        self.false_negatives += len(expected - predicted)

    def __iadd__(self, other: Score) -> Score:
        self.true_positives += other.true_positives
        self.false_positives += other.false_positives
        self.false_negatives += other.false_negatives
        return self

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        wanted = self.true_positives + self.false_negatives
        return self.true_positives / wanted if wanted else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class DocumentResult:
    name: str
    split: str
    style: str
    scores: dict[str, Score]
    error: str = ""  # why nothing was imported, if so
    missed: dict[str, list] = field(default_factory=dict)
    extra: dict[str, list] = field(default_factory=dict)


def _film_key(title: str, year) -> tuple:
    return (normalise(title), year)


def read_label(path: Path) -> tuple[Facts, dict]:
    """The label beside a document, as `Facts`, and its raw JSON."""
    data = json.loads(path.read_text(encoding="utf-8"))
    people = data.get("people", [])
    places = data.get("locations", [])
    film = data["film"]
    return (
        Facts(
            film=frozenset({_film_key(film["title"], film.get("year"))}),
            people=frozenset(normalise(p["name"]) for p in people),
            pairs=frozenset(
                (normalise(p["name"]), role) for p in people for role in p["roles"]
            ),
            characters=frozenset(
                normalise(c) for p in people for c in p.get("characters", [])
            ),
            locations=frozenset(normalise(place["name"]) for place in places),
            places_used=frozenset(
                (normalise(place["name"]), place["use"]) for place in places
            ),
        ),
        data,
    )


def predict(path: Path, *, film: str | None = None) -> Facts:
    """What the importer finds in one document, imported alone. Raises
    `ImporterError` when it imports nothing (no film found)."""
    catalogue, read_text, _report = build_catalogue([path], film=film)
    with catalogue.source:
        records = list(iter_records(catalogue, read_text))
    (film_slug,) = set(catalogue.film_of.values()) or {None}
    by_model: dict[str, list[dict]] = {}
    for record in records:
        by_model.setdefault(record.model, []).append(record.fields)
    names = {
        model: {
            f["slug"]: f.get("name") or f.get("title") for f in by_model.get(model, [])
        }
        for model in ("films.person", "films.character", "films.location")
    }
    films = {f["slug"]: f for f in by_model.get("films.film", [])}
    credits = [c for c in by_model.get("films.credit", []) if c["film"] == [film_slug]]
    uses = [
        u for u in by_model.get("films.filmlocation", []) if u["film"] == [film_slug]
    ]
    person = names["films.person"]
    subject = films.get(film_slug)
    return Facts(
        film=frozenset({_film_key(subject["title"], subject["year"])})
        if subject
        else frozenset(),
        people=frozenset(normalise(person[c["person"][0]]) for c in credits),
        pairs=frozenset(
            (normalise(person[c["person"][0]]), c["role"]) for c in credits
        ),
        characters=frozenset(
            normalise(names["films.character"][c["character"][0]])
            for c in credits
            if c["character"]
        ),
        locations=frozenset(
            normalise(names["films.location"][u["location"][0]]) for u in uses
        ),
        places_used=frozenset(
            (normalise(names["films.location"][u["location"][0]]), u["usage"])
            for u in uses
        ),
    )


def score_document(document: Path) -> DocumentResult:
    expected, label = read_label(document.with_suffix(".json"))
    error = ""
    try:
        predicted = predict(document)
    except ImporterError as exc:
        predicted, error = Facts(), str(exc)
    scores, missed, extra = {}, {}, {}
    for measure in MEASURES:
        want, got = getattr(expected, measure), getattr(predicted, measure)
        scores[measure] = Score()
        scores[measure].add(got, want)
        missed[measure] = sorted(map(str, want - got))
        extra[measure] = sorted(map(str, got - want))
    return DocumentResult(
        name=document.name,
        split=label.get("split", "tuning"),
        style=label.get("style", ""),
        scores=scores,
        error=error,
        missed=missed,
        extra=extra,
    )


def corpus_documents(folder: Path) -> list[Path]:
    """Every labelled document under ``folder``, in a stable order."""
    return sorted(
        path
        for path in Path(folder).rglob("*.txt")
        if path.with_suffix(".json").exists()
    )


def totals(results: Iterable[DocumentResult]) -> dict[str, Score]:
    summed = {measure: Score() for measure in MEASURES}
    for result in results:
        for measure in MEASURES:
            summed[measure] += result.scores[measure]
    return summed


def evaluate_corpus(folder: Path) -> list[DocumentResult]:
    return [score_document(path) for path in corpus_documents(folder)]
