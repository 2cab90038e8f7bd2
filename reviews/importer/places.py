"""Locations: where a film was shot, and where its story is set.

Filming sentences ("filmed in", "shot at", "filming took place in") yield
filming locations with a hierarchy read from the sentence's shape. The
sentence is read left to right keeping a *container* (the area the places
named now lie in: "in Lyon, notably at X") and a *focus* (the most specific
area named, which "including X" refers to):

- ``X in Y``: Y encloses X ("the Dunmere area in Westmark").
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
- ``X's Y``: Y lies in X ("in Kestrel's Old Town"); a possessive that is part
  of a name ("King's Walk", "St. Agnes's Well") stays in it.

Abbreviations begin names ("St. Agnes", "Mt. Orrin") but are never places on
their own, and neither is a lone generic noun ("the City", "the Station").

Other sentences yield story settings from movement and position phrases
("travels to X", "stranded in Y"); names that turn out to be people, characters
or films are dropped at resolution, once every document has been read.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from reviews.importer import gazetteer
from reviews.importer.facts import LocationFact
from reviews.importer.text import LOWER, MONTHS_AND_DAYS, UPPER, Sentence, fold
from reviews.importer.vocabulary import (
    AGGREGATORS,
    CHARACTER_TITLES,
    COUNTRIES,
    DEMONYMS,
    ORGANISATION_HEADS,
    PLACE_GLOSSARY,
    PLACE_HEADS,
    PLACE_LEADS,
    PLACE_STOPWORDS,
    PLACE_TRAILING_NOUNS,
)

# Abbreviations that begin place names ("St. Pauli", "Mt. Hood"): a word of
# the name with their full stop, never a place on their own.
_ABBREVIATED = ("St", "Ste", "Mt", "Ft", "Pt")
_WORD = (
    rf"(?:\d+(?:st|nd|rd|th)|(?:{'|'.join(_ABBREVIATED)})\.(?=\s+[{UPPER}\d])|"
    rf"[{UPPER}][\w'-]*)"
)
_INNER_WORDS = (
    "de du des la le les of the del della di da do dos das sur en am im national "
    "nationale royal royale grand saint"
).split()
_INNER = f"(?:{'|'.join(_INNER_WORDS)})"
_TRAILING = "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in PLACE_TRAILING_NOUNS)
PLACE = rf"{_WORD}(?:\s+(?:{_INNER}\s+)*{_WORD})*(?:\s+(?:{_TRAILING})\b)?"
# Another name in parentheses may be in any language: short lower-case words
# may join its capitalised ones ("Céibh an Chapaill", "Museo nacional de ...").
# Joining words of four letters or fewer are left to the short-word class:
# a word both could match gave two ways through every such word, and a
# failed match (no closing parenthesis) tried all of them, 2**n for n words.
_LONG_INNER = "|".join(w for w in _INNER_WORDS if len(w) > 4)
_ALIAS = rf"{_WORD}(?:\s+(?:(?:{_LONG_INNER}|[{LOWER}]{{1,4}})\s+)*{_WORD})*"

_FILMING_WORDS = (
    r"film(?:ed|ing)|shot|shooting|lensed|principal photography|"
    r"on location|sound\s?stages?|(?:was|were)\s+(?:built|constructed|"
    r"recreated|re-?staged)|(?:set|sets)\s+(?:was\s+|were\s+)?built|"
    r"built\s+as\s+(?:a\s+)?sets?|staged\s+in|(?:the\s+)?(?:production|crew|"
    r"unit|shoot)\s+(?:spent|moved|travelled|traveled|relocated|returned|went)"
)
_FILMING_RE = re.compile(rf"\b(?:{_FILMING_WORDS})\b", re.IGNORECASE)
# "in the fishing town of X", "on the island of X", "in the old streets of X":
# the place after a common noun and "of" (at most three lower-case words).
_OF = r"(?:(?P<of>(?:[a-z][a-z'-]*\s+){1,3})of\s+(?:(?i:the)\s+)?)?"
_FILMING_PLACE_RE = re.compile(
    rf"(?P<prep>\b(?i:in|at|on|around|along|near|between|and|including|to|from|"
    rf"outside|inside|across|through|throughout|within|notably|especially|"
    rf"particularly|such as|as well as)),?\s+(?:(?i:the)\s+)?{_OF}(?P<place>{PLACE})"
    rf"(?P<alias>\s*\(\s*(?:(?i:the)\s+)?{_ALIAS}\s*\))?"
)
_SETTING_RE = re.compile(
    rf"\b(?P<prep>(?i:in|to|into|at|towards|toward|across|around|through|"
    rf"on|along|outside|over|up|down|near|above|from))\s+(?:(?i:the)\s+)?{_OF}"
    rf"(?P<place>{PLACE})"
)
# Nouns whose "of X" makes X a place ("the village of X", "the shores of X").
_PLACE_OF_NOUNS = frozenset(
    """
    town towns village villages city island isle islands port hamlet district
    region province county state neighbourhood neighborhood suburb suburbs
    streets street lanes quarter outskirts coast shores shore banks edge
    wetlands backwaters ruins lighthouse harbour harbor bay valley hills
    mountains desert plains workshops markets docks waterfront beaches
    """.split()
)
# Place words of names in any language ("Costa da Morte", "Cabo X", "Praia X").
_PLACE_NAME_WORDS = (
    set(PLACE_HEADS)
    | set(PLACE_LEADS)
    | set(PLACE_GLOSSARY)
    | {"cape", "cabo", "costa", "praia", "playa", "ilha", "illa", "isle", "lago"}
    | {"mount", "port", "porto", "puerto", "lake", "island", "islands", "ranges"}
    | {"bank", "st", "ste", "mt", "ft", "pt", "saint", "sainte", "san", "santa"}
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
_CLAUSE_MARK_RE = re.compile(r"[,;]")

_CONTAINER_PREPS = {"in", "within", "inside", "around", "throughout", "to", "across"}
_FOCUS_PREPS = {"including", "notably", "especially", "particularly", "such as"}
# Areas, by size: a smaller kind named after a larger one lies inside it.
_AREA_RANK = {"country": 5, "region": 4, "city": 3, "other": 3, "district": 2}
_NOT_PLACE_WORDS = MONTHS_AND_DAYS | {
    "i", "he", "she", "it", "we", "they", "the", "a", "an", "this", "that",
    "act", "part", "scene", "chapter", "english", "french", "german", "spanish",
    "italian", "latin", "god", "christmas", "easter", "mr", "mrs", "ms", "dr",
}  # fmt: skip


# --- What a sentence says a place is -----------------------------------------
# A place named in a sentence is the film's only when the sentence is about
# filming (a set, a stage, a shoot) or the story; the cue nearest before it
# decides ("set in A, it premiered in B": A a setting, B not a place of the film).
# Places after a release, a biography, a company, post-production, a critic or
# the writer's own life are not places of the film.
_NOT_THE_FILMS = """
    premiere premieres premiered premiering release released releases releasing
    screened screening screenings shown showing opens opened debuted distributed
    distributor distributors distribution festival festivals competition prize
    prizes award awards won wins selected nominated nominations streaming stream
    cinemas toured acquired sales
    born raised studied studying trained graduated graduate student students
    educated emigrated lives lived living based career died works worked
    headquartered
    edited editing recorded recording mixed graded post-production animated
    financed financing funding funded
    critic critics reviewed described praised interview interviews performed
    theatre theater watched watching i i'm i've i'd my we our us
