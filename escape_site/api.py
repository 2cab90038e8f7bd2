"""REST API plumbing shared by every app's viewsets (`films/api.py`,
`reviews/api.py`): the one JSON error shape, pagination, strict filter
backends and conditional requests (ETag / Last-Modified / If-Match).
`escape_site.api_schema` documents all of them in the OpenAPI schema.

Every error answer under ``/api/`` has the same body::

    {"status": 400, "code": "invalid_filter",
     "detail": "Invalid filter parameters: film.",
     "fields": {"film": ["Select a valid choice. ..."]}}

``detail`` is DRF's usual key for the message, so generic DRF clients keep
working; ``fields`` maps each offending parameter or body field (nested ones as
dotted paths, ``aliases.0``) to its messages, and is empty when none applies.
"""

import base64
import binascii
import functools
import json
import math
import time
from collections.abc import Iterable

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, connection, models, transaction
from django.db.models import F, Q
from django.db.models.expressions import OrderBy
from django.http import Http404, HttpResponsePermanentRedirect, JsonResponse
from django.urls import Resolver404, resolve
from django.utils.cache import patch_vary_headers
from django.utils.http import http_date, parse_etags, parse_http_date_safe, quote_etag
from django.views import defaults
from django.views.decorators.csrf import csrf_exempt
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.contrib.django_filters import DjangoFilterExtension
from drf_spectacular.plumbing import follow_field_source
from rest_framework import exceptions, pagination, serializers, status
from rest_framework.filters import OrderingFilter, SearchFilter
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.utils.urls import replace_query_param
from rest_framework.views import exception_handler as drf_exception_handler

from escape_site import content_version
from films.versioning import etag_for, etag_for_data

MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 20
MAX_SEARCH_LENGTH = 200
MAX_SEARCH_TERMS = 10
# How long the time a representation was first served is remembered (see
# `remember_last_modified`); forgetting it only costs a client one full answer.
LAST_MODIFIED_TTL = 24 * 60 * 60


# --- The error shape -----------------------------------------------------------


def error_body(
    status_code: int, code: str, detail: str, fields: dict | None = None
) -> dict:
    """The one JSON error body of the API (see the module docstring)."""
    return {
        "status": status_code,
        "code": code,
        "detail": detail,
        "fields": fields or {},
    }


class ErrorSerializer(serializers.Serializer):
    """Documents the error body in the schema; never used to render."""

    status = serializers.IntegerField(help_text="The HTTP status code.")
    code = serializers.CharField(
        help_text="A stable machine-readable code, e.g. invalid_filter."
    )
    detail = serializers.CharField(help_text="A human-readable message.")
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Messages per offending parameter or field (dotted paths).",
    )


class InvalidFilter(exceptions.ValidationError):
    """A query parameter of a list (filter, ordering, search, page) is invalid."""

    default_code = "invalid_filter"


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = (
        "The resource changed since you read it (If-Match does not hold): "
        "fetch it again, then retry."
    )
    default_code = "precondition_failed"


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "The change conflicts with other data."
    default_code = "conflict"


def _flatten(detail, prefix: str = "") -> Iterable[tuple[str, list[str]]]:
    """(dotted path, messages) pairs of a nested DRF error detail."""
    if isinstance(detail, dict):
        for key, value in detail.items():
            name = NON_FIELD_ERRORS_KEY if key == NON_FIELD_ERRORS else str(key)
            yield from _flatten(value, f"{prefix}.{name}" if prefix else name)
    elif isinstance(detail, list) and all(
        not isinstance(item, dict | list) for item in detail
    ):
        yield prefix or NON_FIELD_ERRORS_KEY, [str(item) for item in detail]
    elif isinstance(detail, list):
        for index, item in enumerate(detail):
            yield from _flatten(item, f"{prefix}.{index}" if prefix else str(index))
    else:
        yield prefix or NON_FIELD_ERRORS_KEY, [str(detail)]


NON_FIELD_ERRORS_KEY = api_settings.NON_FIELD_ERRORS_KEY


def _django_validation_detail(exc: DjangoValidationError):
    if hasattr(exc, "error_dict"):
        return {
            (NON_FIELD_ERRORS_KEY if key == NON_FIELD_ERRORS else key): messages
            for key, messages in exc.message_dict.items()
        }
    return {NON_FIELD_ERRORS_KEY: exc.messages}


