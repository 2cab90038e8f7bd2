"""Writing the catalogue's imported facts: an editor's check of a fact.

Checking a fact (credit, film location, rating, mention) stamps ``checked_at``
and ``checked_by`` only. Those fields are not among the values the importer
hashes, so a checked fact is still updated by the next import (it is not
"edited"), and ``import_hash`` is never touched.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone


def _change_permission(model) -> str:
    opts = model._meta
    return f"{opts.app_label}.change_{opts.model_name}"


def fact_check_refusal(*, user, model) -> str | None:
    """Why ``user`` may not check facts of ``model``, or None: checking is a
    change of the fact, so it needs the change permission (Contributors only
    view mentions)."""
    if user.has_perm(_change_permission(model)):
        return None
    return f"You do not have permission to check {model._meta.verbose_name_plural}."


def fact_set_checked(fact, *, checked: bool, user) -> None:
    """Stamp ``fact`` as checked by ``user`` now, or clear the stamp (not
    saved: a form saves it with the rest of its changes)."""
    fact.checked_at = timezone.now() if checked else None
    fact.checked_by = user if checked else None


def facts_set_checked(queryset, *, checked: bool, user) -> int:
    """Check (or uncheck) every fact of ``queryset`` not already so; the number
    changed. Saved row by row so each change is in the history, all or none."""
    refusal = fact_check_refusal(user=user, model=queryset.model)
    if refusal is not None:
        raise PermissionDenied(refusal)
    changed = 0
    with transaction.atomic():
        rows = queryset.filter(checked_at__isnull=checked).order_by("pk")
        for fact in rows.select_for_update(of=("self",)):
            fact_set_checked(fact, checked=checked, user=user)
            fact._history_user = user
            fact.save(update_fields=["checked_at", "checked_by"])
            changed += 1
    return changed
