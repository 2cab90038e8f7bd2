"""Editorial content: reviews of films, their themes and what they mention.

Depends on `films`; `films` never imports this app.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, OrderBy, Q
from django.db.models.functions import Now
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from films.models import (
    Character,
    Film,
    ImportedFact,
    Location,
    Person,
    SlugKeyManager,
    SourceDocument,
)


class ThemeQuerySet(models.QuerySet):
    def visible(self):
        """Themes a visitor may see: made by an editor, or on a published review
        (a theme only a draft uses stays hidden, like the draft)."""
        published = Review.objects.published().filter(themes=models.OuterRef("pk"))
        return self.filter(Q(import_hash="") | Q(models.Exists(published)))


class ThemeManager(SlugKeyManager.from_queryset(ThemeQuerySet)):
    pass


class Theme(models.Model):
    """A subject from the controlled vocabulary reviews are tagged with."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(blank=True)
    import_hash = models.CharField(max_length=64, blank=True, editable=False)

    objects = ThemeManager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)

    def get_absolute_url(self):
        return f"{reverse('reviews:review_list')}?theme={self.slug}"


class SortIndex(models.Index):
    """An index in a list's sort order, NULLs last. SQLite cannot declare
    NULLS LAST in an index, but a descending SQLite index already puts NULLs
    last, so there the modifier is dropped (and ascending NULLS LAST orders
    fall back to a bounded sort on SQLite only)."""

    def create_sql(self, model, schema_editor, using="", **kwargs):
        if schema_editor.connection.vendor != "sqlite":
            return super().create_sql(model, schema_editor, using, **kwargs)
        plain = [
            OrderBy(e.expression, descending=e.descending)
            if isinstance(e, OrderBy)
            else e
            for e in self.expressions
        ]
        index = models.Index(*plain, name=self.name, condition=self.condition)
        return index.create_sql(model, schema_editor, using, **kwargs)


def _sort_index(name: str, first) -> SortIndex:
    """(status, ``first``, newest created, pk): the published list in one of
    `reviews.filters.ORDERINGS` (they all end "-created_at", "pk" but
    "oldest")."""
    created = F("created_at").asc() if name == "oldest" else F("created_at").desc()
    return SortIndex(F("status"), first, created, F("id"), name=f"review_{name}_idx")


def published_condition(path: str = "") -> Q:
    """The rule of `ReviewQuerySet.published`, as a condition on the review
    that ``path`` reaches ("review__" from a mention): read on the joined row
    (an index lookup), rather than an IN over every published review."""
    # "Not scheduled for later" rather than "no time, or a time now past": the
    # same rows, written so the planner walks the list's sort index instead of
    # gathering both branches of an OR through the due-time index and sorting.
    return Q(**{f"{path}status": ReviewStatus.PUBLISHED}) & ~Q(
        **{f"{path}published_at__gt": Now()}
    )


class ReviewQuerySet(models.QuerySet):
    def published(self):
        """What a visitor may see: the one definition of it. A published
        review whose ``published_at`` is still ahead is scheduled: it appears
        at that moment, with no job to run, because the time is compared here.
        No ``published_at`` (an imported review) means published now.

        The database's clock (``Now()``) is read when the query runs, so a
        queryset built once (a filter's choices at import time) stays right."""
        return self.filter(published_condition())

    def scheduled(self):
        """Published reviews waiting for their ``published_at``."""
        return self.filter(status=Review.Status.PUBLISHED, published_at__gt=Now())


class ReviewManager(SlugKeyManager.from_queryset(ReviewQuerySet)):
    pass


class ReviewStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_REVIEW = "in_review", "In review"
    PUBLISHED = "published", "Published"
    ARCHIVED = "archived", "Archived"


class ReviewTone(models.TextChoices):
    POSITIVE = "positive", "Positive"
    MIXED = "mixed", "Mixed"
    NEGATIVE = "negative", "Negative"


