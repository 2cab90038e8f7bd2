"""The cast reader on whole documents in common house styles.

Each document is invented for the test (names, films and companies); each
test states every credit the document gives its film, and nothing else:
critics, programmers, sales agents and the directors of films it is compared
with are not the film's people.
"""

from reviews.importer.people import extract_people
from reviews.importer.text import split_sentences


def read(text: str, titles=(), subject=None) -> set[tuple]:
    credits, pairs, _ = extract_people(
        split_sentences(text), set(titles), text=text, subject=subject
    )
    found = {(c.person, c.role, c.character) for c in credits}
    return found | {(p.right, "actor?", p.left) for p in pairs}


PRESS_KIT = """\
CORVID PICTURES and HALDEN FILM present

GREYLING
a film by Mina Holt

Norway / Denmark - 2022 - 98 min

INTERNATIONAL SALES
Halden International
Storgata 12, Oslo

SYNOPSIS

Greta Vos keeps the last lighthouse on the coast. When the pilot Piet Brouwer arrives to close it, Greta refuses to leave, and her son Bram takes his side.

CAST

Greta Vos ............ Ilse Marr
Piet Brouwer ......... Oskar Brandt
Bram ................. Jonas Eik
Sister Agathe ........ Tessel Lund

CREW

Written and directed by ..... Mina Holt
DoP ......................... Rune Falk
Ed. ......................... Tilde Sorensen
Prod. Des. .................. Rafe Quill
Cost. Des. .................. Ines Moura
Music by .................... Kai Venn
Produced by ................. Noor Saleh, Lars Vik
"""


def test_press_kit_with_character_first_cast_list_and_crew_block():
    assert read(PRESS_KIT, {"Greyling"}) == {
        ("Ilse Marr", "actor", "Greta Vos"),
        ("Oskar Brandt", "actor", "Piet Brouwer"),
        ("Jonas Eik", "actor", "Bram"),
        ("Tessel Lund", "actor", "Sister Agathe"),
        ("Mina Holt", "writer", None),
        ("Mina Holt", "director", None),
        ("Rune Falk", "cinematographer", None),
        ("Tilde Sorensen", "editor", None),
        ("Rafe Quill", "production_designer", None),
        ("Ines Moura", "costume_designer", None),
        ("Kai Venn", "composer", None),
        ("Noor Saleh", "producer", None),
        ("Lars Vik", "producer", None),
    }


CATALOGUE = """\
NEW NORDIC CINEMA

Greyling
Norway, 2022, 98 mins
Dir. Mina Holt
Scr. Mina Holt, Aud Berg
DoP Rune Falk
Music Kai Venn
Cast Ilse Marr, Oskar Brandt, Jonas Eik
Production: Corvid Pictures (Oslo)
World Sales: Halden International (Bergen)

A lighthouse keeper refuses to leave. Ilse Marr is formidable as Greta, and Oskar Brandt, who plays the pilot sent to close the light, has a dry wit.

Mina Holt (Tromsø, 1984) studied at the film school in Lillehammer.
"""


def test_festival_catalogue_with_abbreviated_labels():
    assert read(CATALOGUE, {"Greyling"}) == {
        ("Mina Holt", "director", None),
        ("Mina Holt", "writer", None),
        ("Aud Berg", "writer", None),
        ("Rune Falk", "cinematographer", None),
        ("Kai Venn", "composer", None),
        ("Ilse Marr", "actor", None),
        ("Ilse Marr", "actor", "Greta"),
        ("Oskar Brandt", "actor", None),
        ("Jonas Eik", "actor", None),
    }


ENCYCLOPEDIA = """\
Greyling (film)

Greyling is a 2022 Norwegian drama film directed by Mina Holt and starring Ilse Marr, Oskar Brandt and Jonas Eik.

Cast

* Ilse Marr as Greta Vos, a lighthouse keeper
* Oskar Brandt as Piet Brouwer
* Jonas Eik as Bram, Greta's son
* Tessel Lund as the harbour master
* Arne Dahl

Production

Holt wrote the first draft in 2017. Aud Berg, a playwright, was hired to write the screenplay with her in 2019. Noor Saleh and Lars Vik served as producers. Marr, Brandt and Eik were cast in the film in 2020; Tessel Lund joined the cast shortly before filming. The cinematographer was Rune Falk. Tilde Sorensen edited the film, Ines Moura designed the costumes, and Kai Venn composed the score.

Reception

Writing for the Coastal Review, Eva Strand called it "a quiet marvel", and compared it with Halvard Moe's Saltmarsh (1998).
"""


