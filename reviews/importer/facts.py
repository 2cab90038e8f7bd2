"""What the extractors find in one document, before cross-document resolution.

Plain dataclasses with no Django in them, so extraction is testable and
picklable (the importer spills them to disk to keep memory flat).
Each fact carries the sentence it came from: that is its provenance.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True, slots=True)
class FilmRef:
    title: str
    year: int | None = None
    sentence: str = ""


@dataclass(frozen=True, slots=True)
class CreditFact:
    """``person`` may be a surname or a pronoun's antecedent; resolution maps it."""

    person: str
    role: str
    character: str | None
    sentence: str


@dataclass(frozen=True, slots=True)
class PairFact:
    """``A (B)`` where the document alone cannot tell the actor from the
    character: decided at resolution, when every document's people are known
    (the side that is a known person is the actor)."""

    left: str
    right: str
    sentence: str


@dataclass(frozen=True, slots=True)
class CharacterFact:
    name: str
    description: str
    sentence: str


@dataclass(frozen=True, slots=True)
class LocationFact:
    name: str
    usage: str  # "filming" or "setting"
    kind: str
    parent: str | None
    aliases: tuple[str, ...]
    sentence: str


@dataclass(frozen=True, slots=True)
class RatingFact:
    source: str
    metric: str
    value: Decimal | None
    scale: Decimal
    critic_count: int | None
    consensus: str
    sentence: str


@dataclass(slots=True)
class ReviewFacts:
    headline: str
    excerpt: str
    word_count: int
    tone: str
    tone_score: float
    themes: list[str]
    byline: str = ""
    outlet: str = ""
    source_url: str = ""
    published_on: str | None = None  # ISO date


@dataclass(slots=True)
class DocumentFacts:
    """Everything extracted from one document (the text itself is not kept)."""

    name: str
    path: str
    sha256: str
    kind: str
    film: FilmRef | None
    other_films: list[FilmRef] = field(default_factory=list)
    title_mentions: list[str] = field(default_factory=list)
    credits: list[CreditFact] = field(default_factory=list)
    pairs: list[PairFact] = field(default_factory=list)
    characters: list[CharacterFact] = field(default_factory=list)
    locations: list[LocationFact] = field(default_factory=list)
    ratings: list[RatingFact] = field(default_factory=list)
    synopsis: str = ""
    review: ReviewFacts | None = None
    warnings: list[str] = field(default_factory=list)
