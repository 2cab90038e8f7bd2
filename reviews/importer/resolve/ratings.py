"""Aggregator ratings: one record per (film, aggregator, metric)."""

from __future__ import annotations

from reviews.importer.facts import DocumentFacts
from reviews.importer.resolve.catalogue import RatingRecord


def merge_ratings(
    merged: dict[tuple[str, str, str], RatingRecord], film: str, doc: DocumentFacts
) -> None:
    """Fold a document's ratings in: the first value and consensus stated win."""
    for fact in doc.ratings:
        key = (film, fact.source, fact.metric)
        record = merged.get(key)
        if record is None:
            merged[key] = RatingRecord(
                film=film,
                source_name=fact.source,
                metric=fact.metric,
                value=fact.value,
                scale=fact.scale,
                critic_count=fact.critic_count,
                consensus=fact.consensus,
                source=doc.sha256,
                sentence=fact.sentence,
            )
            continue
        if record.value is None and fact.value is not None:
            record.value, record.scale = fact.value, fact.scale
            record.source, record.sentence = doc.sha256, fact.sentence
        record.critic_count = record.critic_count or fact.critic_count
        record.consensus = record.consensus or fact.consensus
