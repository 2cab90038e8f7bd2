"""Garbage in a foreign key or many-to-many field of any form of the project's
admins (their own fields and their inlines') is a form error, never a 500:
the autocomplete widgets redraw the refused form with what was posted."""

import pytest
from django import forms
from django.contrib import admin

from reviews.models import ImportRun, Review
from tests.admin.forms import form_data
from tests.admin.urls import change_url

pytestmark = pytest.mark.django_db

GARBAGE = ["abc", "99999999999999999999", "-99999999999999999999", "1.5", " "]
ADMINS = sorted(
    (
        model_admin
        for model, model_admin in admin.site._registry.items()
        # An import run has no form: its page is a read-only record.
        if model._meta.app_label in {"films", "reviews"} and model is not ImportRun
    ),
    key=lambda model_admin: model_admin.model.__name__,
)


def relation_fields(response) -> list[tuple[str, bool]]:
    """(posted name, takes a list) of each relation field of the page's form
    and of the first form of each of its inlines."""
    fields = []
    for name, field in response.context["adminform"].form.fields.items():
        if isinstance(field, forms.ModelChoiceField):
            fields.append((name, isinstance(field, forms.ModelMultipleChoiceField)))
    for inline in response.context["inline_admin_formsets"]:
        for form in inline.formset.forms[:1]:
            pk_name = form._meta.model._meta.pk.name
            for name, field in form.fields.items():
                if isinstance(field, forms.ModelChoiceField) and name != pk_name:
                    fields.append((form.add_prefix(name), False))
    return fields


@pytest.mark.parametrize("model_admin", ADMINS, ids=lambda a: a.model.__name__)
def test_garbage_ids_are_form_errors(admin_client, catalogue, model_admin):
    obj = model_admin.model._default_manager.first()
    url = change_url(obj)
    page = admin_client.get(url)
    assert page.status_code == 200
    for name, takes_list in relation_fields(page):
        for value in GARBAGE:
            data = form_data(page, **{name: [value] if takes_list else value})
            response = admin_client.post(url, data)
            assert response.status_code == 200, (name, value)
            assert response.context["errors"], (name, value)


def test_every_autocomplete_and_many_to_many_is_tried(admin_client, catalogue):
    """The review form has both kinds, and its inline the mentions' keys."""
    page = admin_client.get(change_url(catalogue.review))
    names = dict(relation_fields(page))
    assert names["themes"] is True
    assert names["film"] is False
    assert "mentions-0-person" in names


def test_a_non_numeric_theme_is_a_form_error_not_a_500(admin_client, catalogue):
    review = Review.objects.get(pk=catalogue.review.pk)
    url = change_url(review)
    response = admin_client.post(url, form_data(admin_client.get(url), themes=["abc"]))
    assert response.status_code == 200
    assert "themes" in response.context["adminform"].form.errors
