"""Shapes of personal and character names, and how raw matches are cleaned.

The cast reader's name shapes extend `reviews.importer.text`'s: a capitalised
word may have an inner capital after a hyphen ("Lachance-MacNeil") or open on
the Dutch "IJ" ("IJsselstein"), and a name may hold the particles of more
languages ("Gwenllian ap Dafydd", "Oriol Massagué i Puig", "Joost van 't
Hek"). Every quantifier over letters is possessive, so a failed match never
tries a word two ways (the worst-case benchmark holds this).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from reviews.importer.text import (
    FUNCTION_WORDS,
    LOWER,
    MONTHS_AND_DAYS,
    NAME_PARTICLE,
    UPPER,
)
from reviews.importer.vocabulary import (
    AGGREGATORS,
    CHARACTER_HONORIFICS,
    CHARACTER_TITLES,
    COUNTRIES,
    CREDIT_LEAD_WORDS,
    DEMONYMS,
    EXTRA_NAME_PARTICLES,
    ORGANISATION_WORDS,
    PLACE_GLOSSARY,
    PLACE_HEADS,
    PLACE_LEADS,
    PLACE_STOPWORDS,
)

# One part of a capitalised word: a capital (or "IJ") and small letters, with
# at most one inner capital after a small letter (McAuley, DiCaprio).
_PART = rf"(?:IJ|[{UPPER}])[{LOWER}]*+(?:(?<=[{LOWER}])[{UPPER}][{LOWER}]++)?"
# A capitalised word: parts joined by hyphens or apostrophes (O'Brien,
# Jean-Luc, Lachance-MacNeil, Shirakawa-go); a lone capital with a full stop is
# an initial.
CAP = (
    rf"(?:{_PART}(?:['-](?:{_PART}|[{LOWER}][{LOWER}]++(?:(?<=[{LOWER}])"
    rf"[{UPPER}][{LOWER}]++)?))*+\.?)"
)
_PARTICLES = "|".join(
    [NAME_PARTICLE.removeprefix("(?:").removesuffix(")")]
    + [re.escape(p) for p in EXTRA_NAME_PARTICLES]
)
NAME_PARTICLE_RE = rf"(?:{_PARTICLES})"
# A personal name: one to four capitalised words, up to two particles between.
PERSON_NAME = rf"{CAP}(?:\s+(?:{NAME_PARTICLE_RE}\s+){{0,2}}{CAP}){{0,3}}"
# Several names: "A, B and C", "A & B".
NAMES = (
    rf"{PERSON_NAME}(?:\s*,\s*{PERSON_NAME})*"
    rf"(?:\s*,?\s+(?:and|&)\s+{PERSON_NAME})?"
)
# A character's name: a title and up to three more capitalised words.
CHARACTER_NAME = rf"{CAP}(?:\s+{CAP}){{0,3}}"
# What may follow a character's name: punctuation, a small word, the end.
CHARACTER_END = r"(?=\s*[^\w\s'-]|\s+[a-z]|\s*$)"

PERSON_NAME_RE = re.compile(PERSON_NAME)
_PERSON_NAME_FULL_RE = re.compile(rf"{PERSON_NAME}\Z")
_NAME_SPLIT_RE = re.compile(r"\s*(?:,\s*(?:and\s+|&\s+)?|\s+and\s+|\s+&\s+)\s*")

_AGGREGATOR_WORDS = {w for name in AGGREGATORS for w in name.split()}
# Words stripped from the front of a name ("Starring Jane Roe" is Jane Roe).
LEAD_WORDS = FUNCTION_WORDS | MONTHS_AND_DAYS | CREDIT_LEAD_WORDS
# Words no personal name contains, in any position.
NEVER_IN_NAME = (
    MONTHS_AND_DAYS
    | CHARACTER_TITLES
    | _AGGREGATOR_WORDS
    | ORGANISATION_WORDS
    | {"film", "films", "movie", "cinema", "act", "part", "chapter", "scene", "oscar"}
    | {"god", "christmas", "easter"}
)
PLACE_WORDS = (
    set(PLACE_HEADS) | set(PLACE_LEADS) | set(PLACE_GLOSSARY) | COUNTRIES
) - set(PLACE_STOPWORDS)
# Strict mode (where nothing but the shape says "person"): no place words either.
NOT_IN_STRICT_NAME = NEVER_IN_NAME | COUNTRIES | DEMONYMS | set(PLACE_HEADS)
_TITLES = CHARACTER_TITLES | CHARACTER_HONORIFICS
_NEVER_IN_CHARACTER = NEVER_IN_NAME - CHARACTER_TITLES


def word_key(word: str) -> str:
    """A word as the vocabularies list it: lower case, no edge punctuation."""
    return word.casefold().strip(".,;:'")


def _name_words(raw: str) -> tuple[list[str], list[str]]:
    """The words of a raw name after its leading non-name words, and their keys."""
    words = raw.replace("\n", " ").split()
    while words and word_key(words[0]) in LEAD_WORDS:
        words.pop(0)
    return words, [word_key(w) for w in words]


def clean_name(raw: str, *, strict: bool = False) -> str | None:
    """A personal name with leading non-name words trimmed, or None.

    Names from explicit credit phrases ("starring X", "X as Y", "directed by
    X") are taken leniently: a surname may be a place word (Hall, Lane, Park).
    ``strict`` is for names known by their shape alone, as in ``A (B)``.

    >>> clean_name("Starring Jane Roe")
    'Jane Roe'
    >>> clean_name("Rivage International") is None
    True
    """
    words, keys = _name_words(raw)
    if not words:
        return None
    banned = NOT_IN_STRICT_NAME if strict else NEVER_IN_NAME
    if any(k in banned for k in keys):
        return None
    if len(words) == 1 and (keys[0] in COUNTRIES or keys[0] in DEMONYMS):
        return None
    name = " ".join(words).strip(".,;:'")
    if len(name) < 2 or name.isupper() and len(name) > 3:
        return None
    return name


def clean_character(raw: str) -> str | None:
    """A character's name: like a person's, but titles are welcome.

    >>> clean_character("Inspector Moreau")
    'Inspector Moreau'
    >>> clean_character("Inspector") is None
    True
    """
    words, keys = _name_words(raw)
    if not words or any(k in _NEVER_IN_CHARACTER for k in keys):
        return None
    if all(k in _TITLES for k in keys):
        return None  # "the Doctor" alone is a role, not a name we can key on
    name = " ".join(words).strip(".,;:'")
    return name if len(name) >= 2 else None


def is_person_name(raw: str) -> bool:
    """Whether ``raw`` is, whole, a name of the person shape."""
    return _PERSON_NAME_FULL_RE.match(raw) is not None


def is_place_like(name: str) -> bool:
    """Whether a word of ``name`` is a place word ("Gothic Quarter")."""
    return any(word_key(w) in PLACE_WORDS for w in name.split())


def is_titled(name: str) -> bool:
    """Whether ``name`` opens on a title or honorific ("Inspector", "Dona")."""
    return word_key(name.split()[0]) in _TITLES


def split_names(raw: str) -> list[str]:
    """The cleaned names of a list ("Jane Roe, Tom Hurst and Ann Lee")."""
    names = []
    for part in _NAME_SPLIT_RE.split(raw):
        cleaned = clean_name(part)
        if cleaned:
            names.append(cleaned)
    return names


def full_names_of(words: set[str], texts: Iterable[str], excluded) -> dict[str, str]:
    """The full name each bare name stands for in a document: the one
    person-shaped full name that ends with it ("Albrecht", after "Katrin
    Albrecht's third feature") or starts with it (family name first: "Park"
    for "Park Ji-won"). ``excluded(name)`` rules a candidate out."""
    options: dict[str, set[str]] = {}
    for text in texts:
        for match in PERSON_NAME_RE.finditer(text):
            raw = match.group()
            if " " not in raw:
                continue
            # Cleaning keeps the last word (less trailing marks) and drops
            # only leading words: a name none of whose words is a bare name
            # can be skipped before it is cleaned.
            raw_words = raw.split()
            if raw_words[-1].rstrip(".,;:'") not in words and words.isdisjoint(
                raw_words
            ):
                continue
            name = clean_name(raw)
            if not name or " " not in name or excluded(name):
                continue
            parts = name.split()
            for word, rest in ((parts[-1], parts[:-1]), (parts[0], parts[1:])):
                # The bare word is a name already (a credit phrase used it):
                # the rest of the name must look like one too.
                if word in words and clean_name(" ".join(rest), strict=True):
                    options.setdefault(word, set()).add(name)
    return {
        word: next(iter(names)) for word, names in options.items() if len(names) == 1
    }
