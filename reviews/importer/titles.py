"""Film titles: "Title (Year)", header values, and recurring title-case phrases.

A document's own film is its header's, else the one a reference article's
opening sentence declares ("Title is a 2019 Irish drama film"), else its most
frequent "Title (Year)" that is not in a comparison ("films such as A (1967)
and B (2011)"), else (decided at resolution, with every document's titles
known) the known film it names most, else its most frequent mid-sentence
"The ..." phrase. Other films are "Title (Year)" phrases that are not the
document's film and titles after "films like", "such as", "starred in", "the
thriller" and similar, with lists split into their titles.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from functools import cache

from reviews.importer.facts import FilmRef
from reviews.importer.text import UPPER, Sentence

_TITLE_WORD = rf"(?:[0-9{UPPER}][\w'&!?.:-]*)"
# Small words inside titles: English ones, and the articles, prepositions and
# conjunctions of other languages ("La Vida de los Otros", "Der Himmel über
# Berlin"); an elided article may be glued to the next word ("Chant d'Amour").
_TITLE_JOIN = (
    r"(?:of|the|and|a|an|in|on|to|for|with|from|at|by|or|&|vs\.?|"
    r"de|du|des|la|le|les|el|los|las|del|della|delle|dei|di|da|do|dos|das|"
    r"der|die|dem|den|von|vom|zu|zum|zur|und|über|et|y|sur|sous|au|aux|en|"
    r"al|het|van|och|og|i)"
)
# Lower-case only: a capital one ("L'Avventura") is a title word already, and
# a word readable two ways made a failed match try every combination of them,
# 2**n for n such words.
_ELISION = r"(?:[dl]')"
TITLE = rf"{_TITLE_WORD}(?:\s+(?:{_TITLE_JOIN}\s+)*{_ELISION}?{_TITLE_WORD})*"
_YEAR = r"(?:18|19|20)\d\d"
_YEAR_PAREN = rf"\(\s*(?P<year>{_YEAR})(?:\s+film)?\s*\)"
# "Title (Year)" is found from the year back: the parenthesised year first,
# then the title that ends just before it, looked for in a bounded stretch of
# text. (One regex for both would backtrack over every split of a long run of
# capitalised words, which is quadratic in the run's length.)
_YEAR_PAREN_RE = re.compile(_YEAR_PAREN)
_TITLE_BEFORE_RE = re.compile(rf"(?P<title>{TITLE})\s*$")
_TITLE_TOKEN_RE = re.compile(rf"{_TITLE_JOIN}|{_ELISION}?{_TITLE_WORD}")
_NON_SPACE_RE = re.compile(r"\S+")
_LEADING_PUNCTUATION_RE = re.compile(r"^[^\w]+")
TITLE_MAX_CHARS = 200
_ARTICLE_TITLE_RE = re.compile(rf"(?<=[a-z,;:] )(?P<title>(?:The|A|An)\s+{TITLE})")
# "Title (French: Autre titre) is a 2019 Irish drama film ...": the article's
# own film, stated with its year at the start of a sentence.
_DECLARED_RE = re.compile(
    rf"^(?P<title>{TITLE})\s*(?:\([^()]*\)\s*)?(?:is|was)\s+an?\s+(?P<year>{_YEAR})\s+"
    r"(?:[\w'-]+\s+){0,6}?(?:film|movie|documentary|feature|picture|drama|comedy|"
    r"thriller|western|musical|animation|short)\b"
)
_GENRES = (
    r"(?:film|movie|documentary|thriller|drama|comedy|western|musical|"
    r"horror\s+film|romance|biopic|feature|debut|picture)"
)
_LIST_ITEM = rf"{TITLE}(?:\s*\(\s*{_YEAR}\s*\))?"
_OTHER_FILM_RE = re.compile(
    rf"\b(?:(?:films?|movies?|pictures?|works?|classics?|titles?)\s+"
    rf"(?:like|such\s+as|including)|such\s+films\s+as|starred\s+in|appeared\s+in|"
    rf"roles?\s+in|sequel\s+to|remake\s+of|"
    rf"(?:the|his|her|their)\s+(?:{_YEAR}\s+)?(?:earlier\s+|previous\s+|first\s+|"
    rf"last\s+|next\s+)?{_GENRES})\s+"
    rf"(?P<titles>{_LIST_ITEM}(?:\s*,\s*(?:and\s+|or\s+)?{_LIST_ITEM}"
    rf"|\s+(?:and|or)\s+{_LIST_ITEM})*)"
)
_ITEM_YEAR_RE = re.compile(rf"^(?P<title>.*?)\s*\(\s*(?P<year>{_YEAR})\s*\)$")
_COMMA_RE = re.compile(r"\s*,\s*(?:(?:and|or)\s+)?")
_LAST_AND_RE = re.compile(r"\s+(?:and|or)\s+(?=\S)")
_AND_ARTICLE_RE = re.compile(
    r"\s+(?:and|or)\s+(?=(?:The|A|An)\s)|(?<=\))\s+(?:and|or)\s+"
)
_ARTICLES = {"the", "a", "an"}


# Capitalised words that start a sentence before a title and are never a
# title's first word ("Like Drive (2011), ...", "However, The Salt Marsh ...").
_TITLE_LEAD_WORDS = frozenset(
    """
    like unlike and but or nor yet while whereas though although because unless
    meanwhile however therefore thus hence moreover overall despite also
    """.split()
)
# Words that start titles too ("In Bruges", "Her Smell", "If Beale Street
# Could Talk"): dropped only before a capitalised article, which title case
# would have written small inside a title ("In The Salt Marsh (2019), ...").
_LEAD_BEFORE_ARTICLE = frozenset(
    """
    in on at by with without after before since until during for from to into
    of about against among between through under over as if so when where what
    which who why how this that these those his her their its our my your i we
    you he she they it there here then
    """.split()
)


@cache
def _film_years() -> range:
    from films.models import MAX_FILM_YEAR, MIN_FILM_YEAR  # needs Django set up

    return range(MIN_FILM_YEAR, MAX_FILM_YEAR + 1)


def valid_year(year: int | None) -> bool:
    """Whether ``year`` can be a film's year (the model's own bounds)."""
    return year is not None and year in _film_years()


def titles_with_years(text: str) -> Iterator[tuple[str, int, int]]:
    """Every "Title (Year)" of ``text`` as (raw title, year, start offset).

    Linear in the text: each title is looked for only in the run of title
    words and joining words that ends at its year, at most
    ``TITLE_MAX_CHARS`` long and not reaching back past the previous year.
    """
    previous_end = 0
    for paren in _YEAR_PAREN_RE.finditer(text):
        end = paren.start()
        low = max(previous_end, end - TITLE_MAX_CHARS)
        start = end
        for word in reversed(list(_NON_SPACE_RE.finditer(text, low, end))):
            if word.start() == low and low > previous_end and text[low - 1] != " ":
                break  # a word cut by the bound
            # A title may open after a quote or bracket: '"Night Train (1961)'.
            token = word.group()
            lead = len(token) - len(_LEADING_PUNCTUATION_RE.sub("", token, count=1))
            if not _TITLE_TOKEN_RE.fullmatch(token, lead):
                break
            start = word.start() + lead
            if lead:
                break
        match = _TITLE_BEFORE_RE.search(text, start, end) if start < end else None
        if match:
            previous_end = paren.end()
            yield match["title"], int(paren["year"]), match.start()


def clean_title(raw: str) -> str | None:
    words = raw.strip(" .,:;!?'\"").split()
    while len(words) > 1 and (
        words[0].casefold() in _TITLE_LEAD_WORDS
        or words[0].casefold() in _LEAD_BEFORE_ARTICLE
        and words[1] in ("The", "A", "An")
    ):
        words.pop(0)
    while words and words[-1].islower():
        words.pop()
    if not words or (
        len(words) == 1 and words[0].casefold() in _ARTICLES | _TITLE_LEAD_WORDS
    ):
        return None
    title = " ".join(words)
    if len(title) > TITLE_MAX_CHARS:
        return None  # a run of capitalised words, not a title
    return title if any(ch.isalpha() for ch in title) else None


def split_title_list(raw: str) -> list[tuple[str, int | None]]:
    """``"A, B and C"`` or ``"A (1967) and The B"`` into titles with years.

    Titles may contain "and" ("Pride and Prejudice"), so a lone "X and Y" is
    split only where the second title starts with an article or the first
    ends with its year.
    """
    chunks = _COMMA_RE.split(raw.strip())
    if len(chunks) > 1:
        chunks[-1:] = _LAST_AND_RE.split(chunks[-1], maxsplit=1)
    else:
        chunks = _AND_ARTICLE_RE.split(chunks[0])
    items = []
    for chunk in chunks:
        match = _ITEM_YEAR_RE.match(chunk.strip())
        title = clean_title(match["title"] if match else chunk)
        if title:
            year = int(match["year"]) if match else None
            items.append((title, year if valid_year(year) else None))
    return items


def find_titles(
    sentences: list[Sentence],
) -> tuple[Counter, Counter, list[FilmRef], FilmRef | None]:
    """(titles with years that may be the document's own film, article-led
    title phrases, other films named in passing, the film a reference
    article's opening sentence declares)."""
    with_year: Counter = Counter()
    phrases: Counter = Counter()
    others: list[FilmRef] = []
    declared: FilmRef | None = None
    first_sentence: dict[tuple[str, int], str] = {}
    compared: set[tuple[str, int]] = set()
    for sentence in sentences:
        text = sentence.text
        if declared is None:
            match = _DECLARED_RE.match(text)
            title = clean_title(match["title"]) if match else None
            if title and valid_year(int(match["year"])):
                declared = FilmRef(title, int(match["year"]), sentence.original)
        spans = []
        for match in _OTHER_FILM_RE.finditer(text):
            spans.append(match.span("titles"))
            for title, year in split_title_list(match["titles"]):
                others.append(FilmRef(title, year, sentence.original))
                if year:
                    compared.add((title, year))
        for raw, year, start in titles_with_years(text):
            title = clean_title(raw)
            if title and valid_year(year):
                key = (title, year)
                if not any(a <= start < b for a, b in spans):
                    with_year[key] += 1
                first_sentence.setdefault(key, sentence.original)
        for match in _ARTICLE_TITLE_RE.finditer(text):
            title = clean_title(match["title"])
            if title:
                phrases[title] += 1
    for (title, year), original in first_sentence.items():
        if (title, year) not in compared:
            others.append(FilmRef(title, year, original))
    return with_year, phrases, others, declared


def choose_film(
    headers: dict[str, str], with_year: Counter, declared: FilmRef | None = None
) -> FilmRef | None:
    """The document's own film when the document states it outright.

    A year out of the model's range (in a header or the prose) is never a
    film's year; `extract` warns about bad header values before this runs.
    A "Year:" header without a "Film:" one dates the inferred film when that
    has no year of its own.
    """
    title = headers.get("film")  # a "Title:" header is the review's headline
    header_year = parse_year(headers.get("year", ""))
    if title and title.strip():
        title, year = split_film_header(title)
        return FilmRef(title, year if valid_year(year) else header_year)
    film = None
    if declared:
        film = FilmRef(declared.title, declared.year)
    elif with_year:
        (title, year), _ = max(
            with_year.items(), key=lambda kv: (kv[1], -len(kv[0][0]))
        )
        film = FilmRef(title, year)
    if film and film.year is None and header_year:
        film = FilmRef(film.title, header_year)
    return film


_HEADER_YEAR_RE = re.compile(r"[+-]?\d{1,9}(?:\s+film)?")


def split_film_header(value: str) -> tuple[str, int | None]:
    """``"Title (Year)"`` or ``"Title"``: the title as written, and the year
    (which may be out of range: callers check it with `valid_year`)."""
    value = " ".join(value.split())
    opening = value.rfind("(")
    if value.endswith(")") and opening > 0:
        inside = value[opening + 1 : -1].strip()
        if _HEADER_YEAR_RE.fullmatch(inside):
            return value[:opening].strip(), int(inside.split()[0])
    return value, None


def parse_year(value: str) -> int | None:
    """A header's year if it is a plausible film year, else None."""
    value = value.strip()
    if not re.fullmatch(r"\d{4}", value):
        return None
    year = int(value)
    return year if valid_year(year) else None


def parse_film_option(value: str) -> FilmRef:
    """``"Title (Year)"`` or ``"Title"`` from the command line."""
    from reviews.importer.documents import ImporterError

    title, year = split_film_header(value)
    if year is not None and not valid_year(year):
        raise ImporterError(f"--film: {year} is not a plausible film year")
    return FilmRef(title, year)
