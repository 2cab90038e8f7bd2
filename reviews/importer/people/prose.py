"""Sentence rules of the cast reader: cast and crew named in running prose.

Each rule reads the reader's current sentence (``reader.text``) and records
what it finds with ``reader.credit``; a cheap substring test comes first,
since most sentences name no cast or crew. The rules run in the order of
`reviews.importer.people.RULES`.
"""

from __future__ import annotations

import re
from functools import cache

from reviews.importer.facts import CharacterFact, PairFact
from reviews.importer.people.names import (
    CAP,
    CHARACTER_END,
    CHARACTER_NAME,
    NAMES,
    PERSON_NAME,
    clean_character,
    clean_name,
    is_place_like,
    split_names,
    word_key,
)
from reviews.importer.people.patterns import (
    DESCRIPTION,
    alternation,
    list_of,
    names_before,
    roles_in,
)
from reviews.importer.people.reader import CastReader, cue
from reviews.importer.vocabulary import (
    PERSON_NOUNS,
    POSSESSIVE_WORKS,
    RELATION_NOUNS,
    ROLE_NOUNS,
    ROLE_VERBS,
    WORK_PHRASES,
)

_PRONOUNS = {"she", "he", "they"}
# "X, as Y, ..." asides and "X plays Y": only a character's name may follow.
_CHARACTER_AFTER = rf"(?P<character>{CHARACTER_NAME})"
# A description then a character's name, the whole of a phrase ("the
# ferryman's sister Bríd", "Halina's son, Piotrek"), or a bare name.
_DESCRIBED_CHARACTER_RE = re.compile(rf"{DESCRIPTION}?{_CHARACTER_AFTER}\s*(?:,|\.|$)")


def _character_of(phrase: str) -> str | None:
    """The character a casting phrase names, if it names one.

    >>> _character_of("the ferryman's sister Bríd")
    'Bríd'
    >>> _character_of("the hero's sister") is None
    True
    """
    match = _DESCRIBED_CHARACTER_RE.match(phrase.strip())
    return clean_character(match["character"]) if match else None


# --- Actor as Character -------------------------------------------------------

# Small words between an actor and "as": "X is superb as Y", "X has fun as
# Y"; not "X is known as Y" (a nickname) or "New York doubles as Z" (a place
# standing in for another); not "A and B appear as X and Y" (a plural verb:
# `read_appear_as` pairs them).
_AS_LEAD = (
    r"(?:\s+(?!(?:known|described|seen|referred|nicknamed|called|introduced|"
    r"disguised|posing|poses|posed|dressed|doubles|doubled|doubling|stands|stood|"
    r"standing|serves|served|serving|substitutes|substituted|used|filmed|shot|"
    r"such|so|same|well|long|soon|just|appear|star|feature)\b)[a-z-]+,?){1,4}?"
)
_AS_RE = re.compile(
    rf"(?P<actor>{PERSON_NAME})"
    rf"(?:\s+(?:stars\s+as|starring\s+as|plays|portrays|as)|{_AS_LEAD}\s+as"
    rf"|(?P<comma>\s*,\s*as))\s+"
    rf"(?:the\s+(?:role|part)\s+of\s+|{DESCRIPTION}?)"
    # "X, as Y, ...": only a closed aside ("X, as Y notes" is not casting).
    rf"{_CHARACTER_AFTER}(?(comma)(?=\s*,)|{CHARACTER_END})"
)


@cue(" as ", "plays ", "portrays ")
def read_actor_as_character(reader: CastReader, sentence) -> None:
    """``Actor as Character``, ``Actor plays Character``.

    "Jane Roe is superb as Inspector Vale." -> Jane Roe, actor, Inspector Vale.
    """
    if not reader.has(read_actor_as_character.cue):
        return
    for match in _AS_RE.finditer(reader.text):
        actor = clean_name(match["actor"])
        character = clean_character(match["character"])
        if actor and character:
            reader.credit(actor, "actor", character, match.start())


