"""The film catalogue: films, people, characters, credits, locations, ratings.

`SourceDocument` lives here (not in `reviews`) so catalogue facts can cite the
text they were extracted from without the catalogue depending on reviews.

Every model has a natural key so fixtures carry no database ids.

What a visitor may see of the catalogue is defined here, once, by the
``visible()`` QuerySet methods: an imported entry is public only while some
public evidence (a reference article, a published review, an editor's row)
stands behind it. Which documents are public is ``_public_document``.
"""

import hashlib
from decimal import Decimal

from django.apps import apps
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

MIN_FILM_YEAR = 1870  # Roundhay Garden Scene is 1888; leave room for proto-cinema.
MAX_FILM_YEAR = 2100
# How far up the hierarchy a visible place makes its enclosing places visible:
# a venue's district, city, region and country (Location.Kind's five tiers).
# Each level costs one subquery; a place further up stays hidden.
LOCATION_VISIBILITY_DEPTH = 4


# `films` is the catalogue and must not import `reviews` (reviews imports
# films), yet whether a visitor may see an imported entry depends on whether
# the review it came from is published. The app registry hands over the models
# at call time without the import, and `Review.objects.published()` stays the
# one definition of a visible review.
def _reviews() -> models.QuerySet:
    return apps.get_model("reviews", "Review")._default_manager.all()


def _published_reviews() -> models.QuerySet:
    return apps.get_model("reviews", "Review").objects.published()


def _visible_mentions() -> models.QuerySet:
    """Mentions visitors may see: those of a published review."""
    mention = apps.get_model("reviews", "Mention")
    return mention._default_manager.filter(_published_review("review__"))


def _published_review(path: str) -> Q:
    """`Review.objects.published()` as a condition on the review ``path``
    reaches (`reviews.models.published_condition`, by the same late lookup)."""
    return apps.get_model("reviews", "Review").published_condition(path)


def _exists(queryset, field: str):
    """Whether a row of ``queryset`` points at the outer row through ``field``."""
    return Exists(queryset.filter(**{field: OuterRef("pk")}))


def _public_document(path: str = "") -> Q:
    """Whether visitors may see a source document: the one rule, as a
    condition on the document (``path`` "") or on a row reaching it through
    ``path`` ("source_document__").

    A document a review was made from is public while that review is
    published. A document without a review is public only when it is a
    reference article: a review or essay whose review was deleted stays
    withheld, so deleting a draft never publishes what it said.
    """
    # A document has at most one review (one-to-one), so these joins never
    # multiply rows.
    return _published_review(f"{path}review__") | Q(
        **{f"{path}kind": SourceDocument.Kind.ARTICLE, f"{path}review__isnull": True}
    )


class SlugKeyManager(models.Manager):
    """Manager for models whose natural key is their unique slug."""

    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class ImportedFact(models.Model):
    """Provenance shared by every extracted fact.

    ``import_hash`` is the digest of the field values the importer last wrote;
    when the row's current values no longer hash to it, an editor changed the
    row and re-imports leave it alone.
    """

    source_document = models.ForeignKey(
        "films.SourceDocument",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The document this fact was extracted from.",
    )
    source_sentence = models.TextField(
        blank=True, help_text="The sentence of the source document stating this fact."
    )
    import_hash = models.CharField(
        max_length=64,
        blank=True,
        editable=False,
        help_text="Digest of the values last written by the importer.",
    )
    # An editor's confirmation that the fact matches its evidence: the
    # unchecked facts are the editors' work queue. Not part of what the
    # importer writes or hashes, so checking a fact never freezes it.
    checked_at = models.DateTimeField(
        null=True, blank=True, db_index=True, editable=False
    )
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    class Meta:
        abstract = True

    @property
    def is_checked(self) -> bool:
        return self.checked_at is not None


class ImportedFactQuerySet(models.QuerySet):
    def visible(self):
        """Facts a visitor may see: entered by an editor (no source document
        and no import hash) or extracted from a public document. An imported
        fact whose document was deleted stays hidden: deleting a draft's
        document must not publish what it said."""
        return self.filter(
            Q(source_document__isnull=True, import_hash="")
            | _public_document("source_document__")
        )


class SourceDocumentQuerySet(models.QuerySet):
    def public(self):
        """Documents whose content visitors may see (see _public_document)."""
        return self.filter(_public_document())


