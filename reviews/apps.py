from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "reviews"

    def ready(self):
        from reviews import signals

        signals.connect()
        # Registered here, not from reviews/admin.py: the import runs' admin
        # stands on its own (autodiscovery only imports ``admin`` modules).
        from reviews import admin_import_runs  # noqa: F401
