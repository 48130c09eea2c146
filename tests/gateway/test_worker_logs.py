"""Privacy: the worker's logs carry ids and fixed codes only, never report content.

Covers the success path and every failure path (redaction failure, classifier crash, a payload
that is not a report), because failure paths are where exception text tends to leak.
"""

from __future__ import annotations

import logging

import pytest

from tests.gateway.conftest import CANARY_NAME, Gateway
from tests.gateway.helpers import report_payload, sealed_report, send_report

pytestmark = pytest.mark.privacy

CANARY_EMAIL = "canary.log.5521@example.org"
TEXT = f"{CANARY_NAME} cornered me. Reach me at {CANARY_EMAIL}."


def _assert_clean(caplog: pytest.LogCaptureFixture) -> None:
    assert caplog.records, "the worker should have logged something"
    for canary in (CANARY_NAME, CANARY_EMAIL, "cornered"):
        assert canary not in caplog.text


def test_success_path_logs_no_content(gateway: Gateway, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    send_report(gateway, TEXT)
    gateway.worker().run_once()
    _assert_clean(caplog)


def test_redaction_failure_logs_no_content(
    gateway: Gateway, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    gateway.redactor.fail = True
    send_report(gateway, TEXT)
    gateway.worker().run_once()
    _assert_clean(caplog)


def test_classifier_crash_logs_no_content(
    gateway: Gateway, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    gateway.classifier.crash = True
    send_report(gateway, TEXT)
    gateway.worker().run_once()
    assert "RuntimeError" in caplog.text  # the type is logged, not the message
    assert "model exploded" not in caplog.text
    _assert_clean(caplog)


def test_bad_payload_logs_no_content(gateway: Gateway, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    envelope = sealed_report(gateway, report_payload(TEXT)[:-3])  # not valid JSON any more
    gateway.client.post("/api/v1/orgs/demo/reports", json={"envelope": envelope})
    gateway.worker().run_once()
    _assert_clean(caplog)


def test_production_settings_never_run_in_debug(gateway: Gateway) -> None:
    assert gateway.client.app.debug is False  # type: ignore[attr-defined]
