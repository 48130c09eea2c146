"""Store: atomic intake, leased claims, lease-checked completion, replay protection."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

from gateway.storage.database import create_database_engine, migrate
from gateway.storage.store import (
    DuplicateMessageError,
    LeaseLostError,
    ReplayedNonceError,
    Store,
    StoredDirectory,
    StoreError,
)

POSTGRES_ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """The same migrations and store code on both databases the gateway supports."""
    if request.param == "sqlite":
        engine = create_database_engine(f"sqlite:///{tmp_path / 'test.sqlite3'}")
        migrate(engine)
        yield Store(engine)
        engine.dispose()
        return
    # A fresh PostgreSQL database per test, dropped afterwards.
    name = f"rgw_test_{secrets.token_hex(6)}"
    admin = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except OperationalError:
        admin.dispose()
        pytest.skip("PostgreSQL is not reachable on 127.0.0.1:5432")
    engine = create_database_engine(POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}")
    try:
        migrate(engine)
        yield Store(engine)
    finally:
        engine.dispose()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        admin.dispose()


def _enqueue(store: Store, n: int = 1, *, envelope: bytes = b"ct") -> None:
    store.enqueue_report(
        org="demo",
        case_id=f"case-{n}",
        msg_id=f"msg-{n}",
        envelope=envelope,
        locator=f"loc-{n}",
        day="2026-11-28",
    )


def test_migrate_is_idempotent(tmp_path: Path) -> None:
    # Given a migrated database
    engine = create_database_engine(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    migrate(engine)
    # When migrating again
    migrate(engine)
    # Then the store still works
    assert Store(engine).organisations() == []


def test_enqueue_creates_queued_case_and_job(store: Store) -> None:
    # When a report is enqueued
    _enqueue(store)
    # Then the case exists without content and the job is queued
    case = store.get_case("demo", "case-1")
    assert case is not None
    assert (case.status, case.priority, case.sealed) == ("queued", "pending", None)
    assert store.job_states() == {"queued": 1}


def test_same_envelope_twice_is_idempotent(store: Store) -> None:
    # Given an accepted report
    _enqueue(store)
    # When the same envelope is sent again (a client retry)
    again = store.enqueue_report(
        org="demo", case_id="case-1", msg_id="msg-1", envelope=b"ct", locator=None, day="x"
    )
    # Then nothing new is stored
    assert again is False
    assert store.job_states() == {"queued": 1}


def test_reused_message_id_with_other_content_is_refused(store: Store) -> None:
    _enqueue(store)
    with pytest.raises(DuplicateMessageError):
        store.enqueue_report(
            org="demo", case_id="case-9", msg_id="msg-1", envelope=b"other", locator=None, day="x"
        )


def test_reused_case_id_refuses_whole_submission(store: Store) -> None:
    # Given an accepted report
    _enqueue(store)
    # When a different message reuses its case id
    with pytest.raises(DuplicateMessageError):
        store.enqueue_report(
            org="demo", case_id="case-1", msg_id="msg-2", envelope=b"x", locator=None, day="x"
        )
    # Then nothing of the second submission was stored (no half-stored state)
    assert store.job_states() == {"queued": 1}
    assert store.enqueue_report(
        org="demo", case_id="case-2", msg_id="msg-2", envelope=b"x", locator=None, day="x"
    )


def test_claim_complete_stores_case_and_deletes_ciphertext(store: Store) -> None:
    _enqueue(store)
    job = store.claim_job(worker_id="w1", now=1000, lease_seconds=60, max_attempts=3)
    assert job is not None and job.attempts == 1
    # A second worker sees nothing to claim while the lease holds
    assert store.claim_job(worker_id="w2", now=1010, lease_seconds=60, max_attempts=3) is None
    store.complete_job(job, sealed_case=b"sealed", priority="urgent", day="2026-11-28")
    case = store.get_case("demo", "case-1")
    assert case is not None and (case.status, case.priority, case.sealed) == (
        "new",
        "urgent",
        b"sealed",
    )
    assert store.job_states() == {}


def test_expired_lease_is_reclaimed_and_old_worker_cannot_complete(store: Store) -> None:
    # Given a job claimed by a worker that then stalls past its lease
    _enqueue(store)
    stale = store.claim_job(worker_id="w1", now=1000, lease_seconds=60, max_attempts=3)
    assert stale is not None
    # When another worker claims it after the lease ran out
    fresh = store.claim_job(worker_id="w2", now=1100, lease_seconds=60, max_attempts=3)
    assert fresh is not None and fresh.attempts == 2
    # Then the stale worker cannot store a (second) sealed case
    with pytest.raises(LeaseLostError):
        store.complete_job(stale, sealed_case=b"a", priority="normal", day="d")
    store.complete_job(fresh, sealed_case=b"b", priority="normal", day="d")
    case = store.get_case("demo", "case-1")
    assert case is not None and case.sealed == b"b"


def test_poison_job_is_parked_after_max_attempts(store: Store) -> None:
    _enqueue(store)
    for now in (1000, 2000):
        assert store.claim_job(worker_id="w", now=now, lease_seconds=10, max_attempts=2)
    # The third claim finds it has failed twice and parks it
    assert store.claim_job(worker_id="w", now=3000, lease_seconds=10, max_attempts=2) is None
    assert store.job_states() == {"failed": 1}
    case = store.get_case("demo", "case-1")
    assert case is not None and case.status == "failed"
    # The parked job's intake ciphertext is wiped (intake ciphertext stays short-lived)
    with store._engine.connect() as conn:
        envelopes = [
            bytes(row[0]) for row in conn.execute(text("SELECT envelope FROM intake_jobs"))
        ]
    assert envelopes == [b""]


def test_stale_worker_cannot_fail_a_job_it_no_longer_holds(store: Store) -> None:
    _enqueue(store)
    stale = store.claim_job(worker_id="w1", now=1000, lease_seconds=10, max_attempts=3)
    fresh = store.claim_job(worker_id="w2", now=2000, lease_seconds=10, max_attempts=3)
    assert stale is not None and fresh is not None
    store.complete_job(fresh, sealed_case=b"sealed", priority="normal", day="d")
    with pytest.raises(LeaseLostError):
        store.fail_job(stale, code="x", day="d")
    case = store.get_case("demo", "case-1")
    assert case is not None and case.status == "new"


def test_claims_can_be_limited_to_organisations(store: Store) -> None:
    _enqueue(store)
    assert (
        store.claim_job(worker_id="w", now=1, lease_seconds=1, max_attempts=3, orgs=["x"]) is None
    )
    assert store.claim_job(worker_id="w", now=1, lease_seconds=1, max_attempts=3, orgs=["demo"])


def test_same_worker_name_gets_distinct_leases(store: Store) -> None:
    _enqueue(store)
    first = store.claim_job(worker_id="w", now=1000, lease_seconds=10, max_attempts=3)
    second = store.claim_job(worker_id="w", now=2000, lease_seconds=10, max_attempts=3)
    assert first is not None and second is not None and first.claimed_by != second.claimed_by
    with pytest.raises(LeaseLostError):
        store.complete_job(first, sealed_case=b"a", priority="normal", day="d")


def test_release_requeues_and_fail_parks_and_wipes(store: Store) -> None:
    _enqueue(store, 1)
    _enqueue(store, 2)
    first = store.claim_job(worker_id="w", now=1, lease_seconds=10, max_attempts=3)
    assert first is not None
    store.release_job(first)
    again = store.claim_job(worker_id="w", now=2, lease_seconds=10, max_attempts=3)
    assert again is not None and again.id == first.id
    store.fail_job(again, code="unopenable_report", day="d")
    assert store.job_states() == {"failed": 1, "queued": 1}


def test_nonce_replay_is_refused_and_old_nonces_expire(store: Store) -> None:
    store.remember_nonce(kid="k", nonce="n", expires_at=100, now=0)
    with pytest.raises(ReplayedNonceError):
        store.remember_nonce(kid="k", nonce="n", expires_at=100, now=50)
    # After expiry the row is purged (the timestamp check refuses such old requests anyway)
    store.remember_nonce(kid="k", nonce="n", expires_at=300, now=200)


def test_directory_never_rolls_back(store: Store) -> None:
    store.put_directory(StoredDirectory("demo", 2, b"{}", b"root"))
    with pytest.raises(StoreError):
        store.put_directory(StoredDirectory("demo", 1, b"{}", b"root"))
    store.put_directory(StoredDirectory("demo", 3, b"{}", b"root"))
    stored = store.get_directory("demo")
    assert stored is not None and stored.version == 3
    assert store.get_directory("nope") is None
    assert store.organisations() == ["demo"]


def test_cases_listed_per_organisation_only(store: Store) -> None:
    _enqueue(store, 1)
    store.enqueue_report(
        org="other", case_id="case-x", msg_id="msg-x", envelope=b"e", locator=None, day="d"
    )
    assert [c.case_id for c in store.list_cases("demo")] == ["case-1"]
    assert store.get_case("demo", "case-x") is None