""".split()
_STORY = """
    set sets unfold unfolds story plot follows journey travels travel goes
    returns arrives sent moves flees escapes runs heads drives sails rides
""".split()
# "returns from X": where a character comes back from is part of the story;
# "a young engineer from X" only says where the character comes from.
_BACK_FROM_RE = re.compile(
    r"\b(?:returns?|returned|returning|flees|fled|fleeing|escapes|escaped|back)"
    r"\s+$",
    re.IGNORECASE,
)
_CUE_WORDS = dict.fromkeys(_NOT_THE_FILMS, "no") | dict.fromkeys(_STORY, "story")
# Cues of several words, and the filming cues.
_CUE_PHRASE_RE = re.compile(
    rf"\b(?:(?P<filming>{_FILMING_WORDS})|(?P<no>grew up|writing (?:in|for)|"
    rf"wrote (?:in|for)|called it|compan(?:y|ies) (?:based )?(?:in|at))|"
    rf"(?P<story>takes? place|"
    rf"(?:stood|stands|standing|doubled|doubles|doubling) (?:in )?for))\b",
    re.IGNORECASE,
)
_CUE_WORD_RE = re.compile(r"[\w'-]+|[:;]")
# "US" is the country, not the first person of "us".
_FIRST_PERSON_LOWER_ONLY = {"US", "Us"}
# "Kollam, which stood in for 1920s Trivandrum": the place it stood in for is
# the story's.
_STAND_IN_RE = re.compile(
    rf"\b(?:stood|stands|standing|doubled|doubles|doubling)\s+(?:in\s+)?"
    rf"(?:for|as)\s+(?:(?i:the)\s+)?(?:\d{{4}}s\s+)?(?P<place>{PLACE})"
)
# A name used as a modifier ("on the Sea of Japan coast", "the Gulf states"),
# or followed by a number ("Super 16 mm", "Act 2"), is not named as a place.
_MODIFIED_RE = re.compile(
    r"\s*(?:\d|(?:coast|coastline|shore|border|countryside|states|film|films|"
    r"cinema|government|authorities|press|audiences?|critics?|society|"
    r"company|accent|language|cuisine|style)\b)"
)
# Words of institutions, outlets and events, not of places where a story
# happens ("the Netherlands Film Academy", "The Sydney Morning Herald").
_INSTITUTION_WORDS = frozenset(
    """
    academy institute institut instituto university universidade universidad
    universite school escuela ecole conservatoire conservatory lab laboratory
    festival awards award film films cinema cine cinematheque market society
    council government ministry embassy herald times post guardian tribune
    journal gazette magazine observer telegraph chronicle daily weekly news
    courier express mail independent standard review bulletin
    """.split()
)


def _cues(text: str) -> tuple[list[int], list[str]]:
    """Positions and kinds ("no", "story", "filming", or "" where a colon or
    semicolon ends a clause) of the sentence's cues, in order."""
    found = [
        (match.start(), match.lastgroup or "filming")
        for match in _CUE_PHRASE_RE.finditer(text)
    ]
    covered = {start for start, _ in found}
    get = _CUE_WORDS.get
    for match in _CUE_WORD_RE.finditer(text):
        word = match.group()
        kind = "" if word in ":;" else get(word.casefold())
        if kind is None or match.start() in covered:
            continue  # a phrase cue ("set built") is read as a whole
        if kind != "no" or word not in _FIRST_PERSON_LOWER_ONLY:
            found.append((match.start(), kind))
    found.sort()
    return [p for p, _ in found], [k for _, k in found]


