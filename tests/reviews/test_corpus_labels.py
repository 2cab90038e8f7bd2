"""The labelled corpus stays a fair measure: every document has a label that
parses, uses the model's roles, kinds and uses, names only what its document
says verbatim, and the corpus keeps its shape (15+ films, 6 house styles,
a third held out of tuning)."""

import json
from collections import Counter
from pathlib import Path

import pytest

from films.models import Credit, FilmLocation, Location

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
DOCUMENTS = sorted(CORPUS.rglob("*.txt"))
STYLES = {
    "programme_note",
    "festival_catalogue",
    "encyclopedia",
    "newspaper_review",
    "blog_post",
    "press_kit",
}


def label_of(document: Path) -> dict:
    return json.loads(document.with_suffix(".json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda path: path.name)
def test_label_names_only_what_the_document_says(document):
    text = document.read_text(encoding="utf-8")
    label = label_of(document)
    assert set(label) == {"style", "split", "film", "people", "locations"}
    assert label["style"] in STYLES
    assert label["split"] in {"tuning", "held_out"}
    assert label["film"]["title"] in text
    if label["film"]["year"] is not None:
        assert str(label["film"]["year"]) in text
    names = [person["name"] for person in label["people"]]
    assert len(names) == len(set(names)), "a person is listed once"
    for person in label["people"]:
        assert person["name"] in text
        assert person["roles"] and set(person["roles"]) <= set(Credit.Role.values)
        assert not person["characters"] or "actor" in person["roles"]
        for character in person["characters"]:
            assert character in text
    for place in label["locations"]:
        assert place["name"] in text
        assert place["kind"] in Location.Kind.values
        assert place["use"] in FilmLocation.Usage.values


def test_every_document_has_its_label_and_every_label_its_document():
    labels = sorted(CORPUS.rglob("*.json"))
    assert [p.with_suffix(".txt") for p in labels] == DOCUMENTS


def test_corpus_shape():
    labels = [label_of(document) for document in DOCUMENTS]
    assert len(labels) >= 40
    assert len({label["film"]["title"] for label in labels}) >= 15
    styles = Counter(label["style"] for label in labels)
    assert set(styles) == STYLES and min(styles.values()) >= 3
    held_out = sum(label["split"] == "held_out" for label in labels)
    assert held_out >= len(labels) // 3
