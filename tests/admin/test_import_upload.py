"""Importing documents from the admin: upload, preview, apply or cancel."""

import re
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from films.models import Character, Film, Location, Person
from reviews.admin_import import change_reason
from reviews.admin_import_uploads import SESSION_KEY
from reviews.importer.lock import ImportRunning
from reviews.models import Review
from reviews.roles import CONTRIBUTORS, EDITORS
from tests.reviews.invented_documents import (
    NIGHTJAR_REVIEW,
    SALT_MARSH_ARTICLE,
    SALT_MARSH_REVIEW,
)

pytestmark = pytest.mark.django_db

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
UNTITLED_REVIEW = (
    "I went in expecting little. The lead performance by Mara Quill is "
    "wonderful, and the director keeps the pace brisk and the jokes dry.\n"
)


def url() -> str:
    return reverse("admin_review_import")


def doc(name: str, text: str | bytes) -> SimpleUploadedFile:
    data = text.encode() if isinstance(text, str) else text
    return SimpleUploadedFile(name, data, content_type="text/plain")


def salt_marsh():
    return [
        doc("salt_marsh_article.txt", SALT_MARSH_ARTICLE),
        doc("salt_marsh_review.txt", SALT_MARSH_REVIEW),
    ]


def make_user(username: str, *groups: str):
    user = get_user_model().objects.create_user(username, password="pw", is_staff=True)
    user.groups.set([Group.objects.get(name=name) for name in groups])
    return user


@pytest.fixture(autouse=True)
def upload_dir(settings, tmp_path) -> Path:
    settings.REVIEW_IMPORT_UPLOAD_DIR = tmp_path / "uploads"
    return tmp_path / "uploads"


@pytest.fixture
def users(db):
    return SimpleNamespace(
        editor=make_user("editor", EDITORS),
        contributor=make_user("contributor", CONTRIBUTORS),
        staff=make_user("staff"),  # staff, in no group
    )


@pytest.fixture
def as_editor(client, users):
    client.force_login(users.editor)
    return client


def upload(client, files, film=""):
    return client.post(url(), {"film": film, "documents": files})


def token_of(response) -> str:
    assert response.status_code == 302, response.content.decode()[:2000]
    return re.search(r"token=([\w-]+)", response["Location"]).group(1)


def preview(client, files, film=""):
    token = token_of(upload(client, files, film))
    page = client.get(f"{url()}?token={token}")
    assert page.status_code == 200
    return token, page


def apply(client, token):
    return client.post(url(), {"action": "apply", "token": token})


def changes(page) -> dict:
    return {row.label: row for row in page.context["preview"].changes}


def nothing_imported():
    return not (
        Film.objects.exists() or Review.objects.exists() or Person.objects.exists()
    )


def stored(upload_dir: Path) -> list[Path]:
    return list(upload_dir.iterdir()) if upload_dir.exists() else []


# --- Preview, apply, cancel ---------------------------------------------------


def test_preview_shows_counts_and_what_was_found_and_writes_nothing(
    as_editor, upload_dir
):
    token, page = preview(as_editor, salt_marsh())
    text = page.content.decode()
    rows = changes(page)
    assert rows["films.film"].created >= 1  # films named in passing count too
    assert rows["reviews.review"].created == 1
    assert rows["films.person"].created >= 5
    assert "What would change" in text
    # People with roles, characters, places (from the resolved catalogue).
    assert "Siobhán O&#x27;Neill: Writer, Director" in text
    assert re.search(r"Niamh Gallagher: [^<]*Actor \(Brigid Doherty\)", text)
    assert "Brigid Doherty" in text and "Kilrush" in text
    assert "The Salt Marsh (2019)" in text
    assert 'value="Apply import"' in text
    assert nothing_imported()
    assert [p.name for p in stored(upload_dir)] == [token]