def _cue_before(cues: tuple[list[int], list[str]], position: int) -> str | None:
    positions, kinds = cues
    i = bisect.bisect_right(positions, position) - 1
    return (kinds[i] or None) if i >= 0 else None


def _is_modifier(text: str, end: int) -> bool:
    return bool(_MODIFIED_RE.match(text, end))


def is_institution(name: str) -> bool:
    """Whether a name is an institution's, an outlet's or an event's."""
    return any(word in _INSTITUTION_WORDS for word in fold(name).split())


# Words that say what kind of place something is ("City", "Station", "the
# River"): alone, a common noun written with a capital, not a place's name.
_GENERIC_PLACE_WORDS = (
    set(PLACE_HEADS)
    | set(PLACE_LEADS)
    | {fold(n) for n in PLACE_TRAILING_NOUNS}
    | {a.casefold() for a in _ABBREVIATED}
)
PLACE_MAX_CHARS = 120


def _clean(raw: str) -> str | None:
    words = raw.split()
    # "the Dunmere area": the area is Dunmere.
    if len(words) > 1 and (
        words[-1].casefold() == "area" or words[-1] in ("district", "region")
    ):
        words.pop()
    name = " ".join(words).strip(" ,.;:'-")
    if not name or not any(ch.isalpha() for ch in name):
        return None
    if not any(w[0].isupper() for w in words) and not re.match(r"\d", name):
        return None
    if name.casefold() in _NOT_PLACE_WORDS or len(name) < 2:
        return None
    if len(name) > PLACE_MAX_CHARS:
        return None  # a run of capitalised words, not a place's name
    folded = fold(name)
    if folded in AGGREGATORS or folded in DEMONYMS or folded in _GENERIC_PLACE_WORDS:
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


_POSSESSIVE_RE = re.compile(r"(?:'s|(?<=s)')$")
_SAINT_WORDS = {"st", "st.", "ste", "ste.", "saint", "sainte", "san", "santa"}


