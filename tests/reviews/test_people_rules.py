"""Each rule of the cast reader alone (`reviews.importer.people.RULES`).

Every test runs one rule (or the few it needs) over a sentence or a few
lines written for the test, and checks what it credits. Whole documents in
house styles are in ``test_cast_reading.py``.
"""

import pytest

from reviews.importer.people import (
    RULES,
    CastReader,
    complete_bare_names,
    complete_character_names,
    run_rules,
    settle_deferred_pairs,
)
from reviews.importer.people.lines import (
    cast_item,
    names_of_value,
    read_business_line,
    read_cast_blocks,
    read_cast_heading,
    read_credit_line,
    split_label,
)
from reviews.importer.people.names import (
    clean_character,
    clean_name,
    is_person_name,
)
from reviews.importer.people.patterns import NAMES_WINDOW, names_before
from reviews.importer.people.prose import (
    read_actor_as_character,
    read_actor_asides,
    read_appear_as,
    read_as_character_opening,
    read_bracketed_casting,
    read_bracketed_pair,
    read_cast_in_production,
    read_designed,
    read_film_by,
    read_film_by_title,
    read_hired_to,
    read_name_then_role_noun,
    read_played_by,
    read_possessive_work,
    read_relations,
    read_role_noun_before_names,
    read_role_verbs,
    read_served_as,
    read_starring,
    read_who_plays,
    read_work_by_names,
    read_work_in_brackets,
)
from reviews.importer.text import split_sentences

RULE_BY_NAME = {rule.name: rule for rule in RULES}


def reader_after(text: str, *functions, subject: str | None = None) -> CastReader:
    """A reader of ``text`` after the named rules have run, in RULES order."""
    names = {f.__name__ for f in functions}
    rules = tuple(rule for rule in RULES if rule.name in names)
    assert len(rules) == len(functions)
    reader = CastReader(split_sentences(text), set(), text=text, subject=subject)
    return run_rules(reader, rules)


def credits(text: str, *functions, **kwargs) -> set[tuple]:
    reader = reader_after(text, *functions, **kwargs)
    return {(c.person, c.role, c.character) for c in reader.credits}


def test_every_rule_has_a_docstring_with_an_example():
    for rule in RULES:
        doc = rule.apply.__doc__ or ""
        assert doc.strip(), rule.name
        assert '"' in doc or "``" in doc, f"{rule.name}: no example"
    assert [rule.reads for rule in RULES] == sorted(
        (rule.reads for rule in RULES),
        key=["line", "sentence", "document"].index,
    )


# --- names --------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "Gwyn ap Rhys",
        "Pau Serra i Vila",
        "Anouk van 't Veld",
        "Rosa Dunne-MacLeish",
        "Wim IJzerman",
        "Dara Ní Bhriain",
    ],
)
def test_names_in_more_languages_are_read_whole(name):
    assert is_person_name(name)
    assert clean_name(name) == name


def test_organisations_are_never_people():
    assert clean_name("Corvid Pictures") is None
    assert clean_name("Halden International") is None
    assert clean_character("Halden International") is None
    assert clean_name("Starring Mina Holt") == "Mina Holt"