def test_apply_creates_the_film_and_a_draft_review(as_editor, users, upload_dir):
    token, _ = preview(as_editor, salt_marsh())
    response = apply(as_editor, token)
    assert response.status_code == 200
    film = Film.objects.get(title="The Salt Marsh", year=2019)
    review = Review.objects.get(film=film)
    assert review.status == Review.Status.DRAFT
    assert Person.objects.filter(name="Niamh Gallagher").exists()
    assert Character.objects.filter(film=film, name="Brigid Doherty").exists()
    assert Location.objects.filter(name="Kilrush").exists()
    text = response.content.decode()
    assert "Import applied" in text
    assert reverse("admin:reviews_review_change", args=[review.pk]) in text
    assert changes(response)["reviews.review"].created == 1
    # The upload is gone; applying again is refused, not repeated.
    assert stored(upload_dir) == []
    again = apply(as_editor, token)
    assert again.status_code == 400 and "unknown" in again.content.decode()


def test_apply_names_the_user_and_the_files_in_the_history(as_editor, users):
    token, _ = preview(as_editor, salt_marsh())
    apply(as_editor, token)
    entry = Review.history.latest("history_date")
    if entry.history_user_id is None:  # the loader writes no history rows yet
        pytest.skip("the loader does not record history under changed_by yet")
    assert entry.history_user == users.editor
    assert "admin upload: salt_marsh_article.txt" in entry.history_change_reason


def test_change_reason_fits_the_history_column():
    assert change_reason(["a.txt", "b.txt"]) == "admin upload: a.txt, b.txt"
    long = change_reason([f"document_{n:03}.txt" for n in range(20)])
    assert len(long) <= 100 and long.endswith("more")


def test_cancel_deletes_the_upload_and_imports_nothing(as_editor, upload_dir):
    token, _ = preview(as_editor, salt_marsh())
    response = as_editor.post(url(), {"action": "cancel", "token": token}, follow=True)
    assert "Import cancelled; nothing was imported." in response.content.decode()
    assert stored(upload_dir) == []
    assert token not in as_editor.session.get(SESSION_KEY, {})
    assert nothing_imported()
    assert apply(as_editor, token).status_code == 400
    assert nothing_imported()


def test_the_same_documents_again_preview_as_unchanged(as_editor):
    token, _ = preview(as_editor, salt_marsh())
    apply(as_editor, token)
    _, page = preview(as_editor, salt_marsh())
    rows = changes(page)
    assert rows
    for row in rows.values():
        assert (row.created, row.updated, row.kept) == (0, 0, 0), row
        assert row.unchanged == row.records


def test_a_row_an_editor_changed_previews_as_left_alone(as_editor):
    token, _ = preview(as_editor, salt_marsh())
    apply(as_editor, token)
    Film.objects.filter(title="The Salt Marsh").update(synopsis="Edited by hand.")
    _, page = preview(as_editor, salt_marsh())
    assert changes(page)["films.film"].kept == 1
    assert page.context["preview"].kept_rows
    assert "Left alone because an editor changed them" in page.content.decode()
    assert Film.objects.get(title="The Salt Marsh").synopsis == "Edited by hand."


def test_the_seeds_preview_too(as_editor):
    files = [doc(p.name, p.read_bytes()) for p in sorted(SEEDS.glob("*.txt"))]
    _, page = preview(as_editor, files)
    assert "The Escape (2017)" in page.content.decode()
    assert changes(page)["reviews.review"].created == 3
    assert nothing_imported()


def test_the_film_field_names_the_film_of_documents_that_name_none(as_editor):
    token, page = preview(
        as_editor, [doc("untitled.txt", UNTITLED_REVIEW)], film="Night Harbour (2019)"
    )
    assert "Night Harbour (2019)" in page.content.decode()
    apply(as_editor, token)
    assert Review.objects.get().film.title == "Night Harbour"