_PLAYED_BY_RE = re.compile(
    rf"(?P<character>{CHARACTER_NAME}),?\s+(?:is\s+|was\s+)?"
    rf"(?:played|portrayed|voiced)\s+(?:[a-z-]+\s+){{0,4}}?by\s+"
    rf"(?P<actor>{PERSON_NAME})"
)
_PLAYED_BY_ALONE_RE = re.compile(
    rf"\b(?:played|portrayed|voiced)\s+by\s+(?P<actor>{PERSON_NAME})"
)


@cue("ed by ", "ed with")
def read_played_by(reader: CastReader, sentence) -> None:
    """``Character, played by Actor``; ``a salt buyer, played by Actor``.

    "Her sister Ada, played with relish by Tom Hurst, ..." -> Tom Hurst, actor,
    Ada. Without a character's name, a full name is credited as an actor.
    """
    if "ed by " not in reader.text and "ed with" not in reader.text:
        return
    with_character = set()
    for match in _PLAYED_BY_RE.finditer(reader.text):
        actor = clean_name(match["actor"])
        character = clean_character(match["character"])
        if actor and character:
            reader.credit(actor, "actor", character, match.start("actor"))
            with_character.add(actor)
    for match in _PLAYED_BY_ALONE_RE.finditer(reader.text):
        actor = clean_name(match["actor"])
        if actor and " " in actor and actor not in with_character:
            reader.credit(actor, "actor", None, match.start("actor"))


# --- A (B) --------------------------------------------------------------------

_PAIR_RE = re.compile(rf"(?P<left>{PERSON_NAME})\s*\(\s*(?P<right>{PERSON_NAME})\s*\)")


@cue("(")
def read_bracketed_pair(reader: CastReader, sentence) -> None:
    """``Actor (Character)`` and ``Character (Actor)``.

    The side that starts with a character title is the character; a side
    the document already credits as an actor (or names as a character)
    settles it; otherwise a one-word side is the character when the other has
    several words. Two one-word sides (`PairFact`) wait for resolution to say
    which is a known surname; two multi-word sides are settled at the end of
    the document (`settle_deferred_pairs`).

    "Tom Vale (Jane Roe) returns home." -> Jane Roe, actor, Tom Vale (once
    the document says which of the two is the actor).
    """
    if "(" not in reader.text:
        return
    for match in _PAIR_RE.finditer(reader.text):
        left, right = match["left"], match["right"]
        left_char, right_char = clean_character(left), clean_character(right)
        if not left_char or not right_char:
            continue
        if reader.is_title(left_char) or reader.is_title(right_char):
            continue
        if (is_place_like(left_char) or is_place_like(right_char)) and not (
            left_char in reader.actors or right_char in reader.actors
        ):
            continue  # "Gothic Quarter (Barri Gotic)": a place's other name
        direction = reader.orient(left_char, right_char)
        actor_side = {1: left, -1: right}.get(direction)
        if actor_side is not None:
            known = (left_char if direction == 1 else right_char) in reader.actors
            actor = clean_name(actor_side, strict=not known)
            character = right_char if direction == 1 else left_char
            if actor:
                if " " in actor:
                    reader.orientation_votes += direction
                position = match.start() if direction == 1 else match.start("right")
                reader.credit(actor, "actor", character, position)
            continue
        left_name = clean_name(left, strict=True)
        right_name = clean_name(right, strict=True)
        if " " not in left_char + right_char:
            if left_name and right_name:
                reader.pairs.append(
                    PairFact(left_name, right_name, reader.sentence.original)
                )
                reader.mentioned.append((match.start(), left_name))
        elif left_name or right_name:
            reader.deferred.append(
                (left_char, right_char, match.start() == 0, reader.sentence.original)
            )


_ASIDE_AS_RE = re.compile(
    rf"(?P<actor>{PERSON_NAME})\s*\(\s*as\s+(?P<role>[^()]{{1,100}})\)"
)
_BRACKETED_ACTOR_RE = re.compile(
    rf"\(\s*(?P<actor>{PERSON_NAME})\s*(?:[,?][^()]{{0,60}})?\)"
)


