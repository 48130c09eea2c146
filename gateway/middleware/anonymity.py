"""Anonymity middleware: the application never sees who is calling.

Threat: a gateway that records IP addresses, forwarding headers or user agents can be made to
identify an anonymous reporter (by a subpoena, a breach or a curious operator). This middleware
removes the client address from the ASGI scope and drops identifying headers before any route,
log or error handler runs, so no code downstream can store them even by mistake.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Receive, Scope, Send

# Only these headers reach the application; everything else is dropped. An allowlist, because
# proxies and browsers keep inventing headers that carry addresses or fingerprints
# (x-forwarded-*, forwarded-for, fastly-client-ip, sec-ch-ua-*, accept-language, ...).
ALLOWED_HEADERS = frozenset(
    {
        b"host",
        b"content-type",
        b"content-length",
        b"transfer-encoding",
        b"accept",
        b"accept-encoding",
        b"connection",
    }
)
ALLOWED_PREFIX = b"x-reportgw-"  # the responder request-signing headers


class AnonymityMiddleware:
    """Strip the client address and every header not on the allowlist from each request."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in ("http", "websocket"):
            scope = dict(scope)
            scope["client"] = None
            scope["headers"] = [
                (name, value)
                for name, value in scope.get("headers", [])
                if name.lower() in ALLOWED_HEADERS or name.lower().startswith(ALLOWED_PREFIX)
            ]
        await self.app(scope, receive, send)