class SourceDocumentManager(models.Manager.from_queryset(SourceDocumentQuerySet)):
    def get_by_natural_key(self, sha256):
        return self.get(sha256=sha256)


class SourceDocument(models.Model):
    """A raw text document that films, facts and reviews were extracted from."""

    class Kind(models.TextChoices):
        REVIEW = "review", "Critic review"
        ESSAY = "essay", "Essay"
        ARTICLE = "article", "Reference article"

    filename = models.CharField(max_length=255, db_index=True)
    sha256 = models.CharField(max_length=64, unique=True)
    text = models.TextField()
    kind = models.CharField(max_length=16, choices=Kind.choices, db_index=True)
    imported_at = models.DateTimeField(default=timezone.now)
    import_hash = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        ordering = ["filename"]
        constraints = [
            models.CheckConstraint(
                condition=Q(sha256__regex=r"^[0-9a-f]{64}$"),
                name="sourcedocument_sha256_hex",
                violation_error_message="sha256 must be 64 lowercase hex digits.",
            ),
        ]

    objects = SourceDocumentManager()

    def __str__(self):
        return self.filename

    @staticmethod
    def digest(text: str) -> str:
        """The sha256 that identifies a text, whatever its line endings (a
        browser's textarea sends CRLF; files usually have LF)."""
        normalised = text.replace("\r\n", "\n").replace("\r", "\n")
        return hashlib.sha256(normalised.encode()).hexdigest()

    def natural_key(self):
        return (self.sha256,)


def _visible_count(queryset) -> Coalesce:
    """The number of ``queryset`` rows of the outer film, as a subquery (joins
    to two relations would multiply each other's rows)."""
    rows = queryset.filter(film=OuterRef("pk")).order_by().values("film")
    return Coalesce(Subquery(rows.annotate(n=Count("pk")).values("n")), 0)


class FilmQuerySet(models.QuerySet):
    def visible(self):
        """Films a visitor may see: made by an editor, reviewed in a published
        review, or backed by a visible fact, character or mention."""
        return self.filter(
            Q(import_hash="")
            | Q(_exists(_published_reviews(), "film"))
            | Q(_exists(Credit.objects.visible(), "film"))
            | Q(_exists(FilmLocation.objects.visible(), "film"))
            | Q(_exists(Rating.objects.visible(), "film"))
            # A character's place is its film's page.
            | Q(_exists(Character.objects.visible(), "film"))
            | Q(_exists(_visible_mentions(), "film"))
        )

    def with_visible_counts(self):
        """``credit_count`` and ``location_count`` of what visitors see."""
        return self.annotate(
            credit_count=_visible_count(Credit.objects.visible()),
            location_count=_visible_count(FilmLocation.objects.visible()),
        )


class FilmManager(SlugKeyManager.from_queryset(FilmQuerySet)):
    pass


class Film(models.Model):
    """A film, identified by title and release year."""

    title = models.CharField(max_length=255, db_index=True)
    year = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        db_index=True,
        validators=[MinValueValidator(MIN_FILM_YEAR), MaxValueValidator(MAX_FILM_YEAR)],
        help_text="Release year; blank when no document states it.",
    )
    slug = models.SlugField(max_length=255, unique=True)
    synopsis = models.TextField(blank=True)
    synopsis_source = models.ForeignKey(
        SourceDocument,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The document the synopsis was taken from.",
    )
    import_hash = models.CharField(max_length=64, blank=True, editable=False)

    objects = FilmManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["title", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["title", "year"],
                name="film_unique_title_year",
                violation_error_message="A film with this title and year exists.",
            ),
            models.UniqueConstraint(
                fields=["title"],
                condition=Q(year__isnull=True),
                name="film_unique_title_without_year",
                violation_error_message="A film with this title and no year exists.",
            ),
            models.CheckConstraint(
                condition=Q(year__isnull=True)
                | Q(year__gte=MIN_FILM_YEAR, year__lte=MAX_FILM_YEAR),
                name="film_year_in_range",
                violation_error_message=(
                    f"Year must be between {MIN_FILM_YEAR} and {MAX_FILM_YEAR}."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.year})" if self.year else self.title

    def natural_key(self):
        return (self.slug,)

    def get_absolute_url(self):
        return reverse("films:film_detail", kwargs={"slug": self.slug})


