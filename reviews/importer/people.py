"""Cast and crew: who held which role, and which character an actor played.

Rule-based patterns over sentences:

- ``Actor (Character)`` and ``Character (Actor)``. The side that starts with a
  character title ("Inspector", "Sheriff") is the character; a side the
  document already credits as an actor (or names as a character) settles it;
  otherwise a one-word side is the character when the other has several
  words. Two one-word sides (`PairFact`) wait for resolution to say which is
  a known surname; two multi-word sides are settled by the rest of the
  document, or left to resolution with a best guess (`PairFact` with the
  likely character on the left).
- ``Actor as Character`` (also in "Starring A as B, C as D" lists),
  ``Actor plays Character``, ``Character, played by Actor``.
- Crew titles before names (``writer/director X``, ``his co-writer, X``),
  work phrases before ``by`` (``editing and music by X and Y``),
  possessive work nouns (``X's cinematography``), names or pronouns before
  role verbs (``he co-produced``, ``X, who also produced the film
  with Y``).
- Characters introduced by relation (``her brother, Sean``, ``two sons,
  A and B``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from functools import cache

from reviews.importer.facts import CharacterFact, CreditFact, PairFact
from reviews.importer.text import (
    CAP,
    FUNCTION_WORDS,
    MONTHS_AND_DAYS,
    PERSON_NAME,
    Sentence,
)
from reviews.importer.vocabulary import (
    AGGREGATORS,
    CHARACTER_TITLES,
    COUNTRIES,
    CREDIT_LEAD_WORDS,
    DEMONYMS,
    PLACE_GLOSSARY,
    PLACE_HEADS,
    PLACE_LEADS,
    PLACE_STOPWORDS,
    POSSESSIVE_WORKS,
    RELATION_NOUNS,
    ROLE_NOUNS,
    ROLE_VERBS,
    WORK_PHRASES,
)


def _alternation(phrases: Iterable[str]) -> str:
    """The phrases as one alternation, longest first, any spacing between words.

    Phrases are grouped by their first character ("d(?:irector|...)"), so
    that each word of a text is compared with the few phrases it can start
    rather than all of them: the same matches (phrases with different first
    characters never match at the same place), in a fraction of the time.
    """
    ordered = sorted(phrases, key=len, reverse=True)

    def spaced(text: str) -> str:
        return re.escape(text).replace(r"\ ", r"\s+")

    groups: dict[str, list[str]] = {}
    for phrase in ordered:
        groups.setdefault(phrase[0], []).append(spaced(phrase[1:]))
    if len({first.casefold() for first in groups}) < len(groups):
        return "|".join(spaced(p) for p in ordered)  # "D..." and "d...": keep order
    return "|".join(
        f"{re.escape(first)}(?:{'|'.join(rests)})" for first, rests in groups.items()
    )


_LIST_JOIN = r"\s*(?:,|and|&)\s*"


def _list_of(phrases: Iterable[str], *, flags: str = "") -> str:
    """A list of the phrases ("editing, music and sound design").

    A phrase that is itself such a list ("written and directed") is left to
    the list: read both as one phrase and as two, it made a failed match try
    every combination, 2**n for n of them. ``flags``: "i" for any case.
    """
    phrases = list(phrases)

    def list_re(alternation: str) -> str:
        group = f"(?{flags}:" if flags else "(?:"
        return rf"{group}(?:{alternation})(?:{_LIST_JOIN}(?:{alternation}))*)"

    parts = [
        phrase
        for phrase in phrases
        if not re.fullmatch(
            list_re(_alternation(p for p in phrases if p != phrase)), phrase
        )
    ]
    return list_re(_alternation(parts))


NAMES = rf"{PERSON_NAME}(?:\s*,\s*{PERSON_NAME})*(?:\s*,?\s+(?:and|&)\s+{PERSON_NAME})?"
# A character's name: a title and up to three more capitalised words.
CHARACTER_NAME = rf"{CAP}(?:\s+{CAP}){{0,3}}"
# What may follow a character's name: punctuation, a small word, the end.
_CHARACTER_END = r"(?=\s*[^\w\s'-]|\s+[a-z]|\s*$)"

_PAIR_RE = re.compile(rf"(?P<left>{PERSON_NAME})\s*\(\s*(?P<right>{PERSON_NAME})\s*\)")
# Small words between an actor and "as": "X is superb as Y", "X has fun as
# Y"; not "X is known as Y" (a nickname) or "New York doubles as Z" (a place
# standing in for another).
_AS_LEAD = (
    r"(?:\s+(?!(?:known|described|seen|referred|nicknamed|called|introduced|"
    r"disguised|posing|poses|posed|dressed|doubles|doubled|doubling|stands|stood|"
    r"standing|serves|served|serving|substitutes|substituted|used|filmed|shot|"
    r"such|so|same|well|long|soon|just)\b)[a-z-]+,?){1,4}?"
)
# "as the stubborn younger brother Tae-oh": a description before the name.
_AS_DESCRIPTION = (
    rf"(?:(?:the|a|an|her|his|their|{CAP}'s)\s+(?:(?!(?:of|in|to|for|with|from|by|"
    r"and|at|on|who|whose|that|which|film|movie)\b)[a-z-]+\s+){0,4}?)?"
)
_AS_RE = re.compile(
    rf"(?P<actor>{PERSON_NAME})"
    rf"(?:\s+(?:stars\s+as|starring\s+as|plays|portrays|as)|{_AS_LEAD}\s+as"
    rf"|(?P<comma>\s*,\s*as))\s+"
    rf"(?:the\s+(?:role|part)\s+of\s+|{_AS_DESCRIPTION})"
    # "X, as Y, ...": only a closed aside ("X, as Y notes" is not casting).
    rf"(?P<character>{CHARACTER_NAME})(?(comma)(?=\s*,)|{_CHARACTER_END})"
)
_PLAYED_BY_RE = re.compile(
    rf"(?P<character>{CHARACTER_NAME}),?\s+(?:is\s+|was\s+)?"
    rf"(?:played|portrayed)\s+by\s+(?P<actor>{PERSON_NAME})"
)
# Role words may be capitalised ("Director Jane Roe"); names must be.
_ROLE_NOUN_RE = re.compile(
    rf"\b(?P<role>(?i:{_alternation(ROLE_NOUNS)}))(?:\s*,)?\s+(?P<names>{NAMES})"
)
_WORK_RE = re.compile(
    rf"\b(?P<work>{_list_of(WORK_PHRASES, flags='i')})"
    rf"\s+(?:is\s+|was\s+|are\s+|were\s+)?by\s+(?P<names>{NAMES})"
)
_WORK_SPLIT_RE = re.compile(rf"{_alternation(WORK_PHRASES)}", re.IGNORECASE)
_POSSESSIVE_RE = re.compile(
    rf"(?P<name>{PERSON_NAME})'s?\s+(?:[a-z-]+\s+){{0,2}}?"
    rf"(?P<work>(?i:{_alternation(POSSESSIVE_WORKS)}))\b"
)
_VERB_ALTERNATION = _alternation(ROLE_VERBS)
_VERB_RE = re.compile(
    rf"(?P<subject>\b(?i:she|he|they)\b|{PERSON_NAME})(?:\s*,\s*who)?\s+"
    rf"(?:(?:also|both|later|then|had|has|have|jointly|herself|himself)\s+){{0,2}}"
    rf"(?P<verb>{_list_of(ROLE_VERBS)})"
    rf"\b(?!\s+by\b)"
    # What was directed, produced or written must be the film (or a title):
    # "she wrote a letter" credits nobody.
    rf"(?=\s*(?:[,.;:)]|$)|\s+(?:the\s+(?:film|movie|picture|project|script|"
    rf"screenplay|score|music)|it|and|both|too|as\s+well|alongside|with|from|"
    rf"in\s+\d{{4}})\b|\s+(?:{CAP}))"
    rf"(?:\s+(?:the\s+(?:film|movie|picture|project|script|screenplay|score|"
    rf"music)|it))?"
    rf"(?:\s+(?:with|alongside)\s+(?P<partners>{NAMES}))?"
)
_VERB_SPLIT_RE = re.compile(_VERB_ALTERNATION, re.IGNORECASE)
_APPOSITIVE_RE = re.compile(
    rf"(?P<names>{PERSON_NAME}),\s+(?:the\s+)?(?:film's\s+|movie's\s+)?"
    rf"(?P<role>{_alternation(ROLE_NOUNS)})\b",
)
_ACTOR_RE = re.compile(
    rf"\b(?i:performances?\s+(?:by|from)|starring|stars|co-stars|co-starring|"
    rf"featuring|turns?\s+(?:by|from)|cast\s+includes|the\s+cast\s+of)"
    rf"\s+(?P<names>{NAMES})"
)
_RELATIVE = rf"{CAP}(?:\s+{CAP}){{0,2}}"
_RELATION_RE = re.compile(
    rf"(?:\b(?i:the|a|an|her|his|their|its|two|three|four|young|both)|{CAP}'s)\s+"
    rf"(?:[a-z-]+\s+){{0,2}}?(?P<noun>{_alternation(RELATION_NOUNS)}),?\s+"
    rf"(?P<names>{_RELATIVE}(?:\s*,\s*{_RELATIVE})*(?:\s*,?\s+and\s+{_RELATIVE})?)"
    rf"(?![\w'-])"
)
_NAME_SPLIT_RE = re.compile(r"\s*(?:,\s*(?:and\s+|&\s+)?|\s+and\s+|\s+&\s+)\s*")
_PRONOUNS = {"she", "he", "they"}
# Substrings without which a pattern cannot match (checked before running it).
_AS_HINTS = (" as ", "plays ", "portrays ")
_ROLE_NOUN_HINTS = tuple(sorted({k[:6] for k in ROLE_NOUNS}))
_VERB_HINTS = tuple(sorted({k[:5] for k in ROLE_VERBS}))
_ACTOR_HINTS = ("perform", "star", "featur", "turn", "cast")
_RELATION_NOUN_RE = re.compile(_alternation(RELATION_NOUNS))


@cache
def _hint_pattern(hints: tuple[str, ...]) -> re.Pattern:
    """One search for any of several substrings (a loop of ``in`` is slower)."""
    return re.compile("|".join(re.escape(h) for h in hints))


_CAP_RE = re.compile(CAP)
# A sentence opening on a full name: who a later "she" or "he" may mean.
_SUBJECT_RE = re.compile(rf"(?P<name>{PERSON_NAME})(?=,|\s+[a-z])")

_AGGREGATOR_WORDS = {w for name in AGGREGATORS for w in name.split()}
# Words stripped from the front of a name ("Starring Jane Roe" is Jane Roe).
_LEAD_WORDS = FUNCTION_WORDS | MONTHS_AND_DAYS | CREDIT_LEAD_WORDS
# Words no personal name contains, in any position.
_NEVER_IN_NAME = (
    MONTHS_AND_DAYS
    | CHARACTER_TITLES
    | _AGGREGATOR_WORDS
    | {"film", "films", "movie", "cinema", "act", "part", "chapter", "scene", "oscar"}
    | {"god", "christmas", "easter"}
)
_PLACE_WORDS = (
    set(PLACE_HEADS) | set(PLACE_LEADS) | set(PLACE_GLOSSARY) | COUNTRIES
) - set(PLACE_STOPWORDS)
# Strict mode (where nothing but the shape says "person"): no place words either.
_NOT_IN_STRICT_NAME = _NEVER_IN_NAME | COUNTRIES | DEMONYMS | set(PLACE_HEADS)


def _word_key(word: str) -> str:
    return word.casefold().strip(".,;:'")


def clean_name(raw: str, *, strict: bool = False) -> str | None:
    """A personal name with leading non-name words trimmed, or None.

    Names from explicit credit phrases ("starring X", "X as Y", "directed by
    X") are taken leniently: a surname may be a place word (Hall, Lane, Park).
    ``strict`` is for names known by their shape alone, as in ``A (B)``.
    """
    words = raw.replace("\n", " ").split()
    while words and _word_key(words[0]) in _LEAD_WORDS:
        words.pop(0)
    if not words:
        return None
    keys = [_word_key(w) for w in words]
    banned = _NOT_IN_STRICT_NAME if strict else _NEVER_IN_NAME
    if any(k in banned for k in keys):
        return None
    if len(words) == 1 and (keys[0] in COUNTRIES or keys[0] in DEMONYMS):
        return None
    name = " ".join(words).strip(".,;:'")
    if len(name) < 2 or name.isupper() and len(name) > 3:
        return None
    return name


def clean_character(raw: str) -> str | None:
    """A character's name: like a person's, but titles are welcome."""
    words = raw.replace("\n", " ").split()
    while words and _word_key(words[0]) in _LEAD_WORDS:
        words.pop(0)
    keys = [_word_key(w) for w in words]
    if not words or any(k in _NEVER_IN_NAME - CHARACTER_TITLES for k in keys):
        return None
    if all(k in CHARACTER_TITLES for k in keys):
        return None  # "the Doctor" alone is a role, not a name we can key on
    name = " ".join(words).strip(".,;:'")
    return name if len(name) >= 2 else None


def _is_place_like(name: str) -> bool:
    return any(_word_key(w) in _PLACE_WORDS for w in name.split())


def is_titled(name: str) -> bool:
    return _word_key(name.split()[0]) in CHARACTER_TITLES


def split_names(raw: str) -> list[str]:
    names = []
    for part in _NAME_SPLIT_RE.split(raw):
        cleaned = clean_name(part)
        if cleaned:
            names.append(cleaned)
    return names


def _roles_in(phrase: str, table: dict[str, tuple[str, ...]]) -> tuple[str, ...]:
    key = " ".join(phrase.casefold().split())
    return table.get(key, ())


class _People:
    """One document's credits so far, with the lookups the rules need."""

    def __init__(self, film_titles: set[str]):
        self.credits: list[CreditFact] = []
        self.titles = {t.casefold() for t in film_titles}
        self.actors: set[str] = set()  # full names credited as actors
        self.character_names: set[str] = set()
        self.surnames: set[str] = set()  # last words of credited full names

    def is_title(self, name: str) -> bool:
        return name.casefold() in self.titles

    def add(self, person: str, role: str, character: str | None, sentence: str):
        if self.is_title(person) or (character and self.is_title(character)):
            return False
        self.credits.append(CreditFact(person, role, character, sentence))
        if " " in person:
            self.surnames.add(person.split()[-1])
            if role == "actor":
                self.actors.add(person)
        if character:
            self.character_names.add(character)
        return True


def _orient(left: str, right: str, people: _People) -> int:
    """+1: ``Actor (Character)``; -1: ``Character (Actor)``; 0: undecided."""
    left_titled, right_titled = is_titled(left), is_titled(right)
    if left_titled != right_titled:
        return -1 if left_titled else 1
    left_actor, right_actor = left in people.actors, right in people.actors
    if left_actor != right_actor:
        return 1 if left_actor else -1
    left_role = left in people.character_names
    right_role = right in people.character_names
    if left_role != right_role:
        return -1 if left_role else 1
    left_words, right_words = len(left.split()), len(right.split())
    if min(left_words, right_words) == 1 and left_words != right_words:
        return 1 if left_words > right_words else -1
    return 0


def _sentence_subject(text: str, people: _People) -> str | None:
    """The full name a sentence opens on, if it looks like a person's."""
    match = _SUBJECT_RE.match(text)
    if not match:
        return None
    name = clean_name(match["name"], strict=True)
    if (
        name
        and name == match["name"]
        and " " in name
        and not people.is_title(name)
        and name not in people.character_names
    ):
        return name
    return None


def extract_people(
    sentences: list[Sentence], film_titles: set[str]
) -> tuple[list[CreditFact], list[PairFact], list[CharacterFact]]:
    """Find credits, undecided ``A (B)`` pairs and characters in a document."""
    people = _People(film_titles)
    pairs: list[PairFact] = []
    characters: list[CharacterFact] = []
    deferred: list[tuple[str, str, bool, str]] = []  # left, right, opens sentence
    orientation_votes = 0  # >0: the document writes "Actor (Character)"
    last_person: str | None = None

    for sentence in sentences:
        text = sentence.text
        original = sentence.original
        mentioned: list[tuple[int, str]] = []
        # Cheap substring tests first: most sentences name no cast or crew.
        lower = text.casefold()

        def has(hints, _lower=lower):
            return _hint_pattern(hints).search(_lower) is not None

        role_nouns = has(_ROLE_NOUN_HINTS)
        subject = _sentence_subject(text, people)
        if subject:
            mentioned.append((0, subject))

        def credit(name, role, character, position, _original=original, _m=mentioned):
            if people.add(name, role, character, _original):
                _m.append((position, name))

        for match in _AS_RE.finditer(text) if has(_AS_HINTS) else ():
            actor = clean_name(match["actor"])
            character = clean_character(match["character"])
            if actor and character:
                credit(actor, "actor", character, match.start())

        for match in _PLAYED_BY_RE.finditer(text) if "ed by " in text else ():
            actor = clean_name(match["actor"])
            character = clean_character(match["character"])
            if actor and character:
                credit(actor, "actor", character, match.start("actor"))

        for match in _PAIR_RE.finditer(text) if "(" in text else ():
            left, right = match["left"], match["right"]
            left_char, right_char = clean_character(left), clean_character(right)
            if not left_char or not right_char:
                continue
            if people.is_title(left_char) or people.is_title(right_char):
                continue
            if (_is_place_like(left_char) or _is_place_like(right_char)) and not (
                left_char in people.actors or right_char in people.actors
            ):
                continue  # "Gothic Quarter (Barri Gotic)": a place's other name
            direction = _orient(left_char, right_char, people)
            actor_side = {1: left, -1: right}.get(direction)
            if actor_side is not None:
                known = (left_char if direction == 1 else right_char) in people.actors
                actor = clean_name(actor_side, strict=not known)
                character = right_char if direction == 1 else left_char
                if actor:
                    if " " in actor:
                        orientation_votes += direction
                    position = match.start() if direction == 1 else match.start("right")
                    credit(actor, "actor", character, position)
                continue
            left_name, right_name = (
                clean_name(left, strict=True),
                clean_name(right, strict=True),
            )
            if " " not in left_char + right_char:
                if left_name and right_name:
                    pairs.append(PairFact(left_name, right_name, original))
                    mentioned.append((match.start(), left_name))
            elif left_name or right_name:
                deferred.append((left_char, right_char, match.start() == 0, original))

        for match in _ROLE_NOUN_RE.finditer(text) if role_nouns else ():
            roles = _roles_in(match["role"], ROLE_NOUNS)
            for name in split_names(match["names"]):
                for role in roles:
                    credit(name, role, None, match.start("names"))

        for match in _APPOSITIVE_RE.finditer(text) if role_nouns else ():
            name = clean_name(match["names"])
            if name:
                for role in _roles_in(match["role"], ROLE_NOUNS):
                    credit(name, role, None, match.start())

        for match in _WORK_RE.finditer(text) if " by " in text else ():
            roles: list[str] = []
            for work in _WORK_SPLIT_RE.findall(match["work"]):
                roles.extend(r for r in _roles_in(work, WORK_PHRASES) if r not in roles)
            for name in split_names(match["names"]):
                for role in roles:
                    credit(name, role, None, match.start("names"))

        for match in _POSSESSIVE_RE.finditer(text) if "'" in text else ():
            name = clean_name(match["name"])
            if name:
                for role in _roles_in(match["work"], POSSESSIVE_WORKS):
                    credit(name, role, None, match.start())

        for match in _ACTOR_RE.finditer(text) if has(_ACTOR_HINTS) else ():
            for name in split_names(match["names"]):
                credit(name, "actor", None, match.start("names"))

        # Role verbs: a pronoun subject is the last person named before it.
        for match in _VERB_RE.finditer(text) if has(_VERB_HINTS) else ():
            roles = []
            for verb in _VERB_SPLIT_RE.findall(match["verb"]):
                roles.extend(r for r in _roles_in(verb, ROLE_VERBS) if r not in roles)
            subject = match["subject"]
            if subject.casefold() in _PRONOUNS:
                earlier = [name for pos, name in mentioned if pos < match.start()]
                person = earlier[-1] if earlier else last_person
            else:
                person = clean_name(subject)
            partners = split_names(match["partners"] or "")
            for name in filter(None, [person, *partners]):
                for role in roles:
                    credit(name, role, None, match.start())

        relations = (
            _RELATION_RE.finditer(text) if _RELATION_NOUN_RE.search(text) else ()
        )
        for match in relations:
            description = RELATION_NOUNS[match["noun"].casefold()]
            for name in split_names(match["names"]):
                if not people.is_title(name) and name not in people.actors:
                    characters.append(CharacterFact(name, description, original))

        mentioned.sort()
        for _, name in mentioned:
            last_person = name
        # Surname-only mentions keep pronouns pointing at the right person.
        if people.surnames:
            for word in _CAP_RE.findall(text):
                if word in people.surnames:
                    last_person = word

    # Two multi-word sides: the document's other credits may say which is the
    # actor; failing that, resolution decides (it knows every document's
    # people), guessing "Character (Actor)" for a pair that opens a sentence
    # (plot summaries) and the document's habit elsewhere.
    for left, right, opens, original in deferred:
        direction = _orient(left, right, people)
        if direction == 0:
            direction = -1 if opens or orientation_votes <= 0 else 1
            actor, character = (left, right) if direction == 1 else (right, left)
            pairs.append(PairFact(character, actor, original))
            continue
        actor, character = (left, right) if direction == 1 else (right, left)
        name = clean_name(actor)
        if name:
            people.add(name, "actor", character, original)

    credits = people.credits
    surnames_only = {c.person for c in credits if " " not in c.person}
    if surnames_only:
        full = _full_names(surnames_only, sentences, people)
        credits = [
            replace(c, person=full[c.person]) if c.person in full else c
            for c in credits
        ]
    return credits, pairs, characters


_PERSON_RE = re.compile(PERSON_NAME)


def _full_names(words: set[str], sentences, people: _People) -> dict[str, str]:
    """The full name each bare name stands for in this document: the one
    person-shaped full name that ends with it ("Albrecht", after "Katrin
    Albrecht's third feature") or starts with it (family name first: "Park"
    for "Park Ji-won")."""
    options: dict[str, set[str]] = {}
    for sentence in sentences:
        for match in _PERSON_RE.finditer(sentence.text):
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
            if (
                not name
                or " " not in name
                or people.is_title(name)
                or name in people.character_names
            ):
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
