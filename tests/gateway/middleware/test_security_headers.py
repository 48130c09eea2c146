"""Security headers: every response is uncacheable, unframeable and leaks no referrer."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from gateway.middleware.security_headers import SECURITY_HEADERS, SecurityHeadersMiddleware


def test_every_response_carries_the_security_headers() -> None:
    async def ok(_request: Request) -> PlainTextResponse:
        return PlainTextResponse("ok")

    app = Starlette(routes=[Route("/", ok)])
    app.add_middleware(SecurityHeadersMiddleware)
    client = TestClient(app)
    for path in ("/", "/missing"):
        response = client.get(path)
        for name, value in SECURITY_HEADERS.items():
            assert response.headers[name] == value