_DETERMINERS = {"the", "her", "his", "their"}


@cue("(as ", *(f"{noun} (" for noun in PERSON_NOUNS))
def read_bracketed_casting(reader: CastReader, sentence) -> None:
    """``Actor (as Character)`` and ``her fiancé (Actor)``.

    "Tom Hurst (as her landlord, Vic Moss) is chilling." -> Tom Hurst, actor,
    Vic Moss. "Her fiancé (Tom Hurst) is dull." -> Tom Hurst, actor.
    """
    if "(" not in reader.text:
        return
    for match in _ASIDE_AS_RE.finditer(reader.text) if "(as " in reader.text else ():
        actor = clean_name(match["actor"])
        if actor:
            character = _character_of(match["role"])
            reader.credit(actor, "actor", character, match.start())
    text = reader.text
    at = text.find("(")
    while at != -1:
        before = text[max(0, at - 60) : at].split()
        if (
            before
            and word_key(before[-1]) in PERSON_NOUNS
            and any(
                w.casefold() in _DETERMINERS or w.endswith("'s") for w in before[-4:-1]
            )
        ):
            match = _BRACKETED_ACTOR_RE.match(text, at)
            actor = clean_name(match["actor"], strict=True) if match else None
            if actor and " " in actor and actor not in reader.character_names:
                reader.credit(actor, "actor", None, match.start("actor"))
        at = text.find("(", at + 1)


# --- Crew: role nouns, work phrases, possessives --------------------------------

# Role words may be capitalised ("Director Jane Roe"); names must be.
_ROLE_NOUN_RE = re.compile(
    rf"\b(?P<role>(?i:{alternation(ROLE_NOUNS)}))(?:\s*,|\s+(?:is|was))?\s+"
    rf"(?P<names>{NAMES})"
)


@cue(*{k[:6] for k in ROLE_NOUNS})
def read_role_noun_before_names(reader: CastReader, sentence) -> None:
    """``director Jane Roe``, ``the composer, Jane Roe``, ``the DP was Jane Roe``.

    "Cinematographer Tom Hurst shot on film." -> Tom Hurst, cinematographer.
    """
    if not reader.has(read_role_noun_before_names.cue):
        return
    for match in _ROLE_NOUN_RE.finditer(reader.text):
        roles = roles_in(match["role"], ROLE_NOUNS)
        for name in split_names(match["names"]):
            for role in roles:
                reader.credit(name, role, None, match.start("names"))


_APPOSITIVE_RE = re.compile(
    rf"(?P<names>{PERSON_NAME}),\s+(?:the\s+)?(?:film's\s+|movie's\s+)?"
    rf"(?P<role>{alternation(ROLE_NOUNS)})\b",
)


_WAS_ROLE_RE = re.compile(
    rf"\s+(?:was|were|is|are)\s+(?:the\s+)?(?:film's\s+)?"
    rf"(?P<role>{alternation(ROLE_NOUNS)})\b(?!\s+(?:of|on|for|at|with|in)\b)"
)


@cue(*{k[:6] for k in ROLE_NOUNS})
def read_name_then_role_noun(reader: CastReader, sentence) -> None:
    """``Jane Roe, the film's editor``; ``Jane Roe was executive producer``.

    "Jane Roe, the editor, cut it in a month." -> Jane Roe, editor. Not
    "Jane Roe was a producer on another film" (an article, or "on", "of").
    """
    if not reader.has(read_name_then_role_noun.cue):
        return
    _credit_names_before(reader, _WAS_ROLE_RE, ROLE_NOUNS)
    for match in _APPOSITIVE_RE.finditer(reader.text):
        name = clean_name(match["names"])
        if name:
            for role in roles_in(match["role"], ROLE_NOUNS):
                reader.credit(name, role, None, match.start())


