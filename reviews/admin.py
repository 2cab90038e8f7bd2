"""Admin for editorial content: reviews, their themes and mentions."""

from django.contrib import admin
from django.db import models
from django.db.models import Count

from films.admin import (
    PROVENANCE_FIELDSET,
    GuardedAdminMixin,
    ImportedSlugMixin,
    admin_change_link,
)
from reviews.models import DeletedImport, Mention, Review, Theme

MENTION_TARGETS = ["person", "character", "location", "film"]


@admin.register(Theme)
class ThemeAdmin(ImportedSlugMixin, GuardedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "slug", "review_count"]
    ordering = ["name"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["import_hash"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(review_count=Count("reviews"))

    @admin.display(description="Reviews", ordering="review_count")
    def review_count(self, obj):
        return obj.review_count


class MentionInline(admin.TabularInline):
    model = Mention
    fields = ["kind", *MENTION_TARGETS, "count"]
    autocomplete_fields = MENTION_TARGETS
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related(*MENTION_TARGETS)


@admin.register(Review)
class ReviewAdmin(ImportedSlugMixin, GuardedAdminMixin, admin.ModelAdmin):
    list_display = [
        "headline",
        "film_link",
        "status",
        "tone",
        "featured",
        "byline",
        "outlet",
        "published_on",
        "word_count",
    ]
    list_filter = ["status", "tone", "featured", "film"]
    list_select_related = ["film"]
    search_fields = ["headline", "body", "byline"]
    date_hierarchy = "published_on"
    prepopulated_fields = {"slug": ["headline"]}
    autocomplete_fields = ["film", "source_document", "themes"]
    readonly_fields = ["created_at", "updated_at", "import_hash"]
    inlines = [MentionInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = [
        (None, {"fields": ["film", "headline", "slug", "excerpt", "body"]}),
        (
            "Attribution",
            {"fields": ["byline", "outlet", "source_url", "published_on"]},
        ),
        ("Publishing", {"fields": ["status", "featured", "themes"]}),
        ("Analysis", {"fields": ["tone", "tone_score", "word_count"]}),
        (
            "Provenance",
            {
                "classes": ["collapse"],
                "fields": [
                    "source_document",
                    "created_at",
                    "updated_at",
                    "import_hash",
                ],
            },
        ),
    ]

    @admin.display(description="Film", ordering="film__title")
    def film_link(self, obj):
        return admin_change_link(obj.film)


@admin.register(Mention)
class MentionAdmin(GuardedAdminMixin, admin.ModelAdmin):
    list_display = ["review", "kind", "target_link", "count"]
    list_filter = ["kind"]
    list_select_related = ["review", *MENTION_TARGETS]
    search_fields = [
        "review__headline",
        "person__name",
        "character__name",
        "location__name",
        "film__title",
    ]
    autocomplete_fields = ["review", *MENTION_TARGETS, "source_document"]
    readonly_fields = ["import_hash"]
    fieldsets = [
        (None, {"fields": ["review", "kind", *MENTION_TARGETS, "count"]}),
        PROVENANCE_FIELDSET,
    ]

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
