"""Which place names are one place, how places nest, and which film uses
each place for filming or as a story setting."""

from __future__ import annotations

from collections import Counter, defaultdict

from reviews.importer import gazetteer
from reviews.importer.facts import LocationFact
from reviews.importer.places import place_key, place_kind
from reviews.importer.resolve.catalogue import (
    Catalogue,
    FilmLocationRecord,
    LocationRecord,
    unique_slug,
)
from reviews.importer.resolve.people import PeopleIndex
from reviews.importer.text import fold, slugify
from reviews.importer.vocabulary import AGGREGATORS, CHARACTER_TITLES, COUNTRIES


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
        slug = unique_slug(slugify(name), records)
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
    gazetteer.locate_records(records)  # kinds the words left open; coordinates
    catalogue.locations = records

    seen: set[tuple[str, str, str]] = set()
    for film, sha, fact, name in kept:
        slug = slug_for(name)
        key = (film, slug, fact.usage)
        if slug and key not in seen:
            seen.add(key)
            catalogue.film_locations.append(
                FilmLocationRecord(
                    film=film,
                    location=slug,
                    usage=fact.usage,
                    source=sha,
                    sentence=fact.sentence,
                )
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