_CALLED = r"(?:(?:someone|somebody)\s+(?:called|named)\s+)?"
WORK_RE = re.compile(
    rf"\b(?P<work>{list_of(WORK_PHRASES, flags='i')})"
    rf"\s+(?:is\s+|was\s+|are\s+|were\s+)?"
    rf"(?:(?:designed|created|handled|provided|done|supplied)\s+)?"
    rf"by\s+{_CALLED}(?P<names>{NAMES})"
)
_WORK_SPLIT_RE = re.compile(rf"{alternation(WORK_PHRASES)}", re.IGNORECASE)


@cue(" by ")
def read_work_by_names(reader: CastReader, sentence) -> None:
    """``<work> by <names>``: ``editing and music by Jane Roe``.

    "Costumes were designed by Ann Lee." -> Ann Lee, costume designer.
    """
    if " by " not in reader.text:
        return
    for match in WORK_RE.finditer(reader.text):
        roles: list[str] = []
        for work in _WORK_SPLIT_RE.findall(match["work"]):
            roles.extend(r for r in roles_in(work, WORK_PHRASES) if r not in roles)
        for name in split_names(match["names"]):
            for role in roles:
                reader.credit(name, role, None, match.start("names"))


_POSSESSIVE_RE = re.compile(
    rf"(?P<name>{PERSON_NAME})'s?\s+(?:[a-z-]+\s+){{0,2}}?"
    rf"(?P<work>(?i:{alternation(POSSESSIVE_WORKS)}))\b"
)
# Work nouns a character may own too ("Ana's camera"): only after full names.
_FULL_NAME_WORKS = {"camera", "music", "photography"}


@cue("'")
def read_possessive_work(reader: CastReader, sentence) -> None:
    """``Jane Roe's cinematography``.

    "Ann Lee's spare score hums." -> Ann Lee, composer.
    """
    if "'" not in reader.text:
        return
    for match in _POSSESSIVE_RE.finditer(reader.text):
        name = clean_name(match["name"])
        work = match["work"].casefold()
        if name and (" " in name or work not in _FULL_NAME_WORKS):
            for role in roles_in(work, POSSESSIVE_WORKS):
                reader.credit(name, role, None, match.start())


_WORK_BRACKET_RE = re.compile(
    rf"\b(?P<work>(?i:{alternation(POSSESSIVE_WORKS)}))\s*\(\s*(?P<names>{NAMES})"
    rf"\s*\)"
)


@cue(*(f"{work} (" for work in POSSESSIVE_WORKS))
def read_work_in_brackets(reader: CastReader, sentence) -> None:
    """``the score (Jane Roe)``.

    "The photography (Tom Hurst) is gorgeous." -> Tom Hurst, cinematographer.
    """
    if "(" not in reader.text or not reader.has(read_work_in_brackets.cue):
        return
    for match in _WORK_BRACKET_RE.finditer(reader.text):
        for name in split_names(match["names"]):
            if " " in name:
                for role in roles_in(match["work"], POSSESSIVE_WORKS):
                    reader.credit(name, role, None, match.start("names"))


# --- Actors named by the cast ---------------------------------------------------

_ACTOR_RE = re.compile(
    rf"\b(?i:performances?\s+(?:by|from)|starring|stars|co-stars|co-starring|"
    rf"featuring|turns?\s+(?:by|from)|cast\s+includes|the\s+cast\s+of|"
    rf"cast\s+also\s+includes)"
    rf"\s+(?P<names>{NAMES})"
)


@cue("perform", "star", "featur", "turn", "cast")
def read_starring(reader: CastReader, sentence) -> None:
    """``starring A, B and C``, ``the cast includes A``.

    "It stars Jane Roe and Tom Hurst." -> Jane Roe, Tom Hurst: actors.
    """
    if not reader.has(read_starring.cue):
        return
    for match in _ACTOR_RE.finditer(reader.text):
        for name in split_names(match["names"]):
            reader.credit(name, "actor", None, match.start("names"))