def test_an_implausible_film_year_is_a_form_error(as_editor, upload_dir):
    response = upload(as_editor, salt_marsh(), film="Night Harbour (3019)")
    assert response.status_code == 200
    assert "not a plausible film year" in response.content.decode()
    assert stored(upload_dir) == []


# --- Bad files ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.txt", b"  \n", "file is empty"),
        ("binary.txt", b"GIF89a\x00\x01\x02 picture", "binary file"),
        ("latin1.txt", "Un film très réussi.".encode("latin-1"), "not valid UTF-8"),
        ("untitled.md", UNTITLED_REVIEW.encode(), "no film to attach to"),
    ],
)
def test_a_bad_document_is_rejected_with_its_reason(as_editor, name, data, reason):
    _, page = preview(as_editor, [doc(name, data)])
    text = page.content.decode()
    assert "Nothing was imported" in text
    rejected = page.context["preview"].rejected
    assert [r.name for r in rejected] == [name]
    assert reason in rejected[0].reason
    assert 'value="Apply import"' not in text
    assert nothing_imported()


def test_a_file_of_another_kind_is_refused_at_upload(as_editor, upload_dir):
    response = upload(as_editor, [doc("poster.jpg", b"\xff\xd8\xff\xe0 jpeg")])
    assert response.status_code == 200
    assert "poster.jpg: not a text document (expected .md, .text, .txt)" in (
        response.content.decode()
    )
    assert stored(upload_dir) == []
    assert nothing_imported()


def test_no_file_at_all_is_a_form_error(as_editor):
    response = as_editor.post(url(), {"film": ""})
    assert response.status_code == 200
    assert "Choose one or more documents to upload." in response.content.decode()


def test_a_mixed_batch_imports_the_good_and_lists_the_bad(as_editor):
    # As import_seeds does: the good documents are imported, the bad reported.
    files = [
        *salt_marsh(),
        doc("empty.txt", b""),
        doc("poster.jpg", b"\xff\xd8"),
        doc("salt_marsh_review.txt", SALT_MARSH_REVIEW),  # same name again
    ]
    token, page = preview(as_editor, files)
    reasons = {r.name: r.reason for r in page.context["preview"].rejected}
    assert reasons["empty.txt"] == "file is empty"
    assert reasons["poster.jpg"].startswith("not a text document")
    assert "same name" in reasons["salt_marsh_review.txt"]
    response = apply(as_editor, token)
    assert Review.objects.filter(film__title="The Salt Marsh").count() == 1
    assert "empty.txt" in response.content.decode()


# --- Limits -----------------------------------------------------------------------


def test_too_many_files_is_a_clear_error(as_editor, settings, upload_dir):
    settings.REVIEW_IMPORT_MAX_FILES = 2
    files = [*salt_marsh(), doc("nightjar_review.txt", NIGHTJAR_REVIEW)]
    response = upload(as_editor, files)
    assert response.status_code == 400
    assert "too many files: send at most 2 in one upload" in response.content.decode()
    assert stored(upload_dir) == [] and nothing_imported()


