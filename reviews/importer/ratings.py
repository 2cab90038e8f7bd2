"""Aggregator scores: "N out of 100, based on M critics", "N% of M reviews",
"an average rating of X/10", and the critics' consensus quotation.

A figure is attributed to the aggregator its sentence names, else by the
method's known publisher (a "weighted average" is Metacritic's, an "approval
rating" Rotten Tomatoes'). A critics' consensus is the aggregator's its
sentence names, else `CONSENSUS_PUBLISHER`'s: never an aggregator an earlier
sentence happened to name, since a document may quote several.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from reviews.importer.facts import RatingFact
from reviews.importer.text import Sentence
from reviews.importer.vocabulary import AGGREGATORS, CONSENSUS_PUBLISHER

_NUMBER = r"\d{1,3}(?:\.\d+)?"
_AGGREGATOR_RE = re.compile(
    "|".join(re.escape(k) for k in sorted(AGGREGATORS, key=len, reverse=True)),
    re.IGNORECASE,
)
_OUT_OF_RE = re.compile(
    rf"\b(?P<value>{_NUMBER})\s*(?:out\s+of|/)\s*(?P<scale>\d{{1,3}})\b"
)
_PERCENT_RE = re.compile(rf"\b(?P<value>{_NUMBER})\s*(?:%|per\s*cent|percent)")
_COUNT_RE = re.compile(
    r"\b(?:based\s+on|from|of|among|across)\s+(?P<count>\d{1,3}(?:,\d{3})*|\d+)\s+"
    r"(?:[a-z-]+\s+)?(?:critics|reviews|ratings|reviewers|notices)\b",
    re.IGNORECASE,
)
_AVERAGE_RE = re.compile(
    rf"average\s+(?:rating|score)\s+of\s+(?P<value>{_NUMBER})\s*(?:out\s+of|/)\s*"
    rf"(?P<scale>\d{{1,2}})\b",
    re.IGNORECASE,
)
_CONSENSUS_RE = re.compile(
    r"consensus\s+(?:reads|states|says|is|summari[sz]es)\s*[:,]?\s*\"?(?P<quote>[^\"]+)",
    re.IGNORECASE,
)
_METHOD_PUBLISHERS = (
    (re.compile(r"weighted\s+average|metascore", re.IGNORECASE), "Metacritic"),
    (re.compile(r"approval\s+rating|tomatometer", re.IGNORECASE), "Rotten Tomatoes"),
)
# Any of the words without which a sentence holds no figure and no consensus:
# one search passes over most sentences instead of four.
_CUE_RE = re.compile(
    "|".join(
        [_AGGREGATOR_RE.pattern, "consensus"]
        + [pattern.pattern for pattern, _ in _METHOD_PUBLISHERS]
    ),
    re.IGNORECASE,
)


def _decimal(value: str) -> Decimal | None:
    try:
        return Decimal(value)
    except InvalidOperation:
        return None


def _count(sentence: str) -> int | None:
    match = _COUNT_RE.search(sentence)
    return int(match["count"].replace(",", "")) if match else None


def names_aggregator(text: str) -> bool:
    """Whether ``text`` names a review aggregator."""
    return _AGGREGATOR_RE.search(text) is not None


class RatingReader:
    """Reads one document's sentences in order."""

    def read(self, sentence: Sentence) -> list[RatingFact]:
        text = sentence.text
        if not _CUE_RE.search(text):
            return []
        named = _AGGREGATOR_RE.search(text)
        source = AGGREGATORS[named.group().casefold()] if named else None
        facts: list[RatingFact] = []

        consensus = _CONSENSUS_RE.search(text)
        if consensus:
            quote = consensus["quote"].strip().rstrip('"').strip()
            publisher = source or CONSENSUS_PUBLISHER
            facts.append(
                RatingFact(
                    publisher,
                    "approval",
                    None,
                    Decimal(100),
                    None,
                    quote,
                    sentence.original,
                )
            )
            return facts

        method_source = next(
            (name for pattern, name in _METHOD_PUBLISHERS if pattern.search(text)), None
        )
        source = source or method_source
        if not source:
            return facts

        average = _AVERAGE_RE.search(text)
        if average:
            value, scale = _decimal(average["value"]), _decimal(average["scale"])
            if value is not None and scale and value <= scale:
                facts.append(
                    RatingFact(
                        source,
                        "average",
                        value,
                        scale,
                        _count(text),
                        "",
                        sentence.original,
                    )
                )
            text = text[: average.start()] + text[average.end() :]

        percent = _PERCENT_RE.search(text)
        out_of = _OUT_OF_RE.search(text)
        if percent:
            value = _decimal(percent["value"])
            if value is not None and value <= 100:
                metric = (
                    "audience" if re.search(r"audience", text, re.I) else "approval"
                )
                facts.append(
                    RatingFact(
                        source,
                        metric,
                        value,
                        Decimal(100),
                        _count(text),
                        "",
                        sentence.original,
                    )
                )
        elif out_of:
            value, scale = _decimal(out_of["value"]), _decimal(out_of["scale"])
            if value is not None and scale and value <= scale:
                metric = "weighted_average" if source == "Metacritic" else "average"
                facts.append(
                    RatingFact(
                        source,
                        metric,
                        value,
                        scale,
                        _count(text),
                        "",
                        sentence.original,
                    )
                )
        return facts
