"""Two editors, one row: the second save based on an old version is refused
with what the first one changed, and nothing is silently overwritten."""

import pytest
from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse

from films.admin_conflicts import VERSION_FIELD, read_snapshot
from films.models import Film
from films.versioning import etag_for, etag_for_row_values
from reviews.models import Review
from reviews.roles import EDITORS
from tests.admin.urls import change_url
from tests.factories import FilmFactory, PersonFactory, RatingFactory, ReviewFactory

pytestmark = pytest.mark.django_db


def _post_value(bound_field):
    """What a browser posts for ``bound_field`` as rendered (None: nothing)."""
    value = bound_field.value()
    widget = bound_field.field.widget
    widget = getattr(widget, "widget", widget)  # the admin's related-field wrapper
    if isinstance(widget, forms.CheckboxInput):
        return "on" if value else None
    formatted = widget.format_value(value)
    return "" if formatted is None else formatted


def form_data(response) -> dict:
    """The POST data of the change form (and its inlines) in ``response``,
    as the editor's browser would send it unchanged."""
    context = response.context
    bound_fields = list(context["adminform"].form)
    for inline in context.get("inline_admin_formsets", []):
        bound_fields += list(inline.formset.management_form)
        for form in inline.formset.forms:
            bound_fields += list(form)
    data = {"_save": "Save"}
    for bound_field in bound_fields:
        value = _post_value(bound_field)
        if value is not None:
            data[bound_field.html_name] = value
    return data


def open_change_form(client, obj) -> dict:
    response = client.get(change_url(obj))
    assert response.status_code == 200
    return form_data(response)


def editor(username):
    user = get_user_model().objects.create_user(username, password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name=EDITORS))
    return user


@pytest.fixture
def alice(client):
    client.force_login(editor("alice"))
    return client


@pytest.fixture
def bob(db):
    from django.test import Client

    client = Client()
    client.force_login(editor("bob"))
    return client


def errors_of(response) -> str:
    assert response.status_code == 200, "the save was not refused"
    return " ".join(response.context["adminform"].form.non_field_errors())


def test_second_review_editor_is_refused_and_shown_the_first_ones_change(alice, bob):
    review = ReviewFactory(headline="Quiet escape", body="Original body.")
    alice_form, bob_form = (
        open_change_form(alice, review),
        open_change_form(bob, review),
    )

    alice_form["headline"] = "A quiet escape"
    assert alice.post(change_url(review), alice_form).status_code == 302
    bob_form["body"] = "Bob's body."
    response = bob.post(change_url(review), bob_form)

    message = errors_of(response)
    assert "Another editor changed this review after you opened it (alice," in message
    assert "Headline: “Quiet escape” → “A quiet escape”" in message
    assert "Your changes were not saved" in message
    review.refresh_from_db()
    assert (review.headline, review.body) == ("A quiet escape", "Original body.")
    # Bob's values are still in the form, not lost.
    assert response.context["adminform"].form["body"].value() == "Bob's body."


def test_second_film_editor_is_refused_with_inlines_on_the_page(alice, bob):
    film = FilmFactory(title="The Escape", year=2017, synopsis="")
    RatingFactory(film=film)
    alice_form, bob_form = open_change_form(alice, film), open_change_form(bob, film)

    alice_form["title"] = "The Escape (director's cut)"
    assert alice.post(change_url(film), alice_form).status_code == 302
    bob_form["synopsis"] = "Bob's synopsis."
    message = errors_of(bob.post(change_url(film), bob_form))

    assert "Title: “The Escape” → “The Escape (director's cut)”" in message
    film.refresh_from_db()
    assert (film.title, film.synopsis) == ("The Escape (director's cut)", "")


def test_foreign_keys_are_named_in_the_refusal(alice, bob):
    first, second = FilmFactory(title="First Film"), FilmFactory(title="Other Film")
    review = ReviewFactory(film=first)
    alice_form, bob_form = (
        open_change_form(alice, review),
        open_change_form(bob, review),
    )
    alice_form["film"] = str(second.pk)
    assert alice.post(change_url(review), alice_form).status_code == 302

    message = errors_of(bob.post(change_url(review), bob_form))
    assert f"Film: “{first}” → “{second}”" in message


