"""Who may do what: the two editorial roles, defined once.

Each role is a Django group holding the permissions listed here, as
``"app_label.codename"`` (the form ``user.has_perm`` takes). The data migration
``reviews/migrations/0004_roles.py`` creates the groups from this module and
the tests check the database against it; `reviews.services` enforces the
workflow rules that permissions alone cannot express (which review statuses a
user may touch).

When this module changes, add a data migration that calls `sync_roles` again,
so existing databases follow.

- **Editors** do everything in the catalogue and in reviews: add, change,
  delete, view every model, and publish, unpublish and archive reviews.
- **Contributors** add and change catalogue entries and reviews, and submit
  reviews for review; they never delete anything and never publish, unpublish
  or archive (`reviews.services` also keeps them off published and archived
  reviews). They can view themes (to tag reviews), mentions and source
  documents, but not change them: those come from the importer.
"""

EDITORS = "Editors"
CONTRIBUTORS = "Contributors"

PUBLISH_REVIEW = "reviews.publish_review"

# Every model editors look after, catalogue first.
CATALOGUE_MODELS = (
    "films.film",
    "films.person",
    "films.character",
    "films.credit",
    "films.location",
    "films.filmlocation",
    "films.rating",
)
EDITORIAL_MODELS = (
    *CATALOGUE_MODELS,
    "films.sourcedocument",
    "reviews.review",
    "reviews.theme",
    "reviews.mention",
    # Tombstones of deleted imported rows: deleting one lets an import restore
    # the row, an editor's decision.
    "reviews.deletedimport",
)
# What contributors write: the catalogue and reviews.
CONTRIBUTOR_MODELS = (*CATALOGUE_MODELS, "reviews.review")
# What contributors only read (admin autocompletes and inlines need it).
CONTRIBUTOR_READ_ONLY_MODELS = (
    "films.sourcedocument",
    "reviews.theme",
    "reviews.mention",
)


def _perms(models: tuple[str, ...], actions: tuple[str, ...]) -> frozenset[str]:
    return frozenset(
        f"{app_label}.{action}_{model_name}"
        for app_label, model_name in (model.split(".") for model in models)
        for action in actions
    )


ROLES: dict[str, frozenset[str]] = {
    EDITORS: _perms(EDITORIAL_MODELS, ("add", "change", "delete", "view"))
    | {PUBLISH_REVIEW},
    CONTRIBUTORS: _perms(CONTRIBUTOR_MODELS, ("add", "change", "view"))
    | _perms(CONTRIBUTOR_READ_ONLY_MODELS, ("view",)),
}


def sync_roles(apps, schema_editor) -> None:
    """Create or update each group of `ROLES` to hold exactly its permissions.

    A data migration's ``RunPython`` function: it reads models from ``apps``
    (the migration state) and first creates the content types and permissions
    of the apps involved, which Django otherwise creates only after the last
    migration has run, so it works on an empty database. A permission of a
    model that does not exist yet at this point of the migration history is
    left out; the migration that adds the model should call this again.
    """
    from django.apps import apps as global_apps
    from django.contrib.auth.management import create_permissions

    using = schema_editor.connection.alias
    app_labels = sorted(
        {perm.split(".")[0] for perms in ROLES.values() for perm in perms}
    )
    for app_label in app_labels:
        create_permissions(
            global_apps.get_app_config(app_label), apps=apps, using=using, verbosity=0
        )

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    by_name = {
        f"{app_label}.{codename}": pk
        for pk, app_label, codename in Permission.objects.using(using)
        .filter(content_type__app_label__in=app_labels)
        .values_list("pk", "content_type__app_label", "codename")
    }
    for name, perms in ROLES.items():
        group, _ = Group.objects.using(using).get_or_create(name=name)
        group.permissions.set([by_name[perm] for perm in perms if perm in by_name])