_AS_OPENING_RE = re.compile(
    rf"As\s+{_CHARACTER_AFTER},\s+(?:(?:the|a|an|his|her|their)\s+[^,]{{1,150}},\s+)?"
    rf"(?P<actor>{PERSON_NAME})(?=,?\s+[a-z])"
)


@cue("as ")
def read_as_character_opening(reader: CastReader, sentence) -> None:
    """``As Character, [description,] Actor <verb> ...``.

    "As Vale, the weary sheriff, Tom Hurst is superb." -> Tom Hurst, actor, Vale.
    """
    if not reader.text.startswith("As "):
        return
    match = _AS_OPENING_RE.match(reader.text)
    if match:
        actor = clean_name(match["actor"])
        character = clean_character(match["character"])
        if actor and character and actor != character:
            reader.credit(actor, "actor", character, match.start("actor"))


_WHO_PLAYS_RE = re.compile(
    rf"(?P<actor>{PERSON_NAME}),\s+who\s+(?:also\s+)?"
    rf"(?:plays|played|voices|voiced|portrays|portrayed)\s+"
    rf"(?P<role>[^,;.()]{{1,120}}?(?:,\s+{CHARACTER_NAME})?)\s*(?=[,;.)]|$)"
)


@cue(", who ")
def read_who_plays(reader: CastReader, sentence) -> None:
    """``Actor, who plays [the hero's brother] Character, ...``.

    "Ann Lee, who plays his sister Mae, is superb." -> Ann Lee, actor, Mae;
    "Ann Lee, who plays the hero's sister, ..." -> Ann Lee, actor.
    """
    if ", who " not in reader.text:
        return
    for match in _WHO_PLAYS_RE.finditer(reader.text):
        actor = clean_name(match["actor"])
        if actor:
            character = _character_of(match["role"])
            reader.credit(actor, "actor", character, match.start())


_APPEAR_AS_RE = re.compile(r"\s+(?:appear|co-star|star|feature)\s+as\s+")


@cue("appear", "star", "feature")
def read_appear_as(reader: CastReader, sentence) -> None:
    """``A and B appear as Character, description, and the description C``.

    The phrase after "as" is cut in as many parts as there are actors (two
    at the first "and"); each part may name a character.
    "Ann Lee and Tom Hurst appear as Mae, a nurse, and the sheriff Vale." ->
    Ann Lee as Mae, Tom Hurst as Vale.
    """
    if " as " not in reader.text or not reader.has(read_appear_as.cue):
        return
    for match in _APPEAR_AS_RE.finditer(reader.text):
        names = names_before(reader.text, match.start())
        actors = split_names(names["names"]) if names else []
        if len(actors) < 2:
            continue
        rest = reader.text[match.end() : match.end() + 400].split(";")[0]
        parts = _split_parts(rest, len(actors))
        for i, actor in enumerate(actors):
            character = _character_of(parts[i]) if parts else None
            reader.credit(actor, "actor", character, names.start())


def _credit_names_before(reader: CastReader, cue: re.Pattern, roles_of) -> None:
    """Credit the names listed before each match of ``cue``: its "role"
    group's roles in ``roles_of``, or actors when ``roles_of`` is None."""
    for match in cue.finditer(reader.text):
        names = names_before(reader.text, match.start())
        if not names:
            continue
        roles = roles_in(match["role"], roles_of) if roles_of else ("actor",)
        for name in split_names(names["names"]):
            for role in roles:
                reader.credit(name, role, None, names.start())


def _split_parts(rest: str, count: int) -> list[str] | None:
    """``rest`` cut into ``count`` parts at "and", or None."""
    if count == 2:
        head, found, tail = rest.partition(" and ")
        return [head.rstrip(","), tail] if found else None
    parts = [p for p in re.split(r",\s+and\s+|,\s+|\s+and\s+", rest) if p.strip()]
    return parts if len(parts) == count else None


