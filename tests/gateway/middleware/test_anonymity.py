"""Anonymity middleware: no route ever sees the client address or identifying headers."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from gateway.middleware.anonymity import AnonymityMiddleware


def _echo_app() -> Starlette:
    async def echo(request: Request) -> JSONResponse:
        return JSONResponse(
            {"client": request.client and request.client.host, "headers": dict(request.headers)}
        )

    app = Starlette(routes=[Route("/", echo)])
    app.add_middleware(AnonymityMiddleware)
    return app


def test_client_address_and_identifying_headers_are_removed() -> None:
    # Given a request carrying forwarding headers, a user agent and a cookie
    client = TestClient(_echo_app())
    headers = {
        "X-Forwarded-For": "203.0.113.7",
        "X-Real-IP": "203.0.113.7",
        "Forwarded": "for=203.0.113.7",
        "User-Agent": "Canary/1.0",
        "Referer": "https://example.org/",
        "Cookie": "a=b",
        "Fastly-Client-IP": "203.0.113.7",
        "X-Original-Forwarded-For": "203.0.113.7",
        "Sec-CH-UA": "Canary",
        "Accept-Language": "cy-GB",
        "X-Anything-New": "203.0.113.7",
        "X-Reportgw-Key": "kid",
        "Accept": "application/json",
    }
    # When a route inspects the request
    seen = client.get("/", headers=headers).json()
    # Then it sees no client address and none of the identifying headers
    assert seen["client"] is None
    lowered = {name.lower() for name in seen["headers"]}
    assert not lowered & {"x-forwarded-for", "x-real-ip", "forwarded", "user-agent", "referer"}
    assert "cookie" not in lowered
    assert "203.0.113.7" not in str(seen)
    assert "Canary" not in str(seen) and "cy-GB" not in str(seen)
    # And the allowlisted headers pass through
    assert seen["headers"]["accept"] == "application/json"
    assert seen["headers"]["x-reportgw-key"] == "kid"


def test_lifespan_scope_passes_through() -> None:
    # Non-HTTP scopes are handed on unchanged (the app starts and stops normally).
    with TestClient(_echo_app()) as client:
        assert client.get("/").status_code == 200
