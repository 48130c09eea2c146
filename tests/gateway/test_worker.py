"""The triage worker: open, redact, classify, seal to responders, store; fail closed; never lose."""

from __future__ import annotations

import json

from gateway.clients.responder import open_case_here
from keys.case_opening import open_case
from tests.gateway.conftest import CANARY_NAME, Gateway
from tests.gateway.helpers import report_payload, sealed_report, send_report

REPORTS = "/api/v1/orgs/demo/reports"


def test_report_becomes_a_sealed_redacted_case(gateway: Gateway) -> None:
    # Given a report naming a colleague and an email address
    text = f"{CANARY_NAME} shouts at me; write to me at canary@example.org. He said tonight."
    submitted = send_report(gateway, text)
    # When the worker runs
    assert gateway.worker().run_once() is True
    # Then the intake ciphertext is gone and the case is sealed with an urgent priority
    assert gateway.services.store.job_states() == {}
    case = gateway.services.store.get_case("demo", submitted.case)
    assert case is not None and case.sealed is not None
    assert (case.status, case.priority) == ("new", "urgent")
    # And the classifier saw only redacted text
    assert CANARY_NAME not in gateway.classifier.seen[0]
    # And the responder opens it locally, with the worker's signature verified
    opened = open_case_here(gateway.client, gateway.responder, submitted.case)
    assert opened["redacted"].startswith("[Person A] shouts at me; write to me at [EMAIL]")
    assert opened["suggested"]["behaviours"] == ["bullying"]
    assert opened["entities"] == {"EMAIL": 1, "PERSON": 1}
    assert opened["reporter_key"]["suite"] == [25722, 1, 2]
    assert CANARY_NAME not in json.dumps(opened)


def test_sealed_case_opens_only_with_a_responder_key(gateway: Gateway) -> None:
    from keys.errors import CaseOpenError
    from keys.keypairs import RecipientPrivateKey

    submitted = send_report(gateway, "text")
    gateway.worker().run_once()
    case = gateway.services.store.get_case("demo", submitted.case)
    assert case is not None and case.sealed is not None
    directory = gateway.services.directories.get("demo")
    assert directory is not None
    try:
        open_case(
            case.sealed, RecipientPrivateKey.generate(), worker_key=directory.worker, org="demo"
        )
    except CaseOpenError:
        pass
    else:
        raise AssertionError("a stranger's key opened the case")


def test_empty_queue_returns_false(gateway: Gateway) -> None:
    assert gateway.worker().run_once() is False


def test_redaction_failure_fails_closed(gateway: Gateway) -> None:
    # Given a redactor that fails
    gateway.redactor.fail = True
    submitted = send_report(gateway, f"{CANARY_NAME} did it")
    # When the worker runs
    gateway.worker().run_once()
    # Then nothing was classified or sealed, the job is parked and its ciphertext wiped
    assert gateway.classifier.seen == []
    case = gateway.services.store.get_case("demo", submitted.case)
    assert case is not None and (case.status, case.sealed) == ("failed", None)
    assert gateway.services.store.job_states() == {"failed": 1}


def test_classifier_crash_requeues_job_not_lost(gateway: Gateway) -> None:
    gateway.classifier.crash = True
    submitted = send_report(gateway, "text")
    gateway.worker().run_once()
    assert gateway.services.store.job_states() == {"queued": 1}
    # When the classifier recovers, the same job completes
    gateway.classifier.crash = False
    gateway.worker().run_once()
    case = gateway.services.store.get_case("demo", submitted.case)
    assert case is not None and case.status == "new"


def test_tampered_ciphertext_is_parked(gateway: Gateway) -> None:
    envelope = sealed_report(gateway, report_payload("x"))
    c = envelope["c"]
    envelope["c"] = c[:40] + ("A" if c[40] != "A" else "B") + c[41:]
    assert gateway.client.post(REPORTS, json={"envelope": envelope}).status_code == 202
    gateway.worker().run_once()
    assert gateway.services.store.job_states() == {"failed": 1}


def test_payload_that_is_not_a_report_is_parked(gateway: Gateway) -> None:
    for payload in (b"not json", b'{"v": 2, "text": "x"}', b'{"v": 1, "text": ""}'):
        envelope = sealed_report(gateway, payload)
        assert gateway.client.post(REPORTS, json={"envelope": envelope}).status_code == 202
    worker = gateway.worker()
    assert worker.drain() == 3
    assert gateway.services.store.job_states() == {"failed": 3}
    assert gateway.redactor.seen == []


def test_overlong_report_is_parked(gateway: Gateway) -> None:
    long_text = "a" * (gateway.settings.max_report_chars + 1)
    envelope = sealed_report(gateway, report_payload(long_text))
    gateway.client.post(REPORTS, json={"envelope": envelope})
    gateway.worker().run_once()
    assert gateway.services.store.job_states() == {"failed": 1}


def test_job_of_a_crashed_worker_is_claimed_again_and_sealed_once(gateway: Gateway) -> None:
    import time

    from gateway.storage.store import LeaseLostError

    # Given a worker that claimed a job and then died before completing it
    submitted = send_report(gateway, "He shouts at me.")
    store = gateway.services.store
    dead = store.claim_job(worker_id="dead", now=int(time.time()), lease_seconds=60, max_attempts=3)
    assert dead is not None
    # When a live worker runs after the lease has run out
    live = gateway.worker()
    live._clock = lambda: time.time() + 120
    assert live.run_once() is True
    # Then the case is sealed by the live worker
    case = store.get_case("demo", submitted.case)
    assert case is not None and case.status == "new"
    sealed = case.sealed
    # And the dead worker, if it wakes up, cannot seal it a second time
    try:
        store.complete_job(dead, sealed_case=b"second", priority="normal", day="d")
    except LeaseLostError:
        pass
    else:
        raise AssertionError("a stale worker completed a job it no longer held")
    again = store.get_case("demo", submitted.case)
    assert again is not None and again.sealed == sealed


def test_malformed_reporter_key_is_refused(gateway: Gateway) -> None:
    import json as _json

    for key in (
        {"suite": [25722, 1, 2], "pub": "AAAA"},
        {"suite": [1, 1, 1], "pub": ""},
        "x",
        {"suite": [32, 1, 2], "pub": "A" * 43, "note": "Call Ann 0770"},
    ):
        payload = _json.dumps({"v": 1, "text": "hello", "reporter_key": key}).encode()
        envelope = sealed_report(gateway, payload)
        assert gateway.client.post(REPORTS, json={"envelope": envelope}).status_code == 202
    assert gateway.worker().drain() == 4
    assert gateway.services.store.job_states() == {"failed": 4}


def test_unavailable_model_defers_and_keeps_the_report(gateway: Gateway) -> None:
    # Given a worker whose promoted model cannot be loaded
    send_report(gateway, "text")
    worker = gateway.worker()

    def no_model() -> object:
        raise RuntimeError("model refused")

    worker._classifier = no_model  # type: ignore[assignment]
    # When it runs, the job waits and its ciphertext is kept; no attempt is used up
    assert worker.run_once() is False
    assert gateway.services.store.job_states() == {"queued": 1}
    assert gateway.redactor.seen == []