def _possessive_is_part_of_name(previous: str, owner: str, rest: list[str]) -> bool:
    """Whether a possessive belongs to a place's own name: a saint's or a
    title's ("St. Agnes's Well", "King's Cross"), or one before a lone head
    noun ("Miller's Bridge" is a bridge's name, not a bridge in Miller)."""
    return (
        previous.casefold() in _SAINT_WORDS
        or fold(owner) in CHARACTER_TITLES
        or len(rest) == 1
        and rest[0][:1].isupper()
        and fold(rest[0]) in _GENERIC_PLACE_WORDS
    )


def split_possessives(raw: str) -> list[tuple[str, int, int]]:
    """A place phrase cut at its possessives, as (text, start, end) pieces
    without the "'s": "Kestrel's Old Town" is Kestrel and Old Town."""
    pieces: list[tuple[str, int, int]] = []
    words = list(re.finditer(r"\S+", raw))
    start = 0
    for i, word in enumerate(words):
        possessive = _POSSESSIVE_RE.search(word.group())
        if not possessive:
            continue
        owner = word.group()[: possessive.start()]
        previous = words[i - 1].group() if i else ""
        rest = [w.group() for w in words[i + 1 :]]
        if _possessive_is_part_of_name(previous, owner, rest):
            continue
        end = word.start() + possessive.start()
        pieces.append((raw[start:end], start, end))
        start = word.end()
    if start < len(raw) and raw[start:].strip():
        pieces.append((raw[start:], start, len(raw)))
    return pieces


