"""The catalogue's filters: one FilterSet per model, for the API and any page.

Every value is validated by its form field (an unknown slug, a year out of
range, an unknown choice are form errors, so the API answers 400). Filters
that follow credits consider only what visitors may see (``visible()``), so a
filter never reveals a hidden fact. ``examples`` feed the OpenAPI schema.
Free-text search is DRF's ``search`` parameter on every list.
"""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef

from films.models import (
    MAX_FILM_YEAR,
    MIN_FILM_YEAR,
    Character,
    Credit,
    Film,
    Location,
    Person,
)


class IntegerFilter(django_filters.NumberFilter):
    """A whole number (NumberFilter takes decimals)."""

    field_class = forms.IntegerField


class StrictBooleanField(forms.Field):
    """true/false (or 1/0); anything else is an error, not "no filter"."""

    def to_python(self, value):
        if value in (None, ""):
            return None
        if str(value).lower() in {"true", "1"}:
            return True
        if str(value).lower() in {"false", "0"}:
            return False
        raise forms.ValidationError("Enter true or false.", code="invalid")


class StrictBooleanFilter(django_filters.BooleanFilter):
    field_class = StrictBooleanField


def film_choice(**kwargs) -> django_filters.ModelChoiceFilter:
    """A visible film, by slug."""
    return django_filters.ModelChoiceFilter(
        queryset=Film.objects.visible(), to_field_name="slug", **kwargs
    )


class FilmFilter(django_filters.FilterSet):
    year = IntegerFilter(
        min_value=MIN_FILM_YEAR,
        max_value=MAX_FILM_YEAR,
        help_text=f"Release year ({MIN_FILM_YEAR}-{MAX_FILM_YEAR}).",
    )

    examples = {"year": 2017}

    class Meta:
        model = Film
        fields = []


class PersonFilter(django_filters.FilterSet):
    """People by their visible credits; ``role`` and ``film`` together mean
    one credit in that role on that film (the film's directors)."""

    role = django_filters.ChoiceFilter(
        choices=Credit.Role.choices,
        method="filter_credit",
        help_text="People credited in this role on some film.",
    )
    film = film_choice(
        method="filter_credit", help_text="A film's slug: people credited on it."
    )

    examples = {"role": Credit.Role.DIRECTOR, "film": "the-escape-2017"}

    class Meta:
        model = Person
        fields = []

    def filter_credit(self, queryset, name, value: str):
        # Applied once for both parameters, in filter_queryset.
        return queryset

    def filter_queryset(self, queryset):
        data = self.form.cleaned_data
        credit = {name: data[name] for name in ("role", "film") if data.get(name)}
        if credit:
            credits = Credit.objects.visible().filter(person=OuterRef("pk"), **credit)
            queryset = queryset.filter(Exists(credits))
        return super().filter_queryset(queryset)


class CharacterFilter(django_filters.FilterSet):
    film = film_choice(help_text="A film's slug: its characters.")

    examples = {"film": "the-escape-2017"}

    class Meta:
        model = Character
        fields = []


class LocationFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(
        choices=Location.Kind.choices, help_text="The kind of place."
    )
    parent = django_filters.ModelChoiceFilter(
        queryset=Location.objects.visible(),
        to_field_name="slug",
        help_text="A place's slug: the places directly inside it.",
    )

    examples = {"kind": Location.Kind.CITY, "parent": "france"}

    class Meta:
        model = Location
        fields = []


class CreditFilter(django_filters.FilterSet):
    film = film_choice(help_text="A film's slug: its credits.")
    person = django_filters.ModelChoiceFilter(
        queryset=Person.objects.visible(),
        to_field_name="slug",
        help_text="A person's slug: their credits.",
    )
    role = django_filters.ChoiceFilter(
        choices=Credit.Role.choices, help_text="Credits in this role."
    )

    examples = {
        "film": "the-escape-2017",
        "person": "gemma-arterton",
        "role": Credit.Role.ACTOR,
    }

    class Meta:
        model = Credit
        fields = []