class Review(models.Model):
    """A critic review or essay about one film."""

    Status = ReviewStatus
    Tone = ReviewTone

    film = models.ForeignKey(Film, on_delete=models.PROTECT, related_name="reviews")
    source_document = models.OneToOneField(
        SourceDocument,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="review",
        help_text="The imported text this review was made from, if any.",
    )
    headline = models.CharField(max_length=255)
    slug = models.SlugField(max_length=255, unique=True)
    body = models.TextField()
    excerpt = models.TextField(blank=True, help_text="A pull quote from the body.")
    byline = models.CharField(max_length=255, blank=True, db_index=True)
    outlet = models.CharField(max_length=255, blank=True, db_index=True)
    source_url = models.URLField(max_length=500, blank=True)
    published_on = models.DateField(
        null=True, blank=True, db_index=True, help_text="When the outlet published it."
    )
    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    published_at = models.DateTimeField(
        null=True,
        blank=True,
        db_index=True,
        help_text="When visitors first see it: set when first published; "
        "a future time schedules a published review.",
    )
    featured = models.BooleanField(default=False, db_index=True)
    tone = models.CharField(
        max_length=16, choices=Tone.choices, blank=True, db_index=True
    )
    tone_score = models.FloatField(
        null=True,
        blank=True,
        help_text="Compound sentiment from -1 (negative) to 1 (positive).",
    )
    word_count = models.PositiveIntegerField(default=0, db_index=True)
    themes = models.ManyToManyField(Theme, blank=True, related_name="reviews")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(default=timezone.now, db_index=True)
    import_hash = models.CharField(max_length=64, blank=True, editable=False)

    objects = ReviewManager()
    history = HistoricalRecords(excluded_fields=["updated_at"])
    published_condition = staticmethod(published_condition)

    class Meta:
        # The list's "newest" order, which `review_newest_idx` serves: undated
        # (imported) reviews after dated ones, by when they were added.
        ordering = [F("published_on").desc(nulls_last=True), "-created_at", "pk"]
        permissions = [("publish_review", "Can publish, unpublish and archive reviews")]
        indexes = [
            _sort_index("newest", F("published_on").desc(nulls_last=True)),
            _sort_index("oldest", F("published_on").asc(nulls_last=True)),
            _sort_index("positive", F("tone_score").desc(nulls_last=True)),
            _sort_index("negative", F("tone_score").asc(nulls_last=True)),
            _sort_index("longest", F("word_count").desc()),
            _sort_index("shortest", F("word_count").asc()),
            # The content version reads the latest published_at now due on
            # every request (escape_site.content_version): one seek.
            models.Index(
                fields=["status", "published_at"], name="review_status_due_idx"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(tone_score__isnull=True)
                | Q(tone_score__gte=-1, tone_score__lte=1),
                name="review_tone_score_range",
                violation_error_message="Tone score must be between -1 and 1.",
            ),
            models.CheckConstraint(
                condition=Q(status__in=ReviewStatus.values),
                name="review_status_valid",
                violation_error_message="Unknown review status.",
            ),
        ]

    def __str__(self):
        return self.headline

    def save(self, *args, **kwargs):
        self.updated_at = timezone.now()
        if self.status == Review.Status.PUBLISHED and self.published_at is None:
            self.published_at = self.updated_at  # first published now
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "published_at"}
        super().save(*args, **kwargs)

    @property
    def is_scheduled(self) -> bool:
        return (
            self.status == Review.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at > timezone.now()
        )

    def natural_key(self):
        return (self.slug,)

    def get_absolute_url(self):
        return reverse("reviews:review_detail", kwargs={"slug": self.slug})


class MentionManager(models.Manager):
    def get_by_natural_key(self, review_slug, kind, target_slug):
        target_field = Mention.TARGET_FIELDS[kind]
        return self.get(
            review__slug=review_slug,
            kind=kind,
            **{f"{target_field}__slug": target_slug},
        )


