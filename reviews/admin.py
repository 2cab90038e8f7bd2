"""Admin for editorial content: reviews, their themes and mentions.

The review workflow (who may publish, edit or delete what) is asked of
`reviews.services` (`reviews.admin_workflow`, `reviews.admin_actions`).
"""

from django.contrib import admin
from django.db import models
from django.db.models import Count
from django.urls import reverse

from films.admin import ImportedSlugMixin
from films.admin_conflicts import EditConflictMixin
from films.admin_guards import GuardedAdminMixin, GuardedInlineMixin
from films.admin_history import HistoryAdminMixin
from films.admin_links import PublicPageMixin, admin_change_link
from films.admin_provenance import (
    PROVENANCE_FIELDSET,
    CheckedFilter,
    CheckedInlinesMixin,
    EvidenceInlineMixin,
    ImportedFactAdminMixin,
    OriginFilter,
)
from reviews.admin_actions import ReviewActionsMixin
from reviews.admin_workflow import ReviewWorkflowMixin, ScheduledFilter
from reviews.models import DeletedImport, Mention, Review, Theme

MENTION_TARGETS = ["person", "character", "location", "film"]


@admin.register(Theme)
class ThemeAdmin(
    PublicPageMixin, ImportedSlugMixin, GuardedAdminMixin, admin.ModelAdmin
):
    list_display = ["name", "slug", "review_count"]
    list_filter = [OriginFilter]
    ordering = ["name"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["import_hash"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(review_count=Count("reviews"))

    @admin.display(description="Reviews", ordering="review_count")
    def review_count(self, obj):
        return obj.review_count


class MentionInline(EvidenceInlineMixin, GuardedInlineMixin, admin.TabularInline):
    model = Mention
    fields = ["kind", *MENTION_TARGETS, "count", "evidence", "checked"]
    autocomplete_fields = MENTION_TARGETS
    related = ["review", *MENTION_TARGETS]
    extra = 0


@admin.register(Review)
class ReviewAdmin(
    EditConflictMixin,
    ReviewActionsMixin,
    ReviewWorkflowMixin,
    CheckedInlinesMixin,
    ImportedSlugMixin,
    GuardedAdminMixin,
    HistoryAdminMixin,
):
    list_display = [
        "headline",
        "film_link",
        "status_column",
        "published_at",
        "tone",
        "featured",
        "byline",
        "outlet",
        "published_on",
        "word_count",
    ]
    list_filter = [
        "status",
        ScheduledFilter,
        "featured",
        "tone",
        ("source_document__kind", admin.ChoicesFieldListFilter),
        OriginFilter,
        "film",
    ]
    list_select_related = ["film"]
    search_fields = ["headline", "body", "byline"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["headline"]}
    autocomplete_fields = ["film", "source_document", "themes"]
    readonly_fields = ["created_at", "updated_at", "import_hash", "source_link"]
    inlines = [MentionInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = [
        (None, {"fields": ["film", "headline", "slug", "excerpt", "body"]}),
        (
            "Attribution",
            {"fields": ["byline", "outlet", "source_url", "published_on"]},
        ),
        (
            "Publishing",
            {"fields": ["status", "published_at", "featured", "themes"]},
        ),
        ("Analysis", {"fields": ["tone", "tone_score", "word_count"]}),
        (
            "Provenance",
            {
                "fields": [
                    "source_link",
                    "source_document",
                    "created_at",
                    "updated_at",
                    "import_hash",
                ],
            },
        ),
    ]

    def view_on_site(self, obj):
        """The public page of a review visitors see; a staff-only preview of
        any other (draft, in review, archived, scheduled)."""
        if Review.objects.published().filter(pk=obj.pk).exists():
            return obj.get_absolute_url()
        return reverse("reviews:review_preview", kwargs={"slug": obj.slug})

    @admin.display(description="Film", ordering="film__title")
    def film_link(self, obj):
        return admin_change_link(obj.film)

    @admin.display(description="Source document (open)")
    def source_link(self, obj):
        return admin_change_link(obj.source_document)


@admin.register(Mention)
class MentionAdmin(ImportedFactAdminMixin, GuardedAdminMixin, admin.ModelAdmin):
    list_display = ["review", "kind", "target_link", "count", "checked_column"]
    list_filter = ["kind", CheckedFilter, OriginFilter]
    list_select_related = ["review", *MENTION_TARGETS]
    search_fields = [
        "review__headline",
        "person__name",
        "character__name",
        "location__name",
        "film__title",
    ]
    autocomplete_fields = ["review", *MENTION_TARGETS]
    fieldsets = [
        (None, {"fields": ["review", "kind", *MENTION_TARGETS, "count"]}),
        PROVENANCE_FIELDSET,
    ]

    def view_on_site(self, obj):
        """The review's public page, while visitors can open it."""
        if Review.objects.published().filter(pk=obj.review_id).exists():
            return obj.get_absolute_url()
        return None

    @admin.display(description="Target")
    def target_link(self, obj):
        return admin_change_link(obj.target)


@admin.register(DeletedImport)
class DeletedImportAdmin(GuardedAdminMixin, admin.ModelAdmin):
    """Imported rows editors deleted. Deleting an entry here lets the next
    import or `load_fixtures` bring its row back."""

    list_display = ["description", "model_label", "record_key", "deleted_at"]
    list_filter = ["model_label"]
    search_fields = ["description", "record_key"]
    date_hierarchy = "deleted_at"
    readonly_fields = [
        "model_label",
        "key_digest",
        "record_key",
        "description",
        "deleted_at",
    ]

    def has_add_permission(self, request):
        return False  # made by deleting an imported row, not by hand

    def has_change_permission(self, request, obj=None):
        return False
