"""Admin for the film catalogue.

Imported rows carry provenance (source document, sentence, import hash), shown
read-only (`films.admin_provenance`); the hash because re-imports compare
against it to detect edits. Every changelist and change form costs a fixed
number of queries whatever the number of rows (tests/admin/).
"""

from django import forms
from django.contrib import admin
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils.html import format_html

from films.admin_conflicts import EditConflictMixin
from films.admin_guards import GuardedAdminMixin
from films.admin_history import HistoryAdminMixin
from films.admin_inlines import (
    CharacterInline,
    FilmCreditInline,
    FilmLocationInline,
    PersonCreditInline,
    RatingInline,
)
from films.admin_links import (
    PublicPageMixin,
    admin_change_link,
    admin_changelist_url,
    link_list,
)
from films.admin_provenance import (
    PROVENANCE_FIELDSET,
    CheckedFilter,
    CheckedInlinesMixin,
    ImportedFactAdminMixin,
    OriginFilter,
)
from films.models import (
    Character,
    Credit,
    Film,
    FilmLocation,
    Location,
    Person,
    Rating,
    SourceDocument,
)

# GuardedAdminMixin: its old address, still imported from here.
__all__ = ["GuardedAdminMixin", "PROVENANCE_FIELDSET", "admin_change_link"]

# How many related rows a read-only list shows before linking to all of them.
LINK_LIMIT = 50


def first_links(queryset, *, more_url: str, target=lambda row: row):
    """Links to the admin pages of ``queryset``'s first `LINK_LIMIT` rows
    (``target(row)`` of each), and to all of them when there are more."""
    return link_list(
        [target(row) for row in queryset[:LINK_LIMIT]],
        total=queryset.count(),
        more_url=more_url,
    )


def related_count(model, relation: str) -> Coalesce:
    """The number of ``model`` rows' ``relation`` rows (a reverse foreign
    key), as a subquery: counting two relations through joins would multiply
    each other's rows."""
    remote = model._meta.get_field(relation)
    rows = (
        remote.related_model._default_manager.filter(
            **{remote.field.name: OuterRef("pk")}
        )
        .order_by()
        .values(remote.field.name)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows), 0)


class ImportedSlugMixin:
    """The slug of an imported row is its natural key: the importer finds the
    row by it on every re-import. Editing it would make the next import add a
    second row, so it is read-only once a row came from an import."""

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.import_hash and "slug" not in fields:
            fields.append("slug")
        return fields

    def get_prepopulated_fields(self, request, obj=None):
        if obj is not None and obj.import_hash:
            return {}
        return super().get_prepopulated_fields(request, obj)


@admin.register(Film)
class FilmAdmin(
    PublicPageMixin,
    EditConflictMixin,
    CheckedInlinesMixin,
    ImportedSlugMixin,
    GuardedAdminMixin,
    HistoryAdminMixin,
):
    list_display = [
        "title",
        "year",
        "credit_count",
        "location_count",
        "review_count",
        "slug",
    ]
    list_filter = ["year", OriginFilter]
    # Explicit, because Meta.ordering is dropped once get_queryset() annotates.
    ordering = ["title", "year"]
    search_fields = ["title", "slug"]
    prepopulated_fields = {"slug": ["title", "year"]}
    autocomplete_fields = ["synopsis_source"]
    readonly_fields = ["import_hash"]
    inlines = [CharacterInline, FilmCreditInline, FilmLocationInline, RatingInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                credit_count=related_count(Film, "credits"),
                location_count=related_count(Film, "film_locations"),
                review_count=related_count(Film, "reviews"),
            )
        )

    @admin.display(description="Credits", ordering="credit_count")
    def credit_count(self, obj):
        return obj.credit_count

    @admin.display(description="Locations", ordering="location_count")
    def location_count(self, obj):
        return obj.location_count

    @admin.display(description="Reviews", ordering="review_count")
    def review_count(self, obj):
        return obj.review_count