# --- line rules ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Director: Mina Holt", {("Mina Holt", "director")}),
        ("Dir. Mina Holt", {("Mina Holt", "director")}),
        ("DoP ........ Oskar Brandt", {("Oskar Brandt", "cinematographer")}),
        ("DP: Oskar Brandt", {("Oskar Brandt", "cinematographer")}),
        ("Ed. Tilde Sorensen", {("Tilde Sorensen", "editor")}),
        ("Prod. Des.: Rafe Quill", {("Rafe Quill", "production_designer")}),
        ("Cost. Des. ...... Ines Moura", {("Ines Moura", "costume_designer")}),
        ("Casting - Lou Amari", {("Lou Amari", "casting_director")}),
        ("Original music by: Kai Venn", {("Kai Venn", "composer")}),
        ("Executive Producer Noor Saleh", {("Noor Saleh", "executive_producer")}),
        (
            "Written and directed by ..... Mina Holt",
            {("Mina Holt", "writer"), ("Mina Holt", "director")},
        ),
        (
            "Stars: Mina Holt, Oskar Brandt and Lou Amari",
            {("Mina Holt", "actor"), ("Oskar Brandt", "actor"), ("Lou Amari", "actor")},
        ),
        (
            "Producers: Noor Saleh (Corvid Pictures), Rafe Quill",
            {("Noor Saleh", "producer"), ("Rafe Quill", "producer")},
        ),
        ("Dir: Mina Holt. 96 mins", {("Mina Holt", "director")}),
    ],
)
def test_read_credit_line(line, expected):
    found = credits(line, read_credit_line)
    assert {(person, role) for person, role, _ in found} == expected


@pytest.mark.parametrize(
    "line",
    [
        "Director Mina Holt grew up by the sea.",  # prose, left to prose rules
        "Production: Corvid Pictures (Lyon)",  # a company
        "Music is used sparingly.",
        "Country: Norway",
    ],
)
def test_read_credit_line_leaves_other_lines(line):
    assert credits(line, read_credit_line) == set()


def test_split_label_and_value():
    assert split_label("Prod. Des. ........ Rafe Quill") == ("prod des", "Rafe Quill")
    assert split_label("Music by Kai Venn") == ("music by", "Kai Venn")
    assert split_label("Kai Venn plays the oboe") is None
    assert names_of_value("Kai Venn, Corvid Pictures") is None
    # An initial's full stop does not end the value.
    assert names_of_value("K. Venn, Rafe Quill") == ["K. Venn", "Rafe Quill"]
    assert names_of_value("Kai Venn (AEC)") == ["Kai Venn"]


def test_read_business_line_claims_sales_and_press_blocks():
    text = (
        "World Sales: Halden International (Oslo)\n"
        "\n"
        "PRESS CONTACT\n"
        "Ria Kuyt - Kuyt Media, Ghent\n"
        "\n"
        "Ria Kuyt (Ana Bell) runs away."
    )
    reader = reader_after(text, read_business_line)
    assert [line.claimed for line in reader.lines] == [
        True, False, True, True, False, False,
    ]  # fmt: skip
    prose = [s.text for s in reader.prose_sentences()]
    assert prose == ["Ria Kuyt (Ana Bell) runs away."]


def test_read_cast_heading_reads_the_list_under_it():
    text = (
        "CAST\n"
        "\n"
        "* Mina Holt as Greta Vos, a lighthouse keeper\n"
        "* Oskar Brandt as the harbour pilot\n"
        "* Lou Amari\n"
        "Tessel Brouwer ...... Ilse Marr\n"
        "\n"
        "Greta keeps the light."
    )
    reader = reader_after(text, read_cast_heading)
    found = {(c.person, c.character) for c in reader.credits}
    assert found == {
        ("Mina Holt", "Greta Vos"),
        ("Oskar Brandt", None),
        ("Lou Amari", None),
    }
    (block,) = reader.cast_blocks
    (item,) = block.items
    assert (item.left, item.right, item.separator) == (
        "Tessel Brouwer",
        "Ilse Marr",
        "dots",
    )
    assert not reader.lines[-1].claimed


