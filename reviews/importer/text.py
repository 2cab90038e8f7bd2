"""Text utilities shared by the extractors: normalising, sentences, name shapes.

Nothing here knows about any particular film: only English prose conventions.
"""

from __future__ import annotations

import re
import unicodedata
from collections import deque
from dataclasses import dataclass
from functools import lru_cache

from django.utils.text import slugify as django_slugify

# One-to-one character replacements, so offsets in the normalised text are
# offsets in the original and provenance can quote the original sentence.
_TRANSLATION = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u00a0": " ",
        "\u2013": "-",
        "\u2014": "-",
        "\u2012": "-",
        "\u2010": "-",
        "\u2011": "-",
    }
)

CITATION_RE = re.compile(r"\[\s*(?:\d+|citation needed|[a-z])\s*\]")

# Abbreviations that end with a full stop but do not end a sentence.
_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "st", "sr", "jr", "mt", "ft", "no", "vs",
    "etc", "e.g", "i.e", "approx", "dept", "gen", "col", "lt", "capt", "sgt",
    "rev", "hon", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept",
    "oct", "nov", "dec", "inc", "ltd", "co", "u.s", "u.k", "ste", "pt",
}  # fmt: skip

_SENTENCE_END_RE = re.compile(r"[.!?]+[\"')\]]*(?:\[\d+\])*(?=\s+|$)|\n\s*\n|\n")


def normalise(text: str) -> str:
    """Typographic quotes and dashes to ASCII, one character for one."""
    return text.translate(_TRANSLATION)


def strip_accents(value: str) -> str:
    decomposed = unicodedata.normalize("NFKD", value)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=65536)
def fold(value: str) -> str:
    """Comparison key for names: accents, case, punctuation and spacing ignored."""
    value = strip_accents(normalise(value)).casefold()
    value = re.sub(r"[^\w\s]", " ", value)
    return " ".join(value.split())


