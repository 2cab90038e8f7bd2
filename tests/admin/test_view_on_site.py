""" "View on site" leads only to pages visitors can open: an imported
catalogue row no public evidence backs yet (`visible()`) has no link, rather
than one to a public 404."""

import pytest
from django.urls import reverse

from films.models import Film, Location, Person
from reviews.models import Review
from tests.factories import (
    CreditFactory,
    FilmFactory,
    FilmLocationFactory,
    LocationFactory,
    MentionFactory,
    PersonFactory,
    ReviewFactory,
)

pytestmark = pytest.mark.django_db

IMPORTED = "f" * 64


def site_link(client, obj) -> str | None:
    opts = obj._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    response = client.get(url)
    assert response.status_code == 200
    if not response.context["has_absolute_url"]:
        assert 'class="viewsitelink"' not in response.content.decode()
        return None
    return response.context["absolute_url"]


@pytest.mark.parametrize(
    "factory", [FilmFactory, PersonFactory, LocationFactory], ids=lambda f: f.__name__
)
def test_an_imported_row_visitors_cannot_see_has_no_link(editor_client, factory):
    row = factory(import_hash=IMPORTED)
    assert not type(row).objects.visible().filter(pk=row.pk).exists()
    assert site_link(editor_client, row) is None


@pytest.mark.parametrize(
    "factory", [FilmFactory, PersonFactory, LocationFactory], ids=lambda f: f.__name__
)
def test_a_row_visitors_can_see_links_to_its_page(editor_client, client, factory):
    row = factory()  # made by an editor: public
    url = site_link(editor_client, row)
    assert url is not None
    # The admin's link goes through its shortcut view to the public page.
    assert client.get(url, follow=True).status_code == 200


def test_facts_link_only_to_visible_pages(editor_client):
    # Imported, from no public document: neither the facts nor what they
    # name are public.
    imported = {"import_hash": IMPORTED, "source_document": None}
    credit = CreditFactory(person=PersonFactory(import_hash=IMPORTED), **imported)
    assert site_link(editor_client, credit) is None
    place = FilmLocationFactory(
        location=LocationFactory(import_hash=IMPORTED), **imported
    )
    assert site_link(editor_client, place) is None
    shown = CreditFactory(person=PersonFactory())
    assert site_link(editor_client, shown) is not None


def test_a_mention_links_only_to_a_published_review(editor_client):
    draft = ReviewFactory(status=Review.Status.DRAFT)
    assert site_link(editor_client, MentionFactory(review=draft)) is None
    published = ReviewFactory()
    assert site_link(editor_client, MentionFactory(review=published)) is not None


def test_the_models_have_visible_rules():
    for model in (Film, Person, Location):
        assert hasattr(model.objects, "visible")