def test_cast_item_shapes():
    assert cast_item("* Mina Holt as Greta Vos, a keeper") == ("Mina Holt", "Greta Vos")
    assert cast_item("2. Mina Holt as the keeper") == ("Mina Holt", None)
    assert cast_item("Greta (voice) .... Mina Holt").separator == "dots"
    assert cast_item("Mina Holt - Greta").separator == "dash"
    assert cast_item("Mina Holt (Greta)").separator == "brackets"
    assert cast_item("The film was shot in winter.") is None


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        # A title says which side is the character.
        (
            ["Sister Agathe ...... Mina Holt", "Piet Brouwer ...... Oskar Brandt"],
            {("Mina Holt", "Sister Agathe"), ("Oskar Brandt", "Piet Brouwer")},
        ),
        # One-word sides are characters; the list's vote orients the rest.
        (
            ["Mina Holt - Greta", "Oskar Brandt - Piet Brouwer"],
            {("Mina Holt", "Greta"), ("Oskar Brandt", "Piet Brouwer")},
        ),
        # Nothing to tell: dots mean "Character .... Actor".
        (
            ["Greta Vos ........ Mina Holt"],
            {("Mina Holt", "Greta Vos")},
        ),
    ],
)
def test_read_cast_blocks_orients_each_list(lines, expected):
    text = "CAST\n" + "\n".join(lines)
    reader = reader_after(text, read_cast_heading, read_cast_blocks)
    assert {(c.person, c.character) for c in reader.credits} == expected


def test_read_cast_blocks_uses_the_names_the_document_repeats():
    text = (
        "Greta Vos keeps the light. Greta will not leave, and Greta is right.\n"
        "\n"
        "CAST\n"
        "Mina Holt ........ Greta Vos\n"
    )
    reader = reader_after(text, read_cast_heading, read_cast_blocks)
    assert {(c.person, c.character) for c in reader.credits} == {
        ("Mina Holt", "Greta Vos")
    }


# --- sentence rules ---------------------------------------------------------------


def test_read_actor_as_character():
    assert credits(
        "Mina Holt is superb as Sister Agathe.", read_actor_as_character
    ) == {("Mina Holt", "actor", "Sister Agathe")}
    assert credits("Mina Holt is known as Minnie.", read_actor_as_character) == set()


def test_read_played_by():
    assert credits(
        "His sister Greta, played with dry wit by Mina Holt, stays.", read_played_by
    ) == {("Mina Holt", "actor", "Greta")}
    assert credits("A ferryman turns up, played by Oskar Brandt.", read_played_by) == {
        ("Oskar Brandt", "actor", None)
    }


def test_read_bracketed_pair():
    reader = reader_after(
        "Sister Agathe (Mina Holt) prays. Greta (Oskar Brandt) sings.",
        read_bracketed_pair,
    )
    assert {(c.person, c.character) for c in reader.credits} == {
        ("Mina Holt", "Sister Agathe"),
        ("Oskar Brandt", "Greta"),
    }


def test_read_bracketed_casting():
    assert credits(
        "Oskar Brandt (as her landlord, Piet Brouwer) is chilling.",
        read_bracketed_casting,
    ) == {("Oskar Brandt", "actor", "Piet Brouwer")}
    assert credits("Her fiancé (Oskar Brandt) is dull.", read_bracketed_casting) == {
        ("Oskar Brandt", "actor", None)
    }
    # A place in brackets after a noun is not an actor.
    assert credits(
        "They sail to the harbour (Port Ellen).", read_bracketed_casting
    ) == (set())


def test_read_as_character_opening():
    assert credits(
        "As Greta, the keeper of the light, Mina Holt is superb.",
        read_as_character_opening,
    ) == {("Mina Holt", "actor", "Greta")}
    assert credits(
        "As Greta sleeps, Mina Holt watches.", read_as_character_opening
    ) == (set())


def test_read_who_plays():
    assert credits(
        "Mina Holt, who plays the keeper's sister Greta, is superb.", read_who_plays
    ) == {("Mina Holt", "actor", "Greta")}
    assert credits(
        "Oskar Brandt, who plays the hero's brother, has little to do.",
        read_who_plays,
    ) == {("Oskar Brandt", "actor", None)}


