"""Malformed admin input gives the admin's own error answers, never a 500.

Every ModelAdmin of the site uses `GuardedAdminMixin` (and every inline
`GuardedInlineMixin`): changelist filters with numbers beyond 64 bits or
impossible dates are an "invalid lookup", forged action selections are
refused, JSON fields refuse NUL, and a foreign key or many-to-many field
posted with something that cannot be an id ("abc", a number no column holds)
is a form error, also when its autocomplete widget redraws the refused form.
"""

from django import forms
from django.contrib import messages
from django.contrib.admin import helpers
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.db import models

# No integer column holds more than a signed 64-bit number; SQLite fails on a
# larger query parameter instead of matching nothing.
INTEGER_RANGE = range(-(2**63), 2**63)


def lookup_value(field: models.Field, raw):
    """``raw`` as a value of ``field``, or None when no row could have it."""
    try:
        value = field.to_python(raw)
    except (ValidationError, ValueError, TypeError):
        return None
    if isinstance(value, int) and value not in INTEGER_RANGE:
        return None
    return value


def out_of_integer_range(value: str) -> bool:
    """Whether ``value`` reads as an integer (as ``int()`` reads it) that no
    integer column can hold."""
    try:
        return int(value) not in INTEGER_RANGE
    except ValueError:
        return False  # Not an integer: the field's own conversion refuses it.


# --- Relation fields ----------------------------------------------------------


def _key_field(model, to_field_name: str | None) -> models.Field:
    opts = model._meta
    return opts.get_field(to_field_name) if to_field_name else opts.pk


class GuardedModelChoiceField(forms.ModelChoiceField):
    """Refuses a value no row could have before querying with it (Django
    catches "abc", but SQLite fails on a number beyond 64 bits)."""

    def to_python(self, value):
        if (
            value not in self.empty_values
            and not isinstance(value, self.queryset.model)
            and lookup_value(_key_field(self.queryset.model, self.to_field_name), value)
            is None
        ):
            raise ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(value)


class GuardedModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    def _check_values(self, value):
        if isinstance(value, list | tuple):
            key_field = _key_field(self.queryset.model, self.to_field_name)
            for pk in value:
                if lookup_value(key_field, pk) is None:
                    raise ValidationError(
                        self.error_messages["invalid_pk_value"],
                        code="invalid_pk_value",
                        params={"pk": pk},
                    )
        return super()._check_values(value)


class GuardedAutocompleteMixin:
    """Redraws a refused form without querying with the posted garbage: the
    stock widget looks up the labels of whatever was posted."""

    def optgroups(self, name, value, attr=None):
        remote = self.field.remote_field
        key_field = _key_field(remote.model, getattr(remote, "field_name", None))
        value = [v for v in value if lookup_value(key_field, str(v)) is not None]
        return super().optgroups(name, value, attr)


class GuardedAutocompleteSelect(GuardedAutocompleteMixin, AutocompleteSelect):
    pass


class GuardedAutocompleteSelectMultiple(
    GuardedAutocompleteMixin, AutocompleteSelectMultiple
):
    pass


class GuardedRelationsMixin:
    """For a ModelAdmin or an inline: its relation fields are the guarded
    ones, with guarded autocomplete widgets."""

    # The widget of a foreign key among ``autocomplete_fields``.
    autocomplete_select = GuardedAutocompleteSelect

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        kwargs.setdefault("form_class", GuardedModelChoiceField)
        self._guard_autocomplete(db_field, request, kwargs, self.autocomplete_select)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        kwargs.setdefault("form_class", GuardedModelMultipleChoiceField)
        self._guard_autocomplete(
            db_field, request, kwargs, GuardedAutocompleteSelectMultiple
        )
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def _guard_autocomplete(self, db_field, request, kwargs, widget_class):
        """An autocomplete field gets ``widget_class`` (before Django would
        set its stock one)."""
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(
            request
        ):
            kwargs["widget"] = widget_class(
                db_field, self.admin_site, using=kwargs.get("using")
            )


# --- JSON ---------------------------------------------------------------------


def strings_in(value):
    """Every string in a decoded JSON value, object keys included."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from strings_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings_in(item)


def prohibit_null_characters_in_json(value):
    """JSON spells NUL as "\\u0000", so the raw text passes the form's NUL
    check; PostgreSQL's jsonb refuses the decoded character."""
    for string in strings_in(value):
        ProhibitNullCharactersValidator()(string)


# --- The admin ----------------------------------------------------------------


class BoundedChangeList(ChangeList):
    """Out-of-range filter values are the admin's "invalid lookup" (a redirect
    to ``?e=1``), never a 500: numbers beyond 64 bits in any lookup (``id__in``,
    ``film=``), and date-hierarchy dates outside what ``datetime`` can hold
    (``published_on__year=9999`` ends past year 9999)."""

    def get_filters(self, request):
        for key, values in self.get_filters_params().items():
            for value in values:
                if any(map(out_of_integer_range, value.split(","))):
                    raise IncorrectLookupParameters(f"{key}: number out of range")
        try:
            return super().get_filters(request)
        except (ValueError, OverflowError) as e:
            raise IncorrectLookupParameters(e) from e


class GuardedInlineMixin(GuardedRelationsMixin):
    """Every inline of the site: its relation fields are guarded."""


class GuardedAdminMixin(GuardedRelationsMixin):
    """Every ModelAdmin of the site: see the module docstring."""

    def get_changelist(self, request, **kwargs):
        return BoundedChangeList

    def response_action(self, request, queryset):
        # Django filters by the posted ids unchecked: "abc" or a number beyond
        # 64 bits would fail there with a 500.
        selected = request.POST.getlist(helpers.ACTION_CHECKBOX_NAME)
        if not all(self.is_primary_key(value) for value in selected):
            self.message_user(
                request,
                "The selection holds an item that is not in this list. "
                "No items have been changed.",
                messages.WARNING,
            )
            return None  # The changelist redirects back to itself.
        return super().response_action(request, queryset)

    def is_primary_key(self, value: str) -> bool:
        """Whether ``value`` could be the primary key of a row of this model."""
        return lookup_value(self.model._meta.pk, value) is not None

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if isinstance(db_field, models.JSONField) and formfield is not None:
            formfield.validators.append(prohibit_null_characters_in_json)
        return formfield
