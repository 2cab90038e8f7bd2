"""Cross-document resolution: from every document's facts to one catalogue.

Decides which film each document is about, which person a surname or pronoun
means, which character spellings are one character, which place names are one
place and how places nest. The result (`Catalogue`) holds small records only;
document texts stay on disk.

| module | what it holds |
| --- | --- |
| `catalogue` | `Catalogue` and its records: what resolution writes and `fixture` reads |
| `passes` | `resolve()`: the `Resolution` the passes share, and the passes in order |
| `films` | `FilmIndex`, `assign_films`: which film each document is about |
| `people` | `PeopleIndex`, `merge_spellings`, `name_parts` |
| `places` | `resolve_locations`: place clusters, nesting, kinds, film uses |
| `ratings` | `merge_ratings` |
"""

from reviews.importer.resolve.catalogue import (
    Catalogue,
    CharacterRecord,
    CreditRecord,
    DocumentRecord,
    FilmLocationRecord,
    FilmRecord,
    LocationRecord,
    PersonRecord,
    RatingRecord,
)
from reviews.importer.resolve.films import FilmIndex, assign_films, film_slug
from reviews.importer.resolve.passes import PASSES, Resolution, resolve
from reviews.importer.resolve.people import PeopleIndex, merge_spellings, name_parts
from reviews.importer.resolve.places import resolve_locations

__all__ = [
    "PASSES",
    "Catalogue",
    "CharacterRecord",
    "CreditRecord",
    "DocumentRecord",
    "FilmIndex",
    "FilmLocationRecord",
    "FilmRecord",
    "LocationRecord",
    "PeopleIndex",
    "PersonRecord",
    "RatingRecord",
    "Resolution",
    "assign_films",
    "film_slug",
    "merge_spellings",
    "name_parts",
    "resolve",
    "resolve_locations",
]
