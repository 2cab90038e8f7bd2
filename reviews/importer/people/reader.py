"""The cast reader: one document's lines and sentences, what is known so far,
and the credits, pairs and characters found.

Every rule of the cast reader (`reviews.importer.people.RULES`) reads and
writes this one object, so a rule never needs more than its argument and
the reader.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from itertools import accumulate

from reviews.importer.facts import CharacterFact, CreditFact, PairFact
from reviews.importer.people.names import CAP, PERSON_NAME, clean_name, is_titled
from reviews.importer.text import Sentence, normalise

# Lines longer than this are prose, never a credit line or a cast-list item
# (and a line rule reads a bounded length of text).
MAX_LINE_CHARS = 300


@dataclass(slots=True)
class Line:
    """One line of the document (normalised), where it starts, as written."""

    index: int
    start: int
    text: str  # normalised, whitespace folded
    original: str  # as written, for provenance
    claimed: bool = False  # read by a line rule: prose rules skip it


@dataclass(slots=True)
class CastItem:
    """A line of a cast list whose two sides wait to be oriented."""

    left: str
    right: str
    separator: str  # "dots", "dash" or "brackets"
    original: str


@dataclass(slots=True)
class CastBlock:
    """The items under one cast heading; ``lines`` are their line indexes."""

    lines: list[int] = field(default_factory=list)
    items: list[CastItem] = field(default_factory=list)


@cache
def hint_pattern(hints: tuple[str, ...]) -> re.Pattern:
    """One search for any of several substrings (a loop of ``in`` is slower).

    The substrings are compiled as a trie ("a(?:ctor|ppear)"), so that at each
    position of the text the search follows the one branch its character
    starts, not every substring in turn: the same answer in half the time for
    the long lists (role nouns, "fiancé (" ...)."""
    return re.compile(_trie(sorted(set(hints))))


def _trie(hints: list[str]) -> str:
    if not hints or "" in hints:
        return ""  # a shorter substring found is enough (only its presence counts)
    branches: dict[str, list[str]] = {}
    for hint in hints:
        branches.setdefault(hint[0], []).append(hint[1:])
    parts = [re.escape(first) + _trie(rests) for first, rests in branches.items()]
    return parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"


def cue(*hints: str):
    """Mark a rule with the substrings (lower case) without which it finds
    nothing: a document holding none of them skips the rule altogether."""

    def mark(function):
        function.cue = hint_pattern(tuple(sorted({h.casefold() for h in hints})))
        return function

    return mark


_CAP_RE = re.compile(CAP)
# A sentence opening on a full name: who a later "she" or "he" may mean.
_SUBJECT_RE = re.compile(rf"(?P<name>{PERSON_NAME})(?=,|\s+[a-z])")


class CastReader:
    """A document being read for its cast and crew.

    ``sentences`` are the document's sentences; ``lines`` its lines (from
    ``text`` when given, else one per sentence). ``titles`` are film titles
    the document names (never people); ``subject`` the title of the film it is
    about, when known. What the rules find goes into ``credits``, ``pairs``
    and ``characters``; ``actors``, ``character_names`` and ``surnames`` are
    what is known so far.
    """

    def __init__(
        self,
        sentences: list[Sentence],
        film_titles: set[str],
        *,
        text: str | None = None,
        subject: str | None = None,
    ):
        self.sentences = sentences
        self.lines = Lines(text, sentences)
        self.by_sentences = text is None
        self.titles = {t.casefold() for t in film_titles}
        self.subject = subject
        self.credits: list[CreditFact] = []
        self.pairs: list[PairFact] = []
        self.characters: list[CharacterFact] = []
        self.actors: set[str] = set()  # full names credited as actors
        self.character_names: set[str] = set()
        self.surnames: set[str] = set()  # last words of credited full names
        self.cast_blocks: list[CastBlock] = []
        # Two multi-word sides of ``A (B)``: left, right, opens sentence, source.
        self.deferred: list[tuple[str, str, bool, str]] = []
        self.orientation_votes = 0  # >0: the document writes "Actor (Character)"
        self.last_person: str | None = None
        # The sentence being read (set by `begin`).
        self.sentence: Sentence | None = None
        self.text = ""
        self.lower = ""
        self.mentioned: list[tuple[int, str]] = []
        self._word_counts: Counter | None = None
        self._has: dict[re.Pattern, bool] = {}  # `has` answers for this sentence

    # --- what is known -------------------------------------------------------

    def is_title(self, name: str) -> bool:
        return name.casefold() in self.titles

    def word_counts(self) -> Counter:
        """How often each capitalised word occurs in the document's lines."""
        if self._word_counts is None:
            self._word_counts = Counter(_CAP_RE.findall(self.lines.joined))
        return self._word_counts

    # --- recording -----------------------------------------------------------

    def add(self, person: str, role: str, character: str | None, source: str) -> bool:
        """Record a credit (not for a film title); False if refused."""
        if self.is_title(person) or (character and self.is_title(character)):
            return False
        self.credits.append(CreditFact(person, role, character, source))
        if " " in person:
            self.surnames.add(person.split()[-1])
            if role == "actor":
                self.actors.add(person)
        if character:
            self.character_names.add(character)
        return True

    def credit(
        self, name: str, role: str, character: str | None = None, position: int = 0
    ) -> None:
        """Record a credit found in the current sentence, at ``position``."""
        if self.add(name, role, character, self.sentence.original):
            self.mentioned.append((position, name))

    def credit_line(
        self, name: str, roles, line: Line, character: str | None = None
    ) -> None:
        """Record credits found on a line (its text is their provenance)."""
        for role in roles:
            self.add(name, role, character if role == "actor" else None, line.original)

    # --- sentences -----------------------------------------------------------

    def prose_sentences(self):
        """The sentences no line rule has read."""
        lines = self.lines
        if not lines.any_claimed():
            yield from self.sentences
            return
        for sentence in self.sentences:
            if self.by_sentences:
                index = sentence.index
            else:
                index = lines.index_at(sentence.start)
            if not lines.is_claimed(index):
                yield sentence

    def begin(self, sentence: Sentence) -> None:
        """Start reading ``sentence``: its full name subject is mentioned."""
        self.sentence = sentence
        self.text = sentence.text
        self.lower = sentence.text.casefold()
        self.mentioned = []
        self._has = {}
        subject = self.sentence_subject()
        if subject:
            self.mentioned.append((0, subject))

    def has(self, hints: re.Pattern) -> bool:
        """Whether the current sentence holds one of the substrings a
        `hint_pattern` looks for (in lower case)."""
        # Memoised per sentence: two rules ask for the long role-noun hints.
        found = self._has.get(hints)
        if found is None:
            found = self._has[hints] = hints.search(self.lower) is not None
        return found

    def end(self) -> None:
        """Finish a sentence: the last person named is who a pronoun means."""
        self.mentioned.sort()
        for _, name in self.mentioned:
            self.last_person = name
        # Surname-only mentions keep pronouns pointing at the right person.
        if self.surnames:
            for word in _CAP_RE.findall(self.text):
                if word in self.surnames:
                    self.last_person = word

    def sentence_subject(self) -> str | None:
        """The full name the current sentence opens on, if a person's."""
        match = _SUBJECT_RE.match(self.text)
        if not match:
            return None
        name = clean_name(match["name"], strict=True)
        if (
            name
            and name == match["name"]
            and " " in name
            and not self.is_title(name)
            and name not in self.character_names
        ):
            return name
        return None

    # --- orientation -----------------------------------------------------------

    def orient(self, left: str, right: str) -> int:
        """+1: ``Actor (Character)``; -1: ``Character (Actor)``; 0: undecided."""
        left_titled, right_titled = is_titled(left), is_titled(right)
        if left_titled != right_titled:
            return -1 if left_titled else 1
        left_actor, right_actor = left in self.actors, right in self.actors
        if left_actor != right_actor:
            return 1 if left_actor else -1
        left_role = left in self.character_names
        right_role = right in self.character_names
        if left_role != right_role:
            return -1 if left_role else 1
        left_words, right_words = len(left.split()), len(right.split())
        if min(left_words, right_words) == 1 and left_words != right_words:
            return 1 if left_words > right_words else -1
        return 0