def test_read_appear_as():
    assert credits(
        "Mina Holt and Oskar Brandt appear as Greta, a keeper who never sleeps, "
        "and Piet Brouwer, the pilot.",
        read_appear_as,
    ) == {("Mina Holt", "actor", "Greta"), ("Oskar Brandt", "actor", "Piet Brouwer")}
    assert credits(
        "Mina Holt and Oskar Brandt appear as the village doctor and her son, Piet.",
        read_appear_as,
    ) == {("Mina Holt", "actor", None), ("Oskar Brandt", "actor", "Piet")}


def test_read_actor_asides():
    assert credits(
        "Oskar Brandt, whose Piet is the film's conscience, shines.",
        read_actor_asides,
    ) == {("Oskar Brandt", "actor", "Piet")}
    assert credits(
        "Oskar Brandt, as the husband, is given too little.", read_actor_asides
    ) == {("Oskar Brandt", "actor", None)}
    assert credits("Oskar Brandt, as a director, is careful.", read_actor_asides) == (
        set()
    )


def test_read_role_noun_before_names():
    assert credits(
        "Cinematographer Oskar Brandt shot on film, and the director is Mina Holt.",
        read_role_noun_before_names,
    ) == {("Oskar Brandt", "cinematographer", None), ("Mina Holt", "director", None)}
    assert credits("DP Oskar Brandt lights it.", read_role_noun_before_names) == {
        ("Oskar Brandt", "cinematographer", None)
    }


def test_read_name_then_role_noun():
    assert credits(
        "Noor Saleh was executive producer. Rafe Quill, the editor, cut it.",
        read_name_then_role_noun,
    ) == {("Noor Saleh", "executive_producer", None), ("Rafe Quill", "editor", None)}
    assert (
        credits("Noor Saleh was producer of a rival film.", read_name_then_role_noun)
        == set()
    )


def test_read_work_by_names():
    assert credits(
        "Costumes were designed by Ines Moura; the score is by someone called "
        "Kai Venn. Shot by Oskar Brandt, it glows.",
        read_work_by_names,
    ) == {
        ("Ines Moura", "costume_designer", None),
        ("Kai Venn", "composer", None),
        ("Oskar Brandt", "cinematographer", None),
    }


def test_read_possessive_work():
    assert credits(
        "Kai Venn's score hums, and Oskar Brandt's camera stays low.",
        read_possessive_work,
    ) == {("Kai Venn", "composer", None), ("Oskar Brandt", "cinematographer", None)}
    # A character's camera is not a credit.
    assert credits("Greta's camera is broken.", read_possessive_work) == set()


def test_read_work_in_brackets():
    assert credits(
        "The photography (Oskar Brandt) is lovely, the score (Kai Venn) too.",
        read_work_in_brackets,
    ) == {("Oskar Brandt", "cinematographer", None), ("Kai Venn", "composer", None)}


def test_read_starring():
    assert credits("It stars Mina Holt and Oskar Brandt.", read_starring) == {
        ("Mina Holt", "actor", None),
        ("Oskar Brandt", "actor", None),
    }


def test_read_cast_in_production():
    assert credits(
        "Holt, Brandt and Amari were cast in the film in 2019. Tessel Brouwer "
        "joined the cast later.",
        read_cast_in_production,
    ) == {
        ("Holt", "actor", None),
        ("Brandt", "actor", None),
        ("Amari", "actor", None),
        ("Tessel Brouwer", "actor", None),
    }
    assert credits("Mina Holt was cast as Greta.", read_cast_in_production) == set()


def test_read_served_as():
    assert credits(
        "Noor Saleh and Rafe Quill served as executive producers.", read_served_as
    ) == {
        ("Noor Saleh", "executive_producer", None),
        ("Rafe Quill", "executive_producer", None),
    }


def test_read_hired_to():
    assert credits(
        "Kai Venn, a novelist, was hired to write the screenplay. Mina Holt was "
        "attached to direct in 2018.",
        read_hired_to,
    ) == {("Kai Venn", "writer", None), ("Mina Holt", "director", None)}


