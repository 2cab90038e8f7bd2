"""Turning a resolved catalogue into Django fixture records, and writing them.

Records use natural keys only and come out in a fixed order (dependencies
first, then by natural key), so the same documents give a byte-identical file.
Document texts are re-read from disk while writing, one at a time.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.core.serializers.json import DjangoJSONEncoder

from reviews.importer.keys import compact_key, key_fields, natural_key_of
from reviews.importer.mentions import EntityIndex
from reviews.importer.resolve.catalogue import Catalogue, DocumentRecord
from reviews.importer.text import slugify
from reviews.importer.vocabulary import THEMES

TWO_PLACES = Decimal("0.01")


@dataclass(frozen=True, slots=True)
class Record:
    """One fixture object: its model label and field values."""

    model: str
    fields: dict

    def as_json_object(self) -> dict:
        return {"model": self.model, "fields": self.fields}

    def natural_key(self) -> str:
        return natural_key_of(self.as_json_object())


def canonical_json(fields: dict) -> str:
    return json.dumps(
        fields,
        sort_keys=True,
        cls=DjangoJSONEncoder,
        ensure_ascii=False,
        separators=(",", ":"),
    )


def fields_hash(fields: dict) -> str:
    """Digest of a record's values (its own ``import_hash`` left out)."""
    values = {k: v for k, v in fields.items() if k != "import_hash"}
    return hashlib.sha256(canonical_json(values).encode()).hexdigest()


def _record(model: str, fields: dict) -> Record:
    fields["import_hash"] = fields_hash(fields)
    return Record(model, fields)


def without_review_status(record: Record) -> Record:
    """``record`` with no say over a review's status: a new review is created
    a draft (the model's default) and an existing one keeps the status editors
    gave it. The import hash covers the remaining fields, so publishing the
    review later does not count as an editor's edit of the imported text.
    Other records pass through."""
    if record.model != "reviews.review" or "status" not in record.fields:
        return record
    fields = {k: v for k, v in record.fields.items() if k != "status"}
    return _record(record.model, fields)


def _coordinate(value: Decimal | None) -> str | None:
    """A latitude or longitude as the fixture states it: six places, as stored."""
    return None if value is None else f"{value:.6f}"


def _decimal(value: Decimal | None) -> str | None:
    return None if value is None else str(value.quantize(TWO_PLACES))


def _provenance(source: str, sentence: str) -> dict:
    return {
        "source_document": [source] if source else None,
        "source_sentence": sentence,
    }


def theme_slug(name: str) -> str:
    return slugify(name)


def iter_records(
    catalogue: Catalogue, read_text: Callable[[DocumentRecord], str]
) -> Iterator[Record]:
    """Every fixture record, dependencies first, in a stable order."""
    for doc in catalogue.documents():
        yield _record(
            "films.sourcedocument",
            {
                "filename": doc.name,
                "sha256": doc.sha256,
                "text": read_text(doc),
                "kind": doc.kind,
            },
        )
    for name in sorted(THEMES):
        yield _record(
            "reviews.theme",
            {"name": name, "slug": theme_slug(name), "description": ""},
        )
    for slug in sorted(catalogue.films):
        film = catalogue.films[slug]
        yield _record(
            "films.film",
            {
                "title": film.title,
                "year": film.year,
                "slug": slug,
                "synopsis": film.synopsis,
                "synopsis_source": [film.synopsis_source]
                if film.synopsis_source
                else None,
            },
        )
    for slug in sorted(catalogue.people):
        person = catalogue.people[slug]
        yield _record(
            "films.person",
            {"name": person.name, "slug": slug, "aliases": person.aliases},
        )
    for slug in sorted(catalogue.characters):
        character = catalogue.characters[slug]
        yield _record(
            "films.character",
            {
                "film": [character.film],
                "name": character.name,
                "slug": slug,
                "aliases": character.aliases,
                "description": character.description,
            },
        )
    for slug in _parents_first(catalogue):
        location = catalogue.locations[slug]
        yield _record(
            "films.location",
            {
                "name": location.name,
                "slug": slug,
                "kind": location.kind,
                "parent": [location.parent] if location.parent else None,
                "aliases": location.aliases,
                "latitude": _coordinate(location.latitude),
                "longitude": _coordinate(location.longitude),
            },
        )
    for credit in sorted(
        catalogue.credits,
        key=lambda c: (
            c.film,
            c.billing_order == 0,
            c.billing_order,
            c.person,
            c.role,
            c.character,
        ),
    ):
        yield _record(
            "films.credit",
            {
                **_provenance(credit.source, credit.sentence),
                "film": [credit.film],
                "person": [credit.person],
                "role": credit.role,
                "character": [credit.character] if credit.character else None,
                "billing_order": credit.billing_order,
            },
        )
    for fl in sorted(
        catalogue.film_locations, key=lambda f: (f.film, f.usage, f.location)
    ):
        yield _record(
            "films.filmlocation",
            {
                **_provenance(fl.source, fl.sentence),
                "film": [fl.film],
                "location": [fl.location],
                "usage": fl.usage,
                "note": "",
            },
        )
    for rating in catalogue.ratings:
        yield _record(
            "films.rating",
            {
                **_provenance(rating.source, rating.sentence),
                "film": [rating.film],
                "source": rating.source_name,
                "metric": rating.metric,
                "value": _decimal(rating.value),
                "scale": _decimal(rating.scale),
                "critic_count": rating.critic_count,
                "consensus": rating.consensus,
            },
        )
    index = EntityIndex(catalogue)
    for doc in catalogue.reviews():
        if doc.review:
            yield from _review_records(doc, read_text(doc), index)