def test_encyclopedia_with_cast_list_and_production_prose():
    assert read(ENCYCLOPEDIA, {"Greyling", "Saltmarsh"}) == {
        ("Mina Holt", "director", None),
        ("Aud Berg", "writer", None),
        ("Ilse Marr", "actor", None),
        ("Ilse Marr", "actor", "Greta Vos"),
        ("Oskar Brandt", "actor", None),
        ("Oskar Brandt", "actor", "Piet Brouwer"),
        ("Jonas Eik", "actor", None),
        ("Jonas Eik", "actor", "Bram"),
        ("Tessel Lund", "actor", None),
        ("Arne Dahl", "actor", None),
        ("Noor Saleh", "producer", None),
        ("Lars Vik", "producer", None),
        ("Rune Falk", "cinematographer", None),
        ("Tilde Sorensen", "editor", None),
        ("Ines Moura", "costume_designer", None),
        ("Kai Venn", "composer", None),
    }


REVIEW = """\
Greyling review: a keeper's last stand

By Eva Strand

Watching Greyling, the debut feature of Mina Holt, I kept thinking of Halvard Moe's Saltmarsh (1998), still the benchmark for films about the sea.

As Greta, the keeper who will not leave, Ilse Marr gives the performance of her career. Tessel Lund, who plays the keeper's sister Agathe, is her match. Oskar Brandt and Jonas Eik appear as Piet, the pilot sent to close the light, and Bram, her son. Shot by Rune Falk on grainy film, it glows, and the score by Kai Venn is used sparingly.
"""


def test_newspaper_review_with_appositions():
    assert read(REVIEW, {"Greyling", "Saltmarsh"}, subject="Greyling") == {
        ("Mina Holt", "director", None),
        ("Ilse Marr", "actor", "Greta"),
        ("Tessel Lund", "actor", "Agathe"),
        ("Oskar Brandt", "actor", "Piet"),
        ("Jonas Eik", "actor", "Bram"),
        ("Rune Falk", "cinematographer", None),
        ("Kai Venn", "composer", None),
    }


PROGRAMME_NOTE = """\
Greyling
Norway, 2022, 98 mins
Director: Mina Holt
Stars: Ilse Marr, Oskar Brandt, Jonas Eik

Introduced by our programmer, Dr Eva Strand.

Greta Vos (Ilse Marr) keeps the light; her son Bram (Jonas Eik) wants to leave. Mina Holt's second feature is quieter than her first, and Rune Falk's camera stays close to the water.
"""


def test_programme_note_with_metadata_lines():
    assert read(PROGRAMME_NOTE, {"Greyling"}) == {
        ("Mina Holt", "director", None),
        ("Ilse Marr", "actor", None),
        ("Ilse Marr", "actor", "Greta Vos"),
        ("Oskar Brandt", "actor", None),
        ("Jonas Eik", "actor", None),
        ("Jonas Eik", "actor", "Bram"),
        ("Rune Falk", "cinematographer", None),
    }


BLOG = """\
Greyling (2022)

ok so i finally watched the lighthouse movie

The keeper is Greta, played by Ilse Marr, and her annoying son (Jonas Eik, very good) spends the whole film sulking. Her fiancé (Oskar Brandt) is mostly there to be in danger. The director is Mina Holt and the score is by someone called Kai Venn. The photography (Rune Falk) is gorgeous.
"""


def test_blog_post():
    assert read(BLOG, {"Greyling"}) == {
        ("Ilse Marr", "actor", "Greta"),
        ("Jonas Eik", "actor", None),
        ("Oskar Brandt", "actor", None),
        ("Mina Holt", "director", None),
        ("Kai Venn", "composer", None),
        ("Rune Falk", "cinematographer", None),
    }


def test_cast_lists_of_long_documents_stay_linear():
    """A list of 20,000 cast lines is read once, line by line."""
    lines = "\n".join(f"Kalo{i} Brandt - Mira{i}" for i in range(20_000))
    text = f"CAST\n{lines}\n"
    credits, _, _ = extract_people(split_sentences(text), set(), text=text)
    assert len(credits) <= 20_000