@admin.register(Person)
class PersonAdmin(
    PublicPageMixin,
    EditConflictMixin,
    CheckedInlinesMixin,
    ImportedSlugMixin,
    GuardedAdminMixin,
    HistoryAdminMixin,
):
    list_display = ["name", "slug", "credit_count"]
    list_filter = [("credits__role", admin.ChoicesFieldListFilter), OriginFilter]
    ordering = ["name"]
    search_fields = ["name", "slug", "aliases"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["import_hash", "mentioned_in"]
    fields = ["name", "slug", "aliases", "import_hash", "mentioned_in"]
    inlines = [PersonCreditInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(credit_count=Count("credits"))

    @admin.display(description="Credits", ordering="credit_count")
    def credit_count(self, obj):
        return obj.credit_count

    @admin.display(description="Reviews that mention them")
    def mentioned_in(self, obj):
        if obj.pk is None:
            return "-"
        mentions = obj.mentions.select_related("review").order_by("review__headline")
        return first_links(
            mentions,
            more_url=admin_changelist_url(mentions.model, person__id__exact=obj.pk),
            target=lambda mention: mention.review,
        )


@admin.register(Character)
class CharacterAdmin(
    PublicPageMixin,
    EditConflictMixin,
    ImportedSlugMixin,
    GuardedAdminMixin,
    HistoryAdminMixin,
):
    list_display = ["name", "film_link", "slug"]
    list_filter = ["film", OriginFilter]
    list_select_related = ["film"]
    search_fields = ["name", "slug", "aliases", "film__title"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["film"]
    readonly_fields = ["import_hash"]

    @admin.display(description="Film", ordering="film__title")
    def film_link(self, obj):
        return admin_change_link(obj.film)


@admin.register(Credit)
class CreditAdmin(
    PublicPageMixin,
    EditConflictMixin,
    ImportedFactAdminMixin,
    GuardedAdminMixin,
    HistoryAdminMixin,
):
    public_page_of = "person"
    list_display = [
        "person",
        "role",
        "character",
        "film",
        "billing_order",
        "checked_column",
    ]
    list_filter = ["role", CheckedFilter, OriginFilter, "film"]
    list_select_related = ["film", "person", "character"]
    search_fields = ["person__name", "character__name", "film__title"]
    autocomplete_fields = ["film", "person", "character"]
    fieldsets = [
        (None, {"fields": ["film", "person", "role", "character", "billing_order"]}),
        PROVENANCE_FIELDSET,
    ]


@admin.register(Location)
class LocationAdmin(
    PublicPageMixin,
    EditConflictMixin,
    ImportedSlugMixin,
    GuardedAdminMixin,
    HistoryAdminMixin,
):
    list_display = ["name", "kind", "parent_link", "map_link"]
    list_filter = ["kind", OriginFilter]
    list_select_related = ["parent"]
    search_fields = ["name", "slug", "aliases"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]
    readonly_fields = ["import_hash", "places_within", "films_here"]
    fields = [
        *("name", "slug", "kind", "parent", "aliases", "latitude", "longitude"),
        *("places_within", "films_here", "import_hash"),
    ]

    @admin.display(description="Within", ordering="parent__name")
    def parent_link(self, obj):
        return admin_change_link(obj.parent)

    @admin.display(description="Map")
    def map_link(self, obj):
        if obj.latitude is None or obj.longitude is None:
            return "-"
        return format_html(
            '<a href="https://www.openstreetmap.org/?mlat={}&amp;mlon={}">{}, {}</a>',
            obj.latitude,
            obj.longitude,
            obj.latitude,
            obj.longitude,
        )

    @admin.display(description="Places within")
    def places_within(self, obj):
        if obj.pk is None:
            return "-"
        return first_links(
            obj.children.order_by("name"),
            more_url=admin_changelist_url(Location, parent__id__exact=obj.pk),
        )

    @admin.display(description="Films")
    def films_here(self, obj):
        if obj.pk is None:
            return "-"
        return first_links(
            obj.film_locations.select_related("film").order_by("film__title"),
            more_url=admin_changelist_url(FilmLocation, location__id__exact=obj.pk),
            target=lambda use: use.film,
        )


@admin.register(FilmLocation)
class FilmLocationAdmin(
    PublicPageMixin,
    EditConflictMixin,
    ImportedFactAdminMixin,
    GuardedAdminMixin,
    HistoryAdminMixin,
):
    public_page_of = "location"
    list_display = ["location", "usage", "film", "note", "checked_column"]
    list_filter = ["usage", CheckedFilter, OriginFilter, "film"]
    list_select_related = ["film", "location"]
    search_fields = ["location__name", "film__title", "note"]
    autocomplete_fields = ["film", "location"]
    fieldsets = [
        (None, {"fields": ["film", "location", "usage", "note"]}),
        PROVENANCE_FIELDSET,
    ]


@admin.register(Rating)
class RatingAdmin(
    PublicPageMixin,
    EditConflictMixin,
    ImportedFactAdminMixin,
    GuardedAdminMixin,
    HistoryAdminMixin,
):
    public_page_of = "film"
    list_display = [
        "film",
        "source",
        "metric",
        "value",
        "scale",
        "critic_count",
        "checked_column",
    ]
    list_filter = ["source", "metric", CheckedFilter, OriginFilter]
    list_select_related = ["film"]
    search_fields = ["film__title", "source", "consensus"]
    autocomplete_fields = ["film"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "film",
                    "source",
                    "metric",
                    "value",
                    "scale",
                    "critic_count",
                    "consensus",
                ]
            },
        ),
        PROVENANCE_FIELDSET,
    ]


class SourceDocumentAddForm(forms.ModelForm):
    """Takes pasted text and derives its digest, refusing text already stored."""

    class Meta:
        model = SourceDocument
        fields = ["filename", "kind", "text"]

    def clean(self):
        cleaned_data = super().clean()
        text = cleaned_data.get("text")
        if text:
            digest = SourceDocument.digest(text)
            existing = SourceDocument.objects.filter(sha256=digest).first()
            if existing is not None:
                raise forms.ValidationError(
                    "This text is already stored as %(filename)s.",
                    params={"filename": existing.filename},
                )
            self.instance.sha256 = digest
        return cleaned_data


@admin.register(SourceDocument)
class SourceDocumentAdmin(GuardedAdminMixin, admin.ModelAdmin):
    """Imported text is evidence: once stored, its text and digest never change."""

    list_display = ["filename", "kind", "imported_at", "review_link", "short_sha256"]
    list_filter = ["kind", ("review", admin.EmptyFieldListFilter)]
    list_select_related = ["review"]
    search_fields = ["filename", "sha256"]
    date_hierarchy = "imported_at"

    def get_queryset(self, request):
        # A text can be megabytes: load it only where a page shows it.
        return super().get_queryset(request).defer("text")

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = SourceDocumentAddForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ["sha256", "import_hash"]
        return ["sha256", "text", "import_hash"]

    @admin.display(description="Review")
    def review_link(self, obj):
        # A reverse one-to-one: the attribute is missing, not None, without one.
        return admin_change_link(getattr(obj, "review", None))

    @admin.display(description="SHA-256", ordering="sha256")
    def short_sha256(self, obj):
        return obj.sha256[:12]
