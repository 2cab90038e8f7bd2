"""Which capitalised phrases of a sentence are places of the film, and how used.

Sentences are written for these tests in several house styles (encyclopedia,
newspaper review, programme note, festival catalogue, press kit, blog post).
"""

import pytest

from reviews.importer.places import (
    extract_filming_locations,
    extract_settings,
    is_filming_sentence,
    is_institution,
)
from reviews.importer.text import split_sentences


def _places(text: str) -> set[tuple[str, str]]:
    found = set()
    for sentence in split_sentences(text):
        if is_filming_sentence(sentence):
            facts = extract_filming_locations(sentence)
        else:
            facts = extract_settings(sentence)
        found |= {(f.name, f.usage) for f in facts}
    return found


@pytest.mark.parametrize(
    "text",
    [
        # release, premiere, distribution
        "The film premiered at a festival in Toronto and opened in Madrid in May.",
        "It was released in Portugal in March, and in Brazil that September.",
        "Distributed in Germany by a small outfit, it is streaming in Canada now.",
        # biographies
        "The director was born in Porto and studied film in Lisbon.",
        "She grew up in Marseille before her family emigrated to Quebec.",
        "He lives in Oslo.",
        # companies, post-production, the critic's own life
        "The producers run a company in Bristol.",
        "The film was edited in Vienna and the score recorded in Prague.",
        "I watched it twice in Leeds, which tells you something.",
        "Writing in The Melbourne Examiner, one critic called it a triumph.",
    ],
)
def test_no_place_of_the_film_outside_filming_and_story(text):
    assert _places(text) == set()


def test_a_story_cue_makes_settings():
    text = "The story is set in Valparaiso, Chile, during a long drought."
    assert _places(text) == {("Valparaiso", "setting"), ("Chile", "setting")}


def test_plot_sentences_keep_known_places_and_place_shaped_names():
    text = (
        "Each night the ferryman crosses to Porto and back. "
        "At dawn he rows out across Lake Quillan to the island of Teshri."
    )
    assert _places(text) == {
        ("Porto", "setting"),
        ("Lake Quillan", "setting"),
        ("Teshri", "setting"),
    }


def test_unknown_capitalised_words_in_plot_are_not_places():
    text = "Later, at Dunmorrow, the brothers quarrel over the will."
    assert _places(text) == set()


def test_where_a_character_comes_from_is_no_setting():
    text = "A young engineer from Lisbon arrives with orders to close the mine."
    assert _places(text) == set()


def test_each_place_takes_the_use_of_the_cue_before_it():
    text = (
        "Although the story is set in Trieste, the film was shot in Rijeka "
        "and premiered in Venice."
    )
    assert _places(text) == {("Trieste", "setting"), ("Rijeka", "filming")}


def test_a_stand_in_gives_the_setting_it_stood_in_for():
    text = "Exteriors were filmed in Porto, which stood in for 1950s Lisbon."
    assert _places(text) == {("Porto", "filming"), ("Lisbon", "setting")}


def test_sets_and_stages_are_filming_sentences():
    text = "The lighthouse interiors were built on a sound stage in Bilbao."
    assert _places(text) == {("Bilbao", "filming")}
    text = "The family spends a month in the Atlas Mountains."
    assert _places(text) == {("Atlas Mountains", "setting")}  # the story
    text = "The production spent a month in the Atlas Mountains."
    assert _places(text) == {("Atlas Mountains", "filming")}


def test_the_noun_of_a_place():
    text = "Shot in the fishing village of Porthkellis over two winters."
    assert _places(text) == {("Porthkellis", "filming")}


def test_a_name_used_as_a_modifier_or_before_a_number_is_not_a_place():
    assert _places("It is set on the Baltic coast.") == set()
    assert _places("They shot on Super 16 film in Tallinn.") == {("Tallinn", "filming")}


def test_and_joins_places_only_in_a_list_of_places():
    text = (
        "Shot in Tallinn and Tartu, it looks wonderful, and Mara Lind's "
        "camera never tires."
    )
    assert _places(text) == {("Tallinn", "filming"), ("Tartu", "filming")}


def test_institutions_outlets_and_languages_are_not_settings():
    assert is_institution("Northern Film Academy")
    assert is_institution("The Harbour Herald")
    assert not is_institution("Lake Quillan")
    text = "The story unfolds in Malayalam and at the Kestrel Film School."
    assert _places(text) == set()


def test_a_clause_ends_at_a_colon():
    text = "We screened it last spring: the story follows a courier to Accra."
    assert _places(text) == {("Accra", "setting")}
