"""One document in, its facts out: the per-document half of the importer.

`extract_document` needs nothing but the document, so it can run in any order
(or process) and its result can be spilled to disk; everything that needs
other documents (which film, which person a surname means) is `resolve`'s job.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime
from functools import lru_cache

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from reviews.importer import gazetteer
from reviews.importer.assess import (
    excerpt_of,
    headline_of,
    load_analyzer,
    sentence_scores,
    themes_of,
    tone_of,
)
from reviews.importer.documents import Document
from reviews.importer.facts import DocumentFacts, FilmRef, ReviewFacts
from reviews.importer.people import extract_people
from reviews.importer.places import (
    extract_filming_locations,
    extract_settings,
    is_filming_sentence,
)
from reviews.importer.ratings import RatingReader
from reviews.importer.resolve import name_parts
from reviews.importer.text import CITATION_RE, Sentence, split_sentences, word_count
from reviews.importer.titles import (
    choose_film,
    find_titles,
    parse_year,
    split_film_header,
    valid_year,
)

KINDS = {"review", "essay", "article"}
# "Kind:" header values: the stored kinds and their labels (SourceDocument.Kind).
KIND_NAMES = {
    "review": "review",
    "critic review": "review",
    "essay": "essay",
    "article": "article",
    "reference article": "article",
}
# Longest header values the review's fields hold (Review model max_length).
HEADER_MAX_CHARS = {"title": 255, "author": 255, "outlet": 255}
URL_MAX_CHARS = 500
FILM_TITLE_MAX_CHARS = 255
ESSAY_MIN_WORDS = 800
SYNOPSIS_MAX_SENTENCES = 4

_FIRST_PERSON_RE = re.compile(r"\b(I|I'm|I've|my|me)\b")
_PLOT_OPENER_RE = re.compile(
    r"\b(the (story|plot|film) (follows|centres|centers|concerns|tells)|"
    r"(is|was) an? \d{4} .*film)\b",
    re.IGNORECASE,
)


def classify(
    doc: Document,
    sentences,
    has_filming: bool,
    has_ratings: bool,
    credits,
    words: int,
):
    """Reference article vs. critic review vs. essay (the header may say).
    ``words``: the document's word count."""
    declared = " ".join(doc.headers.get("kind", "").split()).casefold()
    if declared in KIND_NAMES:
        return KIND_NAMES[declared]
    citations = len(CITATION_RE.findall(doc.text))
    first_person = len(_FIRST_PERSON_RE.findall(doc.text))
    plot_opener = any(_PLOT_OPENER_RE.search(s.text) for s in sentences[:3])
    evidence = (
        2 * min(citations, 3) + 2 * has_filming + 2 * has_ratings + plot_opener
    ) - first_person
    if evidence >= 4:
        return "article"
    if words >= ESSAY_MIN_WORDS and not credits:
        return "essay"
    return "review"


def check_headers(doc: Document) -> tuple[dict[str, str], list[str]]:
    """The document's header values that can be stored, and a warning for
    each one that was dropped or shortened (the document is still imported)."""
    headers = {k: " ".join(v.split()) for k, v in doc.headers.items()}
    warnings: list[str] = []

    def warn(message: str) -> None:
        warnings.append(f"{doc.name}: {message}")

    if headers.get("year") and parse_year(headers["year"]) is None:
        warn(f"ignored the 'Year:' header '{_shorten(headers['year'])}' "
             "(not a film year)")  # fmt: skip
        del headers["year"]
    if headers.get("film"):
        title, year = split_film_header(headers["film"])
        if year is not None and not valid_year(year):
            warn(f"ignored the year {year} in the 'Film:' header (not a film year)")
            year = None
        if len(title) > FILM_TITLE_MAX_CHARS:
            title = _truncate(title, FILM_TITLE_MAX_CHARS)
            warn(f"shortened the 'Film:' header to {FILM_TITLE_MAX_CHARS} characters")
        headers["film"] = f"{title} ({year})" if year is not None else title
    for key, limit in HEADER_MAX_CHARS.items():
        value = headers.get(key, "")
        if len(value) > limit:
            headers[key] = _truncate(value, limit)
            warn(f"shortened the '{key.title()}:' header to {limit} characters")
    if headers.get("url"):
        url = headers["url"]
        if len(url) > URL_MAX_CHARS:
            warn(f"ignored the 'URL:' header (over {URL_MAX_CHARS} characters)")
            del headers["url"]
        elif not _is_web_url(url):
            warn(f"ignored the 'URL:' header '{_shorten(url)}' (not an http(s) URL)")
            del headers["url"]
    if headers.get("published") and _iso_date(headers["published"]) is None:
        warn(f"ignored the 'Published:' header '{_shorten(headers['published'])}' "
             "(not a full date)")  # fmt: skip
        del headers["published"]
    if (
        headers.get("kind")
        and " ".join(headers["kind"].split()).casefold() not in KIND_NAMES
    ):
        warn(f"ignored the 'Kind:' header '{_shorten(headers['kind'])}'")
        del headers["kind"]
    return headers, warnings


def _truncate(value: str, limit: int) -> str:
    """``value`` cut to at most ``limit`` characters, at a word boundary."""
    if len(value) <= limit:
        return value
    cut = value[: limit + 1].rsplit(" ", 1)[0] if " " in value[:limit] else ""
    return (cut or value[:limit]).rstrip(" ,;:")[:limit]


