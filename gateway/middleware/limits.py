"""Request limits: bounded bodies and JSON-only writes, enforced before any route reads input.

Threat: an anonymous endpoint invites floods of oversized bodies (memory exhaustion) and of
unexpected media types (parser confusion). Limits are checked on the declared length and again
on the bytes actually received, and violations get a fixed JSON error with a stable code.
"""

from __future__ import annotations

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gateway.errors import error_response

_BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})


class _BodyTooLargeError(Exception):
    pass


class RequestLimitsMiddleware:
    """Refuse bodies over `max_body_bytes` and non-JSON bodies on write methods."""

    def __init__(self, app: ASGIApp, *, max_body_bytes: int) -> None:
        if max_body_bytes <= 0:
            raise ValueError("max_body_bytes must be positive")
        self.app = app
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        if scope["method"] in _BODY_METHODS:
            media_type = headers.get("content-type", "").split(";")[0].strip().lower()
            if media_type != "application/json":
                await error_response("bad_content_type")(scope, receive, send)
                return
        declared = headers.get("content-length")
        if declared is not None:
            if not declared.isdigit():
                await error_response("malformed_json")(scope, receive, send)
                return
            if int(declared) > self.max_body_bytes:
                await error_response("body_too_large")(scope, receive, send)
                return

        received = 0
        response_started = False

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body_bytes:
                    raise _BodyTooLargeError
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal response_started
            if message["type"] == "http.response.start":
                response_started = True
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except _BodyTooLargeError:
            if response_started:
                raise
            await error_response("body_too_large")(scope, receive, send)
