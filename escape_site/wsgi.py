"""
WSGI config for escape_site project.

It exposes the WSGI callable as a module-level variable named ``application``.
In production it refuses to start (ImproperlyConfigured, so gunicorn exits with
the message) until ``collectstatic`` has written the static files manifest,
rather than answer every page with a 500.

For more information on this file, see
https://docs.djangoproject.com/en/5.2/howto/deployment/wsgi/
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "escape_site.settings")

application = get_wsgi_application()

from escape_site.checks import ensure_static_files_collected  # noqa: E402

ensure_static_files_collected()