def _shorten(value: str, limit: int = 60) -> str:
    """A header value short enough to quote in a warning."""
    return value if len(value) <= limit else _truncate(value, limit - 1) + "…"


_URL_VALIDATOR = URLValidator(schemes=["http", "https"])


def _is_web_url(value: str) -> bool:
    try:
        _URL_VALIDATOR(value)
    except ValidationError:
        return False
    return True


def preload() -> None:
    """Load the data extraction reads from files (the gazetteer's index, building
    its cache file if there is none; VADER's lexicon) in this process now, so
    that worker processes forked afterwards share it instead of each loading,
    or building, its own."""
    gazetteer.preload()
    load_analyzer()


def extract_document(doc: Document) -> DocumentFacts:
    """Extract every fact one document states about films, people and places."""
    headers, warnings = check_headers(doc)
    doc = replace(doc, headers=headers)
    sentences = split_sentences(doc.text)
    with_year, title_phrases, other_films, declared = find_titles(sentences)
    film = choose_film(doc.headers, with_year, declared)
    known_titles = {title for title, _ in with_year} | set(title_phrases)
    known_titles |= {f.title for f in other_films}
    if film:
        known_titles.add(film.title)
    credits, pairs, characters = extract_people(
        sentences, known_titles, text=doc.text, subject=film.title if film else None
    )

    locations = []
    ratings = []
    reader = RatingReader()
    filming_sentences = 0
    for sentence in sentences:
        found_ratings = reader.read(sentence)
        ratings.extend(found_ratings)
        if found_ratings:
            continue
        if is_filming_sentence(sentence):
            filming_sentences += 1
            locations.extend(extract_filming_locations(sentence))
        else:
            locations.extend(extract_settings(sentence))

    words = word_count(doc.text)
    kind = classify(
        doc, sentences, bool(filming_sentences), bool(ratings), credits, words
    )
    header_year = parse_year(doc.headers.get("year", ""))
    facts = DocumentFacts(
        name=doc.name,
        path=str(doc.path),
        sha256=doc.sha256,
        kind=kind,
        # No film yet but a "Year:" header: a title-less film carries the
        # year to resolution, which dates the film the document is about.
        film=film or (FilmRef("", header_year) if header_year else None),
        other_films=[f for f in other_films if not film or f.title != film.title],
        title_mentions=[t for t, _ in title_phrases.most_common()],
        credits=credits,
        pairs=pairs,
        characters=characters,
        locations=locations,
        ratings=ratings,
        warnings=warnings,
    )
    if kind == "article":
        facts.synopsis = synopsis_of(sentences, facts)
    else:
        facts.review = review_facts(doc, sentences, film, words)
    return facts


def synopsis_of(sentences: list[Sentence], facts: DocumentFacts) -> str:
    """The article's first plot sentences: those naming a character and no
    actor (a cast list names both; plot keeps actors in "(Name)" asides)."""
    names = {c.character for c in facts.credits if c.character}
    names |= {c.name for c in facts.characters}
    names |= {p.left for p in facts.pairs}
    names |= {part for name in list(names) for part in name_parts(name)}
    actors = {c.person for c in facts.credits if c.role == "actor"}
    names_re = _any_name_re(names)
    actors_re = _any_name_re(actors)
    chosen = []
    for sentence in sentences:
        if len(chosen) == SYNOPSIS_MAX_SENTENCES or names_re is None:
            break
        if is_filming_sentence(sentence) or "consensus" in sentence.text.lower():
            continue
        if names_re.search(sentence.text):
            # "(Actor Name)" asides belong to the cast list, not the story.
            text = _ASIDE_RE.sub(
                lambda m: "" if actors_re and actors_re.fullmatch(m[1]) else m[0],
                sentence.text,
            )
            if actors_re and actors_re.search(text):
                continue
            chosen.append(text)
    return " ".join(chosen)


_ASIDE_RE = re.compile(r" \(([^()]+)\)")


def _any_name_re(names) -> re.Pattern | None:
    names = sorted({n for n in names if n}, key=len, reverse=True)
    if not names:
        return None
    return _names_re(tuple(names))


@lru_cache(maxsize=256)
def _names_re(names: tuple[str, ...]) -> re.Pattern:
    # Cached by the (sorted) names: re's own cache is small and keyed by the
    # whole pattern text, so a document's names were recompiled each time.
    return re.compile(r"\b(?:" + "|".join(re.escape(n) for n in names) + r")\b")


def review_facts(
    doc: Document,
    sentences: list[Sentence],
    film: FilmRef | None,
    words: int,
):
    scores = sentence_scores(sentences)
    tone, tone_score = tone_of(scores)
    excerpt = excerpt_of(sentences, scores)
    headers = doc.headers
    return ReviewFacts(
        headline=headers.get("title")
        or headline_of(excerpt, film.title if film else ""),
        excerpt=excerpt,
        word_count=words,
        tone=tone,
        tone_score=tone_score,
        themes=themes_of(doc.text),
        byline=headers.get("author", ""),
        outlet=headers.get("outlet", ""),
        source_url=headers.get("url", ""),
        published_on=_iso_date(headers.get("published", "")),
    )


# Full dates only: a bare year or month is not the day a review was published.
_DATE_FORMATS = ("%Y-%m-%d", "%d %B %Y", "%B %d, %Y", "%d %b %Y", "%b %d, %Y")


def _iso_date(value: str) -> str | None:
    value = " ".join(value.split())
    if not value:
        return None
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(value, fmt).date().isoformat()
        except ValueError:
            continue
    return None
