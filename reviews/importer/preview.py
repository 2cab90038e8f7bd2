"""What an import of some documents would do, or did, as plain values.

The admin's upload page shows this before an editor applies an import and
after: the same pipeline as ``import_seeds`` (`import_documents`), plus what
the documents were found to hold (films, people with their roles, characters,
places), which the command does not print.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps

from films.models import Credit, Location
from reviews.importer.documents import DocumentError
from reviews.importer.load import MODEL_ORDER
from reviews.importer.pipeline import ImportReport, NothingToImport, import_documents
from reviews.importer.resolve import Catalogue
from reviews.models import Review


@dataclass(frozen=True)
class Rejected:
    """A document left out, and why (one line)."""

    name: str
    reason: str


@dataclass(frozen=True)
class ModelChanges:
    """One model's records, and what loading them does to its rows."""

    label: str
    name: str
    records: int
    created: int
    updated: int
    unchanged: int
    kept: int  # an editor changed the row: left alone
    deleted: int  # an editor deleted the row: kept deleted


@dataclass(frozen=True)
class FoundPerson:
    name: str
    roles: tuple[str, ...]  # e.g. "Director", "Actor (<character>)"


@dataclass(frozen=True)
class FoundCharacter:
    name: str
    film: str
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class FoundPlace:
    name: str
    kind: str
    within: str  # the parent place's name, "" for none
    aliases: tuple[str, ...]


@dataclass(kw_only=True)
class ImportPreview:
    """What the documents hold and what loading them changes (``applied``:
    changed; otherwise would change)."""

    applied: bool = False
    error: str = ""  # set when nothing can be imported; ``rejected`` says why
    documents: dict[str, int] = field(default_factory=dict)  # accepted, by kind
    rejected: list[Rejected] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    changes: list[ModelChanges] = field(default_factory=list)
    kept_rows: list[str] = field(default_factory=list)
    deleted_rows: list[str] = field(default_factory=list)
    films: list[str] = field(default_factory=list)
    people: list[FoundPerson] = field(default_factory=list)
    characters: list[FoundCharacter] = field(default_factory=list)
    places: list[FoundPlace] = field(default_factory=list)
    review_slugs: list[str] = field(default_factory=list)
    new_review_slugs: list[str] = field(default_factory=list)  # had no row before

    @property
    def importable(self) -> bool:
        return not self.error


def preview_import(paths: Iterable[Path], *, film: str | None = None) -> ImportPreview:
    """What importing ``paths`` into the database would change; writes nothing."""
    return _run(list(paths), film=film, dry_run=True)


def apply_import(
    paths: Iterable[Path], *, film: str | None = None, changed_by, change_reason: str
) -> ImportPreview:
    """Import ``paths`` into the database, all or nothing, new reviews as drafts.

    Raises `ImportRunning` when another import holds the database.
    """
    return _run(
        list(paths),
        film=film,
        dry_run=False,
        changed_by=changed_by,
        change_reason=change_reason,
    )


def _run(paths: list[Path], *, film, dry_run: bool, **history) -> ImportPreview:
    preview = ImportPreview(applied=not dry_run)
    try:
        report = import_documents(
            paths, output=None, film=film, load=True, dry_run=dry_run,
            as_drafts=True, inspect=lambda catalogue: _describe(catalogue, preview),
            **history,
        )  # fmt: skip
    except NothingToImport as nothing:
        preview.error = "nothing can be imported: every document was rejected"
        preview.rejected = [_rejected(e) for e in nothing.rejected]
        return preview
    _summarise(report, preview)
    return preview


def _rejected(error: DocumentError) -> Rejected:
    # The path is a server-side copy; the editor knows the file by its name.
    return Rejected(error.path.name, error.reason)


def _describe(catalogue: Catalogue, preview: ImportPreview) -> None:
    """The films, people, characters and places the documents name."""
    preview.films = [
        f"{f.title} ({f.year})" if f.year else f.title
        for f in sorted(catalogue.films.values(), key=lambda f: f.title.casefold())
    ]
    film_titles = {slug: f.title for slug, f in catalogue.films.items()}
    roles: dict[str, list[str]] = {}
    for credit in sorted(catalogue.credits, key=lambda c: c.billing_order):
        label = Credit.Role(credit.role).label
        character = catalogue.characters.get(credit.character)
        if character:
            label = f"{label} ({character.name})"
        if label not in roles.setdefault(credit.person, []):
            roles[credit.person].append(label)
    preview.people = sorted(
        (
            FoundPerson(person.name, tuple(roles.get(slug, ())))
            for slug, person in catalogue.people.items()
        ),
        key=lambda p: p.name.casefold(),
    )
    preview.characters = sorted(
        (
            FoundCharacter(c.name, film_titles.get(c.film, c.film), tuple(c.aliases))
            for c in catalogue.characters.values()
        ),
        key=lambda c: (c.film.casefold(), c.name.casefold()),
    )
    places = catalogue.locations
    preview.places = sorted(
        (
            FoundPlace(
                place.name,
                _kind_label(place.kind),
                places[place.parent].name if place.parent in places else "",
                tuple(place.aliases),
            )
            for place in places.values()
        ),
        key=lambda p: p.name.casefold(),
    )
    preview.review_slugs = sorted(catalogue.review_slug_of.values())
    # Read before the load: which reviews the import creates.
    existing = set(
        Review.objects.filter(slug__in=preview.review_slugs).values_list(
            "slug", flat=True
        )
    )
    preview.new_review_slugs = [s for s in preview.review_slugs if s not in existing]


def _kind_label(kind: str) -> str:
    try:
        return str(Location.Kind(kind).label)
    except ValueError:
        return kind


def _summarise(report: ImportReport, preview: ImportPreview) -> None:
    preview.documents = dict(report.documents)
    preview.rejected = [_rejected(e) for e in report.rejected]
    preview.warnings = list(report.warnings)
    load = report.load
    preview.kept_rows = list(load.kept_rows)
    preview.deleted_rows = list(load.deleted_rows)
    for label in MODEL_ORDER:
        counts = (report.records[label], *load.counts(label))
        if any(counts):
            name = apps.get_model(label)._meta.verbose_name_plural
            preview.changes.append(ModelChanges(label, str(name).capitalize(), *counts))
