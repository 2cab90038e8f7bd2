"""Edit conflicts in the admin: a save based on an old version is refused.

Optimistic concurrency, the admin's side of the API's ETag / If-Match: a
change form carries a hidden, signed snapshot of the row values it was opened
with (`films.versioning.json_row_values`). On save, inside the admin's
transaction, the stored row is locked and its version compared with the
snapshot's (`films.versioning.etag_for_row_values`, the same digest as
``etag_for``). When they differ the save is refused with what the other
editor changed, field by field, and who and when if the row's history knows.

Decisions:

- Any change by someone else refuses the save, even to a field this editor
  did not touch. The form posts every field, so saving would write the stale
  values back; and a field-level merge could produce a row nobody saw or
  validated (cross-field rules, the review workflow). It is the API's rule too
  (If-Match names the whole row).
- The refused form keeps the editor's values and now carries the current
  version, so saving it again is a deliberate overwrite of the changes the
  error lists, never a silent one.
- Only the parent row is versioned. Inline rows (a film's credits) are rows
  of their own: a change to one made elsewhere since the form was opened is
  not detected here.
"""

import json
from datetime import datetime
from typing import Any

from django import forms
from django.contrib.admin.utils import flatten_fieldsets
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import formats, timezone
from django.utils.text import Truncator, capfirst

from films.versioning import etag_for_row_values, json_row_values

VERSION_FIELD = "edit_version"
DISPLAYED_VALUE_LENGTH = 80


# --- The signed snapshot ------------------------------------------------------


def _salt(model: type[models.Model]) -> str:
    return f"films.admin_conflicts:{model._meta.label_lower}"


def snapshot_token(instance: models.Model) -> str:
    """The signed snapshot of ``instance``'s stored values, for a change form."""
    payload = {
        "pk": str(instance.pk),
        "opened": timezone.now().isoformat(),
        "values": json_row_values(instance),
    }
    return signing.dumps(payload, salt=_salt(type(instance)), compress=True)


class DamagedSnapshot(Exception):
    """The form's snapshot is missing, altered, or made for another row."""


def read_snapshot(token: Any, model: type[models.Model], pk: Any) -> dict:
    """The payload of ``token`` for row ``pk`` of ``model``."""
    if not isinstance(token, str) or not token:
        raise DamagedSnapshot
    try:
        payload = signing.loads(token, salt=_salt(model))
    except (signing.BadSignature, ValueError, json.JSONDecodeError) as error:
        raise DamagedSnapshot from error
    if (
        not isinstance(payload, dict)
        or payload.get("pk") != str(pk)
        or not isinstance(payload.get("values"), dict)
    ):
        raise DamagedSnapshot
    return payload


# --- Describing what changed --------------------------------------------------


def _fields_by_key(model: type[models.Model]) -> dict[str, models.Field]:
    """Model fields by their key in `row_values` (column attribute, or name
    for many-to-many fields), in model order."""
    opts = model._meta
    fields = {field.attname: field for field in opts.concrete_fields}
    fields.update({field.name: field for field in opts.many_to_many})
    return fields


def _related_names(field: models.Field, pks: list) -> str:
    objects = {
        str(obj.pk): str(obj)
        for obj in field.related_model._base_manager.filter(pk__in=pks)
    }
    return ", ".join(objects.get(str(pk), f"(deleted #{pk})") for pk in pks)


def display_value(field: models.Field, value: Any) -> str:
    """``value`` (a JSON row value of ``field``) as an editor reads it."""
    if value is None or value == "" or value == []:
        return "(empty)"
    if field.many_to_many:
        text = _related_names(field, value)
    elif field.is_relation:
        text = _related_names(field, [value])
    elif field.choices:
        text = str(dict(field.flatchoices).get(value, value))
    elif isinstance(value, bool):
        text = "yes" if value else "no"
    else:
        text = str(value)
    return f"“{Truncator(text).chars(DISPLAYED_VALUE_LENGTH)}”"


def describe_changes(
    model: type[models.Model], before: dict[str, Any], after: dict[str, Any]
) -> list[str]:
    """One line per field whose value differs: "Headline: “old” → “new”"."""
    lines = []
    for key, field in _fields_by_key(model).items():
        if before.get(key) != after.get(key):
            lines.append(
                f"{capfirst(field.verbose_name)}: "
                f"{display_value(field, before.get(key))} → "
                f"{display_value(field, after.get(key))}"
            )
    return lines


def changed_by_since(model: type[models.Model], pk: Any, opened: str) -> str:
    """Who changed row ``pk`` after ``opened`` and when, as the row's history
    records it ("alice, 5 Dec 2026, 21:30"); empty when it does not know."""
    manager_name = getattr(model._meta, "simple_history_manager_attribute", None)
    try:
        since = datetime.fromisoformat(opened)
    except (TypeError, ValueError):
        return ""
    if manager_name is None:
        return ""
    records = list(
        getattr(model, manager_name)
        .filter(**{model._meta.pk.attname: pk, "history_date__gt": since})
        .select_related("history_user")
        .order_by("history_date")
    )
    if not records:
        return ""
    names = []
    for record in records:
        name = str(record.history_user) if record.history_user else "unknown user"
        if name not in names:
            names.append(name)
    when = formats.date_format(
        timezone.localtime(records[-1].history_date), "DATETIME_FORMAT"
    )
    return f"{', '.join(names)}, {when}"


