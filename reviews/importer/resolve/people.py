"""Which person a surname or name tail means, and which character spellings
are one character."""

from __future__ import annotations

from collections import Counter, defaultdict

from reviews.importer.text import edit_distance, fold
from reviews.importer.vocabulary import CHARACTER_TITLES


def _surname(name: str) -> str:
    return name.split()[-1]


class PeopleIndex:
    """Full names, and the surnames and name tails that point at one of them."""

    def __init__(self):
        self.names: dict[str, str] = {}  # folded full name -> display name
        self.by_surname: dict[str, set[str]] = defaultdict(set)
        self.film_by_surname: dict[tuple[str, str], set[str]] = defaultdict(set)
        self.by_tail: dict[str, set[str]] = defaultdict(set)  # "ortega ruiz"
        self.first_names: set[str] = set()

    def add(self, film: str, name: str) -> None:
        key = fold(name)
        name = self.names.setdefault(key, name)
        surname = fold(_surname(name))
        self.by_surname[surname].add(name)
        self.film_by_surname[(film, surname)].add(name)
        self.first_names.add(fold(name.split()[0]))
        words = name.split()
        for k in range(2, len(words)):
            self.by_tail[fold(" ".join(words[-k:]))].add(name)

    def resolve(self, film: str, name: str) -> str | None:
        """The full name a name, name tail or bare surname stands for, if
        unambiguous; a new multi-word name stands for itself."""
        if " " in name.strip():
            return self.known_full_name(name) or name
        surname = fold(name)
        for pool in (
            self.film_by_surname.get((film, surname)),
            self.by_surname.get(surname),
        ):
            if pool:
                return next(iter(pool)) if len(pool) == 1 else None
        return None

    def known_full_name(self, name: str) -> str | None:
        """A known person's name for ``name`` (itself, or a tail of one name)."""
        key = fold(name)
        if key in self.names:
            return self.names[key]
        tail = self.by_tail.get(key)
        return next(iter(tail)) if tail and len(tail) == 1 else None

    def known(self, film: str, name: str) -> str | None:
        """Like `resolve`, but None for a multi-word name nobody has."""
        if " " in name.strip():
            return self.known_full_name(name)
        return self.resolve(film, name)

    def is_surname(self, word: str) -> bool:
        return fold(word) in self.by_surname

    def is_person_word(self, word: str) -> bool:
        folded = fold(word)
        return (
            folded in self.by_surname
            or folded in self.first_names
            or folded in self.names
        )


def name_parts(name: str) -> tuple[str, ...]:
    """The first name and surname of a multi-word character's name, without
    titles ("Luc Garnier": Luc, Garnier; "Inspector Moreau": Moreau)."""
    words = name.split()
    if len(words) < 2:
        return ()
    named = [w for w in words if fold(w) not in CHARACTER_TITLES]
    if not named:
        return ()
    return tuple(dict.fromkeys((named[0], named[-1])))


# --- Character spellings -----------------------------------------------------

# Shortest folded word that a slip of the pen may join to another (shorter
# ones differ by a letter too often: "Ada", "Ida"), and the length from which
# two slips are allowed.
_SLIP_MIN_CHARS = 5
_TWO_SLIPS_CHARS = 7


def _same_name(a: str, b: str) -> bool:
    fa, fb = fold(a), fold(b)
    if fa == fb:
        return True
    shorter = min(len(fa), len(fb))
    if fa[:1] != fb[:1] or shorter < _SLIP_MIN_CHARS or " " in fa + fb:
        return False
    return _within(fa, fb, 1 if shorter < _TWO_SLIPS_CHARS else 2)


def _within(a: str, b: str, limit: int) -> bool:
    """Whether ``a`` and ``b`` are at most ``limit`` edits apart. A common
    start and end change no edit distance, so only the differing middles are
    compared (a slip leaves a middle of a letter or two)."""
    if abs(len(a) - len(b)) > limit:
        return False
    start = 0
    while start < len(a) and start < len(b) and a[start] == b[start]:
        start += 1
    end = 0
    while end < len(a) - start and end < len(b) - start and a[-1 - end] == b[-1 - end]:
        end += 1
    a, b = a[start : len(a) - end], b[start : len(b) - end]
    if max(len(a), len(b)) <= limit:
        return True
    return edit_distance(a, b) <= limit


def _part_of_name(short: str, full: str) -> bool:
    """Whether ``short`` names the character ``full`` by part of its name."""
    short_words = [fold(w) for w in short.split()]
    full_words = [fold(w) for w in full.split()]
    if len(short_words) >= len(full_words):
        return False
    if len(short_words) == 1:
        word = short_words[0]
        named = [w for w in full_words if w not in CHARACTER_TITLES]
        if not named:
            return False
        first, last = named[0], full_words[-1]
        return word in (first, last) or (_same_name(word, first) and " " not in first)
    # Several words: in order, keeping the first and the last ("Sheriff Hale").
    if short_words[0] != full_words[0] or short_words[-1] != full_words[-1]:
        return False
    rest = iter(full_words)
    return all(word in rest for word in short_words)


