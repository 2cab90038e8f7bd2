"""Cast and crew: who held which role, and which character an actor played.

Rule-based patterns over sentences:

- ``Actor (Character)`` and ``Character (Actor)``: the side with more words is
  the actor; a tie is settled by the document's own unambiguous pairs, or later
  (`PairFact`) by which side is a known surname.
- ``Actor as Character``, ``Character, played by Actor``.
- Crew titles before names (``writer/director X``), work phrases before ``by``
  (``sound design and score by X and Y``), names or pronouns before role verbs
  (``she executive produced``).
- Characters introduced by relation (``her husband, Mark``, ``two children,
  A and B``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

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
    COUNTRIES,
    PLACE_HEADS,
    RELATION_NOUNS,
    ROLE_NOUNS,
    ROLE_VERBS,
    WORK_PHRASES,
)


def _alternation(phrases: Iterable[str]) -> str:
    ordered = sorted(phrases, key=len, reverse=True)
    return "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in ordered)


NAMES = rf"{PERSON_NAME}(?:\s*,\s*{PERSON_NAME})*(?:\s*,?\s+(?:and|&)\s+{PERSON_NAME})?"

_PAIR_RE = re.compile(rf"(?P<left>{PERSON_NAME})\s*\(\s*(?P<right>{PERSON_NAME})\s*\)")
_AS_RE = re.compile(
    rf"(?P<actor>{PERSON_NAME})\s+(?:stars\s+as|starring\s+as|plays|portrays|as)\s+"
    rf"(?P<character>{CAP}(?:\s+{CAP}){{0,2}})(?=\s*(?:[,;.)]|\band\b|$))"
)
_PLAYED_BY_RE = re.compile(
    rf"(?P<character>{CAP}(?:\s+{CAP}){{0,2}}),?\s+(?:is\s+|was\s+)?"
    rf"(?:played|portrayed)\s+by\s+(?P<actor>{PERSON_NAME})"
)
# Role words may be capitalised ("Director Jane Roe"); names must be.
_ROLE_NOUN_RE = re.compile(
    rf"\b(?P<role>(?i:{_alternation(ROLE_NOUNS)}))\s+(?P<names>{NAMES})"
)
_WORK_RE = re.compile(
    rf"\b(?P<work>(?i:(?:{_alternation(WORK_PHRASES)})"
    rf"(?:\s*(?:,|and|&)\s*(?:{_alternation(WORK_PHRASES)}))*))"
    rf"\s+(?:is\s+|was\s+|are\s+|were\s+)?by\s+(?P<names>{NAMES})"
)
_WORK_SPLIT_RE = re.compile(rf"{_alternation(WORK_PHRASES)}", re.IGNORECASE)
_VERB_RE = re.compile(
    rf"(?P<subject>{PERSON_NAME}|\b(?:she|he|they)\b)\s+(?:also\s+|both\s+)?"
    rf"(?P<verb>{_alternation(ROLE_VERBS)})\b"
)
_APPOSITIVE_RE = re.compile(
    rf"(?P<names>{PERSON_NAME}),\s+(?:the\s+)?(?:film's\s+|movie's\s+)?"
    rf"(?P<role>{_alternation(ROLE_NOUNS)})\b",
)
_ACTOR_RE = re.compile(
    rf"\b(?:performances?\s+(?:by|from)|starring|stars|co-stars|co-starring|"
    rf"turns?\s+(?:by|from)|cast\s+includes|the\s+cast\s+of)\s+(?P<names>{NAMES})"
)
_RELATION_RE = re.compile(
    rf"\b(?:the|a|an|her|his|their|its|two|three|four|young|both)\s+"
    rf"(?:[a-z-]+\s+){{0,2}}?(?P<noun>{_alternation(RELATION_NOUNS)}),?\s+"
    rf"(?P<names>{CAP}(?:\s*,\s*{CAP})*(?:\s*,?\s+and\s+{CAP})?)\b"
)
_NAME_SPLIT_RE = re.compile(r"\s*(?:,\s*(?:and\s+|&\s+)?|\s+and\s+|\s+&\s+)\s*")
_PRONOUNS = {"she", "he", "they"}
_CAP_RE = re.compile(CAP)

# Capitalised words that are never (part of) a personal name on their own.
_NOT_NAME_WORDS = (
    FUNCTION_WORDS
    | MONTHS_AND_DAYS
    | COUNTRIES
    | set(PLACE_HEADS)
    | {"film", "films", "movie", "cinema", "act", "part", "chapter", "scene", "oscar"}
    | {"god", "mr", "mrs", "ms", "dr", "sir", "lady", "lord", "madame", "monsieur"}
    | {w for name in AGGREGATORS for w in name.split()}
)


def clean_name(raw: str) -> str | None:
    """Trim words that cannot belong to a name; None when nothing name-like is left."""
    words = raw.replace("\n", " ").split()
    while words and words[0].casefold().rstrip(".,") in _NOT_NAME_WORDS:
        words.pop(0)
    if not words:
        return None
    if any(
        w.casefold().strip(".,'") in _NOT_NAME_WORDS - FUNCTION_WORDS for w in words
    ):
        return None
    name = " ".join(words).strip(".,;:'")
    if len(name) < 2 or name.isupper() and len(name) > 3:
        return None
    return name


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


def extract_people(
    sentences: list[Sentence], film_titles: set[str]
) -> tuple[list[CreditFact], list[PairFact], list[CharacterFact]]:
    """Find credits, undecided ``A (B)`` pairs and characters in a document."""
    credits: list[CreditFact] = []
    pairs: list[PairFact] = []
    characters: list[CharacterFact] = []
    undecided: list[tuple[str, str, str]] = []
    orientation_votes = 0  # >0: documents writes "Actor (Character)"
    last_person: str | None = None
    titles = {t.casefold() for t in film_titles}

    def is_title(name: str) -> bool:
        return name.casefold() in titles

    for sentence in sentences:
        text = sentence.text
        mentioned: list[tuple[int, str]] = []

        for match in _PAIR_RE.finditer(text):
            left, right = clean_name(match["left"]), clean_name(match["right"])
            if not left or not right or is_title(left) or is_title(right):
                continue
            left_words, right_words = len(left.split()), len(right.split())
            if left_words > right_words:
                credits.append(CreditFact(left, "actor", right, sentence.original))
                orientation_votes += 1
                mentioned.append((match.start(), left))
            elif right_words > left_words:
                credits.append(CreditFact(right, "actor", left, sentence.original))
                orientation_votes -= 1
                mentioned.append((match.start("right"), right))
            elif left_words == 1:
                pairs.append(PairFact(left, right, sentence.original))
                mentioned.append((match.start(), left))
            else:
                undecided.append((left, right, sentence.original))

        for match in _AS_RE.finditer(text):
            actor, character = (
                clean_name(match["actor"]),
                clean_name(match["character"]),
            )
            if actor and character and not is_title(character):
                credits.append(CreditFact(actor, "actor", character, sentence.original))
                mentioned.append((match.start(), actor))

        for match in _PLAYED_BY_RE.finditer(text):
            actor, character = (
                clean_name(match["actor"]),
                clean_name(match["character"]),
            )
            if actor and character and not is_title(character):
                credits.append(CreditFact(actor, "actor", character, sentence.original))
                mentioned.append((match.start("actor"), actor))

        for match in _ROLE_NOUN_RE.finditer(text):
            roles = _roles_in(match["role"], ROLE_NOUNS)
            for name in split_names(match["names"]):
                if is_title(name):
                    continue
                for role in roles:
                    credits.append(CreditFact(name, role, None, sentence.original))
                mentioned.append((match.start("names"), name))

        for match in _APPOSITIVE_RE.finditer(text):
            name = clean_name(match["names"])
            if name and not is_title(name):
                for role in _roles_in(match["role"], ROLE_NOUNS):
                    credits.append(CreditFact(name, role, None, sentence.original))
                mentioned.append((match.start(), name))

        for match in _WORK_RE.finditer(text):
            roles: list[str] = []
            for work in _WORK_SPLIT_RE.findall(match["work"]):
                roles.extend(r for r in _roles_in(work, WORK_PHRASES) if r not in roles)
            for name in split_names(match["names"]):
                if is_title(name):
                    continue
                for role in roles:
                    credits.append(CreditFact(name, role, None, sentence.original))
                mentioned.append((match.start("names"), name))

        for match in _ACTOR_RE.finditer(text):
            for name in split_names(match["names"]):
                if not is_title(name):
                    credits.append(CreditFact(name, "actor", None, sentence.original))
                    mentioned.append((match.start("names"), name))

        # Role verbs: a pronoun subject is the last person named before it.
        for match in _VERB_RE.finditer(text):
            roles = _roles_in(match["verb"], ROLE_VERBS)
            subject = match["subject"]
            earlier = [name for pos, name in mentioned if pos < match.start()]
            if subject.casefold() in _PRONOUNS:
                person = earlier[-1] if earlier else last_person
            else:
                person = clean_name(subject)
            if person and not is_title(person):
                for role in roles:
                    credits.append(CreditFact(person, role, None, sentence.original))

        for match in _RELATION_RE.finditer(text):
            description = RELATION_NOUNS[match["noun"].casefold()]
            for name in split_names(match["names"]):
                if " " not in name and not is_title(name):
                    characters.append(
                        CharacterFact(name, description, sentence.original)
                    )

        mentioned.sort()
        for _, name in mentioned:
            last_person = name
        # Surname-only mentions keep pronouns pointing at the right person.
        known_surnames = {known.split()[-1] for known in _known(credits)}
        for word in _CAP_RE.findall(text):
            if word in known_surnames:
                last_person = word

    # Two multi-word sides: follow the document's own convention.
    for left, right, original in undecided:
        actor, character = (left, right) if orientation_votes >= 0 else (right, left)
        credits.append(CreditFact(actor, "actor", character, original))

    return credits, pairs, characters


def _known(credits: list[CreditFact]) -> set[str]:
    return {c.person for c in credits if " " in c.person}
