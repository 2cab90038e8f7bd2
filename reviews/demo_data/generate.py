"""Build an invented catalogue and N reviews, deterministically from a seed.

Proportions follow a real site: about one film per 50 reviews (at least 20),
one person per 10 reviews, several characters per film, a location tree
(country > city > district > venue) and a fixed list of themes. Rows are
written with ``bulk_create`` in chunks, so a per-row trigger costs a row, not a
statement. Historical rows are not written for the generated data (its
history starts with the first edit).

Every date is fixed by the seed except the scheduled reviews' publication
times, which are days after today so that they stay in the future.
"""

from __future__ import annotations

import datetime as dt
import random
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import accumulate

from django.db import connection, transaction
from django.utils.text import slugify

from films.models import (
    Character,
    Credit,
    Film,
    FilmLocation,
    Location,
    Person,
    Rating,
    SourceDocument,
)
from reviews.demo_data import DEMO_PREFIX, banks
from reviews.importer.assess import NEGATIVE_THRESHOLD, POSITIVE_THRESHOLD
from reviews.importer.text import word_count
from reviews.models import Mention, Review, Theme

UTC = dt.UTC
# Reviews are dated up to this day; past dates never depend on today.
LAST_REVIEW_DAY = dt.date(2025, 12, 31)
REVIEW_CHUNK = 1000
MIN_BODY_WORDS, MAX_BODY_WORDS = 300, 900
FILLER_POOL_SIZE = 4000
SQLITE_CACHE_KIB = -512 * 1024  # negative: KiB, as PRAGMA cache_size takes it

CREW_ROLES = (
    (Credit.Role.DIRECTOR, 1, 1),
    (Credit.Role.WRITER, 1, 2),
    (Credit.Role.PRODUCER, 1, 2),
    (Credit.Role.COMPOSER, 1, 1),
    (Credit.Role.CINEMATOGRAPHER, 1, 1),
    (Credit.Role.EDITOR, 1, 1),
)
OCCASIONAL_ROLES = (
    Credit.Role.EXECUTIVE_PRODUCER,
    Credit.Role.SOUND_DESIGNER,
    Credit.Role.PRODUCTION_DESIGNER,
    Credit.Role.COSTUME_DESIGNER,
    Credit.Role.CASTING_DIRECTOR,
)
# Who a review names most: the director, the writers and the cast.
MENTIONED_ROLES = {Credit.Role.DIRECTOR, Credit.Role.WRITER, Credit.Role.ACTOR}


