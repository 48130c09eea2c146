"""Logging policy: an exception logged with its traceback keeps only its type."""

from __future__ import annotations

import logging

import pytest

from gateway.logging_policy import ExceptionTextFilter

pytestmark = pytest.mark.privacy


def test_exception_text_and_traceback_are_dropped(caplog: pytest.LogCaptureFixture) -> None:
    logger = logging.getLogger("test.policy")
    logger.addFilter(ExceptionTextFilter())
    caplog.set_level(logging.ERROR)
    error = ValueError("parameters: ('CANARY-LOCATOR-77', 'case')")
    logger.error(
        "Exception in ASGI application %s", "CANARY-ARG", exc_info=(ValueError, error, None)
    )
    assert "CANARY" not in caplog.text
    assert "unhandled error type=ValueError" in caplog.text


def test_plain_records_pass_unchanged(caplog: pytest.LogCaptureFixture) -> None:
    logger = logging.getLogger("test.policy.plain")
    logger.addFilter(ExceptionTextFilter())
    caplog.set_level(logging.INFO)
    logger.info("job sealed msg=%s", "abc")
    assert "job sealed msg=abc" in caplog.text
