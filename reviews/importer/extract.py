"""One document in, its facts out: the per-document half of the importer.

`extract_document` needs nothing but the document, so it can run in any order
(or process) and its result can be spilled to disk; everything that needs
other documents (which film, which person a surname means) is `resolve`'s job.
"""

from __future__ import annotations

import re

from reviews.importer.assess import (
    excerpt_of,
    headline_of,
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
from reviews.importer.titles import choose_film, find_titles

KINDS = {"review", "essay", "article"}
ESSAY_MIN_WORDS = 800
SYNOPSIS_MAX_SENTENCES = 4

_FIRST_PERSON_RE = re.compile(r"\b(I|I'm|I've|my|me)\b")
_PLOT_OPENER_RE = re.compile(
    r"\b(the (story|plot|film) (follows|centres|centers|concerns|tells)|"
    r"(is|was) an? \d{4} .*film)\b",
    re.IGNORECASE,
)


def classify(doc: Document, sentences, has_filming: bool, has_ratings: bool, credits):
    """Reference article vs. critic review vs. essay (the header may say)."""
    declared = doc.headers.get("kind", "").strip().lower()
    if declared in KINDS:
        return declared
    citations = len(CITATION_RE.findall(doc.text))
    first_person = len(_FIRST_PERSON_RE.findall(doc.text))
    plot_opener = any(_PLOT_OPENER_RE.search(s.text) for s in sentences[:3])
    evidence = (
        2 * min(citations, 3) + 2 * has_filming + 2 * has_ratings + plot_opener
    ) - first_person
    if evidence >= 4:
        return "article"
    if word_count(doc.text) >= ESSAY_MIN_WORDS and not credits:
        return "essay"
    return "review"


def extract_document(doc: Document) -> DocumentFacts:
    """Extract every fact one document states about films, people and places."""
    sentences = split_sentences(doc.text)
    with_year, title_phrases, other_films, declared = find_titles(sentences)
    film = choose_film(doc.headers, with_year, declared)
    known_titles = {title for title, _ in with_year} | set(title_phrases)
    known_titles |= {f.title for f in other_films}
    if film:
        known_titles.add(film.title)
    credits, pairs, characters = extract_people(sentences, known_titles)

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

    kind = classify(doc, sentences, bool(filming_sentences), bool(ratings), credits)
    facts = DocumentFacts(
        name=doc.name,
        path=str(doc.path),
        sha256=doc.sha256,
        kind=kind,
        film=film,
        other_films=[f for f in other_films if not film or f.title != film.title],
        title_mentions=[t for t, _ in title_phrases.most_common()],
        credits=credits,
        pairs=pairs,
        characters=characters,
        locations=locations,
        ratings=ratings,
    )
    if kind == "article":
        facts.synopsis = synopsis_of(sentences, facts)
    else:
        facts.review = review_facts(doc, sentences, film)
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
    return re.compile(r"\b(?:" + "|".join(re.escape(n) for n in names) + r")\b")


def review_facts(doc: Document, sentences: list[Sentence], film: FilmRef | None):
    scores = sentence_scores(sentences)
    tone, tone_score = tone_of(scores)
    excerpt = excerpt_of(sentences, scores)
    headers = doc.headers
    return ReviewFacts(
        headline=headers.get("title")
        or headline_of(excerpt, film.title if film else ""),
        excerpt=excerpt,
        word_count=word_count(doc.text),
        tone=tone,
        tone_score=tone_score,
        themes=themes_of(doc.text),
        byline=headers.get("author", ""),
        outlet=headers.get("outlet", ""),
        source_url=headers.get("url", ""),
        published_on=_iso_date(headers.get("published", "")),
    )


def _iso_date(value: str) -> str | None:
    from datetime import datetime

    value = value.strip()
    if not value:
        return None
    for fmt in ("%Y-%m-%d", "%d %B %Y", "%B %d, %Y", "%d %b %Y", "%b %d, %Y", "%Y"):
        try:
            return datetime.strptime(value, fmt).date().isoformat()
        except ValueError:
            continue
    return None
