"""Imported facts in the admin: their evidence beside them, and checking them."""

import pytest
from django.contrib.messages import get_messages

from films.models import Credit, FilmLocation, Rating
from reviews.models import Mention
from tests.admin.forms import form_data
from tests.admin.urls import admin_url
from tests.factories import (
    CreditFactory,
    FilmLocationFactory,
    MentionFactory,
    RatingFactory,
    SourceDocumentFactory,
)

pytestmark = pytest.mark.django_db

FACTS = [
    (Credit, CreditFactory),
    (FilmLocation, FilmLocationFactory),
    (Rating, RatingFactory),
    (Mention, MentionFactory),
]
ids = [model.__name__ for model, _ in FACTS]


def imported(factory, **kwargs):
    document = SourceDocumentFactory(filename="002_article.txt")
    return factory(
        source_document=document,
        source_sentence="Gemma Arterton as Tara.",
        import_hash="b" * 64,
        **kwargs,
    )


@pytest.mark.parametrize(("model", "factory"), FACTS, ids=ids)
def test_change_form_shows_the_evidence_read_only(editor_client, model, factory):
    fact = imported(factory)
    response = editor_client.get(admin_url(model, "change", fact.pk))
    content = response.content.decode()
    document_url = admin_url(
        type(fact.source_document), "change", fact.source_document.pk
    )
    assert f'<a href="{document_url}">002_article.txt</a>' in content
    assert "Gemma Arterton as Tara." in content
    assert "Not checked" in content
    form = response.context["adminform"].form
    assert "source_document" not in form.fields
    assert "source_sentence" not in form.fields


@pytest.mark.parametrize(("model", "factory"), FACTS, ids=ids)
def test_mark_checked_and_unchecked_actions(editor, editor_client, model, factory):
    fact, other = imported(factory), factory()
    changelist = admin_url(model, "changelist")
    response = editor_client.post(
        changelist,
        {"action": "mark_checked", "_selected_action": [fact.pk, other.pk]},
        follow=True,
    )
    noun = model._meta.verbose_name_plural
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        f"Marked 2 {noun} as checked."
    ]
    fact.refresh_from_db()
    assert fact.checked_by == editor
    assert fact.checked_at is not None
    assert fact.import_hash == "b" * 64  # checking is not an edit

    checked = editor_client.get(changelist, {"checked": "yes"}).context["cl"]
    assert {row.pk for row in checked.result_list} == {fact.pk, other.pk}

    response = editor_client.post(
        changelist,
        {"action": "mark_unchecked", "_selected_action": [fact.pk]},
        follow=True,
    )
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        f"Marked 1 {model._meta.verbose_name} as unchecked."
    ]
    fact.refresh_from_db()
    assert (fact.checked_at, fact.checked_by) == (None, None)
    unchecked = editor_client.get(changelist, {"checked": "no"}).context["cl"]
    assert [row.pk for row in unchecked.result_list] == [fact.pk]


def test_checking_an_already_checked_fact_is_reported(editor_client):
    fact = imported(CreditFactory)
    changelist = admin_url(Credit, "changelist")
    data = {"action": "mark_checked", "_selected_action": [fact.pk]}
    editor_client.post(changelist, data, follow=True)
    response = editor_client.post(changelist, data, follow=True)
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Marked 0 credits as checked. 1 already were."
    ]


def test_change_form_checkbox_checks_the_fact(editor, editor_client):
    fact = imported(CreditFactory)
    url = admin_url(Credit, "change", fact.pk)
    response = editor_client.post(url, form_data(editor_client.get(url), checked="on"))
    assert response.status_code == 302
    fact.refresh_from_db()
    assert fact.checked_by == editor
    assert fact.import_hash == "b" * 64

    page = editor_client.get(url).content.decode()
    assert "Checked by eddie on" in page

    data = form_data(editor_client.get(url))
    data.pop("checked")  # the box cleared
    assert editor_client.post(url, data).status_code == 302
    fact.refresh_from_db()
    assert not fact.is_checked


def test_inline_shows_evidence_and_checks_a_fact(editor, editor_client):
    fact = imported(CreditFactory)
    url = admin_url(type(fact.film), "change", fact.film.pk)
    response = editor_client.get(url)
    content = response.content.decode()
    assert "<q>Gemma Arterton as Tara.</q>" in content
    assert (
        admin_url(type(fact.source_document), "change", fact.source_document.pk)
        in content
    )

    response = editor_client.post(
        url, form_data(response, **{"credits-0-checked": "on"})
    )
    assert response.status_code == 302
    fact.refresh_from_db()
    assert fact.checked_by == editor


def test_contributor_may_check_credits_but_not_mentions(contributor_client):
    credits = editor_actions(contributor_client, Credit)
    assert {"mark_checked", "mark_unchecked"} <= credits
    MentionFactory()
    assert "mark_checked" not in editor_actions(contributor_client, Mention)


def editor_actions(client, model) -> set[str]:
    response = client.get(admin_url(model, "changelist"))
    assert response.status_code == 200
    form = response.context["action_form"]  # None: no action at all
    if form is None:
        return set()
    return {value for value, _ in form.fields["action"].choices}
