"""Finding the film a document is about, in the shapes editors' documents take.

(A line break ends a sentence, so prose lines here are not wrapped.)

Each test is one small invented document (films, people and places made up
for the test) in one house style: a programme note or catalogue entry whose
title line sits over its particulars, a library-style inverted title, an
encyclopedia lead with or without its year, a review that names its film in
the headline and then compares it with other films named more often, and a
document where nothing says which film it is about.
"""

from pathlib import Path

import pytest

from reviews.importer.documents import Document, ImporterError
from reviews.importer.extract import extract_document
from reviews.importer.facts import FilmRef
from reviews.importer.pipeline import build_catalogue
from reviews.importer.resolve.films import NO_FILM
from reviews.importer.text import split_sentences
from reviews.importer.titles import find_subject, find_titles


def film_of(text: str, **headers: str) -> FilmRef | None:
    doc = Document(Path("doc.txt"), "doc.txt", "0" * 64, text, headers)
    film = extract_document(doc).film
    return FilmRef(film.title, film.year) if film else None


# --- A title line over a catalogue line ---------------------------------------


def test_a_title_line_over_a_country_year_and_running_time():
    text = """Quarry Bells
Norway, 2014, 88 mins | Norwegian with English subtitles
Director: Solveig Brannfjell

The autumn season opens with a small, stubborn film about a bell-ringer
who will not leave her valley. Quarry Bells rewards patience.
"""
    assert film_of(text) == FilmRef("Quarry Bells", 2014)


def test_pipes_and_dots_and_a_year_key_give_the_year_too():
    piped = "Paper Lanterns\nChile 2011 | 102 min\nDirector: Tomas Ibarra\n\nA film."
    dotted = "Paper Lanterns\nChile · 2011 · 102 minutes\n\nA film about lanterns."
    keyed = (
        "SPECIAL SCREENINGS\n\nPaper Lanterns\nDir. Tomas Ibarra\nCountry: Chile\n"
        "Year: 2011\n\nPaper Lanterns follows a lamp-maker. Paper Lanterns is lovely."
    )
    for text in (piped, dotted, keyed):
        assert film_of(text) == FilmRef("Paper Lanterns", 2011), text


def test_of_several_title_lines_the_one_the_text_names_wins_in_its_spelling():
    """A section name and an original-language title sit beside the title;
    capitals are the layout's, the prose gives the title's own spelling."""
    text = """PANORAMA OF THE NORTH

THE COPPER KETTLE
Koppar Kittel

Sweden / Finland 2016
Running time: 95 min

In The Copper Kettle, two sisters inherit a failing hotel. The Copper Kettle
never hurries them.
"""
    assert film_of(text) == FilmRef("The Copper Kettle", 2016)


def test_a_press_kit_skips_the_presenting_companies_and_a_bracketed_title():
    text = """GREYLAG PICTURES presents

MOTH SEASON
(Saison des papillons)

a film by Odile Marchetti

Canada · 2020 · 91 min

SYNOPSIS

Moth Season follows a night watchman at a museum of insects.
"""
    assert film_of(text) == FilmRef("Moth Season", 2020)


def test_a_certificate_and_stars_after_the_title_are_not_part_of_it():
    text = """Bleak hills and warm hearts: a farming drama that earns its tears

HARROW LANE (12A) ★★★☆☆
Dir: Bethan Gower. 99 mins

Harrow Lane is patient to a fault, but its final scene lands.
"""
    assert film_of(text) == FilmRef("Harrow Lane", None)


# --- Library-style titles -------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Glass Orchard, The (2015)", FilmRef("The Glass Orchard", 2015)),
        ("Winter Ferry, A", FilmRef("A Winter Ferry", None)),
    ],
)
def test_an_inverted_title_line_reads_with_its_article_first(line, expected):
    text = f"{line}\n\nMy notes after a second viewing: it holds up, mostly.\n"
    assert film_of(text) == expected


# --- Encyclopedia leads ---------------------------------------------------------


def test_an_encyclopedia_lead_with_its_year():
    text = """Tallow (film)

Tallow is a 2013 Danish comedy film directed by Jens Albrektsen and starring
Mette Kragh. It follows a candle-maker who enters a national competition.
"""
    assert film_of(text) == FilmRef("Tallow", 2013)


