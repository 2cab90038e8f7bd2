"""Imports leave history an editor can read and undo: one `ImportRun` per
import that changed something, one historical row per row it created or
updated, and an undo that puts those rows back as they were."""

import shutil

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from films.models import Credit, Film, Location
from reviews.importer.history import IMPORTER_USERNAME, ImportHistory, history_models
from reviews.importer.pipeline import import_documents
from reviews.importer.undo import UndoRefused, import_run_undo
from reviews.models import DeletedImport, ImportRun, Review
from reviews.roles import CONTRIBUTORS, EDITORS
from tests.factories import CreditFactory
from tests.reviews.rows import row_counts

pytestmark = pytest.mark.django_db

SEEDS = settings.BASE_DIR / "seeds"
REVIEW_FILE = "000_ebdae4657614d0dc.txt"
ADDED = (
    "\n\nLater Tara takes the train to Lyon, where the film's last scenes "
    "were shot in the Parc de la Tête d'Or.\n"
)


@pytest.fixture
def docs(tmp_path):
    folder = tmp_path / "docs"
    shutil.copytree(SEEDS, folder)
    return folder


def load(folder, **options):
    return import_documents([folder], output=None, load=True, **options).load


def edit(folder):
    path = folder / REVIEW_FILE
    path.write_text(path.read_text(encoding="utf-8") + ADDED, encoding="utf-8")


def make_user(username, *groups):
    user = get_user_model().objects.create_user(username, password="pw")
    user.groups.set([Group.objects.get(name=name) for name in groups])
    user.is_staff = True
    user.save()
    return user


@pytest.fixture
def editor(db):
    return make_user("editor", EDITORS)


def history_of(run, model):
    return model.history.filter(history_change_reason=run.history_reason)


def types_by_model(run):
    """{label: {"+": n, "~": m}} of the run's historical rows."""
    counts = {}
    for model in HISTORY_MODELS:
        for entry in history_of(run, model):
            label = model._meta.label_lower
            counts.setdefault(label, {}).setdefault(entry.history_type, 0)
            counts[label][entry.history_type] += 1
    return counts


def expected(report):
    counts = {}
    for kind, counter in (("+", report.created), ("~", report.updated)):
        for label, n in counter.items():
            if n and label in HISTORY_LABELS:
                counts.setdefault(label, {})[kind] = n
    return counts


def all_history():
    return sum(model.history.count() for model in HISTORY_MODELS)


HISTORY_MODELS = history_models()
HISTORY_LABELS = {m._meta.label_lower for m in HISTORY_MODELS}


# --- recording --------------------------------------------------------------


def test_an_import_records_its_run_and_a_created_row_per_new_row(docs):
    report = load(docs)

    run = ImportRun.objects.get()
    assert report.run_id == run.pk
    assert run.user.username == IMPORTER_USERNAME
    assert not run.user.is_active and not run.user.has_usable_password()
    assert run.source == "import"
    assert run.document_count == 4 and len(run.documents) == 4
    assert run.created["films.credit"] == report.created["films.credit"] > 0
    assert run.finished_at >= run.started_at
    # Every created row of a model with history, once, as created, and no other.
    assert types_by_model(run) == expected(report)
    for model in HISTORY_MODELS:
        entries = history_of(run, model)
        assert {e.id for e in entries} == set(
            model.objects.values_list("pk", flat=True)
        )
        assert {(e.history_user_id, e.history_date) for e in entries} <= {
            (run.user_id, run.started_at)
        }
    # The values are the row's as written (the credit's, read back by key).
    credit = Credit.objects.filter(character__isnull=False).first()
    entry = credit.history.get()
    assert (entry.film_id, entry.person_id, entry.character_id) == (
        credit.film_id,
        credit.person_id,
        credit.character_id,
    )
    assert entry.import_hash == credit.import_hash


def test_the_person_who_ran_it_and_the_reason_are_recorded(docs, editor):
    load(docs, changed_by=editor, change_reason="admin upload")

    run = ImportRun.objects.get()
    assert (run.user, run.source) == (editor, "admin upload")
    assert run.history_reason == f"import #{run.pk}: admin upload"
    assert set(Film.history.values_list("history_user", flat=True)) == {editor.pk}
    assert not get_user_model().objects.filter(username=IMPORTER_USERNAME).exists()


def test_reimporting_unchanged_documents_records_nothing(docs):
    load(docs)
    before = all_history()

    report = load(docs)

    assert report.run_id is None
    assert ImportRun.objects.count() == 1
    assert all_history() == before


def test_an_edited_document_records_only_what_changed(docs):
    load(docs)
    before = all_history()
    edit(docs)

    report = load(docs)

    run = ImportRun.objects.get(pk=report.run_id)
    assert report.updated["reviews.review"] == 1
    counts = types_by_model(run)
    assert counts == expected(report)
    assert counts["reviews.review"] == {"~": 1}
    assert all_history() == before + sum(
        n for kinds in counts.values() for n in kinds.values()
    )


def test_a_dry_run_records_nothing(docs):
    load(docs, dry_run=True)

    assert not ImportRun.objects.exists()
    assert all_history() == 0
    assert not get_user_model().objects.filter(username=IMPORTER_USERNAME).exists()


# --- undo -------------------------------------------------------------------


