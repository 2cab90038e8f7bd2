"""An editor in Chromium: signs in, uploads two documents, reads the preview,
applies it, fixes and checks a credit, publishes the imported review (a
draft) and finds it on the public site."""

from types import SimpleNamespace

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection
from django.urls import reverse

from films.models import Credit
from reviews.models import Review
from reviews.roles import EDITORS, sync_roles
from tests.reviews.invented_documents import SALT_MARSH_ARTICLE, SALT_MARSH_REVIEW

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def editor(transactional_db):
    # The groups come from a data migration, which an earlier transactional
    # test's flush (e.g. test_csp.py) removes: recreate them.
    sync_roles(apps, SimpleNamespace(connection=connection))
    user = get_user_model().objects.create_user(
        "eleanor", password="a-long-editor-password", is_staff=True
    )
    user.groups.add(Group.objects.get(name=EDITORS))
    return user


@pytest.fixture
def documents(tmp_path):
    article = tmp_path / "salt-marsh-article.txt"
    article.write_text(SALT_MARSH_ARTICLE, encoding="utf-8")
    review = tmp_path / "salt-marsh-review.txt"
    review.write_text(SALT_MARSH_REVIEW, encoding="utf-8")
    return [article, review]


def test_editor_imports_fixes_publishes_and_sees_the_review(
    page, live_server, editor, documents, screenshot_dir
):
    site = live_server.url

    # Sign in.
    page.goto(site + reverse("admin:login"))
    page.fill("#id_username", "eleanor")
    page.fill("#id_password", "a-long-editor-password")
    page.click("input[type=submit]")
    page.wait_for_url(site + reverse("admin:index"))

    # Upload from the Reviews section of the admin index.
    page.get_by_role("link", name="Import documents").first.click()
    page.fill("#id_film", "The Salt Marsh (2019)")
    page.set_input_files("#id_documents", [str(path) for path in documents])
    page.get_by_role("button", name="Preview import").click()

    # The preview: what would change, and who and where the documents name.
    body = page.locator("#content")
    body.get_by_text("Niamh Gallagher").first.wait_for()
    assert "Kilrush" in body.inner_text()
    page.screenshot(
        path=str(screenshot_dir / "editor-import-preview.png"), full_page=True
    )
    assert not Review.objects.exists(), "a preview writes nothing"

    # Apply: the review arrives as a draft.
    page.get_by_role("button", name="Apply import").click()
    page.get_by_text("Import applied").wait_for()
    assert "Draft; new" in page.locator("#content").inner_text()
    review = Review.objects.get()
    assert review.status == Review.Status.DRAFT
    assert review.film.title == "The Salt Marsh"
    assert page.request.get(site + review.get_absolute_url()).status == 404

    # Fix a credit: bill the lead first, and check it against its sentence.
    credit = Credit.objects.get(person__name="Niamh Gallagher", role="actor")
    page.goto(site + reverse("admin:films_credit_change", args=[credit.pk]))
    evidence = page.locator(".field-source_sentence .readonly").inner_text()
    assert "Niamh Gallagher" in evidence  # the sentence the credit came from
    page.fill("#id_billing_order", "1")
    page.check("#id_checked")
    page.get_by_role("button", name="Save", exact=True).click()
    page.locator(".messagelist .success").wait_for()
    credit.refresh_from_db()
    assert credit.billing_order == 1
    assert credit.checked_by == editor

    # Publish the review with the bulk action.
    page.goto(site + reverse("admin:reviews_review_changelist"))
    page.check(f"input.action-select[value='{review.pk}']")
    page.select_option("select[name=action]", label="Publish")
    page.get_by_role("button", name="Go").click()
    page.locator(".messagelist .success").wait_for()
    review.refresh_from_db()
    assert review.status == Review.Status.PUBLISHED
    assert review.published_at is not None

    # A visitor sees it.
    visitor = page.context.browser.new_page()
    visitor.goto(site + review.get_absolute_url())
    assert visitor.locator("h1").inner_text().strip() == review.headline
    visitor.screenshot(path=str(screenshot_dir / "editor-published-review.png"))
    visitor.close()
