"""The resolved catalogue: what resolution writes and fixture writing reads.

Small records only (slugs, names, provenance as a document digest and a
sentence); document texts stay on disk and the documents' facts in the
importer's spill, re-read when records are written.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from reviews.importer.documents import DocumentError
from reviews.importer.facts import ReviewFacts
from reviews.importer.spill import FactsSpill


@dataclass
class FilmRecord:
    slug: str
    title: str
    year: int | None
    synopsis: str = ""
    synopsis_source: str | None = None  # document sha256


@dataclass
class PersonRecord:
    slug: str
    name: str
    aliases: list[str] = field(default_factory=list)


@dataclass
class CharacterRecord:
    slug: str
    film: str
    name: str
    aliases: list[str] = field(default_factory=list)
    description: str = ""


@dataclass(kw_only=True)
class CreditRecord:
    film: str
    person: str
    role: str
    character: str  # character slug, "" for none
    billing_order: int
    source: str  # document sha256
    sentence: str


@dataclass
class LocationRecord:
    slug: str
    name: str
    kind: str
    parent: str | None
    aliases: list[str] = field(default_factory=list)
    # From the gazetteer, for towns it knows (`gazetteer.locate_records`).
    latitude: Decimal | None = None
    longitude: Decimal | None = None


@dataclass(kw_only=True)
class FilmLocationRecord:
    film: str
    location: str
    usage: str
    source: str
    sentence: str


@dataclass(kw_only=True)
class RatingRecord:
    film: str
    source_name: str
    metric: str
    value: Decimal | None
    scale: Decimal
    critic_count: int | None
    consensus: str
    source: str
    sentence: str


@dataclass(kw_only=True)
class DocumentRecord:
    """A document that will be written: where to re-read it, and its review."""

    name: str
    path: str
    sha256: str
    kind: str
    film: str  # film slug
    review: ReviewFacts | None
    review_slug: str = ""


@dataclass
class Catalogue:
    """Everything resolution decided, ready for `fixture.iter_records`."""

    films: dict[str, FilmRecord] = field(default_factory=dict)
    people: dict[str, PersonRecord] = field(default_factory=dict)
    characters: dict[str, CharacterRecord] = field(default_factory=dict)
    credits: list[CreditRecord] = field(default_factory=list)
    locations: dict[str, LocationRecord] = field(default_factory=dict)
    film_locations: list[FilmLocationRecord] = field(default_factory=list)
    ratings: list[RatingRecord] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    rejected: list[DocumentError] = field(default_factory=list)
    kinds: Counter = field(default_factory=Counter)  # accepted documents by kind
    # Per accepted document (sha256): its film and its review's slug. The
    # documents' facts stay in ``source``, re-read when records are written.
    film_of: dict[str, str] = field(default_factory=dict)
    review_slug_of: dict[str, str] = field(default_factory=dict)
    source: FactsSpill | None = None

    def documents(self) -> Iterator[DocumentRecord]:
        """The accepted documents, in input order (without their review)."""
        for doc in self.source.summaries:
            if doc.sha256 in self.film_of:
                yield self._record(doc, review=None)

    def reviews(self) -> Iterator[DocumentRecord]:
        """The accepted review documents with their review facts, read from disk."""
        wanted = self.review_slug_of
        for doc in self.source.where(lambda d: d.sha256 in wanted):
            yield self._record(doc, review=doc.review, review_slug=wanted[doc.sha256])

    def _record(self, doc, **review) -> DocumentRecord:
        return DocumentRecord(
            name=doc.name,
            path=doc.path,
            sha256=doc.sha256,
            kind=doc.kind,
            film=self.film_of[doc.sha256],
            **review,
        )


def unique_slug(slug: str, taken) -> str:
    """``slug``, or ``slug-2``, ``slug-3``... whichever ``taken`` lacks."""
    candidate, n = slug, 2
    while candidate in taken:
        candidate, n = f"{slug}-{n}", n + 1
    return candidate
