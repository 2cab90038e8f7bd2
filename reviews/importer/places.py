"""Locations: where a film was shot, and where its story is set.

Filming sentences ("filmed in", "shot at", "filming took place in") yield
filming locations with a hierarchy read from the sentence's shape. The
sentence is read left to right keeping a *container* (the area the places
named now lie in: "in Lyon, notably at X") and a *focus* (the most specific
area named, which "including X" refers to):

- ``X in Y``: Y encloses X ("the Ashford area in Surrey").
- ``X, Y``: Y encloses X ("Butte, Montana"), unless the list goes on.
- ``in Y, at X, on Z``: venues, streets and features lie in the container;
  ``including X`` lies in the focus.
- ``in A ... in B``: B lies in A when it is a smaller kind of area (a county,
  then a town, then a district); two areas of the same kind are siblings.
- ``to A, where ... in B``: B lies in A.
- ``at X and at Y``: Y is X's sibling (same parent).
- ``in X, between A and B``: A and B lie within X.
- ``X near Y``: nothing is inside anything.
- ``X (Y)``: Y is another name of X.

Other sentences yield story settings from movement and position phrases
("goes to X", "ensconced in Y"); names that turn out to be people, characters
or films are dropped at resolution, once every document has been read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from reviews.importer.facts import LocationFact
from reviews.importer.text import LOWER, MONTHS_AND_DAYS, UPPER, Sentence, fold
from reviews.importer.vocabulary import (
    AGGREGATORS,
    COUNTRIES,
    DEMONYMS,
    ORGANISATION_HEADS,
    PLACE_GLOSSARY,
    PLACE_HEADS,
    PLACE_LEADS,
    PLACE_STOPWORDS,
    PLACE_TRAILING_NOUNS,
)

_WORD = rf"(?:\d+(?:st|nd|rd|th)|[{UPPER}][\w'-]*)"
_INNER = r"(?:de|du|des|la|le|les|of|the|del|della|di|da|sur|en|am|im|national|nationale|royal|royale|grand|saint)"
_TRAILING = "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in PLACE_TRAILING_NOUNS)
PLACE = rf"{_WORD}(?:\s+(?:{_INNER}\s+)*{_WORD})*(?:\s+(?:{_TRAILING})\b)?"
# Another name in parentheses may be in any language: short lower-case words
# may join its capitalised ones ("Céibh an Chapaill", "Musée national du ...").
_ALIAS = rf"{_WORD}(?:\s+(?:(?:{_INNER}|[{LOWER}]{{1,4}})\s+)*{_WORD})*"

_FILMING_RE = re.compile(
    r"\b(?:film(?:ed|ing)|shot|shooting|lensed|principal photography|"
    r"on location)\b",
    re.IGNORECASE,
)
_FILMING_PLACE_RE = re.compile(
    rf"(?P<prep>\b(?i:in|at|on|around|along|near|between|and|including|to|from|"
    rf"outside|inside|across|through|throughout|within|notably|especially|"
    rf"particularly|such as|as well as)),?\s+(?:(?i:the)\s+)?(?P<place>{PLACE})"
    rf"(?P<alias>\s*\(\s*(?:(?i:the)\s+)?{_ALIAS}\s*\))?"
)
_SETTING_RE = re.compile(
    rf"\b(?P<prep>(?i:in|to|into|at|towards|toward|across|around|through|"
    rf"on the|along the|outside|from))\s+(?:(?i:the)\s+)?(?P<place>{PLACE})"
)
_ALIAS_INNER_RE = re.compile(rf"\(\s*(?:(?i:the)\s+)?(?P<name>{_ALIAS})\s*\)")
# ", Montana," after a place: the larger place it lies in (not a list item).
_APPOSITION_RE = re.compile(
    rf",\s+(?P<place>{PLACE})(?=\s*(?:[.;:)]|$|,(?!\s*(?:(?:and|or)\s+)?"
    rf"(?:(?i:the)\s+)?[{UPPER}\d])))"
)
# ", Y and Z" / ", Y, Z" after a place: more places of the same list.
_LIST_ITEM_RE = re.compile(
    rf",\s+(?:(?i:the)\s+)?(?P<place>{PLACE})(?=\s*,|\s+(?:and|or)\s)"
)
_WHERE_RE = re.compile(r"\s*,?\s+where\b")
_COORDINATED_RE = re.compile(r"^\W*(?:and|or)\W*$")
# Premieres and releases say where a film was shown, not where it is set.
_RELEASE_WORDS = (
    r"\b(?:premiered?|released?|screened|screening|shown|debuted|opened|"
    r"distributed|festival|sold|bought|acquired)\b"
)
_RELEASE_WORD_RE = re.compile(_RELEASE_WORDS, re.IGNORECASE)
_RELEASE_RE = re.compile(rf"{_RELEASE_WORDS}[^,;]*$", re.IGNORECASE)

_CONTAINER_PREPS = {"in", "within", "inside", "around", "throughout", "to", "across"}
_FOCUS_PREPS = {"including", "notably", "especially", "particularly", "such as"}
# Areas, by size: a smaller kind named after a larger one lies inside it.
_AREA_RANK = {"country": 5, "region": 4, "city": 3, "other": 3, "district": 2}
_NOT_PLACE_WORDS = MONTHS_AND_DAYS | {
    "i", "he", "she", "it", "we", "they", "the", "a", "an", "this", "that",
    "act", "part", "scene", "chapter", "english", "french", "german", "spanish",
    "italian", "latin", "god", "christmas", "easter", "mr", "mrs", "ms", "dr",
}  # fmt: skip


def _clean(raw: str) -> str | None:
    words = raw.split()
    # "the Ashford area": the area is Ashford.
    if len(words) > 1 and words[-1].casefold() == "area":
        words.pop()
    name = " ".join(words).strip(" ,.;:'-")
    if not name or not any(ch.isalpha() for ch in name):
        return None
    if not any(w[0].isupper() for w in words) and not re.match(r"\d", name):
        return None
    if name.casefold() in _NOT_PLACE_WORDS or len(name) < 2:
        return None
    folded = fold(name)
    if folded in AGGREGATORS or folded in DEMONYMS:
        return None
    if words and words[0][0].isdigit() and len(words) == 1:
        return None
    # "the Halvorsen Mining Company", "the Galway Film Festival": not places.
    if words[-1].casefold().strip("'") in ORGANISATION_HEADS:
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
    filler words ignored, so "Jardin des Plantes" == "Plantes Garden"."""
    words = [PLACE_GLOSSARY.get(w, w) for w in fold(name).split()]
    words = [w[:-1] if w.endswith("s") and len(w) > 4 else w for w in words]
    return " ".join(sorted(w for w in words if w not in PLACE_STOPWORDS))


