"""Autocomplete widgets that cost no query per inline row.

Django's autocomplete widget looks up the label of its selected row with one
query per widget, so an inline of 100 credits with two autocompletes costs 200
queries. The inline's queryset already joined those rows (select_related), so
the form hands them to its widgets instead.
"""

from django import forms

from films.admin_guards import GuardedAutocompleteSelect


class PreloadedAutocompleteSelect(GuardedAutocompleteSelect):
    """Labels the selected row from ``preloaded`` ({str(pk): row}) when it
    holds it, and queries as usual otherwise (a value just posted)."""

    preloaded: dict = {}

    def optgroups(self, name, value, attr=None):
        empty = self.choices.field.empty_values
        selected = {str(v) for v in value if str(v) not in empty}
        if not selected or not selected <= self.preloaded.keys():
            return super().optgroups(name, value, attr)
        options = []
        if not self.is_required:
            options.append(self.create_option(name, "", "", False, 0))
        for key in sorted(selected):
            row = self.preloaded[key]
            label = self.choices.field.label_from_instance(row)
            options.append(self.create_option(name, row.pk, label, True, len(options)))
        return [(None, options, 0)]


class PreloadedAutocompleteMixin:
    """For a guarded inline (or ModelAdmin, `films.admin_guards`): its
    foreign-key autocompletes label their rows from the form's instance. Its
    queryset must select_related them, and its form must be a
    `PreloadedAutocompleteForm`."""

    autocomplete_select = PreloadedAutocompleteSelect


class PreloadedAutocompleteForm(forms.ModelForm):
    """Gives each `PreloadedAutocompleteSelect` the row its instance holds."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            widget = getattr(field.widget, "widget", field.widget)
            if not isinstance(widget, PreloadedAutocompleteSelect):
                continue
            model_field = self.instance._meta.get_field(name)
            if not model_field.is_cached(self.instance):
                continue
            row = getattr(self.instance, name)
            if row is not None:
                widget.preloaded = {str(row.pk): row}