_CAST_PROSE_RE = re.compile(
    r"\s+(?:(?:were|was|had\s+been|have\s+been|has\s+been)\s+"
    r"(?:also\s+|later\s+|then\s+)?cast\b(?!\s+as\b)"
    r"|(?:joined|join|joins)\s+the\s+(?:film's\s+)?cast\b)"
)


@cue(" cast")
def read_cast_in_production(reader: CastReader, sentence) -> None:
    """``A, B and C were cast in the film``; ``A and B joined the cast``.

    "Roe, Hurst and Lee were cast in 2019." -> Roe, Hurst, Lee: actors (bare
    surnames become full names at the end of the document).
    """
    if " cast" not in reader.text:
        return
    _credit_names_before(reader, _CAST_PROSE_RE, None)


_SERVED_AS_RE = re.compile(
    rf"\s+(?:served|serve|serves|acted|worked)\s+as\s+"
    rf"(?:the\s+)?(?:film's\s+)?(?P<role>(?i:{alternation(ROLE_NOUNS)}))\b"
)


@cue("served as", "serve as", "serves as", "acted as", "worked as")
def read_served_as(reader: CastReader, sentence) -> None:
    """``A and B served as producers``.

    "Ann Lee and Tom Hurst served as executive producers." -> both executive
    producers.
    """
    if (
        " as " not in reader.text
        or "serv" not in reader.text
        and ("acted" not in reader.text and "worked" not in reader.text)
    ):
        return
    _credit_names_before(reader, _SERVED_AS_RE, ROLE_NOUNS)


_HIRED_VERBS = {
    "write": "writer",
    "co-write": "writer",
    "direct": "director",
    "co-direct": "director",
    "produce": "producer",
    "co-produce": "producer",
    "compose": "composer",
    "score": "composer",
    "edit": "editor",
    "shoot": "cinematographer",
    "photograph": "cinematographer",
}
_HIRED_RE = re.compile(
    rf"(?P<name>{PERSON_NAME})(?:,\s+who|,\s+[^,]{{1,120}},)?\s+"
    rf"(?:was|were|had\s+been|has\s+been)\s+(?:hired|attached|brought\s+(?:in|on)|"
    rf"signed|engaged|chosen|commissioned|recruited|asked|invited)\s+to\s+"
    rf"(?P<verb>{alternation(_HIRED_VERBS)})\b"
)


@cue(
    "hired",
    "attached",
    "brought",
    "signed",
    "engaged",
    "chosen",
    "commissioned",
    "recruited",
    "asked",
    "invited",
)
def read_hired_to(reader: CastReader, sentence) -> None:
    """``X was hired to write the screenplay`` (attached to direct, ...).

    "Tom Hurst, a novelist, was hired to write the script." -> Tom Hurst, writer.
    """
    if " to " not in reader.text or not reader.has(read_hired_to.cue):
        return
    for match in _HIRED_RE.finditer(reader.text):
        name = clean_name(match["name"])
        if name:
            role = _HIRED_VERBS[match["verb"].casefold()]
            reader.credit(name, role, None, match.start())


_DESIGNED = {
    "costumes": "costume_designer",
    "sets": "production_designer",
    "production": "production_designer",
    "production design": "production_designer",
}
_DESIGNED_RE = re.compile(
    rf"(?P<name>{PERSON_NAME})\s+(?:also\s+)?designed\s+the\s+(?:film's\s+)?"
    rf"(?P<what>{alternation(_DESIGNED)})\b"
)


@cue("designed the")
def read_designed(reader: CastReader, sentence) -> None:
    """``X designed the costumes`` (the sets, the production).

    "Ann Lee designed the costumes." -> Ann Lee, costume designer.
    """
    if "designed the" not in reader.text:
        return
    for match in _DESIGNED_RE.finditer(reader.text):
        name = clean_name(match["name"])
        if name:
            what = " ".join(match["what"].split())
            reader.credit(name, _DESIGNED[what], None, match.start())


