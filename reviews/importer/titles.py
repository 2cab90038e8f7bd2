"""Film titles: "Title (Year)", header values, and the film a document is about.

A document's own film is its header's, else the one its opening states
(`find_subject`, in this order): a title line over a catalogue line
("Title" then "UK, 2019, 90 mins" or "Director: Name"), a library-style
title line ("Title, The (2019)", "Title (2019 film)"), whose year may come from a
"World premiere: ..., May 2015" line of particulars; a first paragraph's
"Jane Doe's Title, which ..., is a film ..." (even "Still" is a title after
its maker's name) or a reference article's lead ("Title is a 2019 Irish
drama film", the year else from the premiere and release dates that
follow, the earliest); a headline, or the standfirst under it, that names
a film the text names again ("Title review: ...", "...: Title", "Jane
Doe's Title"); a standfirst "Title is a ..."; a title the first paragraph
writes in lower case and the text capitalises elsewhere; a lead "Title is a
2019 ... film" further down. A film so named without a year takes the one
the opening states ("it's a Canadian film from 2021") or its premiere or
release year, else none. Else its most frequent "Title (Year)" that is not
in a comparison ("films such as A (1967) and B (2011)", "recalls A (1940)",
"lighter than B (2011)"), else (decided at resolution, with every document's titles known)
the known film it names most, else its most frequent mid-sentence "The ..."
phrase. Other films are "Title (Year)" phrases that are not the document's
film and titles after "films like", "such as", "starred in", "the thriller"
and similar, with lists split into their titles.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from functools import cache

from reviews.importer.facts import FilmRef
from reviews.importer.text import FUNCTION_WORDS, UPPER, Sentence, fold

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
# A "Title (Year)" a few words after a word of comparison is another film the
# document measures its own against ("recalls the landscapes of Title (1940)",
# "I went in expecting Title (1978)", "lighter than Title (2011)").
_COMPARISON_CUE_RE = re.compile(
    r"\b(?:like|than|recalls?|recalling|echo(?:es|ed|ing)?|evokes?|evoking|"
    r"reminiscent|expecting|expected|compared|comparison|comparisons|homage|nod|"
    r"shades|vein|cites?|cited|citing|ancestor|touchstone|reference)\b"
    r"(?:\s+[^\s.;:!?()]+){0,6}\s*$",
    re.IGNORECASE,
)
_CUE_WINDOW = 80
# "... capture a city like Title (2019) does": the title is the one praised.
_PRAISED_RE = re.compile(
    r"\s*(?:\(\s*\d{4}\s*\)\s*)?(?:does|did|do|can|could|has|had|manages?)\b"
)


def _after_comparison(text: str, start: int, end: int | None = None) -> bool:
    """Whether the title at ``start`` (ending at ``end``) follows a word of
    comparison in its clause (looked for in a short window: constant work
    per title), unless a verb after it makes it the subject ("like Title
    does")."""
    if not _COMPARISON_CUE_RE.search(text[max(0, start - _CUE_WINDOW) : start]):
        return False
    return end is None or not _PRAISED_RE.match(text, end)


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
                if not _after_comparison(text, start, start + len(raw)) and not any(
                    a <= start < b for a, b in spans
                ):
                    with_year[key] += 1
                first_sentence.setdefault(key, sentence.original)
        for match in _ARTICLE_TITLE_RE.finditer(text):
            title = clean_title(match["title"])
            if title:
                phrases[title] += 1
    for (title, year), original in first_sentence.items():
        if (title, year) not in compared:
            others.append(FilmRef(title, year, original))
    subject = find_subject(sentences, declared)
    if subject:
        own = _fold_text(subject.title)
        others = [f for f in others if _fold_text(f.title) != own]
    return with_year, phrases, others, subject


# --- The film a document is about, from its opening ---------------------------

# How far into a document its title block, headline and lead are looked for.
OPENING_SENTENCES = 16
# How many lines after a title its particulars (year, country) may take.
_CATALOGUE_LINES = 24
# A title line or headline is short; longer lines are prose.
_LINE_MAX_CHARS = 160
# How much of a document is read to count a candidate title's mentions.
_MENTION_SENTENCES = 400

_CERTIFICATE = r"\((?:U|PG|PG-13|R|NC-17|12A?|15|18|TBC|E)\)"
# A certificate or a score at the end of a title line ("TITLE (15) 4/5"); the
# stars before it are stripped by `_strip_marks` (a regex repeating runs of
# stars inside a repetition backtracks exponentially).
_END_MARK_RE = re.compile(rf"\s*(?:{_CERTIFICATE}|\d(?:\.\d)?\s*/\s*(?:5|10))$")
_STARS = " ★☆✩✪✫✬✭✮✯*½"
_LINE_YEAR_RE = re.compile(rf"\s*\(\s*(?P<year>{_YEAR})(?:\s+film)?\s*\)$")
# "Title (film)", "Title (Brazilian film)", "Title (2019 film)": an article's
# title line, disambiguated the encyclopedia way.
_DISAMBIGUATION_RE = re.compile(
    rf"\s*\(\s*(?:(?P<year>{_YEAR})\s+)?(?:[\w'-]+\s+){{0,3}}?"
    r"(?:film|movie|documentary)\s*\)$"
)
_INVERTED_RE = re.compile(r"^(?P<title>.+?),\s+(?P<article>The|A|An)$")
_TITLE_LINE_RE = re.compile(rf"{TITLE}")
_ALTERNATE_TITLE_RE = re.compile(r"^\(.*\)$")
_PRESENTS_RE = re.compile(r"\b(?:presents?|in association with)\b", re.IGNORECASE)
# Lines of a catalogue entry, programme note or press kit that follow a title.
_RUNTIME_RE = re.compile(r"\b\d{2,3}\s*(?:min|mins|minutes)\b", re.IGNORECASE)
_CATALOGUE_KEY_RE = re.compile(
    r"^(?:dir|director|directors|directed\s+by|written\s+and\s+directed\s+by|"
    r"year|country|countries|runtime|running\s+time|cast|stars|starring|"
    r"screenplay|scr|script|producers?|prod)\b\s*[.:]?",
    re.IGNORECASE,
)
# "World premiere: Some Festival, May 2015", "Release date: 3 March 2016": a
# dated line of particulars (its year is the film's).
_DATED_KEY_RE = re.compile(
    r"^(?:[\w-]+\s+){0,2}?(?:premiere|release|release\s+date|released)\s*[.:]",
    re.IGNORECASE,
)
_FILM_BY_RE = re.compile(
    r"^an?\s+(?:[\w-]+\s+){0,2}?(?:film|feature|documentary|movie)\s+"
    r"(?:(?:written\s+and\s+)?directed\s+)?by\b",
    re.IGNORECASE,
)
_SEPARATOR = r"(?:\s*[/,|·•–-]\s*|\s+)"
# "France / Belgium 2021", "Ireland, 2019, 97 mins", "Japan · 2018 · 101 min".
_PLACE_AND_YEAR_RE = re.compile(
    rf"^(?>[{UPPER}][\w'.-]*+(?:{_SEPARATOR}[{UPPER}][\w'.-]*+)*)"
    rf"{_SEPARATOR}(?P<year>{_YEAR})\b"
)
_YEAR_KEY_RE = re.compile(rf"^year\s*[.:]?\s*(?P<year>{_YEAR})\b", re.IGNORECASE)
_ANY_YEAR_RE = re.compile(rf"\b(?P<year>{_YEAR})\b")
# Headlines: "Title review: ...", "Review: Title", "...: Title", "Title: ...".
_HEADLINE_RES = (
    re.compile(rf"^(?P<title>{TITLE})\s+(?:film\s+)?review\b", re.IGNORECASE),
    re.compile(rf"^(?:film\s+)?review\s*[:-]\s*(?P<title>{TITLE})", re.IGNORECASE),
    re.compile(rf"[:-]\s+(?P<title>{TITLE})$"),
    re.compile(rf"^(?P<title>{TITLE})\s*:\s"),
)
# A standfirst or lead: "Title is a taut night on a bridge".
_IS_A_RE = re.compile(rf"^(?P<title>{TITLE})\s+(?:is|was)\s+(?:a|an|the)\s")
_LEAD_KIND = (
    r"(?P<kind>(?:[\w'-]+\s+){0,6}?)(?:film|movie|documentary|feature|picture|"
    r"drama|comedy|thriller|western|musical|animation|short)\b"
)
# ", which opens this week," between a lead's title and its verb.
_APPOSITIVE = (
    r"(?:,\s*(?:which|that|now|out|opening|showing|screening|released|newly)\b"
    r"[^,()]{0,80},\s*)"
)
_YEARLESS_LEAD_RE = re.compile(
    rf"^(?P<title>{TITLE})\s*(?P<aside>\([^()]*\)\s*)?{_APPOSITIVE}?"
    rf"(?:is|was)\s+an?\s+{_LEAD_KIND}"
)
# A review's first sentence: "Jane Doe's Title, which opens this week, is a
# film about ...": the title follows its maker's name, so even a common word
# ("Still", "Now") is a title there.
_POSSESSOR = rf"(?P<by>[{UPPER}][\w.-]*(?:\s+[{UPPER}][\w.-]*){{0,3}})['’]s\s+"
_POSSESSIVE_LEAD_RE = re.compile(
    rf"^{_POSSESSOR}(?P<title>{TITLE})\s*{_APPOSITIVE}?(?:is|was)\s+an?\s+{_LEAD_KIND}"
)
_POSSESSIVE_TITLE_RE = re.compile(rf"(?<![\w'’]){_POSSESSOR}(?P<title>{TITLE})")
# How many prose sentences of the opening make its first paragraph.
_FIRST_PROSE = 2
# "it's a Canadian film from 2021", "This is a 2019 Danish drama": the year
# the opening gives the film it is about.
_PRONOUN_YEAR_RE = re.compile(
    r"\b(?i:it|this|the\s+film)(?:['’]s|\s+is|\s+was)\s+an?\s+"
    rf"(?:(?P<before>{_YEAR})\s+)?(?:[\w'-]+\s+){{0,4}}?"
    r"(?:film|movie|documentary|feature|picture|drama|comedy|thriller|debut)"
    rf"(?:\s+(?:from|of|made\s+in)\s+(?P<after>{_YEAR})\b)?"
)


def _is_title(title: str) -> bool:
    """Whether a phrase at a sentence's start can be a title (not "There",
    "It", "This": a lone function word is capitalised by position only)."""
    return not (len(title.split()) == 1 and title.casefold() in FUNCTION_WORDS)


# "The film premiered at a festival in September 2017 and was released on 2
# March 2018": the year of a lead that gives none is the first showing's,
# the earliest year that follows a premiere or release verb in its clause.
# One scan of verbs, years and clause ends (a lazy ".*?" from each verb to a
# year would rescan the clause once per verb).
_RELEASE_WORDS = ("premiere", "release", "debuted", "debut")
_RELEASE_SCAN_RE = re.compile(
    r"(?P<verb>\b(?:premiered|premiere|released|release|debuted)\b)"
    rf"|\b(?P<year>{_YEAR})\b|(?P<stop>[.;])",
    re.IGNORECASE,
)
_RELEASE_SUBJECT_RE = re.compile(r"^(?:the\s+film|it|this\s+film)\b", re.IGNORECASE)


# `text.fold` without its cache (for long texts that are folded once).
_fold_text = fold.__wrapped__


class _Opening:
    """The first sentences of a document, and how often the rest names a
    phrase (counted on demand: most documents never need it)."""

    def __init__(self, sentences: list[Sentence]):
        self.sentences = sentences
        self.lines = sentences[:OPENING_SENTENCES]
        self._folded: str | None = None

    def mentions(self, title: str) -> int:
        """How many times the text names ``title`` (any case)."""
        if self._folded is None:
            text = " ".join(s.text for s in self.sentences[:_MENTION_SENTENCES])
            self._folded = f" {_fold_text(text)} "
        key = _fold_text(title)
        return self._folded.count(f" {key} ") if key else 0

    def spelling(self, title: str) -> str:
        """``title`` as the prose writes it, if a line wrote it in capitals
        ("THE HOUSE OF WINDS" -> "The House of Winds")."""
        if not title.isupper():
            return title
        words = title.split()
        pattern = re.compile(
            r"\b" + r"\s+".join(re.escape(w) for w in words) + r"\b", re.IGNORECASE
        )
        for sentence in self.sentences[:_MENTION_SENTENCES]:
            for match in pattern.finditer(sentence.text):
                if not match.group().isupper():
                    return match.group()
        return _title_case(words)


def _title_case(words: list[str]) -> str:
    out = []
    for i, word in enumerate(words):
        low = word.lower()
        small = i > 0 and _TITLE_JOIN_RE.fullmatch(low)
        out.append(low if small else low[:1].upper() + low[1:])
    return " ".join(out)


_TITLE_JOIN_RE = re.compile(_TITLE_JOIN)


def _strip_marks(text: str) -> str:
    """``text`` without the stars, certificate and score after a title."""
    for _ in range(3):
        stripped = text.rstrip(_STARS)
        match = _END_MARK_RE.search(stripped)
        if match:
            stripped = stripped[: match.start()]
        if stripped == text:
            break
        text = stripped
    return text.rstrip()


def _title_line(text: str) -> tuple[str, int | None, bool] | None:
    """A line that is a title alone: (title, its year, whether its shape
    alone says it is a title: inverted or disambiguated), else None."""
    if len(text) > _LINE_MAX_CHARS or _ALTERNATE_TITLE_RE.match(text):
        return None
    if not text[-1:].isalpha():
        text = _strip_marks(text)
    year, certain = None, False
    for pattern in (_DISAMBIGUATION_RE, _LINE_YEAR_RE) if text[-1:] == ")" else ():
        match = pattern.search(text)
        if match:
            year = int(match["year"]) if match["year"] else None
            text = text[: match.start()].rstrip()
            certain = pattern is _DISAMBIGUATION_RE
            break
    inverted = _INVERTED_RE.match(text)
    if inverted:
        text = f"{inverted['article']} {inverted['title']}"
    if not _TITLE_LINE_RE.fullmatch(text) or _PRESENTS_RE.search(text):
        return None
    title = clean_title(text)
    if not title or title != text.strip(" .,:;!?'\""):
        return None
    return title, year if valid_year(year) else None, certain or bool(inverted)


_PROSE_MIN_WORDS = 8


def _is_prose(text: str) -> bool:
    """A sentence of prose: it ends as one and is longer than a credit line."""
    return text[-1:] in ".!?" and text.count(" ") >= _PROSE_MIN_WORDS - 1


def _is_catalogue_line(text: str) -> bool:
    """A line of credits or particulars under a title ("Director: ...",
    "UK, 2019, 90 mins", "a film by ...")."""
    if len(text) > _LINE_MAX_CHARS:
        return False
    return bool(
        _RUNTIME_RE.search(text)
        or _CATALOGUE_KEY_RE.match(text)
        or _DATED_KEY_RE.match(text)
        or _FILM_BY_RE.match(text)
        or _PLACE_AND_YEAR_RE.match(text)
    )


def _catalogue_year(lines: list[Sentence]) -> int | None:
    """The year a title's catalogue lines give ("Year: 2020", "UK, 2019")."""
    for line in lines:
        text = line.text
        if not _is_catalogue_line(text):
            continue
        match = _YEAR_KEY_RE.match(text) or _PLACE_AND_YEAR_RE.match(text)
        if not match and (_RUNTIME_RE.search(text) or _DATED_KEY_RE.match(text)):
            match = _ANY_YEAR_RE.search(text)
        if match and valid_year(int(match["year"])):
            return int(match["year"])
    return None


def _release_year(sentences: list[Sentence], title: str) -> int | None:
    """The year of the first sentence that says the film premiered or was
    released: the earliest year a premiere or release verb dates."""
    own = _fold_text(title)
    for sentence in sentences[:_MENTION_SENTENCES]:
        text = sentence.text
        lower = text.lower()
        if not any(word in lower for word in _RELEASE_WORDS):
            continue
        if not (
            _RELEASE_SUBJECT_RE.match(text) or _fold_text(text).startswith(own + " ")
        ):
            continue
        years, pending = [], False
        for match in _RELEASE_SCAN_RE.finditer(text):
            if match["verb"]:
                pending = True
            elif match["stop"]:
                pending = False
            elif pending:
                pending = False
                if valid_year(int(match["year"])):
                    years.append(int(match["year"]))
        if years:
            return min(years)
    return None


def _from_title_block(opening: _Opening) -> FilmRef | None:
    """A title line over catalogue lines, or a title line whose shape says
    it is one ("Title, The (2019)", "Title (film)").

    Of several title lines over the first catalogue line (a section name, the
    title, the original-language title), the one the text names most; a
    bracketed line is an alternative title, a "... presents" line a company.
    """
    lines = opening.lines
    for i, line in enumerate(lines):
        if _is_prose(line.text):
            break  # a title block comes before the prose
        found = _title_line(line.text)
        if found and found[2]:
            title, year = found[0], found[1]
            if year is None:
                lead = _from_lead(opening)
                if lead and _fold_text(lead.title) == _fold_text(title):
                    year = lead.year
            return FilmRef(opening.spelling(title), year, line.original)
        if i and _is_catalogue_line(line.text):
            break
    else:
        return None
    if not _is_catalogue_line(lines[i].text):
        return None
    candidates = []
    for j in range(max(0, i - 4), i):
        found = _title_line(lines[j].text)
        if found:
            candidates.append((found, lines[j]))
    if not candidates:
        return None
    (title, year, _), line = max(
        candidates, key=lambda c: (opening.mentions(c[0][0]), -c[1].index)
    )
    return FilmRef(
        opening.spelling(title),
        year or _catalogue_year(opening.sentences[i : i + _CATALOGUE_LINES]),
        line.original,
    )


def _first_prose(opening: _Opening) -> list[Sentence]:
    """The opening's first prose sentences (its first paragraph)."""
    return [s for s in opening.lines if _is_prose(s.text)][:_FIRST_PROSE]


def _possessive_title(opening: _Opening, match: re.Match) -> str | None:
    """The title after "Jane Doe's", unless the text names the whole phrase
    again (a title with a possessive in it: "Jane Doe's Diary")."""
    title = clean_title(match["title"])
    whole = clean_title(f"{match['by']}'s {match['title']}")
    if whole and opening.mentions(whole) >= 2:
        return whole
    return title


def _from_lead(opening: _Opening) -> FilmRef | None:
    """A reference article's lead in the opening: "Title (Other: Titre) is a
    [2019] British drama film ...", the year else from the release dates;
    or a first paragraph's "Jane Doe's Title, which ..., is a film ..."."""
    for sentence in _first_prose(opening):
        match = _POSSESSIVE_LEAD_RE.match(sentence.text)
        if match and not FUNCTION_WORDS.intersection(match["kind"].split()):
            title = _possessive_title(opening, match)
            if title:
                return FilmRef(opening.spelling(title), None, sentence.original)
    for sentence in opening.lines:
        match = _DECLARED_RE.match(sentence.text)
        if match and valid_year(int(match["year"])):
            title = clean_title(match["title"])
            if title:
                return FilmRef(title, int(match["year"]), sentence.original)
        match = _YEARLESS_LEAD_RE.match(sentence.text)
        title = clean_title(match["title"]) if match else None
        # "There is a genre of documentary ...": a film's kind is told in
        # adjectives, never with function words ("of", "that").
        kind = match["kind"].split() if match else ()
        if title and _is_title(title) and not FUNCTION_WORDS.intersection(kind):
            aside = _ANY_YEAR_RE.search(match["aside"] or "")
            year = int(aside["year"]) if aside else None
            if not valid_year(year):
                year = _release_year(opening.sentences, title)
            return FilmRef(opening.spelling(title), year, sentence.original)
    return None


def _headline_film(opening: _Opening, line: Sentence) -> FilmRef | None:
    """A film a headline or standfirst names ("Title review: ...", "...:
    Title", "Title (2019)", "... The Title takes flight", "Jane Doe's
    Title") that the text names again."""
    text = _strip_marks(line.text)
    candidates: list[tuple[str, int | None, bool]] = []
    for pattern in _HEADLINE_RES:
        match = pattern.search(text)
        if match:
            candidates.append((match["title"], None, False))
    # A title after a word of comparison is the other film ("... recalls
    # Title (1972)"), never the one the line is about.
    candidates.extend(
        (raw, year, False)
        for raw, year, start in titles_with_years(text)
        if not _after_comparison(text, start, start + len(raw))
    )
    candidates.extend(
        (_possessive_title(opening, m) or "", None, True)
        for m in _POSSESSIVE_TITLE_RE.finditer(text)
        if not _after_comparison(text, m.start())
    )
    candidates.extend(
        (m["title"], None, False)
        for m in _ARTICLE_TITLE_RE.finditer(text)
        if not _after_comparison(text, m.start())
    )
    for raw, year, after_maker in candidates:
        title = clean_title(raw)
        if title and (after_maker or _is_title(title)) and opening.mentions(title) >= 2:
            year = year if valid_year(year) else None
            return FilmRef(opening.spelling(title), year, line.original)
    return None


def _from_headline(opening: _Opening) -> FilmRef | None:
    """A film the headline names and the text names again, else one the
    standfirst under a headline names; else a standfirst "Title is a ..."
    whose title the text names again."""
    if not opening.lines:
        return None
    headline = opening.lines[0]
    if len(headline.text) <= _LINE_MAX_CHARS and not _is_prose(headline.text):
        # The standfirst under a headline names the film as often as it does.
        for line in opening.lines[:2]:
            if len(line.text) <= _LINE_MAX_CHARS:
                film = _headline_film(opening, line)
                if film:
                    return film
    for sentence in opening.lines[:4]:
        match = _IS_A_RE.match(sentence.text)
        title = clean_title(match["title"]) if match else None
        if title and len(title.split()) > 1 and opening.mentions(title) >= 2:
            return FilmRef(opening.spelling(title), None, sentence.original)
    return None


def _from_lower_case_mention(opening: _Opening) -> FilmRef | None:
    """A title the first paragraph writes in lower case ("went to see the
    long quiet last night") and the text elsewhere capitalises ("The Long
    Quiet", "Jane Doe's Long Quiet", "Long Quiet (2021)"): a title of two
    words or more, not all of them function words."""
    first = _first_prose(opening)
    if not first:
        return None
    capitalised: dict[str, str] = {}
    for sentence in opening.sentences[:_MENTION_SENTENCES]:
        text = sentence.text
        raws = [m["title"] for m in _ARTICLE_TITLE_RE.finditer(text)]
        raws.extend(m["title"] for m in _POSSESSIVE_TITLE_RE.finditer(text))
        raws.extend(raw for raw, _, _ in titles_with_years(text))
        for raw in raws:
            title = clean_title(raw)
            words = title.casefold().split() if title else ()
            if len(words) > 1 and not FUNCTION_WORDS.issuperset(words):
                capitalised.setdefault(title.lower(), title)
    best: tuple[int, int, str, Sentence] | None = None
    for sentence in first:
        text = f" {sentence.text} "
        for low, title in capitalised.items():
            at = text.find(f" {low} ")
            if at >= 0 and (best is None or (at, -len(low)) < best[:2]):
                best = (at, -len(low), title, sentence)
        if best:
            return FilmRef(best[2], None, best[3].original)
    return None


def _stated_year(opening: _Opening, title: str) -> int | None:
    """The year the document gives the film it is about when its naming gave
    none: "it's a Canadian film from 2021" in the opening, else the year it
    premiered or was released."""
    for sentence in opening.lines:
        match = _PRONOUN_YEAR_RE.search(sentence.text)
        if match and (match["before"] or match["after"]):
            year = int(match["before"] or match["after"])
            if valid_year(year):
                return year
    return _release_year(opening.sentences, title)


def find_subject(
    sentences: list[Sentence], declared: FilmRef | None = None
) -> FilmRef | None:
    """The film a document is about, as its opening states it (see the
    module docstring), else ``declared`` (a lead further down), else None.
    A film named without a year takes the one the document states for it."""
    opening = _Opening(sentences)
    for rule in (
        _from_title_block,
        _from_lead,
        _from_headline,
        _from_lower_case_mention,
    ):
        film = rule(opening)
        if film:
            if film.year is None:
                year = _stated_year(opening, film.title)
                film = FilmRef(film.title, year, film.sentence)
            return film
    return declared


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
