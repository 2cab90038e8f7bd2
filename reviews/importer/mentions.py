"""Counting what a review names: people (full name or bare surname),
characters of its film (any spelling), locations (any name) and other films.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass

from reviews.importer.resolve import Catalogue, name_parts
from reviews.importer.text import (
    longest_matches,
    longest_phrase_from,
    normalise,
    split_sentences,
)

_TOKEN_RE = re.compile(r"\w+(?:-\w+)*")
_KIND_PRIORITY = {"person": 0, "character": 1, "location": 2, "film": 3}


def _tokens(name: str) -> tuple[str, ...]:
    return tuple(_TOKEN_RE.findall(normalise(name)))


def _offsets(text: str, word_index: dict) -> dict:
    """``word_index`` with each word's position replaced by its offset in
    ``text`` (read only as far as the last word asked for)."""
    wanted: dict[int, list] = {}
    for key, i in word_index.items():
        wanted.setdefault(i, []).append(key)
    offsets = {}
    last = max(wanted)
    for i, match in enumerate(_TOKEN_RE.finditer(text)):
        for key in wanted.get(i, ()):
            offsets[key] = match.start()
        if i == last:
            break
    return offsets


@dataclass(frozen=True, slots=True)
class MentionCount:
    kind: str
    target: str  # slug
    count: int
    sentence: str


class EntityIndex:
    """Surface forms (token tuples) of every entity, for one pass over a text."""

    def __init__(self, catalogue: Catalogue):
        self.global_forms: dict[tuple[str, ...], tuple[str, str]] = {}
        self.film_forms: dict[str, dict[tuple[str, ...], tuple[str, str]]] = {}
        self.film_titles: dict[str, tuple[str, ...]] = {}
        candidates: dict[tuple[str, ...], set[tuple[str, str]]] = {}

        def offer(form: str, target: tuple[str, str]) -> None:
            tokens = _tokens(form)
            if tokens:
                candidates.setdefault(tokens, set()).add(target)

        surnames: Counter = Counter(
            p.name.split()[-1] for p in catalogue.people.values()
        )
        for person in catalogue.people.values():
            offer(person.name, ("person", person.slug))
            surname = person.name.split()[-1]
            if " " in person.name and surnames[surname] == 1:
                offer(surname, ("person", person.slug))
        for location in catalogue.locations.values():
            for name in (location.name, *location.aliases):
                offer(name, ("location", location.slug))
        for film in catalogue.films.values():
            offer(film.title, ("film", film.slug))
            self.film_titles[film.slug] = _tokens(film.title)
        for tokens, targets in candidates.items():
            best = min(targets, key=lambda t: (_KIND_PRIORITY[t[0]], t[1]))
            # Two entities of one kind share the form: it names neither.
            if sum(1 for t in targets if t[0] == best[0]) == 1:
                self.global_forms[tokens] = best
        # Characters by every spelling, then by first name or surname alone
        # ("Camille" for Camille Varenne) where no other character of the
        # film shares it and it is not how a person is named.
        parts: dict[str, dict[tuple[str, ...], set[str]]] = {}
        for character in catalogue.characters.values():
            forms = self.film_forms.setdefault(character.film, {})
            for name in (character.name, *character.aliases):
                tokens = _tokens(name)
                if tokens and self.global_forms.get(tokens, ("",))[0] != "person":
                    forms[tokens] = ("character", character.slug)
            film_parts = parts.setdefault(character.film, {})
            for part in name_parts(character.name):
                film_parts.setdefault(_tokens(part), set()).add(character.slug)
        for film, film_parts in parts.items():
            forms = self.film_forms[film]
            for tokens, slugs in film_parts.items():
                if (
                    len(slugs) == 1
                    and tokens
                    and tokens not in forms
                    and tokens not in candidates
                ):
                    forms[tokens] = ("character", next(iter(slugs)))
        self.longest_from = longest_phrase_from(
            form
            for forms in (self.global_forms, *self.film_forms.values())
            for form in forms
        )

    def count(self, text: str, film: str) -> list[MentionCount]:
        """Mentions in ``text`` of a review of ``film``, most frequent first."""
        original = text
        # normalise() maps one character to one, so offsets in the normalised
        # text are offsets in the original, which is what provenance quotes.
        text = normalise(text)
        words = _TOKEN_RE.findall(text)
        local = self.film_forms.get(film, {})

        def lookup(key):
            return local.get(key) or self.global_forms.get(key)

        counts: Counter = Counter()
        first_word: dict[tuple[str, str], int] = {}
        for i, target in longest_matches(words, self.longest_from, lookup):
            if target != ("film", film):
                counts[target] += 1
                first_word.setdefault(target, i)
        if not counts:
            return []
        first_at = _offsets(text, first_word)
        sentences = split_sentences(original)
        starts = [s.start for s in sentences]
        result = []
        for target, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
            at = bisect.bisect_right(starts, first_at[target]) - 1
            sentence = sentences[max(at, 0)].original if sentences else ""
            result.append(MentionCount(target[0], target[1], n, sentence))
        return result
