"""Refuse URLs carrying control characters before any view sees them.

PostgreSQL cannot store or compare text holding a NUL byte: a ``%00`` in any
filter, search term or slug would reach the database and fail there with a
500. No page, filter or admin lookup of this site takes a control character,
so one answer covers them all: 400 Bad Request.

Tab, line feed and carriage return stay allowed in query values, where
pasted text legitimately carries them and every database stores them; they
are refused in parameter names and in the path, where nothing legitimate
holds them. DEL is treated as a control character too. POST bodies are not
checked here: Django's form fields refuse NUL (ProhibitNullCharactersValidator).
"""

import re

from django.http import JsonResponse
from django.shortcuts import render

from escape_site.api import error_body

CONTROL_IN_NAME = re.compile(r"[\x00-\x1f\x7f]")
CONTROL_IN_VALUE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

MESSAGE = (
    "The {where} of this address contains a control character (such as a NUL "
    "byte), which no page on this site accepts."
)


def control_character_location(request) -> str | None:
    """Where the request's URL holds a control character: "path",
    "query string", or None when it holds none."""
    if CONTROL_IN_NAME.search(request.path):
        return "path"
    for name, values in request.GET.lists():
        if CONTROL_IN_NAME.search(name) or any(
            CONTROL_IN_VALUE.search(value) for value in values
        ):
            return "query string"
    return None


class RejectControlCharactersMiddleware:
    """Answer 400 to a URL whose path or query string holds a control character:
    an HTML page for browsers, JSON under ``/api/``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        where = control_character_location(request)
        if where is None:
            return self.get_response(request)
        message = MESSAGE.format(where=where)
        if request.path_info.startswith("/api/"):
            # The API's one error shape (escape_site.api.error_body).
            body = error_body(400, "control_character", message)
            return JsonResponse(body, status=400)
        return render(request, "400.html", {"message": message}, status=400)
