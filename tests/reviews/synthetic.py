"""Synthetic documents about invented films, for tests and benchmarks at scale.

Names are invented from syllables: nothing here is taken from the seeds. The
same seed gives the same documents.
"""

from __future__ import annotations

import random
from pathlib import Path

FILMS = 300  # a realistic catalogue: many documents per film

_SYLLABLES = (
    "ka lo mi ren sa tor vel an du mar el is or bren cal dun fen gar hal".split()
)
_TOWNS = "Ashbury Brackenford Coldharbour Dunmere Eastwick Fallowfield Greystone Hollins".split()
_CITIES = "Valmont Kestrel Porthaven Lindqvist Marrow Oberfeld".split()
_COUNTIES = "Westermark Holloway Brantshire".split()
_VENUES = [
    "Old Corn Market",
    "Harbour Bridge",
    "Lantern Museum",
    "Central Station",
    "Rose Garden",
]


def _name(rng: random.Random, words: int = 2) -> str:
    return " ".join(
        "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()
        for _ in range(words)
    )


def _film(rng: random.Random, i: int) -> dict:
    return {
        "title": f"The {_name(rng, 1)} {rng.choice(['Affair', 'Road', 'Winter', 'Silence', 'Harbour'])}",
        "year": 1960 + i % 60,
        "actors": [(_name(rng), _name(rng, 1)) for _ in range(4)],
        "director": _name(rng),
        "composer": _name(rng),
        "city": rng.choice(_CITIES),
        "town": rng.choice(_TOWNS),
        "venue": rng.choice(_VENUES),
    }


def _review(rng: random.Random, film: dict) -> str:
    (a1, c1), (a2, c2), (a3, c3), _ = film["actors"]
    surname = a1.split()[-1]
    return "\n\n".join(
        [
            f"{film['title']} ({film['year']}) is a {rng.choice(['tender', 'bruising', 'clumsy', 'luminous'])} drama "
            f"with fine performances from {a1} ({c1}) and {a2} ({c2}).",
            f"Writer/director {film['director']} keeps the camera close, and the score by {film['composer']} "
            f"is {rng.choice(['haunting', 'intrusive', 'lovely', 'forgettable'])}.",
            f"When {c1} goes to {film['city']}, {c3} ({a3}) follows, and the film finds its heart. "
            f"{surname} is {rng.choice(['superb', 'wasted', 'magnetic', 'uneven'])} throughout, "
            f"and the story never loses sight of the family at its centre.",
            " ".join(
                rng.choice(
                    [
                        "The pacing sags in the middle act.",
                        "It is a warm and generous film about grief and love.",
                        "Some scenes feel rushed, others are beautifully judged.",
                        "The marriage at its core is drawn with real care.",
                        "Few films this year look as good.",
                    ]
                )
                for _ in range(6)
            ),
        ]
    )


def _article(rng: random.Random, film: dict) -> str:
    cast = ", ".join(f"{c} ({a})" for a, c in film["actors"])
    return "\n".join(
        [
            f"[1] {film['title']} is a {film['year']} drama film directed by {film['director']}.",
            f"The story follows {film['actors'][0][1]}, whose family includes {cast}.",
            f"[2] Filming took place in {film['town']} in {rng.choice(_COUNTIES)}, including the {film['venue']}.",
            f"Further scenes were shot in {film['city']}, notably at the {rng.choice(_VENUES)}.",
            f"[3] On Metacritic, the film has a weighted average score of {rng.randint(30, 95)} out of 100, "
            f"based on {rng.randint(5, 40)} critics.",
        ]
    )


def generate(folder: Path, n: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    films = [_film(rng, i) for i in range(FILMS)]
    for i in range(n):
        film = films[i % FILMS]
        text = _article(rng, film) if i % 10 == 0 else _review(rng, film)
        (folder / f"doc_{i:06d}.txt").write_text(
            text + f"\n\nDocument {i}.\n", encoding="utf-8"
        )