def test_a_lead_without_a_year_takes_it_from_the_release_date():
    text = """Tallow (film)

Tallow (Danish: Talg) is a Danish comedy film directed by Jens Albrektsen \
and starring Mette Kragh.

The film premiered at a festival in Aarhus and was released in Denmark on \
9 March 2013.
"""
    assert film_of(text) == FilmRef("Tallow", 2013)


def test_a_lead_with_a_year_beside_the_title_keeps_that_year():
    text = "Tallow (2013) is a Danish comedy film directed by Jens Albrektsen.\n"
    assert film_of(text) == FilmRef("Tallow", 2013)


def test_a_sentence_about_a_genre_is_not_a_lead():
    text = (
        "There is a kind of documentary that scolds its audience. "
        "It rarely persuades anyone."
    )
    assert find_subject(split_sentences(text)) is None


# --- Reviews that compare ----------------------------------------------------------


def test_the_reviewed_film_not_the_comparison_named_more_often():
    text = """Lantern Road review: a quiet crossing that outstays its welcome

Watching Lantern Road, I kept thinking of The Long Thaw (1961). The Long Thaw
had the same patience; The Long Thaw also had a better ending. Where The Long
Thaw trusted its silences, the new film fills them with music.
"""
    assert film_of(text) == FilmRef("Lantern Road", None)


def test_a_headline_ending_with_the_title():
    text = """Salt, sweat and a stubborn mule: The Copper Mile

By a staff writer

It is hard to talk about The Copper Mile without talking about The Iron Road,
which did this first. The Iron Road was louder; The Iron Road was longer. But
The Copper Mile is the better film.
"""
    assert film_of(text).title == "The Copper Mile"


def test_a_headline_naming_the_film_mid_sentence():
    text = """Pick of the week: The Paper Crane soars, with an older bird in view

The Paper Crane owes a debt to The Tin Kite. The Tin Kite came first, and
The Tin Kite is still the better film, but The Paper Crane has charm.
"""
    assert film_of(text).title == "The Paper Crane"


def test_a_standfirst_that_says_what_the_film_is():
    text = """Stuck in traffic with a killer

Night Causeway is a tense drive that never lets up

By a critic

Nobody escapes a jam. Like Safe Harbour (1984), the film keeps us in one
place; unlike Safe Harbour, Night Causeway never leaves its bridge.
"""
    assert film_of(text) == FilmRef("Night Causeway", None)


def test_a_headline_that_is_not_a_title_is_passed_over():
    """Capitalised words of a headline that the text never names again are
    not a film ("Gridlock", "Rain"); the text's own "Title (Year)" is."""
    text = """Gridlock and Rain: a city at a standstill

Few films capture a city like Harbour Noise (2019) does. Harbour Noise
(2019) is a triumph.
"""
    assert film_of(text) == FilmRef("Harbour Noise", 2019)


def test_a_film_header_still_wins():
    text = "Lantern Road review: fine.\n\nLantern Road is fine. Lantern Road.\n"
    assert film_of(text, film="Other Film (2001)") == FilmRef("Other Film", 2001)


# --- When nothing says which film --------------------------------------------------


def test_a_document_with_no_film_says_what_was_tried(tmp_path):
    path = tmp_path / "vague.txt"
    path.write_text(
        "it was a long week\n\nSomebody should make a film about this town.\n",
        encoding="utf-8",
    )
    with pytest.raises(ImporterError) as error:
        build_catalogue([path])
    message = str(error.value)
    assert NO_FILM in message
    for tried in ("title line", "'X is a ... film' lead", "'Title (Year)'", "--film"):
        assert tried in message


# --- Particulars, premieres and comparisons ------------------------------------------


def test_a_premiere_line_among_the_particulars_dates_the_film():
    """A press kit whose particulars give no year: the premiere line does,
    not the copyright line at the end."""
    text = """KESTREL WORKS presents

THE 40 BRIDGES
(As 40 Pontes)

a film by Inês Carvalhal

Portugal · 87 minutes · Colour
World premiere: a harbour festival, October 2012

SYNOPSIS

A ferryman counts the bridges of his city and finds one missing.

© 2013 Kestrel Works.
"""
    assert film_of(text) == FilmRef("The 40 Bridges", 2012)


