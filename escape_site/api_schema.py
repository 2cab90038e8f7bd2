"""The OpenAPI schema class of the API (settings DEFAULT_SCHEMA_CLASS).

Apart from `escape_site.api` because drf-spectacular's AutoSchema imports
DRF's generic views, which read the settings that name `escape_site.api`:
one module could not be both.
"""

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiExample, OpenApiParameter

from escape_site.api import ErrorSerializer

ERROR_RESPONSES = {
    "400": "Invalid parameters or body (`fields` names each one).",
    "401": "Missing or invalid credentials.",
    "403": "Not allowed for this user (or a session write without CSRF token).",
    "404": "No such object (or not visible to this client), or no such page.",
    "405": "Method not allowed here.",
    "409": "Conflicts with other data (e.g. deleting a film that has reviews).",
    "412": "`If-Match` does not name the current ETag: nothing was changed.",
    "415": "Unsupported body type: send application/json.",
    "429": "Too many requests: see Retry-After.",
}
READ_ERRORS = ("400", "401", "404", "429")
WRITE_ERRORS = tuple(ERROR_RESPONSES)


class APISchema(AutoSchema):
    """drf-spectacular's schema plus what every endpoint shares: the error
    answers (one shape), conditional request headers, 304 and 412."""

    def _is_read(self) -> bool:
        return self.method in {"GET", "HEAD"}

    def get_override_parameters(self):
        parameters = list(super().get_override_parameters())
        example = getattr(self.view, "lookup_example", None)
        if example is not None and self.path.endswith("}/"):
            by_id = self.view.lookup_field == "pk"
            parameters.append(
                OpenApiParameter(
                    "id" if by_id else self.view.lookup_field,
                    int if by_id else str,
                    OpenApiParameter.PATH,
                    description="Its id." if by_id else "Its slug.",
                    pattern=None if by_id else r"^[-a-zA-Z0-9_]+$",
                    examples=[OpenApiExample("Example", value=example)],
                )
            )
        if self._is_read():
            parameters += [
                OpenApiParameter(
                    "If-None-Match",
                    str,
                    OpenApiParameter.HEADER,
                    description="ETag(s) of a copy you hold: 304 if still current.",
                ),
                OpenApiParameter(
                    "If-Modified-Since",
                    str,
                    OpenApiParameter.HEADER,
                    description="HTTP date: 304 if unchanged since (ignored when "
                    "If-None-Match is sent).",
                ),
            ]
        elif self.method in {"PUT", "PATCH", "DELETE"}:
            parameters.append(
                OpenApiParameter(
                    "If-Match",
                    str,
                    OpenApiParameter.HEADER,
                    description="The ETag you read: the write is refused with 412 "
                    "if the object changed since.",
                )
            )
        return parameters

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if self._is_read():
            responses["304"] = {"description": "Not modified since your copy."}
        for code in READ_ERRORS if self._is_read() else WRITE_ERRORS:
            responses.setdefault(
                code,
                {
                    **self._get_response_for_code(ErrorSerializer, code),
                    "description": ERROR_RESPONSES[code],
                },
            )
        responses["default"] = {
            **self._get_response_for_code(ErrorSerializer, "default"),
            "description": "Any other error, in the same shape.",
        }
        return responses