def test_more_files_than_django_accepts_is_a_clear_error(as_editor, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FILES = 1
    response = upload(as_editor, salt_marsh())
    assert response.status_code == 400
    assert "too many files" in response.content.decode()


def test_a_file_over_the_size_limit_is_a_clear_error(as_editor, settings, upload_dir):
    settings.REVIEW_IMPORT_MAX_FILE_BYTES = 1000
    response = upload(as_editor, salt_marsh())
    assert response.status_code == 400
    assert (
        "salt_marsh_article.txt: file is over the 1000\xa0bytes limit per file"
        in response.content.decode()
    )
    assert stored(upload_dir) == [] and nothing_imported()


def test_files_over_the_total_limit_are_a_clear_error(as_editor, settings, upload_dir):
    settings.REVIEW_IMPORT_MAX_TOTAL_BYTES = 3000
    response = upload(as_editor, salt_marsh())
    assert response.status_code == 400
    assert "limit per upload" in response.content.decode()
    assert stored(upload_dir) == []


def test_oversized_text_fields_are_a_clear_error(as_editor, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100
    response = as_editor.post(url(), {"film": "x" * 500, "documents": salt_marsh()})
    assert response.status_code == 400
    assert "too large" in response.content.decode()


# --- Who may do what ----------------------------------------------------------------


def test_a_contributor_previews_but_cannot_apply(client, users):
    client.force_login(users.contributor)
    token, page = preview(client, salt_marsh())
    text = page.content.decode()
    assert "Only editors who may publish reviews can apply an import" in text
    assert 'value="Apply import"' not in text
    response = apply(client, token)
    assert response.status_code == 403
    assert nothing_imported()


def test_staff_without_add_review_is_refused(client, users):
    client.force_login(users.staff)
    assert client.get(url()).status_code == 403
    assert upload(client, salt_marsh()).status_code == 403


def test_anonymous_users_go_to_the_admin_login(client):
    response = client.get(url())
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    assert upload(client, salt_marsh())["Location"].startswith(reverse("admin:login"))
    assert nothing_imported()


def test_posts_need_the_csrf_token(users):
    client = Client(enforce_csrf_checks=True)
    client.force_login(users.editor)
    assert upload(client, salt_marsh()).status_code == 403


def test_the_admin_links_to_the_page(as_editor, users, client):
    index = as_editor.get(reverse("admin:index")).content.decode()
    assert f'href="{url()}"' in index
    app = as_editor.get(reverse("admin:app_list", args=["reviews"])).content.decode()
    assert f'href="{url()}"' in app
    changelist = as_editor.get(reverse("admin:reviews_review_changelist"))
    assert f'href="{url()}"' in changelist.content.decode()
    client.force_login(users.staff)
    assert f'href="{url()}"' not in client.get(reverse("admin:index")).content.decode()


# --- Tokens ---------------------------------------------------------------------------


def test_an_unknown_token_is_a_clear_message(as_editor):
    response = as_editor.get(f"{url()}?token={'A' * 43}")
    assert response.status_code == 400
    assert "This upload is unknown" in response.content.decode()
    assert apply(as_editor, "../../etc").status_code == 400


def test_another_users_token_is_unknown(as_editor, users, client):
    token, _ = preview(as_editor, salt_marsh())
    client.force_login(users.contributor)
    assert client.get(f"{url()}?token={token}").status_code == 400


def test_an_expired_upload_is_deleted_with_a_clear_message(
    as_editor, settings, upload_dir
):
    token, _ = preview(as_editor, salt_marsh())
    settings.REVIEW_IMPORT_UPLOAD_TTL = 0
    response = apply(as_editor, token)
    assert response.status_code == 400
    assert "expired" in response.content.decode()
    assert stored(upload_dir) == [] and nothing_imported()


def test_a_stored_file_changed_before_apply_is_refused(as_editor, upload_dir):
    token, _ = preview(as_editor, salt_marsh())
    (upload_dir / token / "salt_marsh_review.txt").write_text("Tampered with.")
    response = apply(as_editor, token)
    assert response.status_code == 400
    assert "The stored copy of salt_marsh_review.txt changed" in (
        response.content.decode()
    )
    assert stored(upload_dir) == [] and nothing_imported()


def test_another_import_running_is_said_and_nothing_is_written(
    as_editor, monkeypatch, upload_dir
):
    @contextmanager
    def held():
        raise ImportRunning()
        yield

    monkeypatch.setattr("reviews.importer.pipeline.import_lock", held)
    token, _ = preview(as_editor, salt_marsh())
    response = apply(as_editor, token)
    assert response.status_code == 409
    assert "another import is running" in response.content.decode()
    assert nothing_imported()
    assert [p.name for p in stored(upload_dir)] == [token]  # kept for a retry