class Mention(ImportedFact):
    """A review naming a person, character, location or film, with how often."""

    class Kind(models.TextChoices):
        PERSON = "person", "Person"
        CHARACTER = "character", "Character"
        LOCATION = "location", "Location"
        FILM = "film", "Film"

    TARGET_FIELDS = {
        Kind.PERSON: "person",
        Kind.CHARACTER: "character",
        Kind.LOCATION: "location",
        Kind.FILM: "film",
    }

    review = models.ForeignKey(
        Review, on_delete=models.CASCADE, related_name="mentions"
    )
    kind = models.CharField(max_length=16, choices=Kind.choices, db_index=True)
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, null=True, blank=True, related_name="mentions"
    )
    character = models.ForeignKey(
        Character,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="mentions",
    )
    location = models.ForeignKey(
        Location,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="mentions",
    )
    film = models.ForeignKey(
        Film, on_delete=models.CASCADE, null=True, blank=True, related_name="mentions"
    )
    count = models.PositiveIntegerField(default=1)

    objects = MentionManager()

    class Meta:
        ordering = ["review", "kind", "-count"]
        constraints = [
            # Exactly one target, and it is the one `kind` names.
            models.CheckConstraint(
                condition=(
                    Q(
                        kind="person",
                        person__isnull=False,
                        character__isnull=True,
                        location__isnull=True,
                        film__isnull=True,
                    )
                    | Q(
                        kind="character",
                        person__isnull=True,
                        character__isnull=False,
                        location__isnull=True,
                        film__isnull=True,
                    )
                    | Q(
                        kind="location",
                        person__isnull=True,
                        character__isnull=True,
                        location__isnull=False,
                        film__isnull=True,
                    )
                    | Q(
                        kind="film",
                        person__isnull=True,
                        character__isnull=True,
                        location__isnull=True,
                        film__isnull=False,
                    )
                ),
                name="mention_exactly_one_target",
                violation_error_message="A mention names exactly one target, of its kind.",
            ),
            models.CheckConstraint(
                condition=Q(count__gte=1),
                name="mention_count_positive",
                violation_error_message="A mention occurs at least once.",
            ),
            *[
                models.UniqueConstraint(
                    fields=["review", field],
                    condition=Q(**{f"{field}__isnull": False}),
                    name=f"mention_unique_{field}",
                    violation_error_message=f"This review already mentions this {field}.",
                )
                for field in ("person", "character", "location", "film")
            ],
        ]

    @property
    def target(self):
        return getattr(self, self.TARGET_FIELDS[self.kind])

    def __str__(self):
        return f"{self.target} ×{self.count} in {self.review}"

    def natural_key(self):
        return (self.review.slug, self.kind, self.target.slug)

    natural_key.dependencies = [
        "reviews.review",
        "films.person",
        "films.character",
        "films.location",
        "films.film",
    ]

    def get_absolute_url(self):
        return self.review.get_absolute_url()


class DeletedImportManager(models.Manager):
    def get_by_natural_key(self, model_label, key_digest):
        return self.get(model_label=model_label, key_digest=key_digest)


class DeletedImport(models.Model):
    """An imported row an editor deleted: re-imports must not bring it back.

    The row is named by its model and natural key (as the fixture names it), so
    `load_fixtures` and `import_seeds --load` can skip the record and report it
    as "kept deleted". Deleting the tombstone lets the next import restore it.
    """

    model_label = models.CharField(max_length=64, help_text="e.g. reviews.review")
    key_digest = models.CharField(
        max_length=32,
        help_text="Digest of the model and natural key, as the loader computes it.",
    )
    record_key = models.TextField(
        help_text="The natural key, as the fixture states it."
    )
    description = models.CharField(max_length=255, blank=True)
    deleted_at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = DeletedImportManager()

    class Meta:
        ordering = ["-deleted_at"]
        verbose_name = "deleted imported row"
        constraints = [
            models.UniqueConstraint(
                fields=["model_label", "key_digest"],
                name="deletedimport_unique_key",
                violation_error_message="This row is already recorded as deleted.",
            ),
        ]

    def __str__(self):
        return f"{self.model_label} {self.description or self.record_key}"

    def natural_key(self):
        return (self.model_label, self.key_digest)


class ImportRun(models.Model):
    """One import that changed the database: who ran it, from what, what it
    created and updated. Its rows' history names it in
    ``history_change_reason`` ("import #12: import_seeds") and shares its
    ``started_at`` as ``history_date``, which is how an undo finds them.

    Written in the load's own transaction, and only when the load changed a
    row: a failed or no-op import leaves no run behind.
    """

    class Status(models.TextChoices):
        COMPLETED = "completed", "Completed"
        UNDONE = "undone", "Undone"

    started_at = models.DateTimeField(default=timezone.now, db_index=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        help_text="Who ran it; the importer's own user for commands.",
    )
    source = models.CharField(
        max_length=64, help_text="import_seeds, load_fixtures, admin upload…"
    )
    documents = models.JSONField(
        default=list, blank=True, help_text="The first file names it read."
    )
    document_count = models.PositiveIntegerField(default=0)
    created = models.JSONField(default=dict, blank=True, help_text="Rows, by model.")
    updated = models.JSONField(default=dict, blank=True, help_text="Rows, by model.")
    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.COMPLETED
    )
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = "import run"

    def __str__(self):
        return f"import #{self.pk}: {self.source}"

    @property
    def history_reason(self) -> str:
        """The ``history_change_reason`` of every historical row it wrote."""
        return str(self)[:100]
