"""evaluate_import: the importer's precision and recall on a labelled corpus."""

import json

import pytest
from django.core.management import CommandError, call_command

from reviews.importer.evaluation import Score, normalise, score_document
from tests.reviews.invented_documents import SALT_MARSH_ARTICLE

LABEL = {
    "style": "encyclopedia",
    "split": "tuning",
    "film": {"title": "The Salt Marsh", "year": 2019},
    "people": [
        {"name": "Siobhán O'Neill", "roles": ["director", "writer"], "characters": []},
        {
            "name": "Niamh Gallagher",
            "roles": ["actor"],
            "characters": ["Brigid Doherty"],
        },
        # Not in the document: a miss the scores must count.
        {"name": "Invented Nobody", "roles": ["editor"], "characters": []},
    ],
    "locations": [{"name": "Kilrush", "kind": "city", "use": "filming"}],
}


@pytest.fixture
def corpus(tmp_path):
    (tmp_path / "salt-marsh.txt").write_text(SALT_MARSH_ARTICLE, encoding="utf-8")
    (tmp_path / "salt-marsh.json").write_text(json.dumps(LABEL), encoding="utf-8")
    return tmp_path


def test_names_compare_without_case_accents_or_inverted_articles():
    assert normalise("Siobhán  O’Neill") == normalise("siobhan o'neill")
    assert normalise("Long Road, The") == normalise("The Long Road")
    assert normalise("Saint-Étienne") != normalise("Saint Etienne Street")


def test_score_counts_hits_misses_and_extras():
    score = Score()
    score.add(frozenset({"a", "b", "x"}), frozenset({"a", "b", "c", "d"}))
    assert (score.true_positives, score.false_positives, score.false_negatives) == (
        2,
        1,
        2,
    )
    assert score.precision == pytest.approx(2 / 3)
    assert score.recall == pytest.approx(0.5)
    assert score.f1 == pytest.approx(2 * (2 / 3) * 0.5 / (2 / 3 + 0.5))


def test_a_document_is_scored_against_its_label(corpus):
    result = score_document(corpus / "salt-marsh.txt")
    assert result.error == ""
    assert result.scores["film"].f1 == 1.0
    people = result.scores["people"]
    assert people.true_positives == 2
    assert "invented nobody" in result.missed["people"]
    # director, writer and actor found; the invented editor missed.
    assert result.scores["pairs"].true_positives == 3
    assert result.missed["pairs"] == [str(("invented nobody", "editor"))]


def test_a_document_without_a_film_scores_nothing_and_says_why(tmp_path):
    (tmp_path / "vague.txt").write_text(
        "It rained all week and nobody went anywhere.\n\nThe end.\n", encoding="utf-8"
    )
    (tmp_path / "vague.json").write_text(json.dumps(LABEL), encoding="utf-8")
    result = score_document(tmp_path / "vague.txt")
    assert "no film" in result.error
    assert result.scores["people"].recall == 0.0


def test_command_prints_tables_and_enforces_floors(corpus, capsys):
    call_command("evaluate_import", str(corpus), "--floor", "film=1.0")
    out = capsys.readouterr().out
    assert "salt-marsh.txt" in out
    assert "documents imported: 1 of 1" in out
    with pytest.raises(CommandError, match="below the floor: people F1"):
        call_command("evaluate_import", str(corpus), "--floor", "people=1.0")


@pytest.mark.parametrize(
    "floor, message",
    [
        ("people", "is not a number"),
        ("people=lots", "is not a number"),
        ("people=2", "between 0 and 1"),
        ("heroes=0.5", "unknown measure"),
    ],
)
def test_bad_floor_is_a_clear_error(corpus, floor, message):
    with pytest.raises(CommandError, match=message):
        call_command("evaluate_import", str(corpus), "--floor", floor)


def test_folder_without_labels_is_a_clear_error(tmp_path):
    (tmp_path / "lonely.txt").write_text("No label beside me.", encoding="utf-8")
    with pytest.raises(CommandError, match="no labelled documents"):
        call_command("evaluate_import", str(tmp_path))
    with pytest.raises(CommandError, match="not a folder"):
        call_command("evaluate_import", str(tmp_path / "missing"))