def slugify(value: str, max_length: int = 200) -> str:
    slug = django_slugify(strip_accents(value))[:max_length].strip("-")
    return slug or "untitled"


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of a document: its normalised text and where it sits."""

    index: int
    start: int
    end: int
    text: str  # normalised, citation markers removed, whitespace folded
    original: str  # as written, for provenance


# Longest sentence kept whole. Every fact quotes its sentence as provenance,
# so one run-on paragraph must not be copied into hundreds of facts: a longer
# chunk is cut at its last clause boundary (or space) before the limit.
MAX_SENTENCE_CHARS = 800
_MIN_PIECE_CHARS = MAX_SENTENCE_CHARS // 4
_CLAUSE_BREAK_RE = re.compile(r"[;,:](?=\s)")
_SPACE_RE = re.compile(r"\s")


def split_sentences(original: str) -> list[Sentence]:
    """Split prose into sentences; line breaks always end a sentence.

    Citation markers like ``[4]`` are dropped from ``text`` (they are
    evidence of a reference article, not words of the sentence). A sentence
    over ``MAX_SENTENCE_CHARS`` is split into clauses of at most that length.
    """
    normalised = normalise(original)
    sentences: list[Sentence] = []
    start = 0
    for match in _SENTENCE_END_RE.finditer(normalised):
        end = match.end()
        if normalised[match.start()] == ".":
            # Only the end of the text since the last sentence end is read:
            # reading all of it at each full stop was quadratic on a run of
            # initials ("A. A. A. ...", "J. Smith, K. Jones, ...").
            low = end - _ABBREVIATION_TAIL_CHARS
            if low <= start:
                if _ends_with_abbreviation(normalised[start:end]):
                    continue
            elif _ends_with_abbreviation(
                normalised[low:end], cut=not normalised[low - 1].isspace()
            ):
                continue
        _append_capped(sentences, original, normalised, start, end)
        start = end
    _append_capped(sentences, original, normalised, start, len(normalised))
    return sentences


def _append_capped(out, original, normalised, start, end):
    while end - start > MAX_SENTENCE_CHARS:
        cut = _cut_point(normalised, start)
        _append(out, original, normalised, start, cut)
        start = cut
    _append(out, original, normalised, start, end)


def _cut_point(normalised: str, start: int) -> int:
    """Where to end a piece of an over-long sentence that starts at ``start``:
    after its last clause mark (``;`` ``,`` ``:``) before the limit, else at
    its last space, else at the limit itself (one enormous word)."""
    low, limit = start + _MIN_PIECE_CHARS, start + MAX_SENTENCE_CHARS
    for pattern in (_CLAUSE_BREAK_RE, _SPACE_RE):
        last = deque(pattern.finditer(normalised, low, limit), maxlen=1)
        if last:
            return last[0].end()
    return limit


# How much of the text before a full stop is read to find the word it ends:
# every abbreviation is a few letters long.
_ABBREVIATION_TAIL_CHARS = 64


def _ends_with_abbreviation(tail: str, *, cut: bool = False) -> bool:
    """Whether ``tail``, the end of a sentence up to a full stop, ends with an
    abbreviation ("Mr.") or an initial ("John F."). ``cut``: the first word
    of ``tail`` may be the end of a longer word, so it is never the one."""
    words = tail.rstrip(".\"')] ").rsplit(None, 1)
    if not words or (cut and len(words) == 1 and not tail[0].isspace()):
        return False
    last = words[-1].casefold().lstrip("(\"'")
    # A single capital letter and a full stop is an initial ("John F. Kennedy").
    return last in _ABBREVIATIONS or (len(last) == 1 and last.isalpha())


def _append(out, original, normalised, start, end):
    raw = normalised[start:end]
    text = " ".join((CITATION_RE.sub(" ", raw) if "[" in raw else raw).split())
    text = text.strip(' "')  # a quote left dangling by a line break
    if len(text) < 2 or not (text[0].isalpha() or any(ch.isalpha() for ch in text)):
        return
    lead = len(raw) - len(raw.lstrip())
    out.append(
        Sentence(
            index=len(out),
            start=start + lead,
            end=end,
            text=text,
            original=" ".join(original[start:end].split()),
        )
    )


WORD_RE = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿ][\w'-]*")


def word_count(text: str) -> int:
    return len(WORD_RE.findall(text))


# --- Name shapes ----------------------------------------------------------


def _letters(test) -> str:
    """Every non-ASCII letter of the Latin, Greek and Cyrillic blocks passing ``test``."""
    blocks = (range(0xC0, 0x250), range(0x370, 0x530), range(0x1E00, 0x1F00))
    return "".join(chr(c) for r in blocks for c in r if test(chr(c)))


# Character-class bodies for capital and small letters (Wiśniewska, Łódź, Ørsted).
UPPER = "A-Z" + _letters(lambda c: c.isalpha() and c.isupper())
LOWER = "a-z" + _letters(lambda c: c.isalpha() and not c.isupper())

# A capitalised word: O'Brien, Jean-Luc, Ébert, and one inner capital after a
# small letter (McAuley, DiCaprio, MacDonald); a lone capital with a full stop
# is an initial.
# Its runs of small letters are possessive (``*+``, ``++``): a name never ends
# in the middle of a word, since no pattern lets a small letter follow one, so
# giving letters back could only fail again. Backtracking into them made every
# failed match in a run of capitalised words cost its length in letters.
CAP = (
    rf"(?:[{UPPER}][{LOWER}]*+(?:(?<=[{LOWER}])[{UPPER}][{LOWER}]++)?"
    rf"(?:['-][{UPPER}{LOWER}][{LOWER}]++)*\.?)"
)
# Lower-case particles inside personal names ("Ana María de la Cruz").
NAME_PARTICLE = (
    r"(?:de|da|del|della|di|du|des|van|von|der|den|le|la|bin|ibn|al|dos|das|ter|"
    r"zu|y)"
)
# A personal name: one to four capitalised words, up to two particles between.
PERSON_NAME = rf"{CAP}(?:\s+(?:{NAME_PARTICLE}\s+){{0,2}}{CAP}){{0,3}}"

# Words that start sentences or sit before names without being part of them.
FUNCTION_WORDS = frozenset(
    """
    a an the and or but nor so yet for of in on at to from by with without as
    this that these those there here then when while where whom who whose which
    what why how after before since until though although if unless because
    meanwhile later eventually finally also even still just only now soon once
    she he they it we you i her his their its our my your them him us me
    is was are were be been being has have had do does did will would can could
    shall should may might must not no yes all both each every some any many much
    more most other another such than too very well like unlike about above below
    over under into onto upon within among between through during against across
    along around behind beyond near off out up down again further ultimately
    sadly luckily happily unfortunately fortunately certainly clearly perhaps
    maybe indeed instead rather however therefore thus hence moreover overall
    despite
    """.split()
)

MONTHS_AND_DAYS = frozenset(
    """
    january february march april may june july august september october november
    december monday tuesday wednesday thursday friday saturday sunday
    """.split()
)


@lru_cache(maxsize=4096)
def edit_distance(a: str, b: str, limit: int = 3) -> int:
    """Levenshtein distance, stopping early once it exceeds ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(
                min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            )
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


def longest_phrase_from(phrases) -> dict[str, int]:
    """For `longest_matches`: each first word's longest phrase, in words."""
    longest: dict[str, int] = {}
    for phrase in phrases:
        longest[phrase[0]] = max(longest.get(phrase[0], 0), len(phrase))
    return longest


def longest_matches(words, longest_from, lookup):
    """``(position, value)`` of every known phrase in ``words``, one pass.

    ``longest_from[word]`` is the length of the longest phrase starting with
    that word (most words start none and are passed over in one sweep);
    ``lookup`` maps a tuple of words to its value, or None. Longer phrases win
    and matches do not overlap, so "Ortega Ruiz" inside "Javier Ortega Ruiz"
    is not counted.
    """
    free = 0  # the first word not inside a phrase already matched
    for i in [i for i, word in enumerate(words) if word in longest_from]:
        if i < free:
            continue
        for n in range(min(longest_from[words[i]], len(words) - i), 0, -1):
            value = lookup(tuple(words[i : i + n]))
            if value is not None:
                yield i, value
                free = i + n
                break
