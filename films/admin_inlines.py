"""Inlines of the catalogue's change forms: a film's characters, credits,
places and ratings, a person's credits. Each joins what its rows show, so a
change form costs the same number of queries for 2 rows or 200."""

from django import forms
from django.contrib import admin

from films.admin_guards import GuardedInlineMixin
from films.admin_provenance import EvidenceInlineMixin
from films.models import Character, Credit, FilmLocation, Rating


class CharacterInlineForm(forms.ModelForm):
    """An imported character's slug is its natural key (see ImportedSlugMixin):
    fixed in the inline too, where a new row still gets one."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.import_hash and "slug" in self.fields:
            self.fields["slug"].disabled = True


class CharacterInline(GuardedInlineMixin, admin.TabularInline):
    model = Character
    form = CharacterInlineForm
    fields = ["name", "slug", "description"]
    extra = 0
    show_change_link = True


class FilmCreditInline(EvidenceInlineMixin, GuardedInlineMixin, admin.TabularInline):
    model = Credit
    fk_name = "film"
    fields = ["person", "role", "character", "billing_order", "evidence", "checked"]
    autocomplete_fields = ["person", "character"]
    related = ("film", "person", "character")
    extra = 0


class PersonCreditInline(EvidenceInlineMixin, GuardedInlineMixin, admin.TabularInline):
    model = Credit
    fk_name = "person"
    fields = ["film", "role", "character", "billing_order", "evidence", "checked"]
    autocomplete_fields = ["film", "character"]
    related = ("person", "film", "character")
    extra = 0
    verbose_name_plural = "credits"


class FilmLocationInline(EvidenceInlineMixin, GuardedInlineMixin, admin.TabularInline):
    model = FilmLocation
    fields = ["location", "usage", "note", "evidence", "checked"]
    autocomplete_fields = ["location"]
    related = ("film", "location")
    extra = 0


class RatingInline(EvidenceInlineMixin, GuardedInlineMixin, admin.TabularInline):
    model = Rating
    fields = [
        *("source", "metric", "value", "scale", "critic_count"),
        *("evidence", "checked"),
    ]
    related = ("film",)
    extra = 0
