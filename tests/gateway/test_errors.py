"""The error catalog: stable codes, fixed messages, unknown codes refused."""

from __future__ import annotations

import json

import pytest

from gateway.errors import CATALOG, ApiError, error_response


def test_every_code_has_a_client_or_server_status_and_a_fixed_message() -> None:
    for code, (status, message) in CATALOG.items():
        assert 400 <= status < 600
        assert message.endswith(".")
        body = json.loads(bytes(error_response(code).body))
        assert body == {"error": {"code": code, "message": message}}


def test_unknown_code_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown API error code"):
        ApiError("no_such_code")