def test_read_designed():
    assert credits(
        "Ines Moura designed the costumes and Rafe Quill designed the sets.",
        read_designed,
    ) == {
        ("Ines Moura", "costume_designer", None),
        ("Rafe Quill", "production_designer", None),
    }


def test_read_film_by():
    assert credits("It is Mina Holt's second feature.", read_film_by) == {
        ("Mina Holt", "director", None)
    }
    assert credits(
        "Tidefall, the debut feature of Mina Holt, opens today.", read_film_by
    ) == {("Mina Holt", "director", None)}
    assert credits(
        "It is the first film from the Danish animator Oskar Brandt.", read_film_by
    ) == {("Oskar Brandt", "director", None)}
    assert credits(
        "Oskar Brandt's Tidefall is a triumph.", read_film_by_title, subject="Tidefall"
    ) == {("Oskar Brandt", "director", None)}
    # Another film of someone's: not this film's director.
    assert (
        credits("Like Oskar Brandt's first film, Greyling, it drifts.", read_film_by)
        == set()
    )
    assert credits("Oskar Brandt's 1998 film was better.", read_film_by) == set()


def test_read_role_verbs():
    # "She" is the last person named ("Holt"), completed at the end.
    assert credits(
        "Mina Holt wrote the film with Kai Venn. She directed it too.",
        read_role_verbs,
        complete_bare_names,
    ) == {
        ("Mina Holt", "writer", None),
        ("Kai Venn", "writer", None),
        ("Mina Holt", "director", None),
    }
    assert credits("Holt wrote it with somebody called Kai Venn.", read_role_verbs) == {
        ("Holt", "writer", None),
        ("Kai Venn", "writer", None),
    }


def test_read_relations():
    reader = reader_after("Her two sons, Cal and Bram, fish.", read_relations)
    assert {(c.name, c.description) for c in reader.characters} == {
        ("Cal", "son"),
        ("Bram", "son"),
    }


# --- document rules ---------------------------------------------------------------


def test_settle_deferred_pairs_uses_the_whole_document():
    text = "Greta Vos (Mina Holt) keeps the light. It stars Mina Holt."
    reader = reader_after(text, read_bracketed_pair, read_starring)
    assert reader.deferred  # undecided when the pair was read
    settle_deferred_pairs(reader)
    assert ("Mina Holt", "Greta Vos") in {
        (c.person, c.character) for c in reader.credits
    }


def test_complete_bare_names():
    text = "Mina Holt made it. Holt directed it."
    reader = reader_after(text, read_role_verbs)
    complete_bare_names(reader)
    assert {(c.person, c.role) for c in reader.credits} == {("Mina Holt", "director")}


def test_complete_character_names_only_from_a_name_that_opens_on_it():
    text = "Greta Vos keeps the light. In Bergen Greta waits. Mina Holt plays Greta."
    reader = reader_after(text, read_actor_as_character)
    complete_character_names(reader)
    assert {(c.person, c.character) for c in reader.credits} == {
        ("Mina Holt", "Greta Vos")
    }


def test_complete_character_names_leaves_an_ambiguous_first_name():
    text = "Greta Vos and Greta Lind meet. Mina Holt plays Greta."
    reader = reader_after(text, read_actor_as_character)
    complete_character_names(reader)
    assert {c.character for c in reader.credits} == {"Greta"}


# --- linear time ------------------------------------------------------------------


def test_names_before_a_cue_are_read_in_a_bounded_window():
    names = ", ".join(
        f"Kal{chr(97 + i % 26)}o Brandt{chr(97 + i // 26)}" for i in range(200)
    )
    text = f"{names} were cast in the film."
    match = names_before(text, text.index(" were cast"))
    assert match is not None
    assert match.end() == text.index(" were cast")
    assert match.start() >= text.index(" were cast") - NAMES_WINDOW
