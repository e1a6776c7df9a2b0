"""The error responses every operation can give, documented once for every service's OpenAPI schema.

One contract (healthkon.api.exceptions): validation problems are 400 with `{field: [messages]}`,
everything else `{"detail": ..., "code"?: ...}`. Which codes an operation documents follows from
what it is: secured → 401/403; a path id → 404; a body or query string → 400; a body → 413;
throttled → 429. Views declare only their success responses (and anything unusual).
"""

from drf_spectacular.openapi import AutoSchema
from rest_framework.permissions import AllowAny

ERROR_SCHEMA = {
    "type": "object",
    "properties": {"detail": {"type": "string"}, "code": {"type": "string"}},
    "required": ["detail"],
}
# DRF's field errors: a list of messages per field, nested objects for nested fields.
VALIDATION_ERROR_SCHEMA = {
    "type": "object",
    "additionalProperties": {
        "oneOf": [{"type": "array", "items": {"type": "string"}}, {"type": "object"}, {"type": "string"}]
    },
}
DESCRIPTIONS = {
    "400": "Invalid input: the fields (or parameters) and what is wrong with each.",
    "401": "No valid access token.",
    "403": "Signed in, but this role may not do this.",
    "404": "No such row in the caller's scope (the same answer whether it exists or not).",
    "413": "The request body is too large.",
    "414": "The URL (its query string) is too long.",
    "429": "Too many requests; see Retry-After.",
    "503": "A server this operation needs (the records search index) is unavailable; try again shortly.",
}
WRITE_METHODS = {"POST", "PUT", "PATCH"}


def _error_response(code: str) -> dict:
    if code == "414":  # said by the HTTP server (gunicorn, a proxy) before Django sees the request
        return {"description": DESCRIPTIONS[code], "content": {"text/html": {"schema": {"type": "string"}}}}
    name = "ValidationError" if code == "400" else "Error"
    return {
        "description": DESCRIPTIONS[code],
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{name}"}}},
    }


class HealthkonAutoSchema(AutoSchema):
    """drf-spectacular's schema, plus the error responses this operation can really give."""

    def error_codes(self) -> list[str]:
        view, method = self.view, self.method
        is_list = method == "GET" and self._is_list_view()
        codes = []
        # A body or a query string can be invalid; a view says which other methods a business
        # rule may refuse (`methods_refused_by_rules`, e.g. DELETE of one's own account).
        if (
            method in WRITE_METHODS
            or is_list
            or self._get_filter_parameters()
            or self.get_override_parameters()
            or method in getattr(view, "methods_refused_by_rules", ())
        ):
            codes.append("400")
        if not all(isinstance(permission, AllowAny) for permission in view.get_permissions()):
            codes += ["401", "403"]
        elif view.get_authenticators() or getattr(view, "checks_credentials", False):
            # Public, but a token that is sent is still checked (expired, revoked, inactive → 401;
            # public views of ours read none), or the view itself says 401 to wrong credentials.
            codes.append("401")
        # A row outside the scope, a page past the end, or a query parameter naming a row
        # the caller may not see (views say so with `not_found_for_query_parameters`).
        if "{" in self.path or is_list or getattr(view, "not_found_for_query_parameters", False):
            codes.append("404")
        if method in WRITE_METHODS:
            codes.append("413")
        if "400" in codes and method == "GET":  # the server refuses a request line over 4 kB
            codes.append("414")
        if view.get_throttles():
            codes.append("429")
        return codes

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for code in self.error_codes():
            responses.setdefault(code, _error_response(code))
        return responses


def add_error_components(result, generator, request, public):
    """drf-spectacular postprocessing hook: the two error shapes every service's operations refer to."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas.setdefault("Error", ERROR_SCHEMA)
    schemas.setdefault("ValidationError", VALIDATION_ERROR_SCHEMA)
    return result