_ORDINALS = (
    r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|new|"
    r"latest|debut)"
)
_MAKER = (
    r"(?:director|filmmaker|film-maker|animator|documentarian|documentary-maker|"
    r"writer-director|auteur)"
)
_FEATURE = r"(?:feature|film|documentary|picture)"
_ORDINAL_HINT_RE = re.compile(rf"\b{_ORDINALS}\s+(?:[a-z-]+\s+)?{_FEATURE}\b")
_POSSESSIVE_FEATURE_RE = re.compile(
    rf"(?P<name>{PERSON_NAME})'s\s+{_ORDINALS}\s+(?:[a-z-]+\s+)?{_FEATURE}\b"
    rf"(?!\s*,?\s*(?:[A-Z\"(]|the\s+[A-Z]))"
)
_FEATURE_OF_RE = re.compile(
    rf"\b(?i:the)\s+{_ORDINALS}\s+(?:[a-z-]+\s+)?{_FEATURE}\s+(?:of|from|by)\s+"
    rf"(?:the\s+)?(?:(?:[A-Z][\w-]*\s+)?{_MAKER}\s+)?(?P<name>{PERSON_NAME})"
)


@cache
def _subject_re(subject: str) -> re.Pattern:
    return re.compile(rf"(?P<name>{PERSON_NAME})'s\s+{re.escape(subject)}\b")


@cue(*(f"{n} " for n in _ORDINALS.removeprefix("(?:").removesuffix(")").split("|")))
def read_film_by(reader: CastReader, sentence) -> None:
    """The film as someone's work: its director.

    ``X's second feature``, ``the debut feature of X``, ``the first film from
    the Welsh animator X``. Another film's director ("X's 1998 film", "X's
    first film, Other Title") is not credited.
    "Ann Lee's third feature is her best." -> Ann Lee, director.
    """
    text = reader.text
    if not _ORDINAL_HINT_RE.search(text):
        return
    for match in _POSSESSIVE_FEATURE_RE.finditer(text):
        name = clean_name(match["name"])
        if name and " " in name:
            reader.credit(name, "director", None, match.start())
    for match in _FEATURE_OF_RE.finditer(text):
        name = clean_name(match["name"])
        if name and " " in name:
            reader.credit(name, "director", None, match.start("name"))


@cue("'s ")
def read_film_by_title(reader: CastReader, sentence) -> None:
    """``X's <the title of the film the document is about>``: its director.

    "Ann Lee's Tidefall is a triumph." (about Tidefall) -> Ann Lee, director.
    """
    subject = reader.subject
    if subject and f"'s {subject}" in reader.text:
        for match in _subject_re(subject).finditer(reader.text):
            name = clean_name(match["name"])
            if name and " " in name:
                reader.credit(name, "director", None, match.start())


_WHOSE_RE = re.compile(
    rf"(?P<actor>{PERSON_NAME}),\s+whose\s+{_CHARACTER_AFTER}\s+"
    rf"(?:is|was|remains|becomes|makes|gives)\b"
)
_AS_DESCRIPTION_ASIDE_RE = re.compile(
    rf"(?P<actor>{PERSON_NAME}),\s+as\s+(?:the|a|an|her|his|their|{CAP}'s)\s+"
    rf"(?P<role>[a-z' -]{{1,60}}),\s+(?:is|was|gives|brings|has|makes|plays|steals|"
    rf"does|manages|proves)\b"
)


@cue(", whose ", ", as ")
def read_actor_asides(reader: CastReader, sentence) -> None:
    """``Actor, whose Character is ...``; ``Actor, as the husband, is ...``.

    "Tom Hurst, whose Vale is the film's conscience, ..." -> Tom Hurst, actor,
    Vale. "Tom Hurst, as the husband, is wasted." -> Tom Hurst, actor.
    """
    text = reader.text
    if ", whose " in text:
        for match in _WHOSE_RE.finditer(text):
            actor = clean_name(match["actor"])
            character = clean_character(match["character"])
            if actor and character and " " in actor:
                reader.credit(actor, "actor", character, match.start())
    if ", as " in text:
        for match in _AS_DESCRIPTION_ASIDE_RE.finditer(text):
            actor = clean_name(match["actor"])
            last = word_key(match["role"].split()[-1])
            if actor and " " in actor and last not in ROLE_NOUNS:
                reader.credit(actor, "actor", None, match.start())


