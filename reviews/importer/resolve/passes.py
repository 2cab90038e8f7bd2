"""`resolve()`: every document's facts to one catalogue, as named passes.

Each pass is a small function over one `Resolution`, which carries what the
passes share: the documents (re-iterable, read from the importer's spill),
what has been decided so far, and the `Catalogue` under construction. The
order of `PASSES` matters; each pass's docstring says what it needs.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from reviews.importer.facts import DocumentFacts, FilmRef, LocationFact
from reviews.importer.resolve.catalogue import (
    Catalogue,
    CharacterRecord,
    CreditRecord,
    FilmRecord,
    PersonRecord,
    RatingRecord,
    unique_slug,
)
from reviews.importer.resolve.films import FilmIndex, assign_films, film_slug
from reviews.importer.resolve.people import PeopleIndex, merge_spellings, name_parts
from reviews.importer.resolve.places import resolve_locations
from reviews.importer.resolve.ratings import merge_ratings
from reviews.importer.spill import FactsSpill
from reviews.importer.text import fold, slugify
from reviews.importer.vocabulary import COUNTRIES

# (film, person, role, character) -> (document sha256, sentence)
CreditKey = tuple[str, str, str, str | None]
_ARTICLE_RE = re.compile(r"^(?:the|a|an) ")


@dataclass
class Resolution:
    """What the passes of `resolve` share."""

    source: FactsSpill
    read_text: Callable[[DocumentFacts], str]
    film_hint: FilmRef | None = None
    catalogue: Catalogue = field(default_factory=Catalogue)
    films: FilmIndex = field(default_factory=FilmIndex)
    chosen: dict[str, FilmRef] = field(default_factory=dict)  # sha256 -> film
    mentioned_films: set[FilmRef] = field(default_factory=set)
    other_films: dict[str, FilmRecord] = field(default_factory=dict)
    full_names: set[tuple[str, str]] = field(default_factory=set)  # (film, name)
    people: PeopleIndex = field(default_factory=PeopleIndex)
    raw_credits: dict[CreditKey, tuple[str, str]] = field(default_factory=dict)
    character_facts: list[tuple[str, str, str]] = field(default_factory=list)
    place_statements: dict[tuple, list] = field(default_factory=dict)
    place_names: set[str] = field(default_factory=set)
    ratings: dict[tuple[str, str, str], RatingRecord] = field(default_factory=dict)
    canonical: dict[tuple[str, str], str] = field(default_factory=dict)

    def accepted(self, *, articles: bool) -> Iterator[DocumentFacts]:
        return self.source.where(
            lambda d: d.sha256 in self.chosen and (d.kind == "article") == articles
        )

    def articles_first(self) -> Iterator[DocumentFacts]:
        """Accepted documents, reference articles first: their cast lists set
        the billing order."""
        yield from self.accepted(articles=True)
        yield from self.accepted(articles=False)


def choose_films(r: Resolution) -> None:
    """Which film each document is about (`assign_films`); the others are
    rejected with a reason."""
    r.films, r.chosen, rejected = assign_films(
        r.source.summaries, r.film_hint, r.read_text
    )
    r.catalogue.rejected.extend(rejected)


def record_films(r: Resolution) -> None:
    """Each accepted document's film record and synopsis (the first article's),
    the films it names in passing, its full names of people, its warnings."""
    catalogue = r.catalogue
    for doc in r.articles_first():
        ref = r.chosen[doc.sha256]
        slug = film_slug(ref.title, ref.year)
        catalogue.film_of[doc.sha256] = slug
        catalogue.kinds[doc.kind] += 1
        catalogue.films.setdefault(slug, FilmRecord(slug, ref.title, ref.year))
        if doc.synopsis and not catalogue.films[slug].synopsis:
            catalogue.films[slug].synopsis = doc.synopsis
            catalogue.films[slug].synopsis_source = doc.sha256
        for other in doc.other_films:
            r.mentioned_films.add(FilmRef(other.title, other.year))
        r.full_names.update((slug, c.person) for c in doc.credits if " " in c.person)
        catalogue.warnings.extend(doc.warnings)


def date_other_films(r: Resolution) -> None:
    """Films named in passing, as candidate records: a dated mention anywhere
    dates the year-less ones. Kept or not by `keep_other_films`."""
    mentioned = sorted(r.mentioned_films, key=lambda f: (f.title, f.year or 0))
    for other in mentioned:
        if other.year:
            r.films.add(other)
    for other in mentioned:
        other = r.films.resolve(other)
        slug = film_slug(other.title, other.year)
        if slug not in r.catalogue.films:
            r.other_films.setdefault(slug, FilmRecord(slug, other.title, other.year))


def index_people(r: Resolution) -> None:
    """The people index from every credited full name. Longest names first, so
    "Ortega Ruiz" is known as a tail of "Javier Ortega Ruiz" rather than as a
    person of its own."""
    for film, name in sorted(r.full_names, key=lambda fn: (-len(fn[1].split()), fn)):
        r.people.add(film, r.people.known_full_name(name) or name)


def gather_statements(r: Resolution) -> None:
    """Credits with the person resolved (actor/character pairs settled by
    known people), character mentions, place statements and ratings.
    Repeated statements are kept once, with their first provenance."""
    people, warnings = r.people, r.catalogue.warnings
    for doc in r.articles_first():
        film = r.catalogue.film_of[doc.sha256]
        for credit in doc.credits:
            person = people.resolve(film, credit.person)
            if person is None:
                warnings.append(
                    f"{doc.name}: could not tell who '{credit.person}' is ({credit.role})"
                )
                continue
            people.add(film, person)
            r.raw_credits.setdefault(
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
                r.raw_credits.setdefault(
                    (film, left, "actor", pair.right), (doc.sha256, pair.sentence)
                )
            elif right and not left:
                r.raw_credits.setdefault(
                    (film, right, "actor", pair.left), (doc.sha256, pair.sentence)
                )
            else:
                warnings.append(
                    f"{doc.name}: could not tell actor from character in "
                    f"'{pair.left} ({pair.right})'"
                )
        for fact in doc.characters:
            r.character_facts.append((film, fact.name, fact.description))
        for fact in doc.locations:
            r.place_names.add(fold(fact.name))
            key = (film, fact.name, fact.usage, fact.parent, fact.aliases, fact.kind)
            statement = r.place_statements.setdefault(key, [film, doc.sha256, fact, 0])
            statement[3] += 1
        merge_ratings(r.ratings, film, doc)


def merge_characters(r: Resolution) -> None:
    """Characters per film, spelling variants merged (`merge_spellings`): a
    credited character name is preferred over a name only the prose uses."""
    spellings: dict[str, Counter] = defaultdict(Counter)
    preferred: dict[str, Counter] = defaultdict(Counter)
    descriptions: dict[tuple[str, str], str] = {}
    for film, _, _, character in r.raw_credits:
        if character and not r.people.is_surname(character):
            spellings[film][character] += 1
            preferred[film][character] += 1
    for film, name, description in r.character_facts:
        if r.people.is_person_word(name) or fold(name) in r.people.names:
            continue
        spellings[film][name] += 1
        descriptions.setdefault((film, name), description)
    characters = r.catalogue.characters
    for film, counts in spellings.items():
        for spelling, name in merge_spellings(counts, preferred[film]).items():
            r.canonical[(film, spelling)] = name
            slug = slugify(f"{film} {name}")
            record = characters.setdefault(slug, CharacterRecord(slug, film, name))
            if fold(spelling) != fold(name) and spelling not in record.aliases:
                record.aliases.append(spelling)
                record.aliases.sort()
            if not record.description:
                record.description = descriptions.get((film, spelling), "")


def record_people(r: Resolution) -> None:
    """One person record per full name, with a unique slug."""
    people = r.catalogue.people
    for name in sorted(set(r.people.names.values())):
        slug = unique_slug(slugify(name), people)
        people[slug] = PersonRecord(slug, name)


def _character_names(catalogue: Catalogue) -> set[str]:
    """Every character's name and alias, folded."""
    characters = catalogue.characters.values()
    return {fold(c.name) for c in characters} | {
        fold(a) for c in characters for a in c.aliases
    }


