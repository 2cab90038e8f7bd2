"""Versions of rows and of answers, for conditional requests and edit conflicts.

``etag_for(instance)`` is the version of one row: a digest of its concrete
field values and, for rows with many-to-many fields (a review's themes), the
ids they point at. Any edit of the row gives a new version, so a writer holding
an old one can be refused (HTTP 412 in the API; the admin can compare the
version a form was opened with before saving).

``etag_for_data(value)`` is the version of an answer built from rows (an API
representation with nested relations, a page of a list): a digest of its
canonical JSON, so it changes whenever anything the answer shows changes.
"""

import hashlib
import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models


def _digest(value: Any) -> str:
    text = json.dumps(value, cls=DjangoJSONEncoder, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:40]


def row_values(instance: models.Model) -> dict[str, Any]:
    """The row's concrete field values (by column attribute) and, per
    many-to-many field, the sorted ids it points at. Uses prefetched
    many-to-many rows when the caller fetched them."""
    opts = instance._meta
    values: dict[str, Any] = {
        field.attname: field.value_from_object(instance)
        for field in opts.concrete_fields
    }
    for field in opts.many_to_many:
        values[field.name] = sorted(
            related.pk for related in getattr(instance, field.name).all()
        )
    return values


def etag_for(instance: models.Model) -> str:
    """The version of one row (see the module docstring)."""
    return etag_for_row_values(type(instance), row_values(instance))


def etag_for_data(value: Any) -> str:
    """The version of any JSON-able value, e.g. a rendered API answer."""
    return _digest(value)


def etag_for_row_values(model: type[models.Model], values: dict[str, Any]) -> str:
    """The version of a row of ``model`` whose `row_values` are ``values``:
    ``etag_for(instance)`` when ``values == row_values(instance)``, also after
    the values went through JSON (the admin keeps them in a signed form field
    to compare the row a form was opened with against the stored one)."""
    return _digest([model._meta.label_lower, values])


def json_row_values(instance: models.Model) -> dict[str, Any]:
    """`row_values` as JSON gives them back (dates and decimals as text,
    encoded as the digest encodes them), so values read from a form field and
    from the database compare, and digest as ``etag_for`` does."""
    text = json.dumps(row_values(instance), cls=DjangoJSONEncoder, default=str)
    return json.loads(text)
