"""Production static files must be collected before the site serves a page.

With a manifest storage (production), ``{% static %}`` looks every file up in
``STATIC_ROOT/staticfiles.json``; a missing, unreadable or stale manifest turns
every HTML page into a 500. The same test backs two guards: a ``check --deploy``
error, and ``wsgi.py`` refusing to start. It is a deploy-only check because
``migrate`` and other commands run the ordinary checks and must work before
``collectstatic``.
"""

from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import ManifestFilesMixin
from django.core.checks import Error, Tags, register
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import storages
from django.utils.module_loading import import_string

HINT = "Run `python manage.py collectstatic --noinput` with the production environment."


def static_manifest_errors() -> list[Error]:
    """Errors for a manifest storage whose manifest is missing, unreadable or stale."""
    params = settings.STORAGES["staticfiles"]
    backend = import_string(params["BACKEND"])
    if not issubclass(backend, ManifestFilesMixin):
        return []
    manifest = Path(settings.STATIC_ROOT) / backend.manifest_name
    try:
        storage = storages.create_storage(params)
        if storage.read_manifest() is None:
            return [
                Error(
                    f"Static files have not been collected: {manifest} is missing, "
                    "so every page would fail with a server error.",
                    hint=HINT,
                    id="escape_site.E001",
                )
            ]
    except (OSError, ValueError) as exc:
        return [
            Error(
                f"The static files manifest {manifest} cannot be read ({exc}).",
                hint=HINT,
                id="escape_site.E001",
            )
        ]
    # A file the finders see but the manifest lacks (new code, old collectstatic)
    # would make every page using it fail, since the manifest is strict.
    ignore = apps.get_app_config("staticfiles").ignore_patterns
    uncollected = sorted(
        {
            path
            for finder in finders.get_finders()
            for path, _ in finder.list(ignore)
            if storage.hash_key(storage.clean_name(path)) not in storage.hashed_files
        }
    )
    if uncollected:
        shown = ", ".join(uncollected[:5]) + (", ..." if len(uncollected) > 5 else "")
        return [
            Error(
                f"The static files manifest {manifest} is out of date: "
                f"{len(uncollected)} file(s) were never collected ({shown}).",
                hint=HINT,
                id="escape_site.E002",
            )
        ]
    return []


@register(Tags.staticfiles, deploy=True)
def check_static_manifest(app_configs=None, **kwargs) -> list[Error]:
    return static_manifest_errors()


def ensure_static_files_collected() -> None:
    """Raise ImproperlyConfigured instead of starting a site that answers 500."""
    errors = static_manifest_errors()
    if errors:
        raise ImproperlyConfigured(
            "\n".join(f"{error.msg} {error.hint}" for error in errors)
        )