class PersonQuerySet(models.QuerySet):
    def visible(self):
        """People a visitor may see: made by an editor, or credited or
        mentioned visibly."""
        return self.filter(
            Q(import_hash="")
            | Q(_exists(Credit.objects.visible(), "person"))
            | Q(_exists(_visible_mentions(), "person"))
        )


class PersonManager(SlugKeyManager.from_queryset(PersonQuerySet)):
    pass


class Person(models.Model):
    """A member of cast or crew."""

    name = models.CharField(max_length=255, db_index=True)
    slug = models.SlugField(max_length=255, unique=True)
    aliases = models.JSONField(
        default=list, blank=True, help_text="Other spellings of the name."
    )
    import_hash = models.CharField(max_length=64, blank=True, editable=False)

    objects = PersonManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)

    def get_absolute_url(self):
        return reverse("films:person_detail", kwargs={"slug": self.slug})


class CharacterQuerySet(models.QuerySet):
    def visible(self):
        """Characters a visitor may see: made by an editor, or played in a
        visible credit, or mentioned visibly."""
        return self.filter(
            Q(import_hash="")
            | Q(_exists(Credit.objects.visible(), "character"))
            | Q(_exists(_visible_mentions(), "character"))
        )


class CharacterManager(SlugKeyManager.from_queryset(CharacterQuerySet)):
    pass


class Character(models.Model):
    """A character of one film; spelling variants are kept as aliases."""

    film = models.ForeignKey(Film, on_delete=models.CASCADE, related_name="characters")
    name = models.CharField(max_length=255, db_index=True)
    slug = models.SlugField(
        max_length=255, unique=True, help_text="Unique across films: film slug + name."
    )
    aliases = models.JSONField(
        default=list, blank=True, help_text="Other spellings, e.g. a misspelt name."
    )
    description = models.CharField(max_length=255, blank=True)
    import_hash = models.CharField(max_length=64, blank=True, editable=False)

    objects = CharacterManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["film", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["film", "name"],
                name="character_unique_name_per_film",
                violation_error_message="This film already has a character of that name.",
            ),
        ]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)

    def get_absolute_url(self):
        return reverse("films:character_detail", kwargs={"slug": self.slug})


class CreditQuerySet(ImportedFactQuerySet):
    def cast(self):
        return self.filter(role=Credit.Role.ACTOR)

    def crew(self):
        return self.exclude(role=Credit.Role.ACTOR)


class CreditManager(models.Manager.from_queryset(CreditQuerySet)):
    def get_by_natural_key(self, film_slug, person_slug, role, character_slug):
        return self.get(
            film__slug=film_slug,
            person__slug=person_slug,
            role=role,
            character__slug=character_slug or None,
        )


class Credit(ImportedFact):
    """One role one person held on one film (an actor credit names a character)."""

    class Role(models.TextChoices):
        ACTOR = "actor", "Actor"
        DIRECTOR = "director", "Director"
        WRITER = "writer", "Writer"
        PRODUCER = "producer", "Producer"
        EXECUTIVE_PRODUCER = "executive_producer", "Executive producer"
        COMPOSER = "composer", "Composer"
        SOUND_DESIGNER = "sound_designer", "Sound designer"
        CINEMATOGRAPHER = "cinematographer", "Cinematographer"
        EDITOR = "editor", "Editor"
        PRODUCTION_DESIGNER = "production_designer", "Production designer"
        COSTUME_DESIGNER = "costume_designer", "Costume designer"
        CASTING_DIRECTOR = "casting_director", "Casting director"

    film = models.ForeignKey(Film, on_delete=models.CASCADE, related_name="credits")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="credits")
    role = models.CharField(max_length=32, choices=Role.choices, db_index=True)
    character = models.ForeignKey(
        Character,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="credits",
        help_text="For actors: the character played.",
    )
    billing_order = models.PositiveSmallIntegerField(
        default=0, db_index=True, help_text="Lower is billed first."
    )

    objects = CreditManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["film", "billing_order", "role", "person__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["film", "person", "role", "character"],
                condition=Q(character__isnull=False),
                name="credit_unique_with_character",
                violation_error_message="This person already plays this character.",
            ),
            models.UniqueConstraint(
                fields=["film", "person", "role"],
                condition=Q(character__isnull=True),
                name="credit_unique_without_character",
                violation_error_message="This person already has this role on this film.",
            ),
            models.CheckConstraint(
                condition=Q(character__isnull=True) | Q(role="actor"),
                name="credit_character_only_for_actors",
                violation_error_message="Only an actor credit can name a character.",
            ),
        ]

    def __str__(self):
        label = self.get_role_display()
        if self.character_id:
            label = f"{label} as {self.character.name}"
        return f"{self.person} — {label} ({self.film})"

    def natural_key(self):
        return (
            self.film.slug,
            self.person.slug,
            self.role,
            self.character.slug if self.character_id else "",
        )

    natural_key.dependencies = ["films.film", "films.person", "films.character"]

    def get_absolute_url(self):
        return self.person.get_absolute_url()