class Lines:
    """The document's lines, each made into a `Line` only when a rule asks
    for it (a document may hold 170,000 short lines and no credit)."""

    def __init__(self, text: str | None, sentences: list[Sentence]):
        if text is None:  # no text: each sentence is a line
            self._raw = [s.text for s in sentences]
            self._original = [s.original for s in sentences]
            self.joined = "\n".join(self._raw)
        else:
            self.joined = normalise(text)
            self._raw = self.joined.split("\n")
            self._original = text.split("\n")
        self.starts_in_joined = [0, *accumulate(len(raw) + 1 for raw in self._raw[:-1])]
        # Offsets in the document: the sentences' own when there is no text.
        self.starts = (
            self.starts_in_joined if text is not None else [s.start for s in sentences]
        )
        self._made: dict[int, Line] = {}
        # In lower case, one character for one (offsets stay the text's).
        self.lower = self.joined.lower()
        if len(self.lower) != len(self.joined):
            self.lower = "".join(
                low if len(low := c.lower()) == 1 else c for c in self.joined
            )

    def __len__(self) -> int:
        return len(self._raw)

    def __getitem__(self, index: int) -> Line:
        line = self._made.get(index)
        if line is None:
            line = self._made[index] = Line(
                index,
                self.starts[index],
                " ".join(self._raw[index].split()),
                " ".join(self._original[index].split()),
            )
        return line

    def after(self, index: int) -> Iterator[Line]:
        """The lines after line ``index``, in order."""
        for following in range(index + 1, len(self._raw)):
            yield self[following]

    def index_at(self, offset: int) -> int:
        """The line holding a character offset of the text."""
        return bisect_right(self.starts, offset) - 1

    def any_claimed(self) -> bool:
        return any(line.claimed for line in self._made.values())

    def is_claimed(self, index: int) -> bool:
        line = self._made.get(index)
        return line is not None and line.claimed

    def candidates(self, pattern: re.Pattern) -> list[int]:
        """The lines where ``pattern`` (multi-line) matches."""
        found = []
        for match in pattern.finditer(self.joined):
            index = bisect_right(self.starts_in_joined, match.start()) - 1
            if not found or found[-1] != index:
                found.append(index)
        return found
