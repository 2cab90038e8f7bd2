"""Which film each document is about, and the films other documents date.

A document whose extraction found its film keeps it (a year-less mention
joins the one dated film of that title); a document without one is given
the known film it names most, else its most used "The ..." phrase, else the
``--film`` hint; a document with none of these is rejected with a reason
that says what was looked for.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from reviews.importer.documents import DocumentError
from reviews.importer.facts import DocumentFacts, FilmRef
from reviews.importer.text import fold, longest_matches, slugify

NO_FILM = (
    "no film to attach to: no 'Film:' header, no title line, no "
    "'X is a ... film' lead, no 'Title (Year)' in the text and no other "
    'document\'s film named in it; pass --film "Title (Year)"'
)


def film_slug(title: str, year: int | None) -> str:
    return slugify(f"{title} {year}" if year else title)


class FilmIndex:
    """Known films by folded title; a year-less mention joins a dated film."""

    def __init__(self):
        self.by_title: dict[str, dict[int | None, FilmRef]] = defaultdict(dict)

    def add(self, ref: FilmRef) -> None:
        self.by_title[fold(ref.title)].setdefault(ref.year, ref)

    def resolve(self, ref: FilmRef) -> FilmRef:
        years = self.by_title.get(fold(ref.title), {})
        if ref.year is None:
            dated = sorted(y for y in years if y is not None)
            if len(dated) == 1:
                return years[dated[0]]
        return years.get(ref.year, ref)

    def titles(self) -> list[str]:
        return sorted(
            {ref.title for refs in self.by_title.values() for ref in refs.values()}
        )


_TITLE_TOKEN_RE = re.compile(r"\w+")


class TitleCounter:
    """Counts every known title in a text in one pass over its words
    (a regex per title per document would be quadratic on big imports)."""

    def __init__(self, titles: list[str]):
        self.forms = {tuple(_TITLE_TOKEN_RE.findall(t)): t for t in titles}
        self.forms.pop((), None)
        self.longest_from: dict[str, int] = {}
        for form in self.forms:
            self.longest_from[form[0]] = max(
                self.longest_from.get(form[0], 0), len(form)
            )

    def count(self, text: str) -> Counter:
        words = _TITLE_TOKEN_RE.findall(text)
        return Counter(
            title
            for _, title in longest_matches(words, self.longest_from, self.forms.get)
        )


@dataclass(frozen=True, slots=True)
class _DocRef:
    """What film assignment keeps of an undecided document (not its facts)."""

    name: str
    path: str
    sha256: str
    title_mentions: list[str]
    year: int | None = None  # a "Year:" header's, for the film it is about


def assign_films(
    docs: Iterable[DocumentFacts],
    film_hint: FilmRef | None,
    read_text: Callable[[DocumentFacts], str],
) -> tuple[FilmIndex, dict[str, FilmRef], list[DocumentError]]:
    """Which film each document is about; documents with none are rejected."""
    index = FilmIndex()
    if film_hint:
        index.add(film_hint)
    for doc in docs:
        if doc.film and doc.film.title:
            index.add(doc.film)
    chosen: dict[str, FilmRef] = {}
    rejected: list[DocumentError] = []
    undecided: list[_DocRef] = []
    for doc in docs:
        if doc.film and doc.film.title:
            chosen[doc.sha256] = index.resolve(doc.film)
        else:
            # A title-less film is a "Year:" header's year for whichever
            # film the document turns out to be about.
            year = doc.film.year if doc.film else None
            undecided.append(
                _DocRef(doc.name, doc.path, doc.sha256, doc.title_mentions[:1], year)
            )
    titles = index.titles()
    counter = TitleCounter(titles)
    for doc in undecided:
        counts = counter.count(read_text(doc)) if titles else Counter()
        best = max(counts, key=lambda t: (counts[t], t), default=None)
        if best and counts[best]:
            ref = index.resolve(FilmRef(best))
        elif doc.title_mentions and film_hint is None:
            ref = FilmRef(doc.title_mentions[0])
            index.add(ref)
            ref = index.resolve(ref)
        elif film_hint:
            ref = index.resolve(film_hint)
        else:
            rejected.append(DocumentError(doc.path, NO_FILM))
            continue
        if ref.year is None and doc.year is not None:
            ref = FilmRef(ref.title, doc.year)
            index.add(ref)
        chosen[doc.sha256] = ref
    # A film dated by a header dates the year-less mentions of it.
    for sha, ref in chosen.items():
        if ref.year is None:
            chosen[sha] = index.resolve(ref)
    return index, chosen, rejected