def keep_other_films(r: Resolution) -> None:
    """Films named in passing, less those that are a character ("In the film
    Brigid ..."), a place ("the film Lisbon") or a person's name."""
    not_films = _character_names(r.catalogue) | r.place_names
    for slug, record in r.other_films.items():
        title = fold(record.title)
        if title not in not_films and not r.people.is_person_word(title):
            r.catalogue.films.setdefault(slug, record)


def record_credits(r: Resolution) -> None:
    """One credit per (film, person, role, character), actors billed in the
    order first stated; an actor credit with a character makes the same
    actor's character-less credit redundant."""
    person_slug = {fold(p.name): p.slug for p in r.catalogue.people.values()}
    with_character = {
        (f, p) for f, p, role, c in r.raw_credits if role == "actor" and c
    }
    seen: set[tuple] = set()
    billing: dict[str, int] = defaultdict(int)
    for (film, person, role, character), (sha, sentence) in r.raw_credits.items():
        if role == "actor" and not character and (film, person) in with_character:
            continue
        char_slug = ""
        if character and role == "actor":
            name = r.canonical.get((film, character))
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
        r.catalogue.credits.append(
            CreditRecord(
                film=film,
                person=key[1],
                role=role,
                character=char_slug,
                billing_order=order,
                source=sha,
                sentence=sentence,
            )
        )


def record_locations(r: Resolution) -> None:
    """Places (`resolve_locations`), leaving out names that are a character's,
    a person's or a film's."""
    character_words = _character_names(r.catalogue)
    character_words |= {
        fold(part)
        for c in r.catalogue.characters.values()
        for part in name_parts(c.name)
        if fold(part) not in COUNTRIES
    }
    film_words = {fold(f.title) for f in r.catalogue.films.values()}
    film_words |= {_ARTICLE_RE.sub("", t) for t in film_words}
    statements: list[tuple[str, str, LocationFact, int]] = [
        tuple(statement) for statement in r.place_statements.values()
    ]
    resolve_locations(statements, r.people, character_words, film_words, r.catalogue)


def record_ratings(r: Resolution) -> None:
    """Ratings in a stable order."""
    r.catalogue.ratings = [r.ratings[k] for k in sorted(r.ratings)]


def name_reviews(r: Resolution) -> None:
    """Each review's slug, from its film and file name (not its text), so an
    edited document updates its review instead of adding a second one."""
    used: set[str] = set()
    for doc in r.source.summaries:
        if doc.has_review and doc.sha256 in r.chosen:
            stem = doc.name.rsplit(".", 1)[0].replace("_", "-")
            film = r.catalogue.film_of[doc.sha256]
            slug = unique_slug(slugify(f"{film} {stem}", max_length=80), used)
            used.add(slug)
            r.catalogue.review_slug_of[doc.sha256] = slug


PASSES: tuple[Callable[[Resolution], None], ...] = (
    choose_films,
    record_films,
    date_other_films,
    index_people,
    gather_statements,
    merge_characters,
    record_people,
    keep_other_films,
    record_credits,
    record_locations,
    record_ratings,
    name_reviews,
)


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
    r = Resolution(
        source=source,
        read_text=read_text,
        film_hint=film_hint,
        catalogue=Catalogue(source=source),
    )
    for run in PASSES:
        run(r)
    return r.catalogue
