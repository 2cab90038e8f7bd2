"""Locations: where a film was shot, and where its story is set.

Filming sentences ("filmed in", "shot at", "filming took place in") yield
filming locations with a hierarchy read from the sentence's shape:

- ``X in Y``: Y encloses X ("the Gravesend area in Kent").
- ``in Y, notably at X, on Z``: places after the first (the anchor) that are
  introduced by something other than a bare "in", or that name a district,
  lie within it.
- ``in X, between A and B``: A and B lie within X.
- ``X (Y)``: Y is another name of X.

Other sentences yield story settings from movement and position phrases
("goes to X", "ensconced in Y"); names that turn out to be people, characters
or films are dropped at resolution, once every document has been read.
"""

from __future__ import annotations

import re

from reviews.importer.facts import LocationFact
from reviews.importer.text import MONTHS_AND_DAYS, Sentence, fold
from reviews.importer.vocabulary import (
    AGGREGATORS,
    COUNTRIES,
    PLACE_GLOSSARY,
    PLACE_HEADS,
    PLACE_LEADS,
    PLACE_STOPWORDS,
    PLACE_TRAILING_NOUNS,
)

_WORD = r"(?:\d+(?:st|nd|rd|th)|[A-ZÀ-Þ][\w'-]*)"
_INNER = r"(?:de|du|des|la|le|les|of|the|del|della|di|da|sur|en|am|im|national|nationale|royal|royale|grand|saint)"
_TRAILING = "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in PLACE_TRAILING_NOUNS)
PLACE = rf"{_WORD}(?:\s+(?:{_INNER}\s+)*{_WORD})*(?:\s+(?:{_TRAILING})\b)?"

_FILMING_RE = re.compile(
    r"\b(?:film(?:ed|ing)|shot|shooting|lensed|principal photography|"
    r"on location)\b",
    re.IGNORECASE,
)
_FILMING_PLACE_RE = re.compile(
    rf"(?P<prep>\b(?i:in|at|on|around|along|near|between|and|including|to|from|"
    rf"outside|inside|across|through|within|notably|especially|particularly|"
    rf"such as|as well as)),?\s+(?:(?i:the)\s+)?(?P<place>{PLACE})"
    rf"(?P<alias>\s*\(\s*(?:(?i:the)\s+)?{PLACE}\s*\))?"
)
_SETTING_RE = re.compile(
    rf"\b(?P<prep>(?i:in|to|into|at|towards|toward|across|around|through|"
    rf"on the|along the|outside|from))\s+(?:(?i:the)\s+)?(?P<place>{PLACE})"
)
_ALIAS_INNER_RE = re.compile(rf"\(\s*(?:(?i:the)\s+)?(?P<name>{PLACE})\s*\)")

_CONTAINER_PREPS = {"in", "within", "inside", "outside", "near"}
_NOT_PLACE_WORDS = MONTHS_AND_DAYS | {
    "i", "he", "she", "it", "we", "they", "the", "a", "an", "this", "that",
    "act", "part", "scene", "chapter", "english", "french", "german", "spanish",
    "italian", "latin", "god", "christmas", "easter", "mr", "mrs", "ms", "dr",
}  # fmt: skip


def _clean(raw: str) -> str | None:
    words = raw.split()
    # "the Gravesend area": the area is Gravesend.
    if len(words) > 1 and words[-1].casefold() == "area":
        words.pop()
    name = " ".join(words).strip(" ,.;:'-")
    if not name or not any(ch.isalpha() for ch in name):
        return None
    if not any(w[0].isupper() for w in words) and not re.match(r"\d", name):
        return None
    if name.casefold() in _NOT_PLACE_WORDS or len(name) < 2:
        return None
    if fold(name) in AGGREGATORS:
        return None
    if words and words[0][0].isdigit() and len(words) == 1:
        return None
    return name


def place_kind(name: str) -> str:
    """Guess a Location.Kind from the words of a place name."""
    words = fold(name).split()
    if not words:
        return "other"
    if len(words) == 1 and words[0] in COUNTRIES:
        return "country"
    if words[0] in PLACE_LEADS:
        return PLACE_LEADS[words[0]]
    for word in reversed(words):
        if word in PLACE_HEADS:
            return PLACE_HEADS[word]
    for word in words:
        translated = PLACE_GLOSSARY.get(word)
        if translated in PLACE_HEADS:
            return PLACE_HEADS[translated]
    return "other"


def place_key(name: str) -> str:
    """Comparison key: accents, case, word order, foreign place words and
    filler words ignored, so "Jardin des Tuileries" == "Tuileries Garden"."""
    words = [PLACE_GLOSSARY.get(w, w) for w in fold(name).split()]
    words = [w[:-1] if w.endswith("s") and len(w) > 4 else w for w in words]
    return " ".join(sorted(w for w in words if w not in PLACE_STOPWORDS))


def is_filming_sentence(sentence: Sentence) -> bool:
    return bool(_FILMING_RE.search(sentence.text))


def extract_filming_locations(sentence: Sentence) -> list[LocationFact]:
    """Places of one filming sentence, with parents and aliases."""
    found: list[tuple[str, str, str, tuple[str, ...], int, int]] = []
    for match in _FILMING_PLACE_RE.finditer(sentence.text):
        name = _clean(match["place"])
        if not name:
            continue
        aliases: tuple[str, ...] = ()
        if match["alias"]:
            alias = _clean(_ALIAS_INNER_RE.search(match["alias"])["name"])
            aliases = (alias,) if alias else ()
        found.append(
            (name, match["prep"].casefold(), "", aliases, match.start(), match.end())
        )

    facts: list[LocationFact] = []
    parents: dict[int, str | None] = {}
    anchor: int | None = None
    for i, (name, prep, _, _, start, _) in enumerate(found):
        previous = found[i - 1] if i else None
        adjacent = previous and start - previous[5] <= 2
        if prep == "in" and previous and adjacent and parents.get(i - 1) is None:
            # "X in Y": Y encloses X.
            parents[i - 1] = name
            parents[i] = None
            continue
        if anchor is None:
            anchor = i
            parents[i] = None
            continue
        if prep == "between" or (prep == "and" and found[i - 1][1] == "between"):
            parents[i] = _parent_of_between(found, i, anchor)
            continue
        has_head = place_kind(name) not in {"other", "country", "city", "region"}
        if prep in _CONTAINER_PREPS and not has_head:
            parents[i] = None  # a sibling container: "in London and in Paris"
        else:
            parents[i] = found[anchor][0]
    for i, (name, _, _, aliases, _, _) in enumerate(found):
        parent = parents.get(i)
        facts.append(
            LocationFact(
                name=name,
                usage="filming",
                kind=place_kind(name),
                parent=parent if parent != name else None,
                aliases=aliases,
                sentence=sentence.original,
            )
        )
    return facts


def _parent_of_between(found, i, anchor) -> str:
    # The place named just before "between" (skipping the pair's own members).
    j = i - 1
    while j > 0 and found[j][1] in {"between", "and"}:
        j -= 1
    return found[j][0] if j >= 0 else found[anchor][0]


def extract_settings(sentence: Sentence) -> list[LocationFact]:
    """Story settings of a non-filming sentence."""
    facts = []
    for match in _SETTING_RE.finditer(sentence.text):
        name = _clean(match["place"])
        if name:
            facts.append(
                LocationFact(
                    name=name,
                    usage="setting",
                    kind=place_kind(name),
                    parent=None,
                    aliases=(),
                    sentence=sentence.original,
                )
            )
    return facts