def is_filming_sentence(sentence: Sentence) -> bool:
    return bool(_FILMING_RE.search(sentence.text))


@dataclass(slots=True)
class _Found:
    name: str
    prep: str  # the word before it; "," for an apposition
    aliases: tuple[str, ...]
    start: int
    end: int
    kind: str
    coordinated: bool = False  # "... and at X": X is the previous place's sibling
    opens_where: bool = False  # "to X, where ...": what follows lies in X

    @property
    def rank(self) -> int:
        return _AREA_RANK.get(self.kind, 0)


def _find_filming_places(text: str) -> list[_Found]:
    found: list[_Found] = []
    for match in _FILMING_PLACE_RE.finditer(text):
        name = _clean(match["place"])
        if not name:
            continue
        aliases: tuple[str, ...] = ()
        if match["alias"]:
            alias = _clean(_ALIAS_INNER_RE.search(match["alias"])["name"])
            aliases = (alias,) if alias else ()
        prep = " ".join(match["prep"].casefold().split())
        previous = found[-1] if found else None
        item = _Found(name, prep, aliases, match.start(), match.end(), place_kind(name))
        if previous:
            between = text[previous.end : item.start]
            item.coordinated = prep in {"and", "or"} or bool(
                _COORDINATED_RE.match(between)
            )
        item.opens_where = bool(_WHERE_RE.match(text, match.end()))
        found.append(item)
        found.extend(_after_place(text, match.end()))
    # An apposition also matched as a place of its own ("in X, in Y" is not
    # an apposition, but ", Y" with no word before it can only be one).
    deduped: list[_Found] = []
    for item in found:
        if deduped and deduped[-1].start <= item.start < deduped[-1].end:
            continue
        deduped.append(item)
    return deduped


