"""The project package as an app only so that its system checks are registered."""

from django.apps import AppConfig


class EscapeSiteConfig(AppConfig):
    name = "escape_site"

    def ready(self):
        from escape_site import checks  # noqa: F401  (registers the checks)