def exception_handler(exc, context):
    """DRF's handler, then the body rewritten into the one error shape.

    Also turns the exceptions services and the database raise into API errors:
    Django's ValidationError (400), a protected relation (409) and a
    constraint the database refused despite validation, e.g. a race (409).
    """
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(_django_validation_detail(exc))
    elif isinstance(exc, models.ProtectedError | models.RestrictedError):
        names = sorted({str(obj._meta.verbose_name_plural) for obj in exc.args[1]})
        exc = Conflict(
            "It cannot be deleted while other data refers to it: "
            + ", ".join(names)
            + "."
        )
    elif isinstance(exc, IntegrityError):
        exc = Conflict(
            "The change conflicts with existing data (a unique or consistency "
            "rule of the database)."
        )
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(*exc.args)

    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    code = getattr(exc, "default_code", "error")
    if isinstance(exc, exceptions.ValidationError):
        fields = dict(_flatten(exc.detail))
        kind = "filter parameters" if isinstance(exc, InvalidFilter) else "input"
        detail = f"Invalid {kind}: {', '.join(fields)}."
    else:
        fields = {}
        detail = str(exc.detail)
        if isinstance(exc.detail, dict | list):
            fields = dict(_flatten(exc.detail))
            detail = "; ".join(" ".join(messages) for messages in fields.values())
        code = getattr(exc.detail, "code", None) or code
    response.data = error_body(response.status_code, code, detail, fields)
    return response


def json_error(request, status_code: int, code: str, detail: str) -> JsonResponse:
    return JsonResponse(error_body(status_code, code, detail), status=status_code)


@csrf_exempt  # like DRF's views: a 404 either way, never a CSRF page
def not_found(request, *args, **kwargs):
    """Any address under /api/ that no endpoint answers: the JSON 404, or a
    redirect keeping the method (308) when only the trailing slash is missing."""
    if not request.path_info.endswith("/"):
        try:
            match = resolve(request.path_info + "/")
        except Resolver404:
            match = None
        if match is not None and match.func is not not_found:
            url = request.path + "/"
            if request.META.get("QUERY_STRING"):
                url += "?" + request.META["QUERY_STRING"]
            response = HttpResponsePermanentRedirect(url)
            response.status_code = 308
            return response
    return json_error(request, 404, "not_found", "No API endpoint at this address.")


def server_error(request):
    """handler500: the JSON error shape under /api/, the HTML page elsewhere."""
    if request.path_info.startswith("/api/"):
        return json_error(
            request, 500, "server_error", "The server failed to answer; try later."
        )
    return defaults.server_error(request)


# --- Writes --------------------------------------------------------------------


def save_model(instance: models.Model, data: dict) -> models.Model:
    """Set ``data`` on ``instance``, validate the whole row (constraints
    included) and save it in a transaction: what the catalogue's API writes
    need, as services do for reviews."""
    for name, value in data.items():
        setattr(instance, name, value)
    with transaction.atomic():
        instance.full_clean()
        instance.save()
    return instance


# --- Query parameters ----------------------------------------------------------


def _positive_int(request, name: str) -> int | None:
    """The positive whole number in query parameter ``name``, or None when it
    is absent; 400 when it is anything else."""
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return None
    if not raw.isascii() or not raw.isdigit() or len(raw) > 18 or int(raw) < 1:
        raise InvalidFilter({name: ["A whole number of at least 1."]})
    return int(raw)


def _page_size_parameter(max_size: int) -> dict:
    return {
        "name": "page_size",
        "required": False,
        "in": "query",
        "description": (
            f"Results per page (default {DEFAULT_PAGE_SIZE}); values above "
            f"{max_size} give {max_size}."
        ),
        "schema": {"type": "integer", "minimum": 1},
        "example": 50,
    }


class PageNumberPagination(pagination.PageNumberPagination):
    """Numbered pages with ``count`` for the catalogue lists; a malformed
    ``page`` or ``page_size`` is a 400, a page past the end a 404."""

    page_size = DEFAULT_PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    last_page_strings = ()

    def get_page_size(self, request):
        size = _positive_int(request, self.page_size_query_param)
        return self.page_size if size is None else min(size, self.max_page_size)

    def get_page_number(self, request, paginator):
        return _positive_int(request, self.page_query_param) or 1

    def paginate_queryset(self, queryset, request, view=None):
        try:
            return super().paginate_queryset(queryset, request, view)
        except exceptions.NotFound:
            raise exceptions.NotFound(
                "No such page: it is past the last one."
            ) from None

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.page_query_param,
                "required": False,
                "in": "query",
                "description": "Page number, from 1.",
                "schema": {"type": "integer", "minimum": 1},
                "example": 1,
            },
            _page_size_parameter(self.max_page_size),
        ]