def _review_records(
    doc: DocumentRecord, text: str, index: EntityIndex
) -> Iterator[Record]:
    review = doc.review
    yield _record(
        "reviews.review",
        {
            "film": [doc.film],
            "source_document": [doc.sha256],
            "headline": review.headline,
            "slug": doc.review_slug,
            "body": text,
            "excerpt": review.excerpt,
            "byline": review.byline,
            "outlet": review.outlet,
            "source_url": review.source_url,
            "published_on": review.published_on,
            # Imported documents are the editors' own source material: they go
            # live at once; editors archive or unpublish in the admin.
            "status": "published",
            "featured": False,
            "tone": review.tone,
            "tone_score": review.tone_score,
            "word_count": review.word_count,
            "themes": [[slug] for slug in sorted(theme_slug(t) for t in review.themes)],
        },
    )
    for mention in index.count(text, doc.film):
        targets = {k: None for k in ("person", "character", "location", "film")}
        targets[mention.kind] = [mention.target]
        yield _record(
            "reviews.mention",
            {
                **_provenance(doc.sha256, mention.sentence),
                "review": [doc.review_slug],
                "kind": mention.kind,
                **targets,
                "count": mention.count,
            },
        )


def _parents_first(catalogue: Catalogue) -> list[str]:
    def depth(slug: str) -> int:
        n, seen = 0, set()
        while catalogue.locations[slug].parent and slug not in seen:
            seen.add(slug)
            slug = catalogue.locations[slug].parent
            n += 1
        return n

    return sorted(catalogue.locations, key=lambda s: (depth(s), s))


# One encoder for every record: building one per call is measurable at scale.
_ENCODER = json.JSONEncoder(ensure_ascii=False, default=DjangoJSONEncoder().default)


def format_record(record: Record) -> str:
    """A record as indented JSON, one field a line (values on one line).

    Hand-rolled layout because ``json.dumps(indent=...)`` falls back to the
    pure-Python encoder, which is most of the write time on large imports.
    """
    dumps = _ENCODER.encode
    fields = ",\n".join(f"    {dumps(k)}: {dumps(v)}" for k, v in record.fields.items())
    return f'{{\n  "model": {dumps(record.model)},\n  "fields": {{\n{fields}\n  }}\n}}'


class FixtureWriter:
    """Writes records to a temporary file beside ``path``; `commit` renames it
    into place, so a failed run never leaves a half-written fixture."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(
            prefix=f".{self.path.name}.", suffix=".tmp", dir=self.path.parent
        )
        self.tmp = Path(tmp)
        self.file = os.fdopen(fd, "w", encoding="utf-8", newline="\n")
        self.file.write("[")
        self.count = 0

    def write(self, record: Record) -> None:
        self.file.write(("," if self.count else "") + "\n" + format_record(record))
        self.count += 1

    def finish(self) -> None:
        """Close the array and the temporary file, durable on disk."""
        self.file.write("\n]\n")
        self.file.flush()
        os.fsync(self.file.fileno())
        self.file.close()

    def commit(self) -> None:
        self.finish()
        os.chmod(self.tmp, 0o644)  # mkstemp creates it private
        os.replace(self.tmp, self.path)

    def abort(self) -> None:
        if not self.file.closed:
            self.file.close()
        self.tmp.unlink(missing_ok=True)


_FIELD_LINE_RE = re.compile(r'^    "(\w+)": (.*?),?$')


def _digest(import_hash: str) -> bytes:
    try:
        return bytes.fromhex(import_hash)
    except ValueError:
        return b""


def read_fixture_hashes(path: Path) -> dict[bytes, bytes]:
    """``{compact_key(model, natural key): import_hash bytes}`` of a fixture.

    Reads the file line by line in the layout `format_record` writes, parsing
    only key fields, so comparing with a large previous fixture costs no more
    memory than its keys. A file in another layout yields nothing (every
    record then counts as new).
    """
    hashes: dict[bytes, bytes] = {}
    try:
        with open(path, encoding="utf-8") as lines:
            model, fields = "", {}
            for line in lines:
                if line.startswith('  "model": '):
                    model, fields = json.loads(line[11:].rstrip().rstrip(",")), {}
                    continue
                match = _FIELD_LINE_RE.match(line.rstrip("\n"))
                if not match:
                    if line.rstrip() == "}" or line.rstrip() == "},":
                        obj = {"model": model, "fields": fields}
                        hashes[compact_key(model, natural_key_of(obj))] = _digest(
                            fields.get("import_hash", "")
                        )
                    continue
                name = match[1]
                if name == "import_hash" or name in key_fields(model):
                    fields[name] = json.loads(match[2])
    except (OSError, ValueError):
        return {}
    return hashes


class RecordSpill:
    """Records on disk, one JSON object a line: generated before the database
    transaction opens, replayed inside it, so the transaction only writes."""

    def __init__(self):
        self._file = tempfile.TemporaryFile(  # noqa: SIM115 (closed by close())
            mode="w+", encoding="utf-8", prefix="import-records-"
        )

    def append(self, record: Record) -> None:
        self._file.write(_ENCODER.encode(record.as_json_object()))
        self._file.write("\n")

    def __iter__(self) -> Iterator[dict]:
        self._file.flush()
        self._file.seek(0)
        for line in self._file:
            yield json.loads(line)

    def close(self) -> None:
        self._file.close()
