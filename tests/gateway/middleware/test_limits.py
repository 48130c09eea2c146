"""Request limits: oversize and non-JSON bodies get stable codes; input is never echoed."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from gateway.middleware.limits import RequestLimitsMiddleware


def _app(limit: int = 100) -> TestClient:
    async def sink(request: Request) -> JSONResponse:
        return JSONResponse({"size": len(await request.body())})

    app = Starlette(routes=[Route("/", sink, methods=["GET", "POST"])])
    app.add_middleware(RequestLimitsMiddleware, max_body_bytes=limit)
    return TestClient(app)


def test_small_json_body_passes() -> None:
    response = _app().post("/", content=b'{"a": 1}', headers={"content-type": "application/json"})
    assert response.json() == {"size": 8}


def test_declared_oversize_body_is_refused() -> None:
    response = _app().post("/", content=b"x" * 101, headers={"content-type": "application/json"})
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "body_too_large"


def test_streamed_oversize_body_is_refused_without_content_length() -> None:
    # Given a chunked body with no declared length
    def chunks() -> Iterator[bytes]:
        yield b"{" + b"x" * 80
        yield b"y" * 80

    response = _app().post("/", content=chunks(), headers={"content-type": "application/json"})
    # Then the bytes actually received are counted
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "body_too_large"


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", ""])
def test_non_json_writes_are_refused_without_echo(content_type: str) -> None:
    canary = b"CANARY-BODY-7731"
    response = _app().post("/", content=canary, headers={"content-type": content_type})
    assert response.status_code == 415
    assert response.json()["error"]["code"] == "bad_content_type"
    assert b"CANARY" not in response.content


def test_malformed_content_length_is_refused() -> None:
    response = _app().get("/", headers={"content-length": "abc"})
    assert response.status_code == 400


def test_invalid_limit_is_refused() -> None:
    with pytest.raises(ValueError, match="positive"):
        RequestLimitsMiddleware(_app().app, max_body_bytes=0)