def _order_keys(queryset) -> list[tuple[str, bool, bool]]:
    """(field, descending, nulls last) per ordering term of ``queryset``,
    ending with the primary key so that every row has one position."""
    model = queryset.model
    terms = list(queryset.query.order_by) or list(model._meta.ordering)
    keys = []
    for term in terms:
        if isinstance(term, str):
            descending, name = term.startswith("-"), term.lstrip("-")
            nulls_last = True
        elif isinstance(term, OrderBy) and isinstance(term.expression, F):
            descending, name = term.descending, term.expression.name
            nulls_last = not term.nulls_first
        else:  # pragma: no cover - a programming error, not a request error
            raise TypeError(f"Cursor pagination cannot order by {term!r}.")
        if name == "pk":
            name = model._meta.pk.name
        if "__" in name:  # pragma: no cover
            raise TypeError(f"Cursor pagination orders by own fields only: {name}.")
        keys.append((name, descending, nulls_last))
    if model._meta.pk.name not in {name for name, _, _ in keys}:
        keys.append((model._meta.pk.name, False, True))
    return keys


def _key_field(queryset, name: str):
    """The field an ordering key's cursor value is read with: the model's, or
    an annotation's (the search rank of the reviews' ``q``)."""
    annotation = queryset.query.annotations.get(name)
    if annotation is None:
        return queryset.model._meta.get_field(name)
    field = annotation.output_field.clone()
    field.attname = name
    return field


def _order_by(keys) -> list[OrderBy]:
    return [
        F(name).desc(**{"nulls_last" if last else "nulls_first": True})
        if descending
        else F(name).asc(**{"nulls_last" if last else "nulls_first": True})
        for name, descending, last in keys
    ]


def _after(keys, values) -> Q:
    """Rows placed strictly after ``values`` in the order ``keys``."""
    nothing = Q(pk__in=[])
    condition, equal = nothing, Q()
    for (name, descending, nulls_last), value in zip(keys, values, strict=True):
        if value is None:
            beyond = nothing if nulls_last else Q(**{f"{name}__isnull": False})
            same = Q(**{f"{name}__isnull": True})
        else:
            beyond = Q(**{f"{name}__{'lt' if descending else 'gt'}": value})
            if nulls_last:
                beyond |= Q(**{f"{name}__isnull": True})
            same = Q(**{name: value})
        condition |= equal & beyond
        equal &= same
    return condition


def _reject_constant(name):
    raise ValueError(name)