def _deletions(word: str) -> set[str]:
    """``word`` with as many letters deleted as `_same_name` allows slips
    (one, or two from ``_TWO_SLIPS_CHARS`` letters): two words that close
    share at least one of these (the symmetric-deletion trick), so candidates
    are found by lookup, not by comparing every pair."""
    once = {word[:i] + word[i + 1 :] for i in range(len(word))}
    if len(word) < _TWO_SLIPS_CHARS:
        return once | {word}
    twice = {w[:i] + w[i + 1 :] for w in once for i in range(len(w))}
    return once | twice | {word}


def _post(postings: dict[str, str | list[str]], key: str, name: str) -> None:
    """Add ``name`` under ``key``. A key with one name holds the bare string:
    most keys never get a second, and hundreds of thousands of one-item
    lists or sets kept the garbage collector busy for seconds."""
    held = postings.get(key)
    if held is None:
        postings[key] = name
    elif isinstance(held, list):
        held.append(name)
    elif held != name:
        postings[key] = [held, name]


def _posted(postings: dict[str, str | list[str]], key: str) -> list[str] | tuple:
    held = postings.get(key, ())
    return [held] if isinstance(held, str) else held


class _SpellingIndex:
    """The canonical names chosen so far, indexed by what `_same_name` and
    `_part_of_name` compare, so each new spelling meets only the few names
    it could match (comparing it with every chosen name was quadratic: a film
    with thousands of named characters took seconds)."""

    def __init__(self):
        self.by_fold: dict[str, str | list[str]] = {}
        self.by_deletion: dict[str, str | list[str]] = {}  # one-word names
        self.by_word: dict[str, str | list[str]] = {}  # first named word, last
        self.by_first_deletion: dict[str, str | list[str]] = {}
        self.by_ends: dict[str, str | list[str]] = {}  # "first last"

    def add(self, name: str) -> None:
        folded = fold(name)
        _post(self.by_fold, folded, name)
        if " " not in folded and len(folded) >= _SLIP_MIN_CHARS:
            for variant in _deletions(folded):
                _post(self.by_deletion, variant, name)
        words = [fold(w) for w in name.split()]
        if len(words) < 2:
            return
        named = [w for w in words if w not in CHARACTER_TITLES]
        if named:
            _post(self.by_word, named[0], name)
            _post(self.by_word, words[-1], name)
            if " " not in named[0] and len(named[0]) >= _SLIP_MIN_CHARS:
                for variant in _deletions(named[0]):
                    _post(self.by_first_deletion, variant, name)
        _post(self.by_ends, f"{words[0]}\n{words[-1]}", name)

    def same(self, name: str) -> set[str]:
        """The chosen names `_same_name` joins ``name`` to."""
        folded = fold(name)
        found = set(_posted(self.by_fold, folded))
        if " " not in folded and len(folded) >= _SLIP_MIN_CHARS:
            for variant in _deletions(folded):
                for other in _posted(self.by_deletion, variant):
                    if other not in found and _same_name(name, other):
                        found.add(other)
        return found

    def part_of(self, name: str) -> set[str]:
        """The chosen names ``name`` is part of (`_part_of_name`)."""
        words = [fold(w) for w in name.split()]
        if not words:
            return set()
        if len(words) == 1:
            candidates = set(_posted(self.by_word, words[0]))
            if " " not in words[0] and len(words[0]) >= _SLIP_MIN_CHARS:
                for variant in _deletions(words[0]):
                    candidates.update(_posted(self.by_first_deletion, variant))
        else:
            candidates = set(_posted(self.by_ends, f"{words[0]}\n{words[-1]}"))
        return {c for c in candidates if _part_of_name(name, c)}


def merge_spellings(counts: Counter, preferred: Counter) -> dict[str, str]:
    """Map each spelling of a film's characters to its canonical one.

    The canonical name is the fullest one an actor credit uses ("Camille
    Varenne"), then the most frequent. A spelling joins a canonical name
    when it is one or two letters from it ("Camile" for "Camille"), or when it is part of
    exactly one longer name: a first name ("Camille", or the slip "Camile"),
    a surname, or the name without a middle word ("Sheriff Hale").
    """
    names = sorted(
        counts,
        key=lambda n: (
            -(preferred[n] > 0),
            -len(n.split()),
            -preferred[n],
            -counts[n],
            n,
        ),
    )
    canonical: dict[str, str] = {}
    chosen = _SpellingIndex()
    for name in names:
        same = chosen.same(name) or chosen.part_of(name)
        if len(same) == 1:
            canonical[name] = next(iter(same))
        else:
            canonical[name] = name
            chosen.add(name)
    return canonical