@dataclass(frozen=True)
class Sizes:
    reviews: int
    films: int
    people: int
    locations: int
    critics: int

    @classmethod
    def for_reviews(cls, reviews: int) -> Sizes:
        return cls(
            reviews=reviews,
            films=max(20, reviews // 50),
            people=max(40, reviews // 10),
            locations=max(40, reviews // 100),
            critics=max(10, reviews // 200),
        )


@dataclass
class FilmPlan:
    film: Film
    quality: float  # -1..1: the centre of its reviews' tone scores
    characters: list[Character] = field(default_factory=list)
    # (kind, id, name) of what its reviews may mention besides the film.
    mentionable: list[tuple[str, int, str]] = field(default_factory=list)


class _Names:
    """Invented names, unique within the run, from syllables."""

    def __init__(self, rng: random.Random):
        self.rng = rng

    def _stem(self) -> str:
        middle = self.rng.choice(banks.NAME_MIDDLES) if self.rng.random() < 0.5 else ""
        return self.rng.choice(banks.NAME_STARTS) + middle

    def first(self) -> str:
        return self._stem() + self.rng.choice(banks.FIRST_ENDS)

    def surname(self) -> str:
        return (self._stem() + self.rng.choice(banks.SURNAME_ENDS)).capitalize()

    def person(self) -> str:
        return f"{self.first()} {self.surname()}"

    def country(self) -> str:
        return self._stem() + self.rng.choice(banks.PLACE_ENDS)

    def town(self) -> str:
        return self._stem() + self.rng.choice(banks.TOWN_ENDS)


class _Slugs:
    """Unique ``demo-`` slugs: a repeated name gets a number."""

    def __init__(self):
        self.used: set[str] = set()

    def __call__(self, text: str, prefix: str = DEMO_PREFIX) -> str:
        base = f"{prefix}{slugify(text)[:200]}"
        slug, n = base, 1
        while slug in self.used:
            n += 1
            slug = f"{base}-{n}"
        self.used.add(slug)
        return slug


def _unique(make, count: int, taken: set[str] = frozenset()) -> list[str]:
    seen, out = set(taken), []
    while len(out) < count:
        value = make()
        if value not in seen:
            seen.add(value)
            out.append(value)
    return out


def _coordinate(value: float, limit: int) -> Decimal:
    return Decimal(f"{max(-limit, min(limit, value)):.6f}")


def _aware(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=UTC)


@contextmanager
def _large_sqlite_cache():
    """Give SQLite room for the whole transaction's hot pages. With its
    2 MB default, a large transaction spills the same pages (the content
    version row, index roots) to the WAL over and over: gigabytes written."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        (previous,) = cursor.fetchone()
        cursor.execute(f"PRAGMA cache_size = {SQLITE_CACHE_KIB}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(previous)}")


class DemoGenerator:
    def __init__(self, reviews: int, seed: int, progress=None):
        self.sizes = Sizes.for_reviews(reviews)
        self.rng = random.Random(seed)
        self.names = _Names(self.rng)
        self.slugs = _Slugs()
        self.progress = progress  # callable(n) after each chunk of reviews
        self.created: dict[str, int] = {}

    def run(self) -> dict[str, int]:
        with transaction.atomic(), _large_sqlite_cache():
            themes = self._themes()
            places = self._locations()
            people = self._people()
            plans = self._films(places)
            self._credits(plans, people)
            self._film_locations(plans, places)
            self._ratings(plans)
            self._reviews(plans, themes)
        return self.created

    def _save(self, model, rows: list) -> list:
        saved = model.objects.bulk_create(rows)
        label = model._meta.verbose_name_plural
        self.created[label] = self.created.get(label, 0) + len(saved)
        return saved

    # --- Catalogue -----------------------------------------------------

    def _themes(self) -> list[Theme]:
        taken = set(Theme.objects.values_list("name", flat=True))
        rows = []
        for name in banks.THEMES:
            shown = name if name not in taken else f"{name} (demo)"
            rows.append(
                Theme(
                    name=shown,
                    slug=self.slugs(name),
                    description=banks.THEME_DESCRIPTION.format(name.lower()),
                )
            )
        return self._save(Theme, rows)

    def _locations(self) -> dict[str, list[Location]]:
        rng, total = self.rng, self.sizes.locations
        n_countries = max(4, min(20, total // 40))
        n_cities = max(n_countries * 2, total // 5)
        n_districts = max(n_cities, total // 4)
        n_venues = max(0, total - n_countries - n_cities - n_districts)

        countries = []
        for name in _unique(self.names.country, n_countries):
            lat, lon = rng.uniform(-40, 60), rng.uniform(-120, 140)
            countries.append(self._place(name, Location.Kind.COUNTRY, None, lat, lon))
        countries = self._save(Location, countries)

        cities = [
            self._near(name, Location.Kind.CITY, countries[i % n_countries], 3.0)
            for i, name in enumerate(_unique(self.names.town, n_cities))
        ]
        cities = self._save(Location, cities)

        districts = []
        for i in range(n_districts):
            city = cities[i % n_cities]
            name = rng.choice(banks.DISTRICT_PATTERNS).format(self.names.surname())
            districts.append(self._near(name, Location.Kind.DISTRICT, city, 0.05))
        districts = self._save(Location, districts)

        venues = []
        for _ in range(n_venues):
            pattern, kind = rng.choice(banks.VENUE_PATTERNS)
            parent = rng.choice(districts)
            venues.append(
                self._near(pattern.format(self.names.surname()), kind, parent, 0.01)
            )
        venues = self._save(Location, venues)
        return {"cities": cities, "sites": districts + venues}

    def _place(self, name, kind, parent, lat, lon) -> Location:
        return Location(
            name=name,
            slug=self.slugs(name),
            kind=kind,
            parent=parent,
            latitude=_coordinate(lat, 90),
            longitude=_coordinate(lon, 180),
        )

    def _near(self, name, kind, parent: Location, spread: float) -> Location:
        lat = float(parent.latitude) + self.rng.uniform(-spread, spread)
        lon = float(parent.longitude) + self.rng.uniform(-spread, spread)
        return self._place(name, kind, parent, lat, lon)

    def _people(self) -> list[Person]:
        rows = [
            Person(name=name, slug=self.slugs(name))
            for name in _unique(self.names.person, self.sizes.people)
        ]
        return self._save(Person, rows)

    def _title(self, places) -> str:
        return self.rng.choice(banks.TITLE_PATTERNS).format(
            adj=self.rng.choice(banks.TITLE_ADJECTIVES),
            noun=self.rng.choice(banks.TITLE_NOUNS),
            place=self.rng.choice(places["cities"]).name,
            name=self.names.first(),
        )

    def _films(self, places) -> list[FilmPlan]:
        rng = self.rng
        taken = set(Film.objects.values_list("title", flat=True))
        titles = _unique(lambda: self._title(places), self.sizes.films, taken)
        plans = []
        for title in titles:
            year = 1950 + int(74 * rng.random() ** 0.5)
            film = Film(title=title, year=year, slug=self.slugs(f"{title} {year}"))
            plans.append(FilmPlan(film=film, quality=rng.uniform(-0.8, 0.9)))
        self._save(Film, [plan.film for plan in plans])
        for plan in plans:
            plan.characters = self._characters_of(plan.film)
        self._save(Character, [c for plan in plans for c in plan.characters])
        for plan in plans:
            plan.film.synopsis = self._synopsis(plan, places)
            plan.mentionable += [
                (Mention.Kind.CHARACTER, c.pk, c.name) for c in plan.characters
            ]
        Film.objects.bulk_update([plan.film for plan in plans], ["synopsis"])
        return plans

    def _characters_of(self, film: Film) -> list[Character]:
        count = self.rng.randint(4, 9)
        names = _unique(self.names.first, count)
        return [
            Character(
                film=film,
                name=name,
                slug=self.slugs(name, prefix=f"{film.slug}-"),
                description=self.rng.choice(banks.CHARACTER_DESCRIPTIONS),
            )
            for name in names
        ]

    def _synopsis(self, plan: FilmPlan, places) -> str:
        first, other = self.rng.sample(plan.characters, 2)
        return self.rng.choice(banks.SYNOPSIS_PATTERNS).format(
            place=self.rng.choice(places["cities"]).name,
            character=first.name,
            other=other.name,
            noun=self.rng.choice(banks.NOUNS),
            adj=self.rng.choice(banks.ADJECTIVES),
        )

    def _people_cycle(self, people: list[Person]):
        """People in shuffled rounds, so that everyone gets credits."""
        while True:
            order = people[:]
            self.rng.shuffle(order)
            yield from order

    def _credits(self, plans: list[FilmPlan], people: list[Person]) -> None:
        rng, cycle, rows = self.rng, self._people_cycle(people), []
        for plan in plans:
            roles = [
                role
                for role, low, high in CREW_ROLES
                for _ in range(rng.randint(low, high))
            ]
            roles += rng.sample(OCCASIONAL_ROLES, rng.randint(0, 2))
            actors = plan.characters[: max(3, len(plan.characters) - rng.randint(0, 2))]
            roles += [Credit.Role.ACTOR] * len(actors)
            chosen: list[Person] = []
            while len(chosen) < len(roles):
                person = next(cycle)
                if person not in chosen:
                    chosen.append(person)
            characters = iter(actors)
            for order, (role, person) in enumerate(zip(roles, chosen, strict=True)):
                character = next(characters) if role == Credit.Role.ACTOR else None
                rows.append(
                    Credit(
                        film=plan.film,
                        person=person,
                        role=role,
                        character=character,
                        billing_order=order,
                    )
                )
                if role in MENTIONED_ROLES:
                    plan.mentionable.append(
                        (Mention.Kind.PERSON, person.pk, person.name)
                    )
        self._save(Credit, rows)

    def _film_locations(self, plans: list[FilmPlan], places) -> None:
        rng, rows = self.rng, []
        for plan in plans:
            setting = rng.choice(places["cities"])
            sites = rng.sample(places["sites"], rng.randint(1, 3))
            uses = [(setting, FilmLocation.Usage.SETTING)]
            uses += [(site, FilmLocation.Usage.FILMING) for site in sites]
            if rng.random() < 0.3:
                uses.append((setting, FilmLocation.Usage.FILMING))
            for place, usage in uses:
                rows.append(FilmLocation(film=plan.film, location=place, usage=usage))
            for place in {place.pk: place for place, _ in uses}.values():
                plan.mentionable.append((Mention.Kind.LOCATION, place.pk, place.name))
        self._save(FilmLocation, rows)

    def _ratings(self, plans: list[FilmPlan]) -> None:
        rows = []
        for plan in plans:
            for source, metric in banks.AGGREGATORS:
                if self.rng.random() < 0.4:
                    score = 50 + 45 * plan.quality + self.rng.uniform(-5, 5)
                    rows.append(
                        Rating(
                            film=plan.film,
                            source=source,
                            metric=metric,
                            value=Decimal(max(0, min(100, round(score)))),
                            scale=Decimal(100),
                            critic_count=self.rng.randint(5, 60),
                        )
                    )
        self._save(Rating, rows)

    # --- Reviews -------------------------------------------------------

    def _reviews(self, plans: list[FilmPlan], themes: list[Theme]) -> None:
        rng = self.rng
        films_by_popularity = plans[:]
        rng.shuffle(films_by_popularity)
        film_weights = list(
            accumulate(1 / (rank + 1) ** 0.8 for rank in range(len(plans)))
        )
        theme_weights = list(
            accumulate(1 / (rank + 1) ** 0.6 for rank in range(len(themes)))
        )
        critics = _unique(self.names.person, self.sizes.critics)
        fillers = self._filler_pool()
        today = dt.datetime.now(UTC).date()
        lifecycle = self._lifecycle_plan()

        done = 0
        while done < self.sizes.reviews:
            count = min(REVIEW_CHUNK, self.sizes.reviews - done)
            drafts = []
            for number in range(done + 1, done + count + 1):
                plan = rng.choices(films_by_popularity, cum_weights=film_weights)[0]
                kind = lifecycle[number - 1]
                drafts.append(self._review(number, kind, plan, critics, fillers, today))
            self._save_chunk(drafts, themes, theme_weights)
            done += count
            if self.progress:
                self.progress(count)

    def _filler_pool(self) -> list[tuple[str, int]]:
        rng, pool = self.rng, []
        for _ in range(FILLER_POOL_SIZE):
            noun, noun2 = rng.sample(banks.NOUNS, 2)
            text = rng.choice(banks.FILLER_SENTENCES).format(
                noun=noun,
                noun2=noun2,
                adj=rng.choice(banks.ADJECTIVES),
                verb=rng.choice(banks.VERBS),
            )
            pool.append((text[0].upper() + text[1:], word_count(text)))
        return pool

    def _fill(self, template: str, **names) -> str:
        text = template.format(
            adj=self.rng.choice(banks.ADJECTIVES),
            noun=self.rng.choice(banks.NOUNS),
            **names,
        )
        return text[0].upper() + text[1:]

    def _tone(self, plan: FilmPlan) -> tuple[str, float]:
        score = round(max(-1.0, min(1.0, self.rng.gauss(plan.quality, 0.35))), 4)
        if score >= POSITIVE_THRESHOLD:
            return Review.Tone.POSITIVE, score
        if score <= NEGATIVE_THRESHOLD:
            return Review.Tone.NEGATIVE, score
        return Review.Tone.MIXED, score

    def _review(self, number, kind, plan, critics, fillers, today) -> dict:
        rng, film = self.rng, plan.film
        tone, score = self._tone(plan)
        targets = [(Mention.Kind.FILM, film.pk, film.title)]
        targets += rng.sample(plan.mentionable, rng.randint(1, 5))
        counts = [rng.randint(1, 4) for _ in targets]

        sentences = []
        for (target_kind, _, name), times in zip(targets, counts, strict=True):
            for _ in range(times):
                template = rng.choice(banks.NAME_SENTENCES[target_kind])
                sentences.append(self._fill(template, name=name))
        tone_lines = [self._fill(t) for t in rng.sample(banks.TONE_SENTENCES[tone], 3)]
        sentences += tone_lines
        words = sum(word_count(s) for s in sentences)
        goal = rng.randint(MIN_BODY_WORDS, MAX_BODY_WORDS)
        while words < goal:
            text, n = rng.choice(fillers)
            sentences.append(text)
            words += n
        rng.shuffle(sentences)
        paragraphs, start = [], 0
        while start < len(sentences):
            size = rng.randint(4, 7)
            paragraphs.append(" ".join(sentences[start : start + size]))
            start += size

        headline = self._fill(
            rng.choice(banks.HEADLINE_PATTERNS[tone]), film=film.title
        )
        review = Review(
            film=film,
            headline=headline,
            slug=f"{DEMO_PREFIX}review-{number}-{film.slug.removeprefix(DEMO_PREFIX)}",
            body="\n\n".join(paragraphs),
            excerpt=tone_lines[0],
            byline=rng.choice(critics),
            outlet=rng.choice(banks.OUTLETS),
            tone=tone,
            tone_score=score,
            word_count=words,
        )
        imported = self._schedule(review, kind, film.year, today)
        document = None
        if imported:
            review.source_url = (
                f"https://{slugify(review.outlet)}.example/reviews/{review.slug}"
            )
            text = f"{headline}\n\n{review.body}\n"
            document = SourceDocument(
                filename=f"{review.slug}.txt",
                sha256=SourceDocument.digest(text),
                text=text,
                kind=SourceDocument.Kind.REVIEW,
                imported_at=review.created_at,
            )
        mentions = [
            Mention(
                kind=target, count=times, **{Mention.TARGET_FIELDS[target] + "_id": pk}
            )
            for (target, pk, _), times in zip(targets, counts, strict=True)
        ]
        return {"review": review, "document": document, "mentions": mentions}

    def _lifecycle_plan(self) -> list[str]:
        """Each review's place in the workflow, in exact proportions (so even
        a small run has every kind), in random order."""
        total = self.sizes.reviews
        shares = {
            "featured": max(1, total // 200),
            "imported": max(1, total * 8 // 100),
            "scheduled": max(1, total // 100),
            Review.Status.DRAFT: max(1, total * 5 // 100),
            Review.Status.IN_REVIEW: max(1, total * 3 // 100),
            Review.Status.ARCHIVED: max(1, total * 3 // 100),
        }
        plan = [kind for kind, n in shares.items() for _ in range(n)][:total]
        plan += ["published"] * (total - len(plan))
        self.rng.shuffle(plan)
        return plan

    def _schedule(self, review: Review, kind: str, year: int, today) -> bool:
        """Status and dates for a ``kind`` of `_lifecycle_plan`; True for an
        imported review (no dates, a source document), as the importer
        makes them."""
        rng = self.rng
        first_day = dt.date(max(year, 1990), 1, 1)
        day = first_day + dt.timedelta(
            days=rng.randint(0, (LAST_REVIEW_DAY - first_day).days)
        )
        published_at = _aware(day, rng.randint(7, 20), rng.randint(0, 59))
        review.created_at = published_at - dt.timedelta(days=rng.randint(1, 20))
        review.updated_at = published_at
        review.status = Review.Status.PUBLISHED
        if kind in (Review.Status.DRAFT, Review.Status.IN_REVIEW):
            review.status = kind
            review.updated_at = review.created_at
            return False
        if kind == "imported":
            review.updated_at = review.created_at
            return True
        if kind == "scheduled":
            day = today + dt.timedelta(days=rng.randint(1, 60))
            published_at = _aware(day, 9)
        elif kind == Review.Status.ARCHIVED:
            review.status = kind
        review.featured = kind == "featured"
        review.published_on = day
        review.published_at = published_at
        return False

    def _save_chunk(self, drafts: list[dict], themes, theme_weights) -> None:
        documents = [d["document"] for d in drafts if d["document"] is not None]
        self._save(SourceDocument, documents)
        for draft in drafts:
            draft["review"].source_document = draft["document"]
        reviews = self._save(Review, [d["review"] for d in drafts])
        mentions, tags = [], []
        for draft, review in zip(drafts, reviews, strict=True):
            for mention in draft["mentions"]:
                mention.review = review
                mentions.append(mention)
            chosen = {
                theme.pk
                for theme in self.rng.choices(
                    themes, cum_weights=theme_weights, k=self.rng.randint(1, 3)
                )
            }
            tags += [
                Review.themes.through(review_id=review.pk, theme_id=pk)
                for pk in sorted(chosen)
            ]
        self._save(Mention, mentions)
        Review.themes.through.objects.bulk_create(tags)
        self.created["review themes"] = self.created.get("review themes", 0) + len(tags)
