"""Provenance of imported facts in the admin (credits, film locations,
ratings, mentions): the document and sentence each fact was taken from, shown
read-only beside it so an editor can compare the two, and the editor's check
(`films.services`).
"""

from django import forms
from django.contrib import admin, messages
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.text import Truncator

from films.admin_links import admin_change_link
from films.admin_widgets import PreloadedAutocompleteForm, PreloadedAutocompleteMixin
from films.services import fact_set_checked, facts_set_checked

SENTENCE_LENGTH = 120  # characters of the sentence an inline row shows

PROVENANCE_FIELDS = [
    "source_link",
    "source_sentence",
    "checked_status",
    "checked",
    "import_hash",
]
# Shown, never edited: provenance is what the importer recorded.
PROVENANCE_READONLY = [
    "source_link",
    "source_sentence",
    "checked_status",
    "import_hash",
]
PROVENANCE_FIELDSET = ("Provenance", {"fields": PROVENANCE_FIELDS})


def check_stamp(fact) -> str:
    if not fact.is_checked:
        return "Not checked"
    when = date_format(timezone.localtime(fact.checked_at), "DATETIME_FORMAT")
    who = fact.checked_by.get_username() if fact.checked_by else "a deleted user"
    return f"Checked by {who} on {when}"


class CheckableFactForm(PreloadedAutocompleteForm):
    """A fact's form with a "checked" box; ticking or clearing it is applied
    by `apply_check` when the admin saves."""

    checked = forms.BooleanField(
        required=False,
        label="Checked against its source",
        help_text="Tick once you have compared this fact with its sentence.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("checked", self.instance.is_checked)


def apply_check(form, user) -> None:
    """Stamp or clear the check of ``form``'s fact when its box changed."""
    if "checked" in form.fields and "checked" in form.changed_data:
        fact_set_checked(form.instance, checked=form.cleaned_data["checked"], user=user)


class CheckedFilter(admin.SimpleListFilter):
    title = "checked"
    parameter_name = "checked"

    def lookups(self, request, model_admin):
        return [("yes", "Checked"), ("no", "Not checked")]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(checked_at__isnull=self.value() == "no")
        return queryset


# --- Admin classes --------------------------------------------------------------


class ImportedFactAdminMixin(PreloadedAutocompleteMixin):
    """ModelAdmin of an imported fact: provenance fieldset, "Checked" column
    and filter, and the mark checked / unchecked actions. Put
    ``PROVENANCE_FIELDSET`` in ``fieldsets``, "checked_column" in
    ``list_display`` and `CheckedFilter` in ``list_filter``."""

    form = CheckableFactForm
    actions = ["mark_checked", "mark_unchecked"]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        return fields + [f for f in PROVENANCE_READONLY if f not in fields]

    def save_model(self, request, obj, form, change):
        apply_check(form, request.user)
        super().save_model(request, obj, form, change)

    @admin.display(description="Source document")
    def source_link(self, obj):
        return admin_change_link(obj.source_document)

    @admin.display(description="Check")
    def checked_status(self, obj):
        return check_stamp(obj)

    @admin.display(description="Checked", boolean=True, ordering="checked_at")
    def checked_column(self, obj):
        return obj.is_checked

    @admin.action(description="Mark as checked", permissions=["change"])
    def mark_checked(self, request, queryset):
        self._report(request, queryset, checked=True)

    @admin.action(description="Mark as unchecked", permissions=["change"])
    def mark_unchecked(self, request, queryset):
        self._report(request, queryset, checked=False)

    def _report(self, request, queryset, *, checked: bool):
        selected = queryset.count()
        changed = facts_set_checked(queryset, checked=checked, user=request.user)
        opts = self.model._meta
        word = "checked" if checked else "unchecked"
        noun = opts.verbose_name if changed == 1 else opts.verbose_name_plural
        message = f"Marked {changed} {noun} as {word}."
        if selected > changed:
            message += f" {selected - changed} already were."
        self.message_user(request, message, messages.SUCCESS)


class EvidenceInlineMixin(PreloadedAutocompleteMixin):
    """Inline of imported facts: each row shows, read-only and compact, the
    document and sentence it came from and who checked it, and has a
    "checked" box. The parent admin must use `CheckedInlinesMixin`."""

    form = CheckableFactForm
    readonly_fields = ["evidence"]
    # Joined for the autocompletes' labels and each row's title (its
    # __str__, which names the parent row too).
    related = ()

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("source_document", "checked_by", *self.related)
            # A document's text can be megabytes; a row needs only its name.
            .defer("source_document__text")
        )

    @admin.display(description="Evidence")
    def evidence(self, obj):
        if obj.pk is None:
            return "-"
        sentence = Truncator(obj.source_sentence).chars(SENTENCE_LENGTH)
        source = admin_change_link(obj.source_document) if obj.source_document else ""
        stamp = check_stamp(obj)
        if not source and not sentence:
            return format_html(
                '<span class="help">Added by an editor · {}</span>', stamp
            )
        return format_html(
            '{} <q>{}</q> <span class="help">· {}</span>', source, sentence, stamp
        )


class CheckedInlinesMixin:
    """A parent ModelAdmin whose inlines have "checked" boxes: stamps them
    with the signed-in editor when it saves."""

    def save_formset(self, request, form, formset, change):
        for inline_form in formset.forms:
            cleaned = getattr(inline_form, "cleaned_data", None)
            if cleaned is not None and not cleaned.get("DELETE"):
                apply_check(inline_form, request.user)
        super().save_formset(request, form, formset, change)


class OriginFilter(admin.SimpleListFilter):
    """Imported rows (they carry an import hash) or rows an editor made."""

    title = "origin"
    parameter_name = "origin"

    def lookups(self, request, model_admin):
        return [("imported", "Imported"), ("editor", "Added by an editor")]

    def queryset(self, request, queryset):
        if self.value() == "imported":
            return queryset.exclude(import_hash="")
        if self.value() == "editor":
            return queryset.filter(import_hash="")
        return queryset
