"""The HTTP edge's error catalog: every failure maps to a (status, stable code, fixed message).

Responses never echo input or exception text: an anonymous client learns which rule it broke and
nothing else, and nothing the client sent can be reflected back to it or to a log.

    ApiError(code)          raised by routes; mapped once, here
    KeysError subclasses    translated by routes into ApiError at the package boundary
    anything else           a generic 500 with code "internal_error" (ServerErrorMiddleware)
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

CATALOG: dict[str, tuple[int, str]] = {
    "bad_content_type": (415, "Requests must be sent as application/json."),
    "body_too_large": (413, "The request body is too large."),
    "malformed_json": (400, "The request body is not valid JSON of the expected shape."),
    "malformed_envelope": (400, "The envelope is malformed or uses an unsupported format."),
    "unknown_organisation": (404, "No such organisation."),
    "unknown_key": (400, "The envelope is sealed to a key this organisation does not accept."),
    "wrong_message_type": (400, "The envelope's message type is not accepted here."),
    "organisation_mismatch": (400, "The envelope belongs to a different organisation."),
    "duplicate_message": (409, "This message or case id was already used."),
    "unauthorised": (401, "The request is not signed by a responder of this organisation."),
    "replayed_request": (401, "This signed request was already used."),
    "not_found": (404, "Not found."),
    "case_not_ready": (409, "The case has not been triaged yet."),
    "method_not_allowed": (405, "Method not allowed."),
    "internal_error": (500, "Internal error."),
}


class ApiError(Exception):
    """A request failure with a stable code from `CATALOG`."""

    def __init__(self, code: str) -> None:
        if code not in CATALOG:
            raise ValueError("unknown API error code")
        super().__init__(code)
        self.code = code


def error_response(code: str) -> JSONResponse:
    status, message = CATALOG[code]
    return JSONResponse({"error": {"code": code, "message": message}}, status_code=status)


async def handle_api_error(_request: Request, exc: Exception) -> Response:
    code = exc.code if isinstance(exc, ApiError) else "internal_error"
    return error_response(code)


async def handle_http_exception(_request: Request, exc: Exception) -> Response:
    status = getattr(exc, "status_code", 500)
    code = {404: "not_found", 405: "method_not_allowed", 413: "body_too_large"}.get(
        status, "internal_error"
    )
    return error_response(code)


async def handle_unexpected(_request: Request, _exc: Exception) -> Response:
    # The exception text may carry request data: it is not rendered and not logged here.
    return error_response("internal_error")
