"""What a review says and how: tone, themes, a headline and a pull quote.

Tone is VADER (Hutto & Gilbert, 2014), a lexicon-and-rules sentiment model
tuned for short opinionated text. Each sentence gets a compound score in
[-1, 1]; the review's score is their mean, so one harsh plot summary does not
outweigh a page of praise. Mean >= 0.15 is positive, <= -0.15 negative,
otherwise mixed. The excerpt is the most strongly felt evaluative sentence,
which also makes the tone explainable to an editor.
"""

from __future__ import annotations

import re
from functools import lru_cache

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from reviews.importer.ratings import names_aggregator
from reviews.importer.text import Sentence, word_count
from reviews.importer.vocabulary import THEMES

POSITIVE_THRESHOLD = 0.15
NEGATIVE_THRESHOLD = -0.15
MAX_THEMES = 5
HEADLINE_MAX_CHARS = 90

_EVALUATIVE_RE = re.compile(
    r"\b(film|movie|performance|performances|drama|story|storytelling|director|"
    r"script|cast|acting|work|cinema|portrait|piece)\b",
    re.IGNORECASE,
)


@lru_cache(maxsize=1)
def _analyzer() -> SentimentIntensityAnalyzer:
    return SentimentIntensityAnalyzer()  # reads its lexicon from the package


def sentence_scores(sentences: list[Sentence]) -> list[float]:
    analyzer = _analyzer()
    return [analyzer.polarity_scores(s.text)["compound"] for s in sentences]


def tone_of(scores: list[float]) -> tuple[str, float]:
    score = round(sum(scores) / len(scores), 4) if scores else 0.0
    if score >= POSITIVE_THRESHOLD:
        return "positive", score
    if score <= NEGATIVE_THRESHOLD:
        return "negative", score
    return "mixed", score


def _theme_pattern() -> tuple[re.Pattern, dict[str, str]]:
    """One alternation of every theme term, so a text is scanned once."""
    theme_of: dict[str, str] = {}
    parts = []
    for theme, terms in THEMES.items():
        for term in terms:
            theme_of.setdefault(term.casefold(), theme)
            # Short terms match whole words only ("art" is not "start").
            parts.append(
                rf"\b{re.escape(term)}\b" if len(term) <= 4 else rf"\b{re.escape(term)}"
            )
    parts.sort(key=len, reverse=True)
    return re.compile("|".join(parts), re.IGNORECASE), theme_of


_THEME_RE, _THEME_OF = _theme_pattern()


def themes_of(text: str) -> list[str]:
    """Vocabulary themes whose terms recur; the most frequent first."""
    words = max(word_count(text), 1)
    needed = max(2, words // 300)
    hits: dict[str, int] = {}
    for match in _THEME_RE.finditer(text):
        theme = _THEME_OF[match.group().casefold()]
        hits[theme] = hits.get(theme, 0) + 1
    chosen = [t for t, n in hits.items() if n >= needed]
    chosen.sort(key=lambda t: (-hits[t], t))
    return chosen[:MAX_THEMES]


def _quotes_aggregator(sentence: Sentence) -> bool:
    """An aggregator's figures or consensus: the critics' words, not the review's."""
    return names_aggregator(sentence.text) or "consensus" in sentence.text.casefold()


def excerpt_of(sentences: list[Sentence], scores: list[float]) -> str:
    """The most strongly felt sentence of moderate length that evaluates the film
    (never one quoting an aggregator or a critics' consensus)."""
    best, best_key = "", None
    for sentence, score in zip(sentences, scores, strict=True):
        words = len(sentence.text.split())
        if not 6 <= words <= 45 or _quotes_aggregator(sentence):
            continue
        key = (
            bool(_EVALUATIVE_RE.search(sentence.text)),
            abs(score),
            -sentence.index,
        )
        if best_key is None or key > best_key:
            best, best_key = sentence.text, key
    if not best:
        best = next((s.text for s in sentences if not _quotes_aggregator(s)), "")
    return best


# Openers that lead into a verdict without being part of it ("In short, ...").
_DISCOURSE_OPENER_RE = re.compile(
    r"^(?:in sum|in short|in the end|in conclusion|all in all|ultimately|overall|"
    r"finally|above all|simply put|put simply|still|yet|but|and|so)\s*,?\s+",
    re.IGNORECASE,
)
# Where a sentence's main clause usually ends.
_CLAUSE_END_RE = re.compile(
    r"(?<=\w)[,;:]\s|\s-\s|\s(?:who|which|that|while|whereas)\s"
)
HEADLINE_MIN_WORDS = 4


def headline_of(excerpt: str, film_title: str) -> str:
    """The excerpt's main clause, without an opener like "In short,"; the whole
    excerpt (shortened) when that clause is too short to stand alone."""
    text = _DISCOURSE_OPENER_RE.sub("", excerpt.strip(" ."), count=1)
    text = text[:1].upper() + text[1:]
    clause = _CLAUSE_END_RE.split(text, maxsplit=1)[0].strip(" .")
    if len(clause.split()) < HEADLINE_MIN_WORDS:
        clause = text
    if len(clause) > HEADLINE_MAX_CHARS:
        clause = clause[:HEADLINE_MAX_CHARS].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return clause or (f"{film_title}: a review" if film_title else "A review")