class CursorPagination(pagination.BasePagination):
    """Keyset ("cursor") pagination that follows the queryset's own ordering,
    so the review list's ``ordering`` choice and its cursors agree.

    A cursor names the position of the row a page ended (or began) at, by the
    values of every ordering field plus the primary key: rows added or
    deleted elsewhere never shift a page, and no count is ever run. NULLs sort
    last in both directions on every database. A cursor made for another
    ordering, or one that does not decode, is a 400.
    """

    cursor_query_param = "cursor"
    page_size = DEFAULT_PAGE_SIZE
    max_page_size = MAX_PAGE_SIZE
    page_size_query_param = "page_size"
    max_cursor_length = 1000

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        size = _positive_int(request, self.page_size_query_param)
        self.size = self.page_size if size is None else min(size, self.max_page_size)
        self.keys = _order_keys(queryset)
        self.fields = [_key_field(queryset, name) for name, _, _ in self.keys]
        backwards, position = self._decode(request)
        keys = self.keys
        if backwards:
            keys = [(name, not desc, not last) for name, desc, last in keys]
        queryset = queryset.order_by(*_order_by(keys))
        if position is not None:
            queryset = queryset.filter(_after(keys, position))
        rows = list(queryset[: self.size + 1])
        more = len(rows) > self.size
        rows = rows[: self.size]
        if backwards:
            rows.reverse()
        self.has_next = position is not None if backwards else more
        self.has_previous = more if backwards else position is not None
        self.rows = rows
        return rows

    def _decode(self, request):
        raw = request.query_params.get(self.cursor_query_param)
        if not raw:
            return False, None
        error = InvalidFilter(
            {self.cursor_query_param: ["Invalid cursor: use the next/previous links."]}
        )
        if len(raw) > self.max_cursor_length:
            raise error
        try:
            cursor = json.loads(
                base64.urlsafe_b64decode(raw.encode("ascii") + b"=" * (-len(raw) % 4)),
                parse_constant=_reject_constant,
            )
            if cursor["o"] != [
                f"{'-' if desc else ''}{name}" for name, desc, _ in self.keys
            ]:
                raise ValueError("cursor of another ordering")
            values = cursor["v"]
            if not isinstance(values, list) or len(values) != len(self.fields):
                raise ValueError("wrong number of values")
            position = [
                None if value is None else self._parse(field, value)
                for field, value in zip(self.fields, values, strict=True)
            ]
            return bool(cursor["r"]), position
        except (
            ValueError,
            TypeError,
            KeyError,
            UnicodeError,
            binascii.Error,
            DjangoValidationError,
        ):
            raise error from None

    @staticmethod
    def _parse(field, value):
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise TypeError("not a scalar")
        parsed = field.to_python(value)
        if isinstance(parsed, int) and not -(2**63) < parsed < 2**63:
            raise ValueError("out of range")
        if isinstance(parsed, float) and not math.isfinite(parsed):
            raise ValueError("not finite")
        if hasattr(parsed, "tzinfo") and parsed.tzinfo is None:
            raise ValueError("naive datetime")
        return parsed

    def _encode(self, row, backwards: bool) -> str:
        values = []
        for field in self.fields:
            value = getattr(row, field.attname)
            if value is not None and not isinstance(value, int | float | str):
                value = value.isoformat()
            values.append(value)
        cursor = {
            "o": [f"{'-' if desc else ''}{name}" for name, desc, _ in self.keys],
            "v": values,
            "r": backwards,
        }
        text = json.dumps(cursor, separators=(",", ":"))
        return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")

    def _link(self, row, backwards: bool) -> str:
        url = self.request.build_absolute_uri()
        return replace_query_param(
            url, self.cursor_query_param, self._encode(row, backwards)
        )

    def get_next_link(self):
        if not (self.has_next and self.rows):
            return None
        return self._link(self.rows[-1], backwards=False)

    def get_previous_link(self):
        if not (self.has_previous and self.rows):
            return None
        return self._link(self.rows[0], backwards=True)

    def get_paginated_response(self, data):
        return Response(
            {
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema):
        link = {"type": "string", "nullable": True, "format": "uri"}
        return {
            "type": "object",
            "required": ["next", "previous", "results"],
            "properties": {"next": link, "previous": link, "results": schema},
        }

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": (
                    "Position in the list: take it from a `next` or `previous` "
                    "link; it is only valid with the same `ordering`."
                ),
                "schema": {"type": "string"},
            },
            _page_size_parameter(self.max_page_size),
        ]

    def get_results(self, data):  # the browsable API
        return data["results"]


# --- Filter backends -----------------------------------------------------------


class FilterSetBackend(DjangoFilterBackend):
    """The view's FilterSet (from its app's ``filters.py``); any invalid value
    is a 400 naming the parameter."""

    def filter_queryset(self, request, queryset, view):
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return queryset
        if not filterset.is_valid():
            raise InvalidFilter(filterset.errors)
        return filterset.qs


class FilterSetExamples(DjangoFilterExtension):
    """The django-filter schema parameters, plus the example each FilterSet
    gives for its parameters in its ``examples`` dict."""

    target_class = "escape_site.api.FilterSetBackend"
    priority = 1

    def _get_model_field(self, filter_field, model):
        # ``field_name="themes__slug", to_field_name="slug"`` names the slug
        # once; the base class would look for themes__slug__slug.
        to_field = filter_field.extra.get("to_field_name")
        if to_field and filter_field.field_name.endswith(f"__{to_field}"):
            path = filter_field.field_name.split("__")
            return follow_field_source(model, path, emit_warnings=False)
        return super()._get_model_field(filter_field, model)

    def resolve_filter_field(
        self, auto_schema, model, filterset_class, field_name, filter_field
    ):
        parameters = super().resolve_filter_field(
            auto_schema, model, filterset_class, field_name, filter_field
        )
        example = getattr(filterset_class, "examples", {}).get(field_name)
        for parameter in parameters:
            if example is not None:
                many = parameter["schema"].get("type") == "array"
                parameter["example"] = [example] if many else example
            schema = parameter["schema"]
            items = schema.get("items", schema)
            max_length = getattr(filter_field.field, "max_length", None)
            if items.get("type") == "string" and max_length and "enum" not in items:
                items["maxLength"] = max_length
        return parameters