# --- The form -----------------------------------------------------------------


class VersionField(forms.Field):
    """The hidden snapshot. Never fails on its own: the form judges it, so
    that its message shows at the top of the form (errors of a hidden field
    would show nowhere)."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(required=False, label="", **kwargs)

    def clean(self, value):
        return value if isinstance(value, str) else ""


class VersionedFormMixin:
    """A change form refusing to save over a version it was not opened with.

    The snapshot is of ``instance._edit_conflict_base`` when set (a revert
    form's instance is an old version; its base is the stored row).
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound and self.instance.pk is not None:
            base = getattr(self.instance, "_edit_conflict_base", None) or self.instance
            self.initial[VERSION_FIELD] = snapshot_token(base)

    def clean(self):
        cleaned_data = super().clean()
        self.check_version(cleaned_data.get(VERSION_FIELD))
        return cleaned_data

    def check_version(self, token: str) -> None:
        """Lock the stored row (until the admin's transaction ends) and refuse
        the save unless it is still the version the form was opened with."""
        model, pk = type(self.instance), self.instance.pk
        name = model._meta.verbose_name
        try:
            snapshot = read_snapshot(token, model, pk)
        except DamagedSnapshot:
            self.add_error(
                None,
                f"This form does not say which version of the {name} it was "
                "opened with (the page is damaged or was altered), so saving it "
                "could overwrite another editor's changes. Nothing was saved: "
                "reload the page and make your changes again.",
            )
            return
        current = model._base_manager.select_for_update().filter(pk=pk).first()
        if current is None:
            self.add_error(
                None,
                f"Another editor deleted this {name} after you opened it. "
                "Nothing was saved.",
            )
            return
        current_values = json_row_values(current)
        if etag_for_row_values(model, snapshot["values"]) == etag_for_row_values(
            model, current_values
        ):
            return
        who = changed_by_since(model, pk, snapshot.get("opened"))
        changes = describe_changes(model, snapshot["values"], current_values)
        self.add_error(
            None,
            ValidationError(
                [
                    f"Another editor changed this {name} after you opened it"
                    + (f" ({who})" if who else "")
                    + ". Your changes were not saved. They changed:",
                    *(changes or ["nothing you can see (the row was saved again)"]),
                    "This form still holds your values. Saving it again "
                    "replaces the changes above with them; reload the page to "
                    "start from the current version instead.",
                ]
            ),
        )
        self._rebase(current)

    def _rebase(self, current: models.Model) -> None:
        """Make the refused form carry the current version (see the module
        docstring: saving again is then a deliberate overwrite)."""
        data = self.data.copy()
        data[self.add_prefix(VERSION_FIELD)] = snapshot_token(current)
        self.data = data


def versioned_form(form_class: type[forms.ModelForm]) -> type[forms.ModelForm]:
    """``form_class`` with the hidden version snapshot and its check."""
    return type(form_class)(
        f"Versioned{form_class.__name__}",
        (VersionedFormMixin, form_class),
        {VERSION_FIELD: VersionField()},
    )


# --- The admin ----------------------------------------------------------------


def without_version(fields):
    """Fieldset fields without the version snapshot (a form field, not a
    model field: never read-only, never given to the ModelForm factory)."""
    return [field for field in fields if field != VERSION_FIELD]


class EditConflictMixin:
    """First base of every ModelAdmin whose rows editors edit concurrently:
    its change forms (and revert forms, see `films.admin_history`) refuse to
    save over a version other than the one they were opened with. Add forms
    are unaffected."""

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            return super().get_form(request, obj, change=change, **kwargs)
        if "fields" not in kwargs:
            kwargs["fields"] = flatten_fieldsets(self.get_fieldsets(request, obj))
        if kwargs["fields"] is not None:
            # A form field, not a model field: the ModelForm factory refuses it.
            kwargs["fields"] = without_version(kwargs["fields"])
        return versioned_form(super().get_form(request, obj, change=change, **kwargs))

    def get_fieldsets(self, request, obj=None):
        fieldsets = [
            (name, {**options, "fields": without_version(options["fields"])})
            for name, options in super().get_fieldsets(request, obj)
        ]
        # Rendered (as a hidden row) only where the form can be saved; a
        # read-only view would show it as an empty line.
        if obj is not None and fieldsets and self.has_change_permission(request, obj):
            name, options = fieldsets[0]
            fieldsets[0] = (
                name,
                {**options, "fields": [*options["fields"], VERSION_FIELD]},
            )
        return fieldsets