def test_undo_reverts_updated_rows_and_deletes_created_ones(docs, editor):
    load(docs)
    review = Review.objects.get(source_document__filename=REVIEW_FILE)
    body = review.body
    counts = row_counts()
    edit(docs)
    report = load(docs)
    run = ImportRun.objects.get(pk=report.run_id)
    created = {label: n for label, n in run.created.items() if label in HISTORY_LABELS}
    assert created, "the edit should add rows"

    result = import_run_undo(run=run, user=editor)

    review.refresh_from_db()
    assert review.body == body
    assert result.reverted["reviews.review"] == 1
    assert {k: v for k, v in result.deleted.items() if v} == created
    after = row_counts()
    for label in HISTORY_LABELS:
        assert after[label] == counts[label], label
    # No tombstones: undo means "as before the import", so the same import
    # can be run again.
    assert not DeletedImport.objects.exists()
    run.refresh_from_db()
    assert (run.status, run.undone_by) == (ImportRun.Status.UNDONE, editor)
    undo = review.history.first()
    assert (undo.history_user, undo.history_type) == (editor, "~")
    assert undo.history_change_reason == f"undo of {run}"

    again = load(docs)
    assert again.updated["reviews.review"] == 1
    assert {k: v for k, v in again.created.items() if k in created} == created


def test_undo_of_a_first_import_empties_what_it_made(docs, editor):
    report = load(docs)
    run = ImportRun.objects.get(pk=report.run_id)

    import_run_undo(run=run, user=editor)

    for label, count in row_counts().items():
        if label in HISTORY_LABELS:
            assert count == 0, label
    deleted = Film.history.filter(history_type="-")
    assert deleted.count() == Film.history.filter(history_type="+").count()
    assert {entry.history_user for entry in deleted} == {editor}


def test_undo_refuses_a_row_an_editor_changed_since_and_changes_nothing(docs, editor):
    load(docs)
    edit(docs)
    run = ImportRun.objects.get(pk=load(docs).run_id)
    review = Review.objects.get(source_document__filename=REVIEW_FILE)
    review.headline = "An editor's headline"
    review._history_user = editor
    review.save()
    counts, history = row_counts(), all_history()

    with pytest.raises(UndoRefused) as refused:
        import_run_undo(run=run, user=editor)

    assert any("changed since the import" in row for row in refused.value.rows)
    review.refresh_from_db()
    assert review.headline == "An editor's headline"
    assert (row_counts(), all_history()) == (counts, history)
    run.refresh_from_db()
    assert run.status == ImportRun.Status.COMPLETED


def test_undo_refuses_to_delete_an_editors_row_with_a_new_one(docs, editor):
    """Deleting a place the import made would take the editor's child place
    with it (its parent link is cut): refused, nothing changed."""
    load(docs)
    edit(docs)
    run = ImportRun.objects.get(pk=load(docs).run_id)
    new_place = Location.objects.get(
        pk=history_of(run, Location).filter(history_type="+").first().id
    )
    Location.objects.create(name="Editor's café", slug="editors-cafe", parent=new_place)
    counts = row_counts()

    with pytest.raises(UndoRefused):
        import_run_undo(run=run, user=editor)

    assert row_counts() == counts


def test_a_contributor_may_not_undo(docs):
    run = ImportRun.objects.get(pk=load(docs).run_id)
    contributor = make_user("contributor", CONTRIBUTORS)
    counts = row_counts()

    with pytest.raises(PermissionDenied):
        import_run_undo(run=run, user=contributor)

    assert row_counts() == counts


# --- admin ------------------------------------------------------------------


def test_an_editor_lists_inspects_and_undoes_an_import_in_the_admin(
    docs, editor, client
):
    run = ImportRun.objects.get(pk=load(docs).run_id)
    client.force_login(editor)

    changelist = client.get(reverse("admin:reviews_importrun_changelist"))
    assert changelist.status_code == 200
    assert str(run) in changelist.content.decode()
    page = client.get(reverse("admin:reviews_importrun_change", args=[run.pk]))
    assert page.status_code == 200
    assert "Undo this import" in page.content.decode()
    assert "The Escape" in page.content.decode()  # the rows it changed

    action = client.post(
        reverse("admin:reviews_importrun_changelist"),
        {"action": "undo_action", "_selected_action": [run.pk]},
    )
    undo_url = reverse("admin:reviews_importrun_undo", args=[run.pk])
    assert action.status_code == 302 and action["Location"] == undo_url
    confirm = client.get(undo_url)
    assert confirm.status_code == 200
    assert "Yes, undo this import" in confirm.content.decode()

    done = client.post(undo_url)
    assert done.status_code == 302
    run.refresh_from_db()
    assert run.status == ImportRun.Status.UNDONE
    assert not Film.objects.exists()


def test_a_contributor_sees_no_undo_in_the_admin(docs, client):
    run = ImportRun.objects.get(pk=load(docs).run_id)
    client.force_login(make_user("contributor", CONTRIBUTORS))

    undo_url = reverse("admin:reviews_importrun_undo", args=[run.pk])
    assert client.post(undo_url).status_code == 404
    assert client.get(reverse("admin:reviews_importrun_changelist")).status_code == 403
    assert ImportRun.objects.get().status == ImportRun.Status.COMPLETED


def _run_of_credits(n: int) -> ImportRun:
    """A run that created ``n`` credits (each named by person, film, character)."""
    recorder = ImportHistory(change_reason="test")
    recorder.record(Credit, [CreditFactory().pk for _ in range(n)], "+")
    return recorder.run


def test_a_run_page_costs_the_same_queries_for_few_or_many_rows(editor, client):
    client.force_login(editor)
    counts = []
    for n in (2, 30):
        run = _run_of_credits(n)
        url = reverse("admin:reviews_importrun_change", args=[run.pk])
        client.get(url)  # warms the caches (content types) a first page fills
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        assert response.content.decode().count("/history/") >= n
        counts.append(len(queries))
    assert counts[0] == counts[1]