def _location_evidence() -> Q:
    """A place's own evidence: made by an editor, or named by a visible
    filming/setting fact or a visible mention."""
    return (
        Q(import_hash="")
        | Q(_exists(FilmLocation.objects.visible(), "location"))
        | Q(_exists(_visible_mentions(), "location"))
    )


class LocationQuerySet(models.QuerySet):
    def visible(self):
        """Places a visitor may see: those with evidence of their own and the
        places enclosing them, so a visible place's "in <parent>" link never
        leads to a 404."""
        evidenced = Location.objects.filter(_location_evidence())
        # One flat IN per level (parent, grandparent...): subqueries nested
        # level by level overflow SQLite's parser before the hierarchy ends.
        enclosing = Q()
        for level in range(1, LOCATION_VISIBILITY_DEPTH + 1):
            enclosing |= Q(pk__in=evidenced.values("__".join(["parent"] * level)))
        return self.filter(_location_evidence() | enclosing)


class LocationManager(SlugKeyManager.from_queryset(LocationQuerySet)):
    pass


class Location(models.Model):
    """A place, in a hierarchy (Country > City > District > Venue)."""

    class Kind(models.TextChoices):
        COUNTRY = "country", "Country"
        REGION = "region", "Region or county"
        CITY = "city", "City or town"
        DISTRICT = "district", "District"
        STREET = "street", "Street"
        STATION = "station", "Station"
        MUSEUM = "museum", "Museum"
        PARK = "park", "Park or garden"
        WATER = "water", "River or body of water"
        BRIDGE = "bridge", "Bridge"
        VENUE = "venue", "Venue or landmark"
        OTHER = "other", "Other"

    name = models.CharField(max_length=255, db_index=True)
    slug = models.SlugField(max_length=255, unique=True)
    kind = models.CharField(
        max_length=16, choices=Kind.choices, default=Kind.OTHER, db_index=True
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
        help_text="The enclosing place, e.g. the city of a museum.",
    )
    aliases = models.JSONField(
        default=list, blank=True, help_text="Other names the documents use."
    )
    latitude = models.DecimalField(
        max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        max_digits=9, decimal_places=6, null=True, blank=True
    )
    import_hash = models.CharField(max_length=64, blank=True, editable=False)

    objects = LocationManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__isnull=True)
                | Q(latitude__gte=-90, latitude__lte=90),
                name="location_latitude_range",
                violation_error_message="Latitude must be between -90 and 90.",
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True)
                | Q(longitude__gte=-180, longitude__lte=180),
                name="location_longitude_range",
                violation_error_message="Longitude must be between -180 and 180.",
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                name="location_coordinates_paired",
                violation_error_message="Give both latitude and longitude, or neither.",
            ),
            models.CheckConstraint(
                condition=~Q(parent=models.F("pk")),
                name="location_not_own_parent",
                violation_error_message="A location cannot be its own parent.",
            ),
        ]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)

    def get_absolute_url(self):
        return reverse("films:location_detail", kwargs={"slug": self.slug})

    def visible_ancestors(self, chain=None) -> list:
        """``chain`` (default: `ancestors`) up to the first place visitors may
        not see: a place is public only up to a few levels above its evidence
        (`LocationQuerySet.visible`), so a long chain can end in hidden ones.
        One query."""
        chain = self.ancestors() if chain is None else chain
        shown = set(
            Location.objects.visible()
            .filter(pk__in=[place.pk for place in chain])
            .values_list("pk", flat=True)
        )
        for i, place in enumerate(chain):
            if place.pk not in shown:
                return chain[:i]
        return chain

    def ancestors(self):
        """Enclosing locations, nearest first (bounded against cycles)."""
        chain, node, seen = [], self.parent, {self.pk}
        while node is not None and node.pk not in seen:
            chain.append(node)
            seen.add(node.pk)
            node = node.parent
        return chain