class BoundedSearchFilter(SearchFilter):
    """DRF's ``search`` over the view's ``search_fields``, bounded: at most
    200 characters and the first 10 words (each word must match some field)."""

    search_description = "Words to look for (case-insensitive; all must match)."

    def get_search_terms(self, request):
        value = request.query_params.get(self.search_param, "")
        if len(value) > MAX_SEARCH_LENGTH:
            raise InvalidFilter(
                {self.search_param: [f"At most {MAX_SEARCH_LENGTH} characters."]}
            )
        return super().get_search_terms(request)[:MAX_SEARCH_TERMS]

    def get_schema_operation_parameters(self, view):
        fields = ", ".join(
            field.lstrip("^=@$").replace("__", " ")
            for field in getattr(view, "search_fields", ())
        )
        return [
            {
                "name": self.search_param,
                "required": False,
                "in": "query",
                "description": f"{self.search_description} Searched: {fields}.",
                "schema": {"type": "string", "maxLength": MAX_SEARCH_LENGTH},
                "example": getattr(view, "search_example", "escape"),
            }
        ]


class StrictOrderingFilter(OrderingFilter):
    """``ordering``: one of the view's ``ordering_fields``, ``-`` for
    descending; anything else is a 400. The primary key breaks ties so pages
    never overlap."""

    def choices(self, view) -> list[str]:
        return [
            f"{sign}{field}"
            for field in getattr(view, "ordering_fields", ())
            for sign in ("", "-")
        ]

    def get_ordering(self, request, queryset, view):
        value = request.query_params.get(self.ordering_param)
        if value is None or value == "":
            return None
        allowed = self.choices(view)
        if value not in allowed:
            raise InvalidFilter(
                {self.ordering_param: [f"Choose one of: {', '.join(allowed)}."]}
            )
        return [value, "pk"]

    def get_schema_operation_parameters(self, view):
        allowed = self.choices(view)
        return [
            {
                "name": self.ordering_param,
                "required": False,
                "in": "query",
                "description": "Sort order; `-` sorts descending.",
                "schema": {"type": "string", "enum": allowed},
                "example": allowed[0] if allowed else None,
            }
        ]


# --- Conditional requests -----------------------------------------------------


def remember_last_modified(key: str, etag: str) -> int:
    """When this server first served the current representation at ``key``
    (a timestamp). The catalogue has no modification times, so Last-Modified
    is derived from the ETag: the time is kept in the shared cache with the
    ETag it belongs to and renewed when the ETag changes. A forgotten time
    only makes Last-Modified later (a client gets a full answer, never a
    stale 304)."""
    cache_key = "api:last-modified:" + etag_for_data(key)
    remembered = cache.get(cache_key)
    if remembered and remembered[0] == etag:
        return remembered[1]
    # HTTP dates count whole seconds: a change within the second of the last
    # one must still move the date, or If-Modified-Since would match.
    moment = int(time.time())
    if remembered:
        moment = max(moment, remembered[1] + 1)
    cache.set(cache_key, (etag, moment), LAST_MODIFIED_TTL)
    return moment


WRITE_ACTIONS = frozenset({"create", "update", "partial_update"})


def once_per_request(get_queryset):
    """Build a viewset's queryset once per request (DRF asks for it up to
    three times: twice for permissions, once to read); each caller gets a
    fresh clone. The catalogue's visibility rules make building costly."""

    @functools.wraps(get_queryset)
    def wrapper(self):
        if "_built_queryset" not in self.__dict__:
            self._built_queryset = get_queryset(self)
        return self._built_queryset.all()

    return wrapper