def test_a_change_to_a_field_the_editor_left_alone_still_refuses(alice, bob):
    """Bob's form posts every field, the byline Alice changed with its stale
    value too: saving would undo her change. Refused, and saving the refused
    form again is then his deliberate choice (the message says what it
    replaces)."""
    review = ReviewFactory(byline="A. Critic", excerpt="")
    alice_form, bob_form = (
        open_change_form(alice, review),
        open_change_form(bob, review),
    )
    alice_form["byline"] = "Alice Critic"
    assert alice.post(change_url(review), alice_form).status_code == 302

    bob_form["excerpt"] = "A pull quote."
    response = bob.post(change_url(review), bob_form)
    message = errors_of(response)
    assert "Byline: “A. Critic” → “Alice Critic”" in message
    assert "Saving it again replaces the changes above" in message
    review.refresh_from_db()
    assert (review.byline, review.excerpt) == ("Alice Critic", "")

    again = bob.post(change_url(review), form_data(response))
    assert again.status_code == 302
    review.refresh_from_db()
    assert (review.byline, review.excerpt) == ("A. Critic", "A pull quote.")


@pytest.mark.parametrize(
    "token",
    [None, "", "garbage", "a" * 5000, "x\x00y", "tampered:"],
    ids=["missing", "empty", "garbage", "long", "nul", "tampered"],
)
def test_a_damaged_version_field_is_a_form_error(alice, token):
    review = ReviewFactory(headline="Untouched")
    data = open_change_form(alice, review)
    if token is None:
        del data[VERSION_FIELD]
    elif token == "tampered:":
        signed = data[VERSION_FIELD]
        data[VERSION_FIELD] = signed[:-3] + ("AAA" if signed[-3:] != "AAA" else "BBB")
    else:
        data[VERSION_FIELD] = token
    data["headline"] = "Changed"

    message = errors_of(alice.post(change_url(review), data))
    assert "does not say which version of the review it was opened with" in message
    review.refresh_from_db()
    assert review.headline == "Untouched"


def test_a_version_of_another_row_is_refused(alice):
    review, other = ReviewFactory(), ReviewFactory()
    data = open_change_form(alice, review)
    data[VERSION_FIELD] = open_change_form(alice, other)[VERSION_FIELD]
    message = errors_of(alice.post(change_url(review), data))
    assert "does not say which version" in message


def test_saves_without_a_conflict_work_one_after_another(alice, bob):
    person = PersonFactory(name="Gemma Arterton")
    data = open_change_form(alice, person)
    data["name"] = "Gemma Christina Arterton"
    assert alice.post(change_url(person), data).status_code == 302

    data = open_change_form(bob, person)  # opened after Alice saved
    data["name"] = "Gemma Arterton"
    assert bob.post(change_url(person), data).status_code == 302
    person.refresh_from_db()
    assert person.name == "Gemma Arterton"


def test_add_forms_need_no_version(alice):
    data = form_data(alice.get(reverse("admin:films_person_add")))
    assert VERSION_FIELD not in data
    data.update(name="Dominic Savage", slug="dominic-savage")
    response = alice.post(reverse("admin:films_person_add"), data)
    assert response.status_code == 302


def test_the_form_version_is_the_api_etag_base(alice):
    """One mechanism: the version a form holds is `etag_for` of the row, which
    the API's ETag / If-Match is built on."""
    review = ReviewFactory()
    token = open_change_form(alice, review)[VERSION_FIELD]
    values = read_snapshot(token, Review, review.pk)["values"]
    stored = Review.objects.prefetch_related("themes").get(pk=review.pk)
    assert etag_for_row_values(Review, values) == etag_for(stored)
    film = FilmFactory()
    values = read_snapshot(open_change_form(alice, film)[VERSION_FIELD], Film, film.pk)
    assert etag_for_row_values(Film, values["values"]) == etag_for(film)