class FilmLocationManager(models.Manager.from_queryset(ImportedFactQuerySet)):
    def get_by_natural_key(self, film_slug, location_slug, usage):
        return self.get(film__slug=film_slug, location__slug=location_slug, usage=usage)


class FilmLocation(ImportedFact):
    """A place a film was shot at (filming) or where its story happens (setting)."""

    class Usage(models.TextChoices):
        FILMING = "filming", "Filming location"
        SETTING = "setting", "Story setting"

    film = models.ForeignKey(
        Film, on_delete=models.CASCADE, related_name="film_locations"
    )
    location = models.ForeignKey(
        Location, on_delete=models.CASCADE, related_name="film_locations"
    )
    usage = models.CharField(max_length=16, choices=Usage.choices, db_index=True)
    note = models.CharField(max_length=500, blank=True)

    objects = FilmLocationManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["film", "usage", "location__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["film", "location", "usage"],
                name="filmlocation_unique",
                violation_error_message="This location is already listed for this use.",
            ),
        ]

    def __str__(self):
        return f"{self.location} — {self.get_usage_display()} ({self.film})"

    def natural_key(self):
        return (self.film.slug, self.location.slug, self.usage)

    natural_key.dependencies = ["films.film", "films.location"]

    def get_absolute_url(self):
        return self.location.get_absolute_url()


class RatingManager(models.Manager.from_queryset(ImportedFactQuerySet)):
    def get_by_natural_key(self, film_slug, source, metric):
        return self.get(film__slug=film_slug, source=source, metric=metric)


class Rating(ImportedFact):
    """An aggregate score from a review aggregator (Metacritic, Rotten Tomatoes...)."""

    class Metric(models.TextChoices):
        WEIGHTED_AVERAGE = "weighted_average", "Weighted average"
        APPROVAL = "approval", "Share of positive reviews"
        AVERAGE = "average", "Average rating"
        AUDIENCE = "audience", "Audience score"

    film = models.ForeignKey(Film, on_delete=models.CASCADE, related_name="ratings")
    source = models.CharField(
        max_length=100, db_index=True, help_text="The aggregator, e.g. Metacritic."
    )
    metric = models.CharField(max_length=32, choices=Metric.choices)
    value = models.DecimalField(
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="Blank when only the consensus is known.",
    )
    scale = models.DecimalField(
        max_digits=6, decimal_places=2, default=Decimal("100"), help_text="Best score."
    )
    critic_count = models.PositiveIntegerField(null=True, blank=True)
    consensus = models.TextField(blank=True, help_text="The aggregator's summary.")

    objects = RatingManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["film", "source", "metric"]
        constraints = [
            models.UniqueConstraint(
                fields=["film", "source", "metric"],
                name="rating_unique_per_source_metric",
                violation_error_message="This film already has this rating.",
            ),
            models.CheckConstraint(
                condition=Q(scale__gt=0),
                name="rating_scale_positive",
                violation_error_message="Scale must be greater than zero.",
            ),
            models.CheckConstraint(
                condition=Q(value__isnull=True)
                | Q(value__gte=0, value__lte=models.F("scale")),
                name="rating_value_within_scale",
                violation_error_message="Value must be between 0 and the scale.",
            ),
        ]

    def __str__(self):
        if self.value is None:
            return f"{self.source} ({self.get_metric_display()})"
        return f"{self.source}: {self.value.normalize():f}/{self.scale.normalize():f}"

    def natural_key(self):
        return (self.film.slug, self.source, self.metric)

    natural_key.dependencies = ["films.film"]

    def get_absolute_url(self):
        return self.film.get_absolute_url()


class ContentVersion(models.Model):
    """One row that changes whenever anything a visitor could see changes.

    Database triggers on every catalogue and review table bump ``counter``
    (see `films.content_triggers`), so every write counts, however it is made:
    the admin, the API, an import's bulk SQL, a shell. Caches key their
    entries by it (`escape_site.content_version`), which is why a change shows
    on the very next request on every worker and host.

    ``epoch`` is random per row: if the row is ever deleted (a test database
    flush), the next write starts a new epoch instead of reusing old counters.
    """

    counter = models.BigIntegerField(default=0)
    epoch = models.CharField(max_length=32)
    changed_at = models.DateTimeField()

    class Meta:
        verbose_name = "content version"

    def __str__(self):
        return f"content version {self.epoch}.{self.counter}"
