"""Cast and crew: who held which role, and which character an actor played.

`extract_people` runs an ordered table of small rules (`RULES`) over one
`CastReader`: the document's lines and sentences, the names known so far,
and the results. Line rules read each line first (credit lines, cast lists);
sentence rules then read the prose that no line rule claimed, one sentence at
a time, all of them on a sentence before the next (a pronoun means the last
person named); document rules finish (orienting cast lists, settling
undecided pairs, completing bare names).

=============================  ==========  ============================================
rule                           reads       example
=============================  ==========  ============================================
read_business_line             line        ``World Sales: Acme International (Lyon)``
read_credit_line               line        ``DoP ........ Tom Hurst``, ``Cast: A, B``
read_cast_heading              line        ``CAST`` then ``Ann Lee as Mae`` lines
read_actor_as_character        sentence    ``Ann Lee is superb as Mae``
read_played_by                 sentence    ``Mae, played by Ann Lee``
read_bracketed_pair            sentence    ``Mae (Ann Lee)``, ``Ann Lee (Mae)``
read_bracketed_casting         sentence    ``Tom Hurst (as her landlord, Vic)``
read_as_character_opening      sentence    ``As Mae, Ann Lee is superb``
read_who_plays                 sentence    ``Ann Lee, who plays his sister Mae, ...``
read_appear_as                 sentence    ``A and B appear as Mae, ..., and Vic``
read_actor_asides              sentence    ``Tom Hurst, whose Vic is ...``
read_role_noun_before_names    sentence    ``director Ann Lee``, ``DP Tom Hurst``
read_name_then_role_noun       sentence    ``Ann Lee, the film's editor``
read_work_by_names             sentence    ``music and editing by Ann Lee``
read_possessive_work           sentence    ``Ann Lee's cinematography``
read_work_in_brackets          sentence    ``the score (Ann Lee)``
read_starring                  sentence    ``starring Ann Lee and Tom Hurst``
read_cast_in_production        sentence    ``Lee and Hurst were cast in 2019``
read_served_as                 sentence    ``A and B served as producers``
read_hired_to                  sentence    ``Ann Lee was hired to write the script``
read_designed                  sentence    ``Ann Lee designed the costumes``
read_film_by                   sentence    ``the debut feature of Ann Lee``
read_film_by_title             sentence    ``Ann Lee's Tidefall`` (the film's title)
read_role_verbs                sentence    ``Ann Lee directed it``, ``she co-wrote``
read_relations                 sentence    ``her brother, Sean`` (a character)
read_cast_blocks               document    orients ``MAE ...... Ann Lee`` lists
settle_deferred_pairs          document    ``Mae Vale (Ann Lee)`` by the whole document
complete_bare_names            document    ``Lee`` -> ``Ann Lee``
complete_character_names       document    ``Mae`` -> ``Mae Vale`` if one such name
=============================  ==========  ============================================
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from itertools import groupby

from reviews.importer.facts import CharacterFact, CreditFact, PairFact
from reviews.importer.people.lines import (
    LINE_CANDIDATE_RE,
    read_business_line,
    read_cast_blocks,
    read_cast_heading,
    read_credit_line,
)
from reviews.importer.people.names import (
    PERSON_NAME_RE,
    clean_character,
    clean_name,
    full_names_of,
    is_titled,
    split_names,
)
from reviews.importer.people.prose import (
    VERB_RE,
    WORK_RE,
    read_actor_as_character,
    read_actor_asides,
    read_appear_as,
    read_as_character_opening,
    read_bracketed_casting,
    read_bracketed_pair,
    read_cast_in_production,
    read_designed,
    read_film_by,
    read_film_by_title,
    read_hired_to,
    read_name_then_role_noun,
    read_played_by,
    read_possessive_work,
    read_relations,
    read_role_noun_before_names,
    read_role_verbs,
    read_served_as,
    read_starring,
    read_who_plays,
    read_work_by_names,
    read_work_in_brackets,
)
from reviews.importer.people.reader import MAX_LINE_CHARS, CastReader
from reviews.importer.text import Sentence

__all__ = [
    "RULES",
    "CastReader",
    "Rule",
    "clean_character",
    "clean_name",
    "extract_people",
    "is_titled",
    "split_names",
]

# Kept under their old names for the tests that pin their shape down.
_VERB_RE = VERB_RE
_WORK_RE = WORK_RE


def settle_deferred_pairs(reader: CastReader) -> None:
    """``A B (C D)`` with two multi-word sides, once the document is read.

    The document's other credits may say which is the actor; failing that,
    resolution decides (it knows every document's people), guessing
    "Character (Actor)" for a pair that opens a sentence (plot summaries) and
    the document's habit elsewhere.
    """
    for left, right, opens, original in reader.deferred:
        direction = reader.orient(left, right)
        if direction == 0:
            direction = -1 if opens or reader.orientation_votes <= 0 else 1
            actor, character = (left, right) if direction == 1 else (right, left)
            reader.pairs.append(PairFact(character, actor, original))
            continue
        actor, character = (left, right) if direction == 1 else (right, left)
        name = clean_name(actor)
        if name:
            reader.add(name, "actor", character, original)


def complete_bare_names(reader: CastReader) -> None:
    """A credited bare name ("Lee") becomes the one full name of the
    document that ends with it ("Ann Lee"), or starts with it (family name
    first: "Park" for "Park Ji-won")."""
    bare = {c.person for c in reader.credits if " " not in c.person}
    if not bare:
        return
    full = full_names_of(
        bare,
        (s.text for s in reader.sentences),
        lambda name: reader.is_title(name) or name in reader.character_names,
    )
    reader.credits = [
        replace(c, person=full[c.person]) if c.person in full else c
        for c in reader.credits
    ]


def complete_character_names(reader: CastReader) -> None:
    """A one-word character ("Mae") becomes the one full name of the
    document that starts with it ("Mae Vale"), when that name is nobody's
    credit: documents name a character in full once, then by a first name.
    Only a name opening on the word counts ("Boston Mae" is a place and a
    name side by side)."""
    bare = {c.character for c in reader.credits if c.character}
    bare = {name for name in bare if " " not in name and not is_titled(name)}
    if not bare:
        return
    people = {c.person for c in reader.credits}
    options: dict[str, set[str]] = {}
    for sentence in reader.sentences:
        text = sentence.text
        for word in bare:
            at = text.find(f"{word} ")
            while at != -1:
                if at == 0 or not (text[at - 1].isalnum() or text[at - 1] in "'-"):
                    match = PERSON_NAME_RE.match(text, at)
                    name = match.group()
                    if (
                        " " in name
                        and clean_name(name, strict=True) == name
                        and name not in people
                        and not reader.is_title(name)
                    ):
                        options.setdefault(word, set()).add(name)
                at = text.find(f"{word} ", at + 1)
    full = {word: names.pop() for word, names in options.items() if len(names) == 1}
    if full:
        reader.credits = [
            replace(c, character=full[c.character]) if c.character in full else c
            for c in reader.credits
        ]


@dataclass(frozen=True)
class Rule:
    """One rule of the cast reader: what it reads, the function, and the
    substrings without which it finds nothing (`reader.cue`)."""

    name: str
    reads: str  # "line", "sentence" or "document"
    apply: Callable
    cue: re.Pattern | None = None


def _rule(function: Callable, reads: str) -> Rule:
    return Rule(function.__name__, reads, function, getattr(function, "cue", None))


# The cast reader, in order. Line rules run first, so that prose rules know
# the credited actors; document rules run last, with everything known.
RULES: tuple[Rule, ...] = (
    _rule(read_business_line, "line"),
    _rule(read_credit_line, "line"),
    _rule(read_cast_heading, "line"),
    _rule(read_actor_as_character, "sentence"),
    _rule(read_played_by, "sentence"),
    _rule(read_bracketed_pair, "sentence"),
    _rule(read_bracketed_casting, "sentence"),
    _rule(read_as_character_opening, "sentence"),
    _rule(read_who_plays, "sentence"),
    _rule(read_appear_as, "sentence"),
    _rule(read_actor_asides, "sentence"),
    _rule(read_role_noun_before_names, "sentence"),
    _rule(read_name_then_role_noun, "sentence"),
    _rule(read_work_by_names, "sentence"),
    _rule(read_possessive_work, "sentence"),
    _rule(read_work_in_brackets, "sentence"),
    _rule(read_starring, "sentence"),
    _rule(read_cast_in_production, "sentence"),
    _rule(read_served_as, "sentence"),
    _rule(read_hired_to, "sentence"),
    _rule(read_designed, "sentence"),
    _rule(read_film_by, "sentence"),
    _rule(read_film_by_title, "sentence"),
    _rule(read_role_verbs, "sentence"),
    _rule(read_relations, "sentence"),
    _rule(read_cast_blocks, "document"),
    _rule(settle_deferred_pairs, "document"),
    _rule(complete_bare_names, "document"),
    _rule(complete_character_names, "document"),
)


def run_rules(reader: CastReader, rules: tuple[Rule, ...] = RULES) -> CastReader:
    """Apply ``rules`` to ``reader`` in order (consecutive rules that read the
    same unit run together, unit by unit)."""
    for reads, group in groupby(rules, key=lambda rule: rule.reads):
        group = list(group)
        if reads == "line":
            functions = [rule.apply for rule in group]
            for index in reader.lines.candidates(LINE_CANDIDATE_RE):
                line = reader.lines[index]
                if not line.text or len(line.text) > MAX_LINE_CHARS:
                    continue  # a paragraph of prose
                for function in functions:
                    if line.claimed:
                        break
                    function(reader, line)
        elif reads == "sentence":
            _read_sentences(reader, group)
        else:
            for rule in group:
                rule.apply(reader)
    return reader


def _read_sentences(reader: CastReader, rules: list[Rule]) -> None:
    """The sentence rules whose cue the document holds, all of them on one
    sentence before the next (a pronoun means the last person named)."""
    # Rules sharing a cue share its pattern object (`hint_pattern` is cached):
    # search the document once per distinct cue (the long role-noun trie is
    # the cue of two rules).
    present: dict[re.Pattern, bool] = {}
    functions = []
    for rule in rules:
        if rule.cue is not None:
            if rule.cue not in present:
                present[rule.cue] = rule.cue.search(reader.lines.lower) is not None
            if not present[rule.cue]:
                continue
        functions.append(rule.apply)
    for sentence in reader.prose_sentences():
        reader.begin(sentence)
        for function in functions:
            function(reader, sentence)
        reader.end()


def extract_people(
    sentences: list[Sentence],
    film_titles: set[str],
    *,
    text: str | None = None,
    subject: str | None = None,
) -> tuple[list[CreditFact], list[PairFact], list[CharacterFact]]:
    """Find credits, undecided ``A (B)`` pairs and characters in a document.

    ``text`` is the document's text (its lines are read for credit lines and
    cast lists; without it each sentence is a line); ``subject`` the title of
    the film it is about, when known.
    """
    reader = run_rules(CastReader(sentences, film_titles, text=text, subject=subject))
    return reader.credits, reader.pairs, reader.characters
