"""Admin URLs of a model or a row, for the admin tests."""

from django.urls import reverse


def admin_url(model, view, *args):
    """The URL of ``model``'s admin ``view`` ("changelist", "add", "change"...)."""
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


def change_url(obj):
    return admin_url(type(obj), "change", obj.pk)


def history_url(obj):
    return admin_url(type(obj), "history", obj.pk)