# --- Crew: role verbs -------------------------------------------------------------

_VERB_ALTERNATION = alternation(ROLE_VERBS)
VERB_RE = re.compile(
    rf"(?P<subject>\b(?i:she|he|they)\b|{PERSON_NAME})(?:\s*,\s*who)?\s+"
    rf"(?:(?:also|both|later|then|had|has|have|jointly|herself|himself)\s+){{0,2}}"
    rf"(?P<verb>{list_of(ROLE_VERBS)})"
    rf"\b(?!\s+by\b)"
    # What was directed, produced or written must be the film (or a title):
    # "she wrote a letter" credits nobody.
    rf"(?=\s*(?:[,.;:)]|$)|\s+(?:the\s+(?:film|movie|picture|project|script|"
    rf"screenplay|score|music)|it|and|both|too|as\s+well|alongside|with|from|"
    rf"in\s+\d{{4}})\b|\s+(?:{CAP}))"
    rf"(?:\s+(?:the\s+(?:film|movie|picture|project|script|screenplay|score|"
    rf"music)|it))?"
    rf"(?:\s+(?:with|alongside)\s+{_CALLED}(?P<partners>{NAMES}))?"
)
_VERB_SPLIT_RE = re.compile(_VERB_ALTERNATION, re.IGNORECASE)


@cue(*{k[:5] for k in ROLE_VERBS})
def read_role_verbs(reader: CastReader, sentence) -> None:
    """``X directed the film``, ``she co-wrote it with Y``.

    A pronoun subject is the last person named before it.
    "Ann Lee wrote the script with Tom Hurst." -> both writers.
    """
    if not reader.has(read_role_verbs.cue):
        return
    for match in VERB_RE.finditer(reader.text):
        roles: list[str] = []
        for verb in _VERB_SPLIT_RE.findall(match["verb"]):
            roles.extend(r for r in roles_in(verb, ROLE_VERBS) if r not in roles)
        subject = match["subject"]
        if subject.casefold() in _PRONOUNS:
            earlier = [name for pos, name in reader.mentioned if pos < match.start()]
            person = earlier[-1] if earlier else reader.last_person
        else:
            person = clean_name(subject)
        partners = split_names(match["partners"] or "")
        for name in filter(None, [person, *partners]):
            for role in roles:
                reader.credit(name, role, None, match.start())


# --- Characters by relation -------------------------------------------------------

_RELATIVE = rf"{CAP}(?:\s+{CAP}){{0,2}}"
_RELATION_RE = re.compile(
    rf"(?:\b(?i:the|a|an|her|his|their|its|two|three|four|young|both)|{CAP}'s)\s+"
    rf"(?:[a-z-]+\s+){{0,2}}?(?P<noun>{alternation(RELATION_NOUNS)}),?\s+"
    rf"(?P<names>{_RELATIVE}(?:\s*,\s*{_RELATIVE})*(?:\s*,?\s+and\s+{_RELATIVE})?)"
    rf"(?![\w'-])"
)
_RELATION_NOUN_RE = re.compile(alternation(RELATION_NOUNS))


@cue(*RELATION_NOUNS)
def read_relations(reader: CastReader, sentence) -> None:
    """Characters introduced by relation: ``her brother, Sean``.

    "Her two sons, Cal and Bo, ..." -> characters Cal and Bo (sons).
    """
    if not _RELATION_NOUN_RE.search(reader.text):
        return
    for match in _RELATION_RE.finditer(reader.text):
        description = RELATION_NOUNS[match["noun"].casefold()]
        for name in split_names(match["names"]):
            if not reader.is_title(name) and name not in reader.actors:
                reader.characters.append(
                    CharacterFact(name, description, reader.sentence.original)
                )
