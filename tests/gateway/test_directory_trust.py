"""Directory trust: a database writer cannot redirect cases; expired or rolled-back directories
fail closed; a worker never destroys a valid report for an operational problem."""

from __future__ import annotations

import time

from gateway.services import DirectoryBook
from gateway.storage.store import StoredDirectory
from keys.directory import IntakeKey, KeyDirectory, ResponderEntry, sign_directory
from keys.keypairs import RecipientPrivateKey, ResponderIdentity, SigningPrivateKey
from tests.gateway.conftest import Gateway
from tests.gateway.helpers import send_report

REPORTS = "/api/v1/orgs/demo/reports"


def _attacker_directory(version: int = 2) -> tuple[StoredDirectory, ResponderIdentity]:
    now = int(time.time())
    root = SigningPrivateKey.generate()
    responder = ResponderIdentity.generate()
    directory = KeyDirectory(
        org="demo",
        version=version,
        issued=now,
        not_after=now + 3600,
        intake=(IntakeKey(RecipientPrivateKey.generate().public(), now - 60, now + 3600),),
        responders=(
            ResponderEntry(
                "responder:mallory", responder.encryption.public(), responder.auth.public()
            ),
        ),
        worker=SigningPrivateKey.generate().public(),
    )
    signed = sign_directory(directory, root)
    return StoredDirectory("demo", version, signed, root.public().public_bytes), responder


def test_database_written_directory_is_refused_everywhere(gateway: Gateway) -> None:
    # Given a report waiting, then a database writer swaps in a directory of their own root
    submitted = send_report(gateway, "Pat hit me")
    forged, _mallory = _attacker_directory()
    gateway.services.store.put_directory(forged)
    # When the worker runs, it does not seal to the forged responders: the job waits
    assert gateway.worker().run_once() is False
    assert gateway.services.store.job_states() == {"queued": 1}
    case = gateway.services.store.get_case("demo", submitted.case)
    assert case is not None and case.sealed is None
    # And the gateway's own routes treat the organisation as unknown
    response = gateway.client.get("/api/v1/orgs/demo/directory")
    assert response.json()["error"]["code"] == "unknown_organisation"


def test_expired_directory_fails_closed_even_when_cached(gateway: Gateway) -> None:
    now = [time.time()]
    book = DirectoryBook(
        gateway.services.store,
        {"demo": gateway.services.directories.root("demo")},  # type: ignore[dict-item]
        clock=lambda: now[0],
    )
    directory = book.get("demo")
    assert directory is not None
    now[0] = directory.not_after + 1
    assert book.get("demo") is None


def test_rolled_back_directory_is_refused(gateway: Gateway) -> None:
    book = gateway.services.directories
    assert book.get("demo") is not None
    book._highest["demo"] = 7
    book._cache.clear()
    assert book.get("demo") is None


def test_worker_without_the_intake_key_file_defers_and_keeps_the_report(gateway: Gateway) -> None:
    send_report(gateway, "text")
    worker = gateway.worker()
    worker._keys["demo"].intake.clear()  # type: ignore[attr-defined]
    assert worker.run_once() is False
    assert gateway.services.store.job_states() == {"queued": 1}
    # The deferral did not use up an attempt
    job = gateway.services.store.claim_job(worker_id="w", now=0, lease_seconds=1, max_attempts=9)
    assert job is not None and job.attempts == 1


def test_worker_loop_survives_a_store_error(gateway: Gateway) -> None:
    import threading

    worker = gateway.worker()
    calls = {"n": 0}
    stop = threading.Event()
    real_claim = gateway.services.store.claim_job

    def flaky_claim(**kwargs: object) -> object:
        calls["n"] += 1
        if calls["n"] == 1:
            raise RuntimeError("database away")
        stop.set()
        return real_claim(**kwargs)  # type: ignore[arg-type]

    worker._store = type("S", (), {"claim_job": staticmethod(flaky_claim)})()
    worker.run_until(stop, poll_seconds=0.01)
    assert calls["n"] == 2