def test_an_all_caps_title_with_a_colon_over_a_piped_credit_line():
    text = """HOLLOW SUMMERS: THE MILL

Dir. Gareth Ynys | 2020 | UK | 104' | Welsh with subtitles

Hollow Summers: The Mill follows a miller through nine dry years. It is a
film of patience, shot like The Old Valley (1951).
"""
    assert film_of(text) == FilmRef("Hollow Summers: The Mill", 2020)


def test_a_lead_takes_the_premiere_year_over_a_later_release():
    text = """The Tin Meadow

The Tin Meadow (Icelandic: Blikkengi) is an Icelandic drama film directed by Ragna Holt.

The film premiered at a festival in Busan in October 2014 and was released in Iceland on 5 February 2015. Critics compared it with The Salt Farm (1999).

See also: Icelandic films of 2015
"""
    assert film_of(text) == FilmRef("The Tin Meadow", 2014)


def test_a_title_with_its_year_after_a_word_of_comparison_is_not_the_film():
    """Nothing else names the film: a dated title after "recalls" or
    "expecting" is a comparison, so the document's own dated title wins."""
    text = """Notes from the back row

I sat down expecting Grey Orchard (1972) and got something else. The light
recalls Grey Orchard (1972) and the pacing echoes Grey Orchard (1972) too.
Still, Copper Field (2016) is its own thing.
"""
    with_year, _, others, _ = find_titles(split_sentences(text))
    assert set(with_year) == {("Copper Field", 2016)}
    assert ("Grey Orchard", 1972) in {(f.title, f.year) for f in others}
    assert film_of(text) == FilmRef("Copper Field", 2016)


# --- Reviews whose headline does not name the film ---------------------------------


def test_a_first_sentence_naming_the_film_after_its_director():
    """A quote for a headline, a standfirst without the title; the first
    paragraph names the film once, after its maker, and the review then
    dwells on older films named more often, with years."""
    text = """'The sea keeps what it takes'

Salt, prayer and silence in a northern drama that courts the masters

Agnes Vollmer's Hush, which arrives in cinemas on Friday, is a film about two sisters who keep a lighthouse after their father drowns.

The obvious model is Harbour Psalm (1958). Harbour Psalm also watches grief in long takes; Harbour Psalm also trusts its silences. The second model is The Bell Tower (1961), and The Bell Tower is the sterner film.

Vollmer keeps it to 96 minutes.
"""
    assert film_of(text) == FilmRef("Hush", None)


def test_a_possessive_title_named_again_whole_keeps_its_possessive():
    text = """Ferris Lane's Orchard is a drama film about a family of growers.

Ferris Lane's Orchard was shot in one autumn. The family sells the land.
"""
    assert film_of(text) == FilmRef("Ferris Lane's Orchard", None)


def test_a_standfirst_under_a_quote_headline_names_the_film():
    text = """'Not one of us will sleep tonight'

Bryn Aldous's Nine Lamps: The Pit is a stubborn, beautiful miners' drama

By our film critic

Few debuts know their ground this well. The village in Nine Lamps: The Pit is a character in itself, and the miners are played by miners. It recalls How Green Was My Valley (1941) more than once.
"""
    assert film_of(text) == FilmRef("Nine Lamps: The Pit", None)


def test_a_blog_that_names_the_film_in_lower_case_first():
    """A casual first sentence in lower case; the year from "it's a ... film
    from 2019"; the dated comparison named more often is not the film."""
    text = """Friday, rain, popcorn

caught the paper harbour at the Regal last night and I keep thinking about it.

Quick facts: it's a Scottish film from 2019, written and directed by Moira Lennox. I went in expecting Tidewater (1983), and yes, there is a lot of Tidewater (1983) in it.

Would I recommend The Paper Harbour? Mostly, yes.
"""
    assert film_of(text) == FilmRef("The Paper Harbour", 2019)


def test_a_story_year_is_not_the_films_year():
    text = """'Nothing grows here any more'

In The Dry Acre, a family waits for rain through one summer in 1931. Nobody in The Dry Acre says much, and the film is better for it.
"""
    assert film_of(text) == FilmRef("The Dry Acre", None)
