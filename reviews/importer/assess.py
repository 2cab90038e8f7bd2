"""What a review says and how: tone, themes, a headline and a pull quote.

Tone is VADER (Hutto & Gilbert, 2014), a lexicon-and-rules sentiment model
tuned for short opinionated text. Each sentence gets a compound score in
[-1, 1]; the review's score is their mean, so one harsh plot summary does not
outweigh a page of praise. Mean >= 0.15 is positive, <= -0.15 negative,
otherwise mixed. The excerpt is the most strongly felt evaluative sentence,
which also makes the tone explainable to an editor.
"""

from __future__ import annotations

import heapq
import re
from functools import lru_cache

from vaderSentiment.vaderSentiment import (
    N_SCALAR,
    NEGATE,
    SentimentIntensityAnalyzer,
    SentiText,
)

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


_NEGATIONS = frozenset(NEGATE)


class LinearSentimentAnalyzer(SentimentIntensityAnalyzer):
    """VADER with the same scores in time linear in a sentence's words.

    vaderSentiment 3.3.2 lower-cases the whole sentence in ``_negation_check``
    and ``_special_idioms_check`` (called up to four times per sentiment word)
    and re-finds each score by value with ``list.index`` in ``_but_check``, so
    a sentence's score costs the square of its words: seconds for a document
    of "a good a good ...". The overrides give the library's helpers only the
    words they read, and replay ``_but_check`` with an index of positions.
    """

    def compound(self, text: str) -> float:
        """``polarity_scores(text)["compound"]``; 0.0 straight away for a
        sentence with no word of the lexicon, which is what VADER's rules
        would give it (they only scale the valence of lexicon words). Only
        ASCII text takes the short cut: other text may hold emoji, which VADER
        first replaces with words."""
        if text.isascii():
            lexicon, strip = self.lexicon, SentiText._strip_punc_if_word
            if not any(strip(word).lower() in lexicon for word in text.split()):
                return 0.0
        return self.polarity_scores(text)["compound"]

    @staticmethod
    def _negation_check(valence, words_and_emoticons, start_i, i):
        """The library's rule, reading only the words before ``i`` it needs
        (``i > start_i``), and testing a word for negation with a set."""
        before = [str(w).lower() for w in words_and_emoticons[i - start_i - 1 : i]]
        first, last = before[0], before[-1]  # words i-start_i-1 and i-1
        if start_i == 1:
            if first == "never" and last in ("so", "this"):
                return valence * 1.25
            if first == "without" and last == "doubt":
                return valence
        elif start_i == 2:
            if (first == "never" and before[1] in ("so", "this")) or last in (
                "so",
                "this",
            ):
                return valence * 1.25
            if first == "without" and "doubt" in before[1:]:
                return valence
        if first.lower() in _NEGATIONS or "n't" in first.lower():
            return valence * N_SCALAR
        return valence

    @staticmethod
    def _special_idioms_check(valence, words_and_emoticons, i):
        # Reads words i-3 .. i+2; called with i >= 3 (a smaller i would wrap
        # around to the sentence's end, so it gets the whole sentence).
        if i < 3:
            return SentimentIntensityAnalyzer._special_idioms_check(
                valence, words_and_emoticons, i
            )
        return SentimentIntensityAnalyzer._special_idioms_check(
            valence, words_and_emoticons[i - 3 : i + 3], 3
        )

    @staticmethod
    def _but_check(words_and_emoticons, sentiments):
        """The library's rule, step for step: walking the scores, the *first*
        score equal to the current one is halved before the first "but" and
        raised by half after it (the one at "but" itself is left alone)."""
        lowered = [str(w).lower() for w in words_and_emoticons]
        if "but" not in lowered:
            return sentiments
        but = lowered.index("but")
        # Positions holding each value, smallest first (list.index's answer);
        # a position whose value has changed since is skipped when met.
        at: dict[float, list[int]] = {}
        for position, value in enumerate(sentiments):
            at.setdefault(value, []).append(position)
        for i in range(len(sentiments)):
            value = sentiments[i]
            heap = at[value]
            while sentiments[heap[0]] != value:
                heapq.heappop(heap)
            first = heap[0]
            if first == but:
                continue
            changed = value * 0.5 if first < but else value * 1.5
            sentiments[first] = changed
            if changed != value:  # (a zero stays zero, and stays indexed)
                heapq.heappush(at.setdefault(changed, []), first)
        return sentiments


@lru_cache(maxsize=1)
def _analyzer() -> SentimentIntensityAnalyzer:
    return LinearSentimentAnalyzer()  # reads its lexicon from the package


def load_analyzer() -> None:
    """Read VADER's lexicon now (before forking workers, which then share it)."""
    _analyzer()


def sentence_scores(sentences: list[Sentence]) -> list[float]:
    """Each sentence's VADER compound score (a repeated sentence is scored once)."""
    analyzer = _analyzer()
    scores: dict[str, float] = {}
    for sentence in sentences:
        if sentence.text not in scores:
            scores[sentence.text] = analyzer.compound(sentence.text)
    return [scores[s.text] for s in sentences]


def tone_of(scores: list[float]) -> tuple[str, float]:
    score = round(sum(scores) / len(scores), 4) if scores else 0.0
    if score >= POSITIVE_THRESHOLD:
        return "positive", score
    if score <= NEGATIVE_THRESHOLD:
        return "negative", score
    return "mixed", score


def _theme_pattern() -> tuple[re.Pattern, dict[str, str]]:
    """One alternation of every theme term, so a text is scanned once.

    Longer terms are tried first; terms are grouped by their first letter
    (``\\b(?:g(?:rief|un\\b)|...)``) so that each word of the text is compared
    with the few terms it can start, not all of them: the same matches, a
    fraction of the time on a 2 MB document.
    """
    theme_of: dict[str, str] = {}
    parts = []
    for theme, terms in THEMES.items():
        for term in terms:
            theme_of.setdefault(term.casefold(), theme)
            # Short terms match whole words only ("art" is not "start").
            end = r"\b" if len(term) <= 4 else ""
            parts.append((len(re.escape(term)) + len(end), term, end))
    parts.sort(key=lambda part: part[0], reverse=True)
    groups: dict[str, list[str]] = {}
    for _, term, end in parts:
        groups.setdefault(term[0].lower(), []).append(re.escape(term[1:]) + end)
    alternation = "|".join(
        f"{re.escape(first)}(?:{'|'.join(rests)})" for first, rests in groups.items()
    )
    return re.compile(rf"\b(?:{alternation})", re.IGNORECASE), theme_of


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
