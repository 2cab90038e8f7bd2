"""Cross-document resolution: from every document's facts to one catalogue.

Decides which film each document is about, which person a surname or pronoun
means, which character spellings are one character, which place names are one
place and how places nest. The result (`Catalogue`) holds small records only;
document texts stay on disk.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from reviews.importer.documents import DocumentError
from reviews.importer.facts import DocumentFacts, FilmRef, LocationFact, ReviewFacts
from reviews.importer.places import place_key, place_kind
from reviews.importer.spill import FactsSpill
from reviews.importer.text import (
    edit_distance,
    fold,
    longest_matches,
    slugify,
)
from reviews.importer.vocabulary import AGGREGATORS, CHARACTER_TITLES, COUNTRIES

# --- Records of the resolved catalogue --------------------------------------


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


@dataclass
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


@dataclass
class FilmLocationRecord:
    film: str
    location: str
    usage: str
    source: str
    sentence: str


@dataclass
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


@dataclass
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
                yield DocumentRecord(
                    doc.name,
                    doc.path,
                    doc.sha256,
                    doc.kind,
                    self.film_of[doc.sha256],
                    None,
                )

    def reviews(self) -> Iterator[DocumentRecord]:
        """The accepted review documents with their review facts, read from disk."""
        wanted = self.review_slug_of
        for doc in self.source.where(lambda d: d.sha256 in wanted):
            yield DocumentRecord(
                doc.name, doc.path, doc.sha256, doc.kind, self.film_of[doc.sha256],
                doc.review, wanted[doc.sha256],
            )  # fmt: skip


# --- Films -------------------------------------------------------------------


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


class _TitleCounter:
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
    counter = _TitleCounter(titles)
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
            rejected.append(
                DocumentError(
                    doc.path,
                    "no film to attach to (name it as 'Title (Year)' in the text, "
                    "a 'Film:' header line, or pass --film)",
                )
            )
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


# --- People and characters ---------------------------------------------------


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
    chosen: list[str] = []
    for name in names:
        same = [c for c in chosen if _same_name(name, c)]
        if not same:
            same = [c for c in chosen if _part_of_name(name, c)]
        if len(same) == 1:
            canonical[name] = same[0]
        else:
            canonical[name] = name
            chosen.append(name)
    return canonical


def _same_name(a: str, b: str) -> bool:
    fa, fb = fold(a), fold(b)
    if fa == fb:
        return True
    if fa[:1] != fb[:1] or min(len(fa), len(fb)) < 5 or " " in fa + fb:
        return False
    return edit_distance(fa, fb) <= (1 if min(len(fa), len(fb)) < 7 else 2)


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


_ARTICLE_RE = re.compile(r"^(?:the|a|an) ")

# --- Locations ---------------------------------------------------------------


class _UnionFind:
    def __init__(self):
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _trim_place(
    name: str, people: PeopleIndex, character_words: set[str]
) -> str | None:
    if fold(name) in character_words or fold(name) in people.names:
        return None
    words = name.split()
    while words and (
        fold(words[-1]) in character_words or people.is_person_word(words[-1])
    ):
        words.pop()
    if not words or fold(words[-1]) in CHARACTER_TITLES:
        return None
    trimmed = " ".join(words)
    if fold(trimmed) in character_words or fold(trimmed) in people.names:
        return None
    return trimmed


def resolve_locations(
    facts: list[tuple[str, str, LocationFact, int]],
    people: PeopleIndex,
    character_words: set[str],
    film_words: set[str],
    catalogue: Catalogue,
) -> None:
    """Cluster place names into locations, then attach them to films.

    ``facts``: (film, document, fact, how many documents state it), first
    statement first.
    """
    kept: list[tuple[str, str, LocationFact, str]] = []  # film, sha, fact, name
    weight: dict[int, int] = {}
    for film, sha, fact, times in facts:
        name = fact.name
        if fact.usage == "setting":
            name = _trim_place(name, people, character_words)
            if not name or fold(name) in film_words or fold(name) in AGGREGATORS:
                continue
        elif fold(name) in people.names or fold(name) in film_words:
            continue
        weight[len(kept)] = times
        kept.append((film, sha, fact, name))

    uf = _UnionFind()
    names_by_key: dict[str, Counter] = defaultdict(Counter)
    for i, (_, _, fact, name) in enumerate(kept):
        key = place_key(name)
        uf.find(key)
        names_by_key[key][name] += weight[i]
        for alias in fact.aliases:
            alias_key = place_key(alias)
            names_by_key[alias_key][alias] += 0  # an alias never wins the name
            uf.union(key, alias_key)
    # "Acme Kestrel Station" and "Kestrel Station": one place named with and without
    # a qualifier, when both are of the same kind and share two or more words.
    # Candidates come from a word index (all keys against all keys would be
    # quadratic in the places of a large import).
    keys_with_word: dict[str, set[str]] = defaultdict(set)
    for key in names_by_key:
        for word in key.split():
            keys_with_word[word].add(key)
    for small in sorted(names_by_key):
        small_words = set(small.split())
        if len(small_words) < 2:
            continue
        postings = sorted((keys_with_word[w] for w in small_words), key=len)
        for big in sorted(set.intersection(*postings)):
            if small_words < set(big.split()) and _kind_of_key(
                names_by_key, small
            ) == _kind_of_key(names_by_key, big):
                uf.union(small, big)
                _add_unqualified_names(
                    names_by_key[big], set(big.split()) - small_words
                )

    clusters: dict[str, list[str]] = defaultdict(list)
    for key in names_by_key:
        clusters[uf.find(key)].append(key)

    # Display name: the first filming-sentence name, else the most used name.
    first_filming: dict[str, str] = {}
    for _, _, fact, name in kept:
        if fact.usage == "filming":
            first_filming.setdefault(uf.find(place_key(name)), name)
    slug_of_root: dict[str, str] = {}
    records: dict[str, LocationRecord] = {}
    for root in sorted(clusters):
        counts = Counter()
        for key in clusters[root]:
            counts.update(names_by_key[key])
        name = first_filming.get(root) or max(counts, key=lambda n: (counts[n], n))
        aliases = sorted({n for n in counts if fold(n) != fold(name)}, key=fold)
        slug = _unique_slug(slugify(name), records)
        slug_of_root[root] = slug
        records[slug] = LocationRecord(
            slug=slug, name=name, kind=place_kind(name), parent=None, aliases=aliases
        )
        for alias in aliases:
            if records[slug].kind == "other":
                records[slug].kind = place_kind(alias)

    def slug_for(name: str) -> str | None:
        root = uf.find(place_key(name))
        return slug_of_root.get(root)

    for _, _, fact, _ in kept:
        if fact.parent and fact.usage == "filming":
            child, parent = slug_for(fact.name), slug_for(fact.parent)
            if (
                child
                and parent
                and child != parent
                and records[child].parent is None
                and not _is_ancestor(records, child, parent)
            ):
                records[child].parent = parent
    _infer_container_kinds(records)
    catalogue.locations = records

    seen: set[tuple[str, str, str]] = set()
    for film, sha, fact, name in kept:
        slug = slug_for(name)
        key = (film, slug, fact.usage)
        if slug and key not in seen:
            seen.add(key)
            catalogue.film_locations.append(
                FilmLocationRecord(film, slug, fact.usage, sha, fact.sentence)
            )


def _add_unqualified_names(names: Counter, extra: set[str]) -> None:
    """ "Acme Kestrel Junction railway station" merged into "Kestrel Junction
    Station": the words in front that the shorter name lacks qualify the
    place (an operator, a region), and the rest is a name of it too."""
    for name in list(names):
        words = name.split()
        k = 0
        while k < len(words) - 2 and place_key(words[k]) in extra:
            k += 1
        if k:
            names[" ".join(words[k:])] += 0  # an alias, never the display name


def _kind_of_key(names_by_key, key):
    return place_kind(next(iter(names_by_key[key])))


def _unique_slug(slug: str, taken) -> str:
    candidate, n = slug, 2
    while candidate in taken:
        candidate, n = f"{slug}-{n}", n + 1
    return candidate


def _is_ancestor(records, candidate: str, node: str) -> bool:
    """Whether ``candidate`` already encloses ``node`` (so no cycle is made)."""
    seen = set()
    while node and node not in seen:
        if node == candidate:
            return True
        seen.add(node)
        node = records[node].parent
    return False


def _infer_container_kinds(records: dict[str, LocationRecord]) -> None:
    """A place other places lie in is a city; one a city lies in, a region."""
    children: dict[str, list[str]] = defaultdict(list)
    for slug, record in records.items():
        if record.parent:
            children[record.parent].append(slug)
    for slug, record in records.items():
        if record.kind != "other":
            continue
        if fold(record.name) in COUNTRIES:
            record.kind = "country"
        elif any(
            children.get(child) and records[child].kind in {"other", "city"}
            for child in children.get(slug, [])
        ):
            record.kind = "region"
        elif children.get(slug):
            record.kind = "city"
    for slug, record in records.items():
        if record.kind == "other" and any(
            records[c].kind == "city" for c in children.get(slug, [])
        ):
            record.kind = "region"


# --- The whole resolution ----------------------------------------------------


def resolve(
    docs: Iterable[DocumentFacts],
    *,
    film_hint: FilmRef | None = None,
    read_text: Callable[[DocumentFacts], str],
) -> Catalogue:
    """Turn every document's facts into one consistent catalogue.

    ``docs`` must be re-iterable (a list, or the importer's on-disk spill): it
    is read in a few passes, so only one document's facts are in memory at a
    time; what is kept is per entity, plus a film and a slug per document.
    """
    source = FactsSpill.of(docs)
    catalogue = Catalogue(source=source)
    index, chosen, rejected = assign_films(source.summaries, film_hint, read_text)
    catalogue.rejected.extend(rejected)

    def accepted(articles: bool) -> Iterator[DocumentFacts]:
        return source.where(
            lambda d: d.sha256 in chosen and (d.kind == "article") == articles
        )

    # Reference articles first: their cast lists set the billing order.
    def articles_first() -> Iterator[DocumentFacts]:
        yield from accepted(articles=True)
        yield from accepted(articles=False)

    # Pass: films, synopses, films named in passing, full names of people.
    film_slugs = catalogue.film_of
    mentioned_films: set[FilmRef] = set()
    full_names: set[tuple[str, str]] = set()
    for doc in articles_first():
        ref = chosen[doc.sha256]
        slug = film_slug(ref.title, ref.year)
        film_slugs[doc.sha256] = slug
        catalogue.kinds[doc.kind] += 1
        catalogue.films.setdefault(slug, FilmRecord(slug, ref.title, ref.year))
        if doc.synopsis and not catalogue.films[slug].synopsis:
            catalogue.films[slug].synopsis = doc.synopsis
            catalogue.films[slug].synopsis_source = doc.sha256
        for other in doc.other_films:
            mentioned_films.add(FilmRef(other.title, other.year))
        full_names.update((slug, c.person) for c in doc.credits if " " in c.person)
        catalogue.warnings.extend(doc.warnings)
    # A dated mention anywhere dates the year-less ones.
    for other in sorted(mentioned_films, key=lambda f: (f.title, f.year or 0)):
        if other.year:
            index.add(other)
    other_films: dict[str, FilmRecord] = {}
    for other in sorted(mentioned_films, key=lambda f: (f.title, f.year or 0)):
        other = index.resolve(other)
        other_slug = film_slug(other.title, other.year)
        if other_slug not in catalogue.films:
            other_films.setdefault(
                other_slug, FilmRecord(other_slug, other.title, other.year)
            )

    # Longest names first, so "Ortega Ruiz" is known as a tail of "Javier
    # Ortega Ruiz" rather than as a person of its own.
    people = PeopleIndex()
    for film, name in sorted(full_names, key=lambda fn: (-len(fn[1].split()), fn)):
        people.add(film, people.known_full_name(name) or name)

    # Pass: credits with the person resolved (pairs settled by known
    # surnames), character spellings, place statements, ratings. Repeated
    # statements are kept once, with their first provenance.
    raw_credits: dict[tuple[str, str, str, str | None], tuple[str, str]] = {}
    spellings: dict[str, Counter] = defaultdict(Counter)
    preferred: dict[str, Counter] = defaultdict(Counter)
    descriptions: dict[tuple[str, str], str] = {}
    character_facts: list[tuple[str, str, str]] = []
    place_statements: dict[tuple, list] = {}
    place_names: set[str] = set()
    ratings: dict[tuple[str, str, str], RatingRecord] = {}
    for doc in articles_first():
        film = film_slugs[doc.sha256]
        for credit in doc.credits:
            person = people.resolve(film, credit.person)
            if person is None:
                catalogue.warnings.append(
                    f"{doc.name}: could not tell who '{credit.person}' is ({credit.role})"
                )
                continue
            people.add(film, person)
            raw_credits.setdefault(
                (film, person, credit.role, credit.character),
                (doc.sha256, credit.sentence),
            )
        for pair in doc.pairs:
            # The known person is the actor. Pairs of two unknown multi-word
            # names come with the extractor's guess: the actor on the right.
            left, right = people.known(film, pair.left), people.known(film, pair.right)
            if not left and not right and " " in pair.right:
                right = pair.right
                people.add(film, right)
            if left and not right:
                raw_credits.setdefault(
                    (film, left, "actor", pair.right), (doc.sha256, pair.sentence)
                )
            elif right and not left:
                raw_credits.setdefault(
                    (film, right, "actor", pair.left), (doc.sha256, pair.sentence)
                )
            else:
                catalogue.warnings.append(
                    f"{doc.name}: could not tell actor from character in '{pair.left} ({pair.right})'"
                )
        for fact in doc.characters:
            character_facts.append((film, fact.name, fact.description))
        for fact in doc.locations:
            place_names.add(fold(fact.name))
            key = (film, fact.name, fact.usage, fact.parent, fact.aliases, fact.kind)
            statement = place_statements.setdefault(key, [film, doc.sha256, fact, 0])
            statement[3] += 1
        _merge_ratings(ratings, film, doc)

    # Characters per film, spelling variants merged.
    for film, _, _, character in raw_credits:
        if character and not people.is_surname(character):
            spellings[film][character] += 1
            preferred[film][character] += 1
    for film, name, description in character_facts:
        if people.is_person_word(name) or fold(name) in people.names:
            continue
        spellings[film][name] += 1
        descriptions.setdefault((film, name), description)
    canonical: dict[tuple[str, str], str] = {}
    for film, counts in spellings.items():
        mapping = merge_spellings(counts, preferred[film])
        for spelling, name in mapping.items():
            canonical[(film, spelling)] = name
            slug = slugify(f"{film} {name}")
            record = catalogue.characters.setdefault(
                slug, CharacterRecord(slug, film, name)
            )
            if fold(spelling) != fold(name) and spelling not in record.aliases:
                record.aliases.append(spelling)
                record.aliases.sort()
            if not record.description:
                record.description = descriptions.get((film, spelling), "")

    for name in sorted(set(people.names.values())):
        slug = _unique_slug(slugify(name), catalogue.people)
        catalogue.people[slug] = PersonRecord(slug, name)
    # "In the film Brigid ..." names a character, not another film; "the film
    # Lisbon" a place.
    not_films = {fold(r.name) for r in catalogue.characters.values()} | place_names
    not_films |= {fold(a) for r in catalogue.characters.values() for a in r.aliases}
    for slug, record in other_films.items():
        title = fold(record.title)
        if title not in not_films and not people.is_person_word(title):
            catalogue.films.setdefault(slug, record)
    person_slug = {fold(r.name): r.slug for r in catalogue.people.values()}

    # Credits: one per (film, person, role, character); an actor credit with a
    # character makes the same actor's character-less credit redundant.
    with_character = {(f, p) for f, p, r, c in raw_credits if r == "actor" and c}
    seen: set[tuple] = set()
    billing: dict[str, int] = defaultdict(int)
    for (film, person, role, character), (sha, sentence) in raw_credits.items():
        if role == "actor" and not character and (film, person) in with_character:
            continue
        char_slug = ""
        if character and role == "actor":
            name = canonical.get((film, character))
            if name is None:
                continue
            char_slug = slugify(f"{film} {name}")
        key = (film, person_slug[fold(person)], role, char_slug)
        if key in seen:
            continue
        seen.add(key)
        order = 0
        if role == "actor":
            billing[film] += 1
            order = billing[film]
        catalogue.credits.append(
            CreditRecord(film, key[1], role, char_slug, order, sha, sentence)
        )

    character_words = {fold(r.name) for r in catalogue.characters.values()}
    character_words |= {
        fold(a) for r in catalogue.characters.values() for a in r.aliases
    }
    character_words |= {
        fold(part)
        for r in catalogue.characters.values()
        for part in name_parts(r.name)
        if fold(part) not in COUNTRIES
    }
    film_words = {fold(f.title) for f in catalogue.films.values()}
    film_words |= {_ARTICLE_RE.sub("", t) for t in film_words}
    resolve_locations(
        [tuple(statement) for statement in place_statements.values()],
        people, character_words, film_words, catalogue,
    )  # fmt: skip
    catalogue.ratings = [ratings[k] for k in sorted(ratings)]

    # A review's slug comes from its film and file name, not its text, so an
    # edited document updates its review instead of adding a second one.
    used: set[str] = set()
    for doc in source.summaries:
        if doc.has_review and doc.sha256 in chosen:
            stem = doc.name.rsplit(".", 1)[0].replace("_", "-")
            slug = _unique_slug(
                slugify(f"{film_slugs[doc.sha256]} {stem}", max_length=80), used
            )
            used.add(slug)
            catalogue.review_slug_of[doc.sha256] = slug
    return catalogue


def _merge_ratings(
    merged: dict[tuple[str, str, str], RatingRecord], film: str, doc
) -> None:
    """Fold a document's ratings in: the first value and consensus stated win."""
    for fact in doc.ratings:
        key = (film, fact.source, fact.metric)
        record = merged.get(key)
        if record is None:
            merged[key] = RatingRecord(
                film, fact.source, fact.metric, fact.value, fact.scale,
                fact.critic_count, fact.consensus, doc.sha256, fact.sentence,
            )  # fmt: skip
            continue
        if record.value is None and fact.value is not None:
            record.value, record.scale = fact.value, fact.scale
            record.source, record.sentence = doc.sha256, fact.sentence
        record.critic_count = record.critic_count or fact.critic_count
        record.consensus = record.consensus or fact.consensus