def _find_filming_places(text: str) -> list[_Found]:
    found: list[_Found] = []
    for match in _FILMING_PLACE_RE.finditer(text):
        prep = " ".join(match["prep"].casefold().split())
        offset = match.start("place")
        # "in Hamburg's old harbour": Hamburg; "in X's Y": Y, which lies in X.
        pieces = split_possessives(match["place"])
        for n, (raw, start, end) in enumerate(pieces):
            name = _clean(raw)
            if not name:
                continue
            last = n == len(pieces) - 1
            aliases: tuple[str, ...] = ()
            if last and match["alias"]:
                alias = _clean(_ALIAS_INNER_RE.search(match["alias"])["name"])
                aliases = (alias,) if alias else ()
            owned = n > 0 and found and found[-1].end == offset + pieces[n - 1][2]
            item = _Found(
                name,
                "'s" if owned else prep,
                aliases,
                offset + start if n else match.start(),
                match.end() if last else offset + end,
                place_kind(name),
            )
            previous = found[-1] if found else None
            if previous and not owned:
                between = text[previous.end : item.start]
                item.coordinated = prep in {"and", "or"} or bool(
                    _COORDINATED_RE.match(between)
                )
            if last:
                item.opens_where = bool(_WHERE_RE.match(text, match.end()))
            found.append(item)
        if pieces:
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
    ("Butte, Montana") or the next items of a list ("Lyon, Turin and Graz")."""
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
        if item.prep == "'s":
            # "X's Y": Y lies in X.
            parents[i] = i - 1
            if is_area:
                focus = i
        elif item.prep == ",":
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
                container = focus = i  # a sibling area: "in Lyon ... in Turin"
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
    """Places of one filming sentence, with parents and aliases.

    Each place takes its use from the cue nearest before it: a filming cue
    (or none) makes it a filming location, a story cue ("although set in X,
    it was shot in Y") a setting, and a cue of release, biography, company,
    post-production or criticism drops it. "X stood in for Y": Y is a setting.
    """
    text = sentence.text
    found = _find_filming_places(text)
    parents = _parents(found)
    cues = _cues(text)
    facts: list[LocationFact] = []
    for i, (item, parent) in enumerate(zip(found, parents, strict=True)):
        cue = _cue_before(cues, item.start)
        if cue == "no" or _is_modifier(text, item.end):
            continue
        if item.prep in ("and", "as well as") and not (
            i and item.coordinated and not text_gap(found[i - 1], item)
        ):
            continue  # "..., and Jane Roe's photography": not a list of places
        usage = "setting" if cue == "story" else "filming"
        if usage == "setting" and not _may_be_setting(item.name):
            continue
        parent_name = found[parent].name if parent is not None else None
        facts.append(
            LocationFact(
                name=item.name,
                usage=usage,
                kind=item.kind,
                parent=parent_name if parent_name != item.name else None,
                aliases=item.aliases,
                sentence=sentence.original,
            )
        )
    for match in _STAND_IN_RE.finditer(text):
        name = _clean(match["place"])
        if name and _may_be_setting(name) and not _is_modifier(text, match.end()):
            facts.append(_setting(name, sentence))
    return facts


def _may_be_setting(name: str) -> bool:
    """Whether a name can be a place at all: not an institution's, an
    outlet's or a language's."""
    return not is_institution(name) and not gazetteer.is_language(name)


def _setting(name: str, sentence: Sentence) -> LocationFact:
    return LocationFact(
        name=name,
        usage="setting",
        kind=place_kind(name),
        parent=None,
        aliases=(),
        sentence=sentence.original,
    )


def _parent_of_between(found: list[_Found], i: int) -> int | None:
    # The place named just before "between" (skipping the pair's own members).
    j = i - 1
    while j > 0 and found[j].prep in {"between", "and"}:
        j -= 1
    return j if j >= 0 else None


def _after_release_word(text: str):
    """A test of whether a position of ``text`` follows a release word with no
    comma or semicolon between ("premiered in Venice" names no setting).

    Each test is two binary searches: searching the text before each place
    again (``release-word[^,;]*$``) made a sentence of many places after a
    release word quadratic in its length.
    """
    ends = [m.end() for m in _RELEASE_WORD_RE.finditer(text)]
    marks = [m.start() for m in _CLAUSE_MARK_RE.finditer(text)]

    def follows_release_word(position: int) -> bool:
        # The nearest release word ending by ``position`` (places start a
        # word, so none ends inside one), and the last mark before it.
        i = bisect.bisect_right(ends, position) - 1
        j = bisect.bisect_left(marks, position) - 1
        return i >= 0 and (j < 0 or marks[j] < ends[i])

    return follows_release_word


def extract_settings(sentence: Sentence) -> list[LocationFact]:
    """Story settings of a non-filming sentence.

    A capitalised phrase after a place preposition ("in", "to", "across" ...,
    never "from": where a character comes from is not where the story is)
    is a setting when the cue nearest before it is the story's ("set in",
    "takes place", "travels to"). With no cue, it must be a place the
    gazetteer knows (not a continent) or have a place's shape ("Lake X",
    "X Bridge"); after a cue of release, biography, company, post-production,
    criticism or the writer's own life it is no place of the film. A known
    region or country after a setting ("Salvador, Bahia") is a setting too.
    """
    facts = []
    text = sentence.text
    # The cues are read only once a candidate place needs them: most
    # sentences hold none, and scanning every word of each was a quarter of
    # the extraction's time.
    cues = None
    for match in _SETTING_RE.finditer(text):
        raw = match["place"]
        pieces = split_possessives(raw)
        # "in Jane Roe's film", "through Ruth's pasture": a possessive modifies
        # a common noun; "to Kestrel's Old Town": the setting is the Old Town
        # (the owner may as well be a person as a place).
        if not pieces or pieces[-1][2] != len(raw):
            continue
        name = _clean(pieces[-1][0])
        if not name or not _may_be_setting(name):
            continue
        if match["prep"].casefold() == "from" and not _BACK_FROM_RE.search(
            text, max(0, match.start() - 20), match.start()
        ):
            continue
        if cues is None:
            cues = _cues(text)
        cue = _cue_before(cues, match.start())
        if cue == "no" or _is_modifier(text, match.end()):
            continue
        of = (match["of"] or "").split()
        evident = bool(of) and of[-1].casefold() in _PLACE_OF_NOUNS
        if cue != "story" and not evident and not _is_evidently_a_place(name):
            continue
        facts.append(_setting(name, sentence))
        larger = _APPOSITION_RE.match(text, match.end())
        name = _clean(larger["place"]) if larger else None
        if name and _may_be_setting(name) and _is_evidently_a_place(name):
            facts.append(_setting(name, sentence))
    return facts


def _is_evidently_a_place(name: str) -> bool:
    """A name the gazetteer knows as a country, region or town, or one whose
    words say it is a place ("Lake Manyas", "Galata Bridge"). Callers have
    ruled out institutions (`_may_be_setting`)."""
    place = gazetteer.best(name)
    if place is not None:
        return place.kind != gazetteer.CONTINENT
    return any(word in _PLACE_NAME_WORDS for word in fold(name).split())
