"""Film titles: "Title (Year)", header values, and recurring title-case phrases.

A document's own film is its header's, else its most frequent "Title (Year)",
else (decided at resolution, with every document's titles known) the known
film it names most, else its most frequent mid-sentence "The ..." phrase.
Other films are "Title (Year)" phrases that are not the document's film and
titles after "films like", "such as", "starred in" and similar.
"""

from __future__ import annotations

import re
from collections import Counter

from reviews.importer.facts import FilmRef
from reviews.importer.text import FUNCTION_WORDS, Sentence

_TITLE_WORD = r"(?:[A-Z0-9][\w'&!?.:-]*)"
_TITLE_JOIN = r"(?:of|the|and|a|an|in|on|to|for|with|from|at|by|or|&|vs\.?)"
TITLE = rf"{_TITLE_WORD}(?:\s+(?:{_TITLE_JOIN}\s+)*{_TITLE_WORD})*"
_TITLE_YEAR_RE = re.compile(
    rf"(?P<title>{TITLE})\s*\(\s*(?P<year>(?:18|19|20)\d\d)(?:\s+film)?\s*\)"
)
_ARTICLE_TITLE_RE = re.compile(rf"(?<=[a-z,;:] )(?P<title>(?:The|A|An)\s+{TITLE})")
_OTHER_FILM_RE = re.compile(
    rf"\b(?:films?\s+(?:like|such\s+as|including)|movies?\s+(?:like|such\s+as)|"
    rf"starred\s+in|appeared\s+in|roles?\s+in|sequel\s+to|remake\s+of|"
    rf"the\s+(?:film|movie|documentary))\s+(?P<title>{TITLE})"
)
_ARTICLES = {"the", "a", "an"}


def clean_title(raw: str) -> str | None:
    words = raw.strip(" .,:;!?'\"").split()
    while words and words[0].casefold() in FUNCTION_WORDS - _ARTICLES:
        words.pop(0)
    while words and words[-1].casefold() in FUNCTION_WORDS:
        words.pop()
    if not words or (len(words) == 1 and words[0].casefold() in _ARTICLES):
        return None
    title = " ".join(words)
    return title if any(ch.isalpha() for ch in title) else None


def find_titles(sentences: list[Sentence]) -> tuple[Counter, Counter, list[FilmRef]]:
    """(titles with years, article-led title phrases, other-film phrases)."""
    with_year: Counter = Counter()
    phrases: Counter = Counter()
    others: list[FilmRef] = []
    first_sentence: dict[tuple[str, int], str] = {}
    for sentence in sentences:
        for match in _TITLE_YEAR_RE.finditer(sentence.text):
            title = clean_title(match["title"])
            if title:
                key = (title, int(match["year"]))
                with_year[key] += 1
                first_sentence.setdefault(key, sentence.original)
        for match in _ARTICLE_TITLE_RE.finditer(sentence.text):
            title = clean_title(match["title"])
            if title:
                phrases[title] += 1
        for match in _OTHER_FILM_RE.finditer(sentence.text):
            title = clean_title(match["title"])
            if title:
                others.append(FilmRef(title, None, sentence.original))
    for (title, year), _ in with_year.items():
        others.append(FilmRef(title, year, first_sentence[(title, year)]))
    return with_year, phrases, others


def choose_film(headers: dict[str, str], with_year: Counter) -> FilmRef | None:
    """The document's own film when the document states it outright."""
    title = headers.get("film")  # a "Title:" header is the review's headline
    year = headers.get("year", "")
    if title:
        match = _TITLE_YEAR_RE.fullmatch(title.strip())
        if match:
            return FilmRef(clean_title(match["title"]) or title, int(match["year"]))
        return FilmRef(title.strip(), int(year) if year.strip().isdigit() else None)
    if with_year:
        (title, year), _ = max(
            with_year.items(), key=lambda kv: (kv[1], -len(kv[0][0]))
        )
        return FilmRef(title, year)
    return None


def parse_film_option(value: str) -> FilmRef:
    """``"Title (Year)"`` or ``"Title"`` from the command line."""
    match = _TITLE_YEAR_RE.fullmatch(value.strip())
    if match:
        return FilmRef(match["title"].strip(), int(match["year"]))
    return FilmRef(value.strip(), None)