def _after_place(text: str, end: int) -> list[_Found]:
    """Places that follow a place with only a comma: its larger place
    ("Butte, Montana") or the next items of a list ("London, Paris and Rome")."""
    items: list[_Found] = []
    while True:
        appositive = _APPOSITION_RE.match(text, end)
        listed = None if appositive else _LIST_ITEM_RE.match(text, end)
        match = appositive or listed
        name = _clean(match["place"]) if match else None
        if not name:
            return items
        items.append(
            _Found(
                name,
                "," if appositive else "and",
                (),
                match.start(),
                match.end(),
                place_kind(name),
                coordinated=bool(listed),
                opens_where=bool(_WHERE_RE.match(text, match.end())),
            )
        )
        if appositive:
            return items
        end = match.end()


def _parents(found: list[_Found]) -> list[int | None]:
    """Index of each place's enclosing place (see the module docstring)."""
    parents: list[int | None] = [None] * len(found)
    container: int | None = None  # the area places now lie in
    focus: int | None = None  # the most specific area named so far
    where: int | None = None
    for i, item in enumerate(found):
        previous = found[i - 1] if i else None
        is_area = item.rank > 0
        if item.prep == ",":
            # "in A and B, Region": the region encloses the whole list.
            j = i - 1
            while j >= 0:
                if parents[j] is None:
                    parents[j] = i
                if not found[j].coordinated:
                    break
                j -= 1
        elif (
            previous
            and item.prep in {"in", "within", "inside"}
            and is_area
            and parents[i - 1] is None
            and not item.coordinated
            and not text_gap(previous, item)
            and (not previous.rank or item.rank >= previous.rank)
        ):
            # "X in Y": Y encloses X; the specific of the two stays in focus.
            parents[i - 1] = i
            if previous.rank:
                container = focus = i - 1
            else:
                container = focus = i
        elif item.prep == "between" or (
            item.prep == "and" and previous and previous.prep == "between"
        ):
            parents[i] = _parent_of_between(found, i)
        elif item.coordinated and previous:
            parents[i] = parents[i - 1]
            if is_area:
                focus = i
        elif item.prep == "near":
            pass
        elif is_area and item.prep in _CONTAINER_PREPS | {"at"}:
            if container is None:
                container = focus = i
            elif where is not None:
                parents[i] = where
                container = focus = i
                where = None
            elif item.rank < found[container].rank:
                parents[i] = container
                focus = i
                if item.rank >= _AREA_RANK["city"]:
                    container = i
            else:
                container = focus = i  # a sibling area: "in London ... in Paris"
        else:
            parents[i] = focus if item.prep in _FOCUS_PREPS else container
            if parents[i] is None and is_area:
                container = focus = i
        if item.opens_where and is_area:
            where = i
    return parents


def text_gap(previous: _Found, item: _Found) -> bool:
    """Whether words come between two places ("X in Y" needs them adjacent)."""
    return item.start - previous.end > 2


def extract_filming_locations(sentence: Sentence) -> list[LocationFact]:
    """Places of one filming sentence, with parents and aliases."""
    found = _find_filming_places(sentence.text)
    parents = _parents(found)
    facts: list[LocationFact] = []
    for item, parent in zip(found, parents, strict=True):
        parent_name = found[parent].name if parent is not None else None
        facts.append(
            LocationFact(
                name=item.name,
                usage="filming",
                kind=item.kind,
                parent=parent_name if parent_name != item.name else None,
                aliases=item.aliases,
                sentence=sentence.original,
            )
        )
    return facts


def _parent_of_between(found: list[_Found], i: int) -> int | None:
    # The place named just before "between" (skipping the pair's own members).
    j = i - 1
    while j > 0 and found[j].prep in {"between", "and"}:
        j -= 1
    return j if j >= 0 else None


def extract_settings(sentence: Sentence) -> list[LocationFact]:
    """Story settings of a non-filming sentence."""
    facts = []
    text = sentence.text
    released = _RELEASE_WORD_RE.search(text)
    for match in _SETTING_RE.finditer(text):
        name = _clean(match["place"])
        # "in Jane Roe's film", "through Ruth's pasture": a possessive modifies.
        if not name or name.endswith("'s") or name.endswith("s'"):
            continue
        if released and _RELEASE_RE.search(text, 0, match.start()):
            continue
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