class APIViewSetMixin:
    """What every viewset of the API shares.

    Serializers by action: ``list_serializer_class`` (lean) for lists,
    ``write_serializer_class`` for the body of writes, and
    ``detail_serializer_class`` for everything else, writes' answers included.

    Conditional requests: ETag and Last-Modified on list and detail answers,
    304 on a matching ``If-None-Match`` (or, without it,
    ``If-Modified-Since``), and 412 on a write whose ``If-Match`` names no
    current ETag.

    A detail's ETag is the version of its row (`films.versioning.etag_for`)
    with the digest of the representation, so it changes when the row or
    anything the answer nests changes; a list's is the digest of the page.
    Only JSON answers get validators (the browsable API is for humans).
    """

    list_serializer_class = None
    detail_serializer_class = None
    write_serializer_class = None

    def get_serializer_class(self):
        if self.action == "list":
            return self.list_serializer_class or self.detail_serializer_class
        if self.action in WRITE_ACTIONS:
            return self.write_serializer_class
        return self.detail_serializer_class

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        # Answers depend on who asks (drafts for editors).
        patch_vary_headers(response, ["Authorization", "Cookie"])
        return response

    def list(self, request, *args, **kwargs):
        data, etag = self.shared_read(self.list_representation)
        return self.conditional(Response(data), etag)

    def retrieve(self, request, *args, **kwargs):
        data, etag = self.shared_read(self.detail_representation)
        return self.conditional(Response(data), etag)

    def list_representation(self) -> tuple[dict, str]:
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        serializer = self.get_serializer(page, many=True)
        data = self.get_paginated_response(serializer.data).data
        return data, etag_for_data(data)

    def detail_representation(self) -> tuple[dict, str]:
        instance = self.get_object()
        data = self.get_serializer(instance).data
        return data, self.representation_etag(instance, data)

    def shared_read(self, represent) -> tuple[dict, str]:
        """``represent()`` (the answer's data and ETag), from the cache for
        anonymous clients: kept under the content's version, so any change
        is read afresh on the next request. Runs after authentication and
        throttling, which a cached answer must not skip. Errors (a bad
        filter, a missing object) are raised, never kept."""
        request = self.request
        if (
            settings.PAGE_CACHE_SECONDS <= 0
            or request.user.is_authenticated
            or connection.in_atomic_block  # may read what is not committed
        ):
            return represent()
        key = content_version.cache_key(
            "api",
            request.build_absolute_uri(),
            request.accepted_renderer.format or "",
        )
        answer = cache.get(key)
        if answer is None:
            answer = represent()
            cache.set(key, answer, settings.PAGE_CACHE_SECONDS)
        return answer

    def representation_etag(self, instance, data=None) -> str:
        if data is None:
            serializer = self.detail_serializer_class(
                instance, context=self.get_serializer_context()
            )
            data = serializer.data
        return etag_for_data([etag_for(instance), data])

    def _wants_validators(self) -> bool:
        return isinstance(
            getattr(self.request, "accepted_renderer", None), JSONRenderer
        )

    def conditional(self, response: Response, etag: str) -> Response:
        request = self.request
        if not self._wants_validators():
            return response
        variant = f"{request.user.pk or 'anonymous'} {request.get_full_path()}"
        last_modified = remember_last_modified(variant, etag)
        headers = {
            "ETag": quote_etag(etag),
            "Last-Modified": http_date(last_modified),
            "Cache-Control": "private, no-cache" if request.user.pk else "no-cache",
        }
        none_match = request.headers.get("If-None-Match")
        modified_since = parse_http_date_safe(
            request.headers.get("If-Modified-Since", "")
        )
        if none_match is not None:
            tags = parse_etags(none_match)
            fresh = "*" in tags or any(
                tag.removeprefix("W/") == headers["ETag"] for tag in tags
            )
        else:
            fresh = modified_since is not None and last_modified <= modified_since
        if fresh:
            response = Response(status=status.HTTP_304_NOT_MODIFIED)
        for name, value in headers.items():
            response[name] = value
        return response

    def get_object_for_write(self):
        """``get_object()`` after locking the row until the transaction ends,
        so the If-Match check and the write see the same version (call it
        inside ``transaction.atomic()``)."""
        lookup = self.lookup_url_kwarg or self.lookup_field
        model = self.get_queryset().model
        rows = model._default_manager.select_for_update().filter(
            **{self.lookup_field: self.kwargs[lookup]}
        )
        list(rows.values_list("pk", flat=True))
        return self.get_object()

    def check_if_match(self, instance) -> None:
        """412 unless ``If-Match`` (when sent) names the current ETag."""
        header = self.request.headers.get("If-Match")
        if header is None:
            return
        tags = parse_etags(header)
        if "*" in tags:
            return
        current = quote_etag(self.representation_etag(instance))
        # Strong comparison: a weak tag never matches (RFC 9110 13.1.1).
        if current not in tags:
            raise PreconditionFailed()

    def written(self, instance, status_code=status.HTTP_200_OK) -> Response:
        """The answer to a write: the object as a detail shows it, with its
        new ETag (and its address after a create)."""
        fresh = self.detail_queryset().filter(pk=instance.pk).first() or instance
        data = self.detail_serializer_class(
            fresh, context=self.get_serializer_context()
        ).data
        response = Response(data, status=status_code)
        response["ETag"] = quote_etag(self.representation_etag(fresh, data))
        if status_code == status.HTTP_201_CREATED and data.get("url"):
            response["Location"] = data["url"]
        return response

    def detail_queryset(self):
        return self.get_queryset()
