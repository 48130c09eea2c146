"""Anonymity middleware: the application never sees who is calling.

Threat: a gateway that records IP addresses, forwarding headers or user agents can be made to
identify an anonymous reporter (by a subpoena, a breach or a curious operator). This middleware
removes the client address from the ASGI scope and drops identifying headers before any route,
log or error handler runs, so no code downstream can store them even by mistake.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Receive, Scope, Send

# Headers that identify the client or its network path. Lower-case, as ASGI delivers them.
IDENTIFYING_HEADERS = frozenset(
    {
        b"x-forwarded-for",
        b"x-forwarded-host",
        b"x-real-ip",
        b"forwarded",
        b"cf-connecting-ip",
        b"true-client-ip",
        b"x-client-ip",
        b"x-cluster-client-ip",
        b"user-agent",
        b"referer",
        b"cookie",
        b"via",
    }
)


class AnonymityMiddleware:
    """Strip the client address and identifying headers from every HTTP request."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in ("http", "websocket"):
            scope = dict(scope)
            scope["client"] = None
            scope["headers"] = [
                (name, value)
                for name, value in scope.get("headers", [])
                if name.lower() not in IDENTIFYING_HEADERS
            ]
        await self.app(scope, receive, send)
