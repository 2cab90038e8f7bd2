"""Regular-expression building blocks shared by the cast reader's rules."""

from __future__ import annotations

import re
from collections.abc import Iterable

from reviews.importer.people.names import CAP, NAMES


def alternation(phrases: Iterable[str]) -> str:
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


def list_of(phrases: Iterable[str], *, flags: str = "") -> str:
    """A list of the phrases ("editing, music and sound design").

    A phrase that is itself such a list ("written and directed") is left to
    the list: read both as one phrase and as two, it made a failed match try
    every combination, 2**n for n of them. ``flags``: "i" for any case.
    """
    phrases = list(phrases)

    def list_re(alternation_: str) -> str:
        group = f"(?{flags}:" if flags else "(?:"
        return rf"{group}(?:{alternation_})(?:{_LIST_JOIN}(?:{alternation_}))*)"

    parts = [
        phrase
        for phrase in phrases
        if not re.fullmatch(
            list_re(alternation(p for p in phrases if p != phrase)), phrase
        )
    ]
    return list_re(alternation(parts))


def roles_in(phrase: str, table: dict[str, tuple[str, ...]]) -> tuple[str, ...]:
    """The roles a phrase of ``table`` stands for (any case and spacing)."""
    key = " ".join(phrase.casefold().split())
    return table.get(key, ())


# A description before a character's name: "the stubborn younger brother",
# "Varghese's wife", "her landlord,".
DESCRIPTION = (
    rf"(?:(?:the|a|an|her|his|their|{CAP}'s)\s+(?:(?!(?:of|in|to|for|with|from|by|"
    r"and|at|on|who|whose|that|which|film|movie)\b)[a-z'-]+,?\s+){0,4}?)"
)


# How far before a cue ("served as", "were cast") its list of names may start.
NAMES_WINDOW = 300
_NAMES_AT_END_RE = re.compile(rf"(?<![\w'-])(?P<names>{NAMES})\s*\Z")


def names_before(text: str, end: int) -> re.Match | None:
    """The list of names that ends right before ``end`` (a cue's start).

    Read in a window of `NAMES_WINDOW` characters: a pattern that opened on
    a list of names was tried at every name of a long list, each attempt
    reading to the list's end (quadratic); a cue is rare, its window short.
    """
    return _NAMES_AT_END_RE.search(text, max(0, end - NAMES_WINDOW), end)
